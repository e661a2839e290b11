#!/bin/sh
# demo.sh - `--demo`: its fictional families are recorded as intake
# records real ones (pregnancies notified and closed by births, form
# responses with their events), so that due, find, show and intake birth
# work on them as on real records; and --demo refuses --db.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup

if ! python3 -c 'import json' 2>/dev/null; then
	echo "1..0 # SKIP python3 is needed to check the output"
	exit 0
fi

tap_plan 26

TODAY=2026-04-01

# json_check JSON PYTHON: run the PYTHON statements with the parsed JSON in
# `v`; true when they raise nothing.
json_check() {
	printf '%s\n' "$1" | python3 -c "
import json, sys
v = json.load(sys.stdin)
$2"
}

# Run on a fresh demo database as nurse1, its first (admin) identity;
# the line saying so is taken out of $err.
demo() {
	tsu_run --demo --staff nurse1 --today $TODAY "$@"
	err=$(printf '%s\n' "$err" | grep -v "is the first staff member")
}

# ---- --demo and --db ----

tsu_run --demo --db "$TSU_TMP/other.db" -c 'show F1'
ok "--demo with --db is bad usage (exit 2)" [ "$rc" = 2 ]
ok "naming both options" \
	eval 'contains "$err" "--demo and --db cannot be used together"'
ok "and no database is made at --db" [ ! -e "$TSU_TMP/other.db" ]
demo -c 'show F1'
ok "--demo alone leaves \$TSUNAGU_DB alone" \
	eval '[ "$rc" = 0 ] && [ ! -e "$TSUNAGU_DB" ]'

# ---- the register: pregnancies, births, forms ----

demo -c '(query "SELECT count(*) AS n, sum(outcome IS NULL) AS open FROM pregnancy")' \
	-c '(query "SELECT count(*) AS n FROM pregnancy WHERE notified_on IS NULL OR due_date IS NULL OR handbook_no IS NULL")' \
	-c '(query "SELECT count(*) AS n FROM pregnancy p JOIN person c ON c.id = p.child_id WHERE p.outcome = '"'birth'"' AND p.outcome_on = c.birth_date")' \
	-c '(query "SELECT count(*) AS n FROM pregnancy p JOIN event e ON e.ref = '"'PG'"' || p.id AND e.kind = '"'pregnancy'"' AND e.date = p.notified_on AND e.subject = '"'P'"' || p.mother_id")' \
	-c '(query "SELECT count(*) AS n FROM pregnancy p JOIN event e ON e.ref = '"'P'"' || p.child_id AND e.kind = '"'birth'"' AND e.date = p.outcome_on")' \
	-c '(query "SELECT form, count(*) AS n FROM response GROUP BY form ORDER BY form")' \
	-c '(query "SELECT count(*) AS n FROM response r JOIN event e ON e.ref = '"'R'"' || r.id AND e.kind = '"'form'"' AND e.subkind = r.form AND e.date = r.answered_on AND e.subject = r.subject")'
ok "the demo's queries run" [ "$rc" = 0 ]
line() { printf '%s\n' "$out" | sed -n "${1}p"; }
ok "nine pregnancies are on record, two of them open" \
	[ "$(line 1)" = "(((n . 9) (open . 2)))" ]
ok "each with its notification date, due date and handbook" \
	[ "$(line 2)" = "(((n . 0)))" ]
ok "the seven others closed by the birth of their child, on its birth date" \
	[ "$(line 3)" = "(((n . 7)))" ]
ok "each notification is an event of kind pregnancy on the mother" \
	[ "$(line 4)" = "(((n . 9)))" ]
ok "each birth an event of kind birth naming the child" \
	[ "$(line 5)" = "(((n . 7)))" ]
ok "the pregnancy and birth forms are answered, and a checkup" \
	[ "$(line 6)" = '(((form . "birth") (n . 7)) ((form . "checkup_3y") (n . 1)) ((form . "pregnancy") (n . 9)))' ]
ok "each response has its form event" [ "$(line 7)" = "(((n . 17)))" ]

demo -c '(query "SELECT subject, kind, date FROM intake_contact ORDER BY id")' \
	-c '(query "SELECT count(*) AS n FROM intake_contact c JOIN event e ON e.ref = '"'C'"' || c.id AND e.kind = '"'contact'"' AND e.subkind = c.kind")'
ok "the demo's contacts are recorded by the contact command" \
	eval '[ "$rc" = 0 ] && [ "$(line 2)" = "(((n . 5)))" ] && contains "$(line 1)" "((subject . \"P6\") (kind . \"visit\") (date . \"2026-01-11\"))"'
demo --format json -c 'due --within 30'
ok "and a visit marks its milestones done, as on real records" json_check "$out" '
done = [e for e in v if e["subject"] in ("P6", "P18") and "visit" in e["milestone"]]
assert done == [], done
assert [e for e in v if e["subject"] == "P4" and e["milestone"] == "newborn-visit"], v'

demo --format json -c 'flags young-pregnancy'
ok "the screening rules ran on the answers (the teenage mother)" \
	json_check "$out" '
assert [(f["subject"], f["name"]) for f in v] == [("P12", "young-pregnancy")], v'

# ---- due, find, show ----

demo --format json -c 'due --within 14'
ok "due --within 14 on the demo exits 0" [ "$rc" = 0 ]
ok "the interview at about 8 months of P1 is due in 9 days" json_check "$out" '
e = [e for e in v if e["milestone"] == "interview-8m"]
assert len(e) == 1, v
e = e[0]
assert e["subject"] == "P1" and e["due_on"] == "2026-04-10", e
assert e["overdue"] is False and e["label"] == "妊娠8か月頃の面接", e'

demo -c 'find やまだ' -c 'show P1'
ok "find and show exit 0" [ "$rc" = 0 ]
ok "find names the mother" \
	eval 'printf "%s\n" "$out" | grep -q "^P1 *山田 花子"'
ok "show has her pregnancy notification and its form" \
	eval 'contains "$out" "妊娠届出 (PG1), 出産予定日 2026-06-05" && contains "$out" "妊娠届出面接 (pregnancy v1)"'

# ---- intake birth on an expectant demo mother ----

demo --format json \
	-c 'intake birth P1 --set given_name=桜 --set given_name_kana=さくら --set birth_date=2026-03-30 --set sex=female' \
	-c '(query "SELECT outcome, outcome_on, child_id FROM pregnancy WHERE id = 1")' \
	-c 'due --within 14'
ok "intake birth P1 on the demo exits 0" [ "$rc" = 0 ]
ok "without saying there is no open pregnancy" \
	eval '! contains "$err" "no open pregnancy"'
ok "the child is registered with the pregnancy it closes" \
	eval 'contains "$out" "\"pregnancy_id\": \"PG1\"" && contains "$out" "\"id\": \"P19\""'
ok "the pregnancy is closed by the birth" \
	contains "$out" '(((outcome . "birth") (outcome_on . "2026-03-30") (child_id . 19)))'
ok "and its interview at 8 months is no longer due" \
	eval '! contains "$out" "interview-8m"'

demo -c 'intake birth P5 --set given_name=翼 --set given_name_kana=つばさ --set birth_date=2026-03-30 --set sex=male'
ok "a demo mother who is not expecting has no open pregnancy, as on real records" \
	eval '[ "$rc" = 0 ] && contains "$out$err" "no open pregnancy"'

tap_done
