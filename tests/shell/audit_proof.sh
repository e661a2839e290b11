#!/bin/sh
# audit_proof.sh - every read of a subject, every change and every export
# is recorded in the same transaction as the act: each leaves its audit
# row, and when the audit row cannot be written (an I/O error injected
# behind the program's back) the act fails whole: nothing is changed,
# shown or written out.  (audit.sh proves that `audit verify` finds rows
# changed, removed or inserted.)

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup
LC_ALL=C.UTF-8
export LC_ALL
unset LANGUAGE

tsu_need_python_sqlite
tap_plan 28

T="--today 2026-04-10"
D=$TSU_TMP

sql() {
	python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
for row in db.execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in row))' "$TSUNAGU_DB" "$1"
}
last_audit() {
	sql "SELECT action, subject, detail FROM audit WHERE id > $1 ORDER BY id"
}
top() {
	sql "SELECT coalesce(max(id), 0) FROM audit"
}

tsu_run --staff boss $T \
	-c 'intake pregnancy --set family_name=山田 --set given_name=花子 --set family_name_kana=やまだ --set given_name_kana=はなこ --set birth_date=1995-01-01 --set notified_on=2026-04-01 --set due_date=2026-10-01'
ok "setting up a mother (P1, family F1)" [ "$rc" = 0 ]

# ---- each act leaves its row ----

# rec DESC PATTERN LINE: LINE succeeds and leaves an audit row matching
# the grep -E PATTERN (action|subject|detail).
rec() {
	_desc=$1
	_pat=$2
	_line=$3
	_from=$(top)
	tsu_run --staff boss $T -c "$_line"
	_rows=$(last_audit "$_from")
	ok "$_desc is recorded" \
		eval '[ "$rc" = 0 ] && printf "%s\n" "$_rows" | grep -Eq "$_pat"'
}

rec "reading a person (show)" '^read\|P1\|' 'show P1'
rec "reading a family (show)" '^read\|F1\|' 'show F1'
rec "finding persons" '^read\|P1\|find' 'find やまだ'
rec "reading the due list" '^read\|' 'due'
rec "reading a person from Scheme" '^read\|P1\|' '(person "P1")'
rec "a query from Scheme, with its SQL" '^read\|\|query: SELECT count' '(query "SELECT count(*) FROM person")'
rec "a contact" '^create\|P1\|' 'contact P1 --kind visit --note 訪問'
rec "a flag" '^create\|P1\|flag' 'flag P1 watch --reason 見守り'
rec "a support plan" '^create\|F1\|plan PL1' 'plan new F1'
rec "an export" '^export\|\|csv persons' "export csv persons -o $D/p.csv"
rec "a backup" "^export\|\|backup to $D/b.db" "backup $D/b.db"
rec "a setting" '^change\|\|date-style' 'config date-style wareki'

# ---- the audit row cannot be written: the act fails whole ----

# The fault: every insert into the audit trail fails as a disk would.
python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("CREATE TRIGGER audit_io_error BEFORE INSERT ON audit "
           "BEGIN SELECT RAISE(ABORT, '"'"'disk I/O error'"'"'); END")' "$TSUNAGU_DB"
ok "an I/O error on the audit insert is injected" \
	[ "$(sql "SELECT count(*) FROM sqlite_schema WHERE name = 'audit_io_error'")" = 1 ]

counts() {
	sql "SELECT (SELECT count(*) FROM person), (SELECT count(*) FROM intake_contact),
		(SELECT count(*) FROM flag), (SELECT count(*) FROM plan),
		(SELECT count(*) FROM event), (SELECT count(*) FROM audit),
		(SELECT group_concat(name || '=' || value) FROM config)"
}
before=$(counts)

# fails DESC LINE: the line fails, says why, shows nothing, changes nothing.
fails() {
	tsu_run --staff boss $T -c "$2"
	ok "$1 fails when it cannot be recorded" \
		eval '[ "$rc" = 1 ] && contains "$err" "disk I/O error" && [ -z "$out" ] &&
			[ "$(counts)" = "$before" ]'
}
fails "reading a person (show)" 'show P1'
fails "finding persons" 'find やまだ'
fails "reading from Scheme" '(person "P1")'
fails "a query from Scheme" '(query "SELECT count(*) FROM person")'
fails "a contact" 'contact P1 --kind visit --note 訪問'
fails "a flag" 'flag P1 watch2 --reason 見守り'
fails "a new mother" 'intake pregnancy --set family_name=佐藤 --set given_name=愛 --set family_name_kana=さとう --set given_name_kana=あい --set birth_date=1996-02-02 --set notified_on=2026-04-02 --set due_date=2026-10-20'
fails "a support plan review" 'plan review PL1 --note 見直し'
fails "a setting" 'config date-style iso'
fails "an export" "export csv persons -o $D/p2.csv"
ok "... and the export left no file" [ ! -e "$D/p2.csv" ]
fails "a backup" "backup $D/b2.db"
ok "... and the backup left no file" \
	eval '[ ! -e "$D/b2.db" ] && [ -z "$(ls "$D" | grep "^b2\.db")" ]'

python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("DROP TRIGGER audit_io_error")' "$TSUNAGU_DB"
tsu_run --staff boss $T -c 'contact P1 --kind phone' -c 'audit verify'
ok "once the fault is gone the program works and the trail is whole" \
	eval '[ "$rc" = 0 ] && contains "$out" "audit trail intact"'

tap_done
