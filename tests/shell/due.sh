#!/bin/sh
# due.sh - the continuous-grasp working list: `due` on an empty database
# in every format, its window (--within, the setting due-window-days),
# bad options, the audit row it leaves, and the list a Scheme milestone
# gives on the demo families (order, overdue, days, filters).

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup

if ! python3 -c 'import sqlite3, json' 2>/dev/null; then
	echo "1..0 # SKIP python3 with sqlite3 is needed to check the output"
	exit 0
fi

tap_plan 31

TODAY=2026-04-01

json_check() {
	printf '%s\n' "$1" | python3 -c "
import json, sys
v = json.load(sys.stdin)
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

# The detail of the newest audit row.
last_audit() {
	sql 'SELECT detail FROM audit ORDER BY id DESC LIMIT 1'
}

# What every due listing in JSON must be: an array of entries with the
# documented keys, overdue and days agreeing with due_on, ordered by date
# and then subject, nothing after the end of the window ($1 days).
check_list() {
	json_check "$out" "
import datetime
today = datetime.date.fromisoformat('$TODAY')
until = today + datetime.timedelta(days=$1)
assert isinstance(v, list)
keys = {'subject', 'milestone', 'label', 'kind', 'due_on', 'overdue',
        'days', 'staff', 'note'}
for e in v:
    assert keys <= set(e), e
    d = datetime.date.fromisoformat(e['due_on'])
    assert e['overdue'] is (d < today), e
    assert e['days'] == (d - today).days, e
    assert d <= until, e
assert [e['due_on'] for e in v] == sorted(e['due_on'] for e in v)"
}

# ---- an empty database ----

tsu_run --staff boss --today $TODAY -c 'staff add viewer1 --name 閲覧 --role viewer'
ok "the test database is made" [ "$rc" = 0 ]

tsu_run --staff viewer1 --today $TODAY -c due
ok "due on an empty database exits 0" [ "$rc" = 0 ]
ok "and prints (none)" [ "$out" = "(none)" ]
ok "a viewer may read the list, and nothing goes to standard error" \
	[ -z "$err" ]
ok "reading the list is audited, with the default window of 30 days" \
	[ "$(last_audit)" = "due until 2026-05-01" ]

tsu_run --staff viewer1 --today $TODAY --format json -c due
ok "due in JSON on an empty database prints []" \
	eval '[ "$rc" = 0 ] && [ "$out" = "[]" ]'

tsu_run --staff viewer1 --today $TODAY --format tsv -c due
ok "due in TSV prints the header of keys" \
	[ "$out" = "$(printf 'subject\tmilestone\tlabel\tkind\tdue_on\toverdue\tdays\tstaff\tnote')" ]

tsu_run --staff viewer1 --today $TODAY -c 'due --within 14'
ok "--within 14 exits 0" [ "$rc" = 0 ]
ok "--within sets the end of the window" \
	[ "$(last_audit)" = "due until 2026-04-15" ]
tsu_run --staff viewer1 --today $TODAY -c 'due --within=0 --kind milestone --staff viewer1'
ok "--within=0 and the filters are accepted" [ "$rc" = 0 ]

tsu_run --staff boss --today $TODAY -c 'config due-window-days 10' -c due
ok "the setting due-window-days sets the default window" \
	eval '[ "$rc" = 0 ] && [ "$(last_audit)" = "due until 2026-04-11" ]'
tsu_run --staff boss --today $TODAY -c 'due --within 3'
ok "--within wins over the setting" \
	[ "$(last_audit)" = "due until 2026-04-04" ]

# ---- bad input ----

tsu_run --staff viewer1 --today $TODAY -c 'due --within x'
ok "--within x exits 1" [ "$rc" = 1 ]
ok "and says what is wrong" \
	[ "$err" = 'tsunagu: due: --within: "x" is not a number of days (0 to 3660)' ]
tsu_run --staff viewer1 --today $TODAY -c 'due --within -3'
ok "a negative window is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "\"-3\" is not a number of days"'
tsu_run --staff viewer1 --today $TODAY -c 'due --within 99999'
ok "a window of centuries is refused" [ "$rc" = 1 ]
tsu_run --staff viewer1 --today $TODAY -c 'due --within'
ok "--within without a value is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "--within needs a value"'
tsu_run --staff viewer1 --today $TODAY -c 'due soon'
ok "a stray word is refused and named" \
	eval '[ "$rc" = 1 ] && contains "$err" "\"soon\""'
tsu_run --staff viewer1 --today $TODAY -c 'due --kindd x'
ok "a misspelt option names the nearest" \
	eval '[ "$rc" = 1 ] && contains "$err" "(did you mean --kind?)"'

tsu_run --staff viewer1 --today $TODAY -c 'due --kind milestones'
ok "an unknown --kind is refused, not an empty list" \
	eval '[ "$rc" = 1 ] && [ -z "$out" ] && contains "$err" "entries are of the kinds milestone, plan-review, referral; did you mean milestone?"'
tsu_run --staff viewer1 --today $TODAY -c 'due --staff viewer2'
ok "so is a --staff that is no staff member's id, with the nearest" \
	eval '[ "$rc" = 1 ] && [ -z "$out" ] && contains "$err" "--staff \"viewer2\": no staff member has that id; did you mean viewer1?"'

# ---- the demo families ----

tsu_run --demo --staff nurse1 --today $TODAY --format json -c 'due --within 60'
ok "due on the demo families in JSON exits 0" [ "$rc" = 0 ]
ok "it prints a consistent JSON array" check_list 60

# A milestone from Scheme, never done: 28 days after each child's birth.
cat >"$TSU_TMP/milestone.scm" <<'EOF'
(define-milestone 'test-visit #:label "テスト訪問" #:for 'child
  #:from 'birth_date #:due-days 28 #:done-by "test-never-done")
EOF
tsu_run --demo --staff nurse1 --today $TODAY -c "(defined? 'define-milestone)"
if [ "$out" = "#t" ]; then
	tsu_run --demo --staff nurse1 --today $TODAY --format json \
		-l "$TSU_TMP/milestone.scm" -c 'due --within 30'
	ok "due with a Scheme milestone exits 0" [ "$rc" = 0 ]
	ok "its list is consistent" check_list 30
	ok "the newborn (P4, 20 days old) is due in 8 days" json_check "$out" '
e = [e for e in v if e["milestone"] == "test-visit" and e["subject"] == "P4"]
assert len(e) == 1, v
e = e[0]
assert e["due_on"] == "2026-04-09" and e["days"] == 8 and e["overdue"] is False, e
assert e["label"] == "テスト訪問", e'
	ok "overdue entries come first" json_check "$out" '
flags = [e["overdue"] for e in v]
assert flags == sorted(flags, reverse=True), flags'
	kind=$(printf '%s\n' "$out" | python3 -c '
import json, sys
print([e for e in json.load(sys.stdin) if e["milestone"] == "test-visit"][0]["kind"])')
	tsu_run --demo --staff nurse1 --today $TODAY --format json \
		-l "$TSU_TMP/milestone.scm" -c "due --within 30 --kind $kind"
	ok "--kind keeps the entries of that kind only" \
		eval '[ "$rc" = 0 ] && printf "%s\n" "$out" | python3 -c "
import json, sys
v = json.load(sys.stdin)
assert v and all(e[\"kind\"] == \"$kind\" for e in v)"'
	tsu_run --demo --staff nurse1 --today $TODAY \
		-l "$TSU_TMP/milestone.scm" -c 'due --within 30'
	ok "the table marks overdue entries" \
		eval 'printf "%s\n" "$out" | grep -q "overdue"'
	ok "and shows whose entry it is by name" contains "$out" "佐藤 陽翔"
	ok "with the days to go" \
		eval 'printf "%s\n" "$out" | grep -q " 8  *P4  *佐藤 陽翔"'
else
	for t in 1 2 3 4 5 6 7 8; do
		skip "due with a Scheme milestone ($t)" "define-milestone is not available"
	done
fi

tap_done
