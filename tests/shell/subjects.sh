#!/bin/sh
# subjects.sh - persons and families: `show` (details, members, the merged
# timeline, flags) in every format, `flag` and `flags`, who may flag, ids
# in any case, errors naming the bad id, and the audit rows they leave.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup

if ! python3 -c 'import sqlite3, json' 2>/dev/null; then
	echo "1..0 # SKIP python3 with sqlite3 is needed to check the output"
	exit 0
fi

tap_plan 61

TODAY=2026-04-01

# json_check JSON PYTHON: run the PYTHON statements with the parsed JSON in
# `v`; true when they raise nothing.
json_check() {
	printf '%s\n' "$1" | python3 -c "
import json, sys
v = json.load(sys.stdin)
$2"
}

# json_docs TEXT PYTHON: the same with `docs`, the list of JSON values
# printed one after another (one per command line).
json_docs() {
	printf '%s\n' "$1" | python3 -c "
import json, sys
text, docs, dec, i = sys.stdin.read(), [], json.JSONDecoder(), 0
while True:
    while i < len(text) and text[i].isspace():
        i += 1
    if i == len(text):
        break
    value, i = dec.raw_decode(text, i)
    docs.append(value)
$2"
}

# sql QUERY: the first column of each row QUERY gives on the test database.
sql() {
	python3 - "$TSUNAGU_DB" "$1" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for row in db.execute(sys.argv[2]):
    print("" if row[0] is None else row[0])
EOF
}

# Run on a fresh demo database as nurse1, its first (admin) identity;
# the line saying so is taken out of $err.
demo() {
	tsu_run --demo --staff nurse1 --today $TODAY "$@"
	err=$(printf '%s\n' "$err" | grep -v "is the first staff member")
}

# ---- the demo families: show ----

demo -c 'show F1'
ok "show F1 on the demo families exits 0" [ "$rc" = 0 ]
ok "it shows the family's name" contains "$out" "山田家"
ok "it lists the members with their roles and kana" \
	eval 'printf "%s\n" "$out" | grep -q "^F1 *P1 *mother *山田 花子 *やまだ はなこ"'
ok "it has Members, Timeline and Flags sections" \
	eval 'contains "$out" "
Members
" && contains "$out" "
Timeline
" && contains "$out" "
Flags
"'
ok "the timeline holds the pregnancy notification and its form" \
	eval 'contains "$out" "妊娠届出 (PG1)" && contains "$out" "妊娠届出面接"'
ok "the contact staff is shown" \
	eval 'printf "%s\n" "$out" | grep -q "^contact staff: *nurse1"'

demo -c 'show f1'
ok "ids are read in any case" \
	eval '[ "$rc" = 0 ] && contains "$out" "山田家"'
demo -c 'show Ｆ１　'
ok "and typed full-width" \
	eval '[ "$rc" = 0 ] && contains "$out" "山田家"'

demo --format json -c 'show P1'
ok "show P1 in JSON exits 0" [ "$rc" = 0 ]
ok "it prints one JSON object for the person" json_check "$out" '
assert isinstance(v, dict)
assert v["id"] == "P1" and v["kind"] == "person"
assert v["family_name"] == "山田" and v["given_name"] == "花子"
assert v["family_name_kana"] == "やまだ" and v["given_name_kana"] == "はなこ"
assert v["family_id"] == "F1"
assert v["age"] == 31, v["age"]'
ok "with the members of the family and their roles" json_check "$out" '
assert [(m["id"], m["role"], m["family_id"]) for m in v["members"]] == [("P1", "mother", "F1")]'
ok "and the timeline with its keys, ordered by date" json_check "$out" '
t = v["timeline"]
assert len(t) == 3, t
for e in t:
    assert {"date", "kind", "summary", "staff", "subject", "ref"} <= set(e), e
    assert e["subject"] == "P1" and e["staff"] == "nurse1"
assert [e["date"] for e in t] == sorted(e["date"] for e in t)
assert [e["kind"] for e in t] == ["pregnancy", "form:pregnancy", "contact:phone"], t
assert [e["ref"] for e in t] == ["PG1", "R1", "C1"], t
assert v["flags"] == []'

demo --format json -c 'show F2'
ok "a family in JSON is one object of kind family" json_check "$out" '
assert v["id"] == "F2" and v["kind"] == "family"
assert v["contact_staff"] == "nurse1"
assert [m["role"] for m in v["members"]] == ["mother", "father", "child"]
assert v["members"][2]["age"] == 0'
ok "its timeline merges the members' events, ordered by date" \
	json_check "$out" '
t = v["timeline"]
assert [(e["subject"], e["kind"], e["ref"]) for e in t] == [
    ("P2", "pregnancy", "PG2"), ("P2", "form:pregnancy", "R2"),
    ("P2", "birth", "P4"), ("P4", "form:birth", "R3")], t
assert [e["date"] for e in t] == ["2025-08-04", "2025-08-04", "2026-03-12",
                                  "2026-03-12"], t'

demo --format json -c 'show F4'
ok "a family's flags are listed" json_check "$out" '
assert [(f["subject"], f["name"]) for f in v["flags"]] == [("F4", "isolation")]
assert v["flags"][0]["id"].startswith("FL")
assert v["flags"][0]["raised_on"] == "2026-04-01"
assert any(e["kind"] == "flag" for e in v["timeline"])'

demo --format tsv -c 'show F1'
ok "show in TSV starts with a header of keys" \
	eval 'printf "%s\n" "$out" | head -1 | grep -q "^id	family_id	contact_staff"'

demo -c 'config date-style wareki' -c 'show P1'
ok "dates follow date-style wareki" \
	eval '[ "$rc" = 0 ] && contains "$out" "平成7年3月20日"'

# ---- the demo families: flag and flags ----

demo -c 'flag P1 test --reason "needs a call"' -c 'flags'
ok "flag then flags exits 0" [ "$rc" = 0 ]
ok "the new flag is printed as a record" \
	eval 'printf "%s\n" "$out" | grep -q "^reason: *needs a call"'
ok "flags lists the new flag with its reason" \
	eval 'printf "%s\n" "$out" | grep -q "^FL[0-9]* *P1 *山田 花子 *test *needs a call"'
ok "and the demo's own flag" contains "$out" "isolation"

demo --format json -c 'flag p1 test --reason x' -c 'flags test' \
	-c 'flag P1 test --clear --reason done' -c 'flags test' -c 'show P1'
ok "flag, flags and --clear in JSON exit 0" [ "$rc" = 0 ]
ok "flag prints one object with the flag's id" json_docs "$out" '
f = docs[0]
assert f["id"].startswith("FL") and f["subject"] == "P1" and f["name"] == "test"
assert f["reason"] == "x" and f["raised_on"] == "2026-04-01"
assert f["staff"] == "nurse1" and f["cleared_on"] is None'
ok "flags NAME lists only that flag, with the documented keys" \
	json_docs "$out" '
l = docs[1]
assert [f["id"] for f in l] == [docs[0]["id"]], l
assert {"id", "subject", "name", "reason", "raised_on", "staff"} <= set(l[0])'
ok "--clear prints the flag with the day it was cleared" json_docs "$out" '
assert docs[2]["id"] == docs[0]["id"] and docs[2]["cleared_on"] == "2026-04-01"'
ok "a cleared flag is no longer listed" json_docs "$out" '
assert docs[3] == []'
ok "raising and clearing are on the timeline" json_docs "$out" '
flags = [e for e in docs[4]["timeline"] if e["kind"] == "flag"]
assert [e["summary"] for e in flags] == ["test: x", "test cleared: done"], flags
assert all(e["ref"] == docs[0]["id"] for e in flags)'

demo --format json -c 'flag P1 test --reason one' -c 'flag P1 test --reason two' -c 'flags test'
ok "raising a raised flag again keeps one flag with the new reason" \
	json_docs "$out" '
assert docs[0]["id"] == docs[1]["id"]
assert [(f["id"], f["reason"]) for f in docs[2]] == [(docs[0]["id"], "two")]'

demo -c 'flag F3 要観察 --reason 体重の増え方' -c 'flags 要観察'
ok "a flag name may be kana or kanji, and a family may be flagged" \
	eval '[ "$rc" = 0 ] && contains "$out" "要観察" && contains "$out" "F3"'

# ---- errors ----

demo -c 'show P9999'
ok "an unknown person exits 1" [ "$rc" = 1 ]
ok "and is named" [ "$err" = "tsunagu: show: no person P9999" ]
demo -c 'show F9999'
ok "an unknown family is named" [ "$err" = "tsunagu: show: no family F9999" ]
demo -c 'show xyz'
ok "a word that is not an id is named" \
	eval '[ "$rc" = 1 ] && [ "$err" = "tsunagu: show: \"xyz\" is not an id (ids look like P12 or F3)" ]'
demo -c 'show'
ok "show without an id exits 1" \
	eval '[ "$rc" = 1 ] && contains "$err" "show ID"'
demo -c 'show PL7'
ok "an id of another kind is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "PL7 is not the id of a person or family"'
demo -c 'flag P1 test'
ok "flag without --reason exits 1" \
	eval '[ "$rc" = 1 ] && contains "$err" "--reason is needed"'
demo -c 'flag P1 "two words" --reason x'
ok "a flag name of two words is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "flag name \"two words\" must be one word"'
demo -c 'flag P1 never --clear'
ok "clearing a flag that is not raised is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "P1 has no raised flag \"never\""'
demo -c 'flag P9977 test --reason x'
ok "flagging an unknown id is refused" \
	eval '[ "$rc" = 1 ] && [ "$err" = "tsunagu: flag: no person P9977" ]'

# ---- a database of its own: roles, audit, nothing half-done ----

tsu_run --staff boss -c 'staff add nurse1 --name "保健 一子" --role nurse' \
	-c 'staff add clerk1 --name "事務 二郎" --role clerk' \
	-c 'staff add viewer1 --name "閲覧 三子" --role viewer'
ok "staff are added to a new database" [ "$rc" = 0 ]

# Persons and a family put in directly, as the intake would have.
python3 - "$TSUNAGU_DB" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
now = "2026-03-01T00:00:00Z"
db.execute("INSERT INTO person(id, family_name, given_name, family_name_kana,"
           " given_name_kana, birth_date, sex, resident_code, created_at,"
           " updated_at) VALUES (1, '木村', '陽子', 'きむら', 'ようこ',"
           " '1994-06-15', 'female', 'T001', ?, ?)", (now, now))
db.execute("INSERT INTO person(id, family_name, given_name, family_name_kana,"
           " given_name_kana, birth_date, sex, created_at, updated_at)"
           " VALUES (2, '木村', '蒼', 'きむら', 'あおい', '2026-02-20', 'male',"
           " ?, ?)", (now, now))
db.execute("INSERT INTO family(id, contact_staff, created_at)"
           " VALUES (1, 'nurse1', ?)", (now,))
db.execute("INSERT INTO member VALUES (1, 1, 'mother'), (1, 2, 'child')")
db.execute("INSERT INTO event(subject, kind, date, staff, summary, created_at)"
           " VALUES ('P2', 'contact', '2026-03-10', 'nurse1', '新生児訪問', ?),"
           " ('F1', 'contact', '2026-03-01', 'nurse1', '電話', ?),"
           " ('P1', 'form', '2025-08-01', 'nurse1', '妊娠届出', ?)",
           (now, now, now))
db.commit()
EOF
ok "persons and a family are put in the database" [ $? = 0 ]

reads_before=$(sql "SELECT count(*) FROM audit WHERE action='read' AND subject='F1'")
tsu_run --staff clerk1 --today $TODAY --format json -c 'show p2'
ok "a clerk may show a person" [ "$rc" = 0 ]
ok "the child's age and family are right" json_check "$out" '
assert v["id"] == "P2" and v["age"] == 0 and v["family_id"] == "F1"
assert [e["summary"] for e in v["timeline"]] == ["新生児訪問"]'
ok "show leaves a read row in the audit trail" \
	[ "$(sql "SELECT count(*) FROM audit WHERE action='read' AND subject='P2' AND staff='clerk1'")" = 1 ]

tsu_run --staff viewer1 --today $TODAY --format json -c 'show F1'
ok "a viewer may show a family" [ "$rc" = 0 ]
ok "the family's timeline merges its own and its members' events by date" \
	json_check "$out" '
t = v["timeline"]
assert [(e["date"], e["subject"]) for e in t] == [
    ("2025-08-01", "P1"), ("2026-03-01", "F1"), ("2026-03-10", "P2")], t'
ok "the read of F1 is audited once" \
	[ "$(sql "SELECT count(*) FROM audit WHERE action='read' AND subject='F1'")" = $((reads_before + 1)) ]

tsu_run --staff clerk1 --today $TODAY -c 'flag P1 test --reason x'
ok "a clerk may not flag (exit 1)" [ "$rc" = 1 ]
ok "the refusal says why" \
	contains "$err" "clerk1 (role clerk) may not do casework"
ok "and no flag was written" [ "$(sql 'SELECT count(*) FROM flag')" = 0 ]

tsu_run --staff viewer1 --today $TODAY -c 'flags'
ok "a viewer may list flags" \
	eval '[ "$rc" = 0 ] && [ "$out" = "(none)" ]'

audit_before=$(sql 'SELECT count(*) FROM audit')
tsu_run --staff nurse1 --today $TODAY -c 'flag P1 support --reason "頼れる人が少ない"'
ok "a nurse may flag" [ "$rc" = 0 ]
ok "the flag is stored with today's date and the nurse" \
	[ "$(sql "SELECT subject||' '||name||' '||reason||' '||raised_on||' '||staff FROM flag")" = "P1 support 頼れる人が少ない 2026-04-01 nurse1" ]
ok "a flag event is on the timeline" \
	[ "$(sql "SELECT kind||' '||date||' '||ref FROM event WHERE subject='P1' AND kind='flag'")" = "flag 2026-04-01 FL1" ]
ok "the flag and its event are audited as created" \
	[ "$(sql "SELECT count(*) FROM audit WHERE action='create' AND subject='P1' AND staff='nurse1' AND id > $audit_before")" = 2 ]

tsu_run --staff nurse1 --today $TODAY -c 'flags support'
ok "flags NAME lists it" \
	eval '[ "$rc" = 0 ] && printf "%s\n" "$out" | grep -q "^FL1 *P1 *木村 陽子 *support"'

audit_before=$(sql 'SELECT count(*) FROM audit')
events_before=$(sql 'SELECT count(*) FROM event')
tsu_run --staff nurse1 --today $TODAY -c 'flag P1 other --reason x' -c 'show P99'
ok "a failing line after a flag exits 1" [ "$rc" = 1 ]
ok "the flag of the line before it was kept (one command, one transaction)" \
	[ "$(sql "SELECT count(*) FROM flag WHERE name='other'")" = 1 ]
tsu_run --staff nurse1 --today $TODAY -c 'flag P1 "bad name" --reason x'
ok "a refused flag leaves no event and no audit row" \
	[ "$(sql 'SELECT count(*) FROM event')" = $((events_before + 1)) -a \
	  "$(sql 'SELECT count(*) FROM audit')" = $((audit_before + 2)) ]

tsu_run --staff nurse1 --today $TODAY -c 'show F1'
ok "show of a family lists the members' flags" \
	eval '[ "$rc" = 0 ] && printf "%s\n" "$out" | grep -q "^FL1 *P1 .*support"'
ok "its timeline says whose event each one is" \
	eval 'printf "%s\n" "$out" | grep -q "P2 木村 蒼 *contact *新生児訪問"'

tap_done
