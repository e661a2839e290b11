#!/bin/sh
# audit.sh - the audit trail: what is recorded, reading it, who may read
# it, and `audit verify` finding rows changed, removed or added behind the
# program's back.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup

if ! python3 -c 'import sqlite3, json, hashlib' 2>/dev/null; then
	echo "1..0 # SKIP python3 with sqlite3 is needed to inspect the database"
	exit 0
fi

tap_plan 43

# json_check JSON PYTHON: run the PYTHON statements with the parsed JSON in
# `v`; true when they raise nothing.
json_check() {
	printf '%s\n' "$1" | python3 -c "
import json, sys
v = json.load(sys.stdin)
$2"
}

# The tampering, done the way someone with the file and an SQLite tool
# would, outside the program.
cat >"$TSU_TMP/tamper.py" <<'EOF'
import hashlib, sqlite3, sys

def row_hash(row):
    h = hashlib.sha256()
    for part in (str(row[0]),) + tuple(p or "" for p in row[1:7]):
        h.update(part.encode() + b"\x1f")
    return h.hexdigest()

what, path = sys.argv[1], sys.argv[2]
if what == "copy":
    src = sqlite3.connect(path)
    dst = sqlite3.connect(sys.argv[3])
    src.backup(dst)
    dst.close()
    src.close()
    sys.exit(0)
db = sqlite3.connect(path, isolation_level=None)
cols = "id, at, staff, action, subject, detail, prev, hash"
if what == "sql-update":
    db.execute("UPDATE audit SET detail = 'nothing' WHERE id = 2")
elif what == "sql-delete":
    db.execute("DELETE FROM audit WHERE id = 2")
else:
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("DROP TRIGGER audit_no_delete")
if what == "update":
    db.execute("UPDATE audit SET detail = 'staff hanako admin' WHERE id = 2")
elif what == "rehash":
    row = list(db.execute("SELECT %s FROM audit WHERE id = 2" % cols).fetchone())
    row[5] = "staff hanako admin"
    db.execute("UPDATE audit SET detail = ?, hash = ? WHERE id = 2",
               (row[5], row_hash(row)))
elif what == "delete":
    db.execute("DELETE FROM audit WHERE id = 3")
elif what == "append":
    last = db.execute("SELECT id, at, hash FROM audit ORDER BY id DESC").fetchone()
    db.execute("INSERT INTO audit(%s) VALUES(?,?,?,?,?,?,?,?)" % cols,
               (last[0] + 1, last[1], "boss", "create", None,
                "staff intruder admin", last[2], "0" * 64))
elif what == "insert":
    # Make room after row 2 and put in a row whose own hash is right.
    for (i,) in db.execute("SELECT id FROM audit WHERE id > 2 ORDER BY id DESC").fetchall():
        db.execute("UPDATE audit SET id = id + 1 WHERE id = ?", (i,))
    prev = db.execute("SELECT at, hash FROM audit WHERE id = 2").fetchone()
    row = [3, prev[0], "boss", "create", None, "staff intruder admin", prev[1]]
    db.execute("INSERT INTO audit(%s) VALUES(?,?,?,?,?,?,?,?)" % cols,
               tuple(row) + (row_hash(row),))
db.close()
EOF

tamper() {
	python3 "$TSU_TMP/tamper.py" "$@" 2>"$TSU_TMP/.py-err"
}

# ---- what is recorded ----

tsu_run --staff boss -c 'staff add hanako --name "保健 花子" --role nurse' \
	-c 'staff add taro --name "事務 太郎" --role clerk' \
	-c 'staff add miru --name 見る --role viewer' \
	-c 'config date-style wareki'
ok "setting up staff and a setting" [ "$rc" = 0 ]
tsu_run --staff boss -c 'staff add hanako --name 二人目 --role nurse'
ok "a refused staff add fails" [ "$rc" = 1 ]

tsu_run --staff boss --format json -c 'audit'
ok "audit exits 0 for an admin" [ "$rc" = 0 ]
ok "each change left one row, oldest first, refused ones none" json_check "$out" '
assert [r["id"] for r in v] == [1, 2, 3, 4, 5], v
assert [r["detail"] for r in v] == ["staff boss admin (first identity)",
	"staff hanako nurse", "staff taro clerk", "staff miru viewer",
	"date-style=wareki"], v
assert [r["action"] for r in v] == ["create"] * 4 + ["change"]
assert all(r["staff"] == "boss" and r["subject"] is None for r in v)
assert all(list(r) == ["id", "at", "staff", "action", "subject", "detail"] for r in v)
assert all(r["at"].endswith("Z") for r in v)'

tsu_run --staff boss -c 'audit'
ok "the table shows the rows" \
	eval 'contains "$out" "staff hanako nurse" && contains "$out" "date-style=wareki"'

tsu_run --staff boss --format json -c 'audit --limit 2'
ok "--limit keeps the newest rows, oldest first" \
	json_check "$out" 'assert [r["id"] for r in v] == [4, 5], v'
tsu_run --staff boss --format json -c 'audit --staff boss --limit=1'
ok "--staff and --limit=N together" \
	json_check "$out" 'assert [r["id"] for r in v] == [5], v'
tsu_run --staff boss --format json -c 'audit --staff hanako'
ok "--staff of someone who did nothing lists nothing" \
	eval '[ "$rc" = 0 ] && [ "$out" = "[]" ]'
tsu_run --staff boss -c 'audit --staff hanak'
ok "--staff with an unknown id names the nearest" \
	eval '[ "$rc" = 1 ] && contains "$err" "did you mean hanako?"'
tsu_run --staff boss --format json -c 'audit --subject P1'
ok "--subject with no rows lists nothing" \
	eval '[ "$rc" = 0 ] && [ "$out" = "[]" ]'
tsu_run --staff boss --format json -c 'audit --since 2000-01-01'
ok "--since an old date lists every row" \
	json_check "$out" 'assert len(v) == 5, v'
tsu_run --staff boss --format json -c 'audit --since H31.4.30'
ok "--since takes wareki" json_check "$out" 'assert len(v) == 5, v'
tsu_run --staff boss -c 'audit --since 9999-12-31'
ok "--since a far date lists nothing" \
	eval '[ "$rc" = 0 ] && [ "$out" = "(none)" ]'
tsu_run --staff boss -c 'audit --since yesterday'
ok "--since with a bad date is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "--since"'
tsu_run --staff boss -c 'audit --limit 0'
ok "--limit 0 is refused" eval '[ "$rc" = 1 ] && contains "$err" "--limit"'
tsu_run --staff boss -c 'audit verfy'
ok "an unknown sub-command names verify" \
	eval '[ "$rc" = 1 ] && contains "$err" "did you mean verify?"'

# ---- who may read it ----

tsu_run --staff taro -c 'audit'
ok "a clerk may not read the audit trail (exit 1)" [ "$rc" = 1 ]
ok "the refusal says why" contains "$err" "taro (role clerk) may not do casework"
tsu_run --staff miru -c 'audit'
ok "a viewer may not read the audit trail" [ "$rc" = 1 ]
tsu_run --staff hanako -c 'audit'
ok "a nurse may read the audit trail" [ "$rc" = 0 ]
tsu_run --staff miru -c 'audit verify'
ok "a viewer may verify the audit trail" [ "$rc" = 0 ]

# ---- verify ----

tsu_run --staff boss -c 'audit verify'
ok "audit verify passes on an untouched trail" [ "$rc" = 0 ]
ok "audit verify counts the rows (reading added none)" \
	[ "$out" = "audit trail intact: 5 rows" ]
tsu_run --staff boss --format json -c 'audit verify'
ok "audit verify in JSON is one object" \
	json_check "$out" 'assert v == {"intact": True, "rows": 5}, v'

# ---- SQL behind the program's back, with the triggers in place ----

db=$TSUNAGU_DB
tamper sql-update "$db"
ok "UPDATE through SQL is refused" [ $? != 0 ]
ok "the UPDATE refusal says the trail is append-only" \
	grep -q "append-only" "$TSU_TMP/.py-err"
tamper sql-delete "$db"
ok "DELETE through SQL is refused" [ $? != 0 ]
ok "the DELETE refusal says the trail is append-only" \
	grep -q "append-only" "$TSU_TMP/.py-err"
tsu_run --staff boss -c 'audit verify'
ok "the refused SQL left the trail intact" \
	eval '[ "$rc" = 0 ] && [ "$out" = "audit trail intact: 5 rows" ]'

# ---- tampering with the triggers dropped ----

# verify_copy KIND: tamper with a fresh copy of the database in that way
# and run `audit verify` on it, then a command after it.
verify_copy() {
	rm -f "$TSU_TMP/$1.db"
	tamper copy "$db" "$TSU_TMP/$1.db" && tamper "$1" "$TSU_TMP/$1.db" ||
		cat "$TSU_TMP/.py-err" >&2
	tsu_run --staff boss --db "$TSU_TMP/$1.db" -c 'audit verify' \
		-c 'staff add after --name 後 --role viewer'
}

verify_copy update
ok "a changed row fails verify (exit 1)" [ "$rc" = 1 ]
ok "the changed row is named" \
	contains "$err" "tsunagu: audit: row 2 was changed after it was written"
ok "nothing after the failing verify ran" [ -z "$out" ]

verify_copy rehash
ok "a changed row with its hash redone fails verify" [ "$rc" = 1 ]
ok "the row after it is named" contains "$err" "row 3 does not follow row 2"

verify_copy delete
ok "a removed row fails verify" [ "$rc" = 1 ]
ok "the removed row is named" contains "$err" "row 3 is missing"

verify_copy append
ok "a forged row at the end fails verify" [ "$rc" = 1 ]
ok "the forged row is named" contains "$err" "row 6 was changed after it was written"

verify_copy insert
ok "a forged row put in the middle fails verify" [ "$rc" = 1 ]
ok "the row after the forged one is named" contains "$err" "row 4 does not follow row 3"

tsu_run --staff boss --db "$TSU_TMP/delete.db" --format json -c 'audit'
ok "a broken trail can still be read" \
	json_check "$out" 'assert [r["id"] for r in v] == [1, 2, 4, 5], v'

# ---- and the real trail is still whole ----

tsu_run --staff boss -c 'audit verify'
ok "the original database still verifies" \
	eval '[ "$rc" = 0 ] && [ "$out" = "audit trail intact: 5 rows" ]'
tsu_run --staff boss -c 'staff add kumo --name 雲 --role viewer' -c 'audit verify'
ok "a new row extends the chain" \
	eval '[ "$rc" = 0 ] && contains "$out" "audit trail intact: 6 rows"'

tap_done
