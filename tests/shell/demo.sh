#!/bin/sh
# demo.sh - `--demo`: its fictional families are recorded as intake
# records real ones (pregnancies notified and closed by births, form
# responses with their events), so that due, find, show and intake birth
# work on them as on real records; the eight hand-written families (F1-F8,
# P1-P18) come first and a few hundred generated ones follow, in every
# stage and the same on every run; and --demo refuses --db.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup

if ! python3 -c 'import json' 2>/dev/null; then
	echo "1..0 # SKIP python3 is needed to check the output"
	exit 0
fi

tap_plan 49

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

# HAND: the pregnancies of the hand-written families F1-F8.
HAND="p.family_id <= 8"
demo -c '(query "SELECT count(*) AS n, sum(outcome IS NULL) AS open FROM pregnancy p WHERE '"$HAND"'")' \
	-c '(query "SELECT count(*) AS n FROM pregnancy WHERE notified_on IS NULL OR due_date IS NULL OR handbook_no IS NULL")' \
	-c '(query "SELECT count(*) AS n FROM pregnancy p JOIN person c ON c.id = p.child_id WHERE p.outcome = '"'birth'"' AND p.outcome_on = c.birth_date AND '"$HAND"'")' \
	-c '(query "SELECT count(*) AS n FROM pregnancy p JOIN event e ON e.ref = '"'PG'"' || p.id AND e.kind = '"'pregnancy'"' AND e.date = p.notified_on AND e.subject = '"'P'"' || p.mother_id WHERE '"$HAND"'")' \
	-c '(query "SELECT count(*) AS n FROM pregnancy p JOIN event e ON e.ref = '"'P'"' || p.child_id AND e.kind = '"'birth'"' AND e.date = p.outcome_on WHERE '"$HAND"'")' \
	-c '(query "SELECT form, count(*) AS n FROM response WHERE CAST(substr(subject, 2) AS INTEGER) <= 18 GROUP BY form ORDER BY form")' \
	-c '(query "SELECT (SELECT count(*) FROM response) - count(*) AS n FROM response r JOIN event e ON e.ref = '"'R'"' || r.id AND e.kind = '"'form'"' AND e.subkind = r.form AND e.date = r.answered_on AND e.subject = r.subject")' \
	-c '(query "SELECT (SELECT count(*) FROM pregnancy) - count(*) AS n FROM pregnancy p JOIN event e ON e.ref = '"'PG'"' || p.id AND e.kind = '"'pregnancy'"' AND e.date = p.notified_on AND e.subject = '"'P'"' || p.mother_id")' \
	-c '(query "SELECT (SELECT count(*) FROM pregnancy WHERE outcome IS NOT NULL) - count(*) AS n FROM pregnancy p JOIN person c ON c.id = p.child_id JOIN event e ON e.ref = '"'P'"' || p.child_id AND e.kind = '"'birth'"' AND e.date = p.outcome_on WHERE p.outcome = '"'birth'"' AND p.outcome_on = c.birth_date")'
ok "the demo's queries run" [ "$rc" = 0 ]
line() { printf '%s\n' "$out" | sed -n "${1}p"; }
ok "the hand-written families have nine pregnancies, two of them open" \
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
ok "each response of every family has its form event" \
	[ "$(line 7)" = "(((n . 0)))" ]
ok "every notification of every family is an event on the mother" \
	[ "$(line 8)" = "(((n . 0)))" ]
ok "and every closed pregnancy a birth on its child's birth date" \
	[ "$(line 9)" = "(((n . 0)))" ]

demo -c '(query "SELECT subject, kind, date FROM intake_contact ORDER BY id")' \
	-c '(query "SELECT count(*) AS n FROM intake_contact c JOIN event e ON e.ref = '"'C'"' || c.id AND e.kind = '"'contact'"' AND e.subkind = c.kind")'
ok "the demo's contacts are recorded by the contact command" \
	eval '[ "$rc" = 0 ] && contains "$(line 1)" "((subject . \"P6\") (kind . \"visit\") (date . \"2026-01-11\"))"'
demo -c '(query "SELECT (SELECT count(*) FROM intake_contact) AS contacts, count(*) AS events FROM intake_contact c JOIN event e ON e.ref = '"'C'"' || c.id AND e.kind = '"'contact'"' AND e.subkind = c.kind")' \
	-c '(query "SELECT staff, count(*) > 20 AS many FROM intake_contact GROUP BY staff ORDER BY staff")'
ok "each of them with its contact event" \
	eval 'printf "%s\n" "$(line 1)" | python3 -c "
import re, sys
c, e = map(int, re.findall(r\"\\d+\", sys.stdin.read()))
assert c > 100 and c == e, (c, e)"'
ok "made by the demo's staff members and the acting one" \
	[ "$(line 2)" = '(((staff . "ishii") (many . 1)) ((staff . "mori") (many . 1)) ((staff . "nurse1") (many . 1)) ((staff . "ueda") (many . 1)))' ]
demo --format json -c 'due --within 30'
ok "and a visit marks its milestones done, as on real records" json_check "$out" '
done = [e for e in v if e["subject"] in ("P6", "P18") and "visit" in e["milestone"]]
assert done == [], done
assert [e for e in v if e["subject"] == "P4" and e["milestone"] == "newborn-visit"], v'

demo --format json -c 'flags young-pregnancy'
ok "the screening rules ran on the answers (the teenage mother)" \
	json_check "$out" '
assert ("P12", "young-pregnancy") in [(f["subject"], f["name"]) for f in v], v'

# ---- due, find, show ----

demo --format json -c 'due --within 14'
ok "due --within 14 on the demo exits 0" [ "$rc" = 0 ]
ok "the interview at about 8 months of P1 is due in 9 days" json_check "$out" '
e = [e for e in v if e["milestone"] == "interview-8m" and e["subject"] == "P1"]
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

# ---- the generated families: a few hundred, in every stage ----

# (demo-counts): one line "NAME N" for each count a newcomer should find
# something in: families, moved and ended ones, open pregnancies, active
# children under 1, of 1-2 and of 3-5 years, flags of each screening
# rule, kana in katakana.
cat >"$TSU_TMP/counts.scm" <<'SCM'
(define (count sql . args)
  (cdar (car (apply query sql args))))
(define (demo-counts)
  (define (show name n) (format #t "~a ~a~%" name n))
  (define (children from to)
    (count "SELECT count(*) AS n FROM member m JOIN person p ON p.id = m.person_id
            WHERE m.role = 'child' AND p.status = 'active'
            AND p.birth_date <= date(?1, ?2) AND p.birth_date > date(?1, ?3)"
           (today) from to))
  (show "families" (count "SELECT count(*) AS n FROM family"))
  (show "moved" (count "SELECT count(*) AS n FROM family WHERE status = 'moved'"))
  (show "ended" (count "SELECT count(*) AS n FROM family WHERE status = 'ended'"))
  (show "expecting"
        (count "SELECT count(*) AS n FROM pregnancy p JOIN person m ON m.id = p.mother_id
                WHERE p.outcome IS NULL AND m.status = 'active'"))
  (show "under-1" (children "+0 days" "-1 years"))
  (show "1-2" (children "-1 years" "-3 years"))
  (show "3-5" (children "-3 years" "-6 years"))
  (show "older" (count "SELECT count(*) AS n FROM member m JOIN person p ON p.id = m.person_id
                        WHERE m.role = 'child' AND p.birth_date <= date(?1, '-6 years')"
                       (today)))
  (for-each (lambda (name)
              (show name (count "SELECT count(*) AS n FROM flag WHERE name = ?1" name)))
            '("no-support" "young-pregnancy" "late-notification"))
  (show "katakana"
        (count "SELECT count(*) AS n FROM person WHERE family_name_kana GLOB '*[ァ-ヶ]*'")))
SCM
demo -l "$TSU_TMP/counts.scm" -c '(demo-counts)'
ok "the demo's counts run" [ "$rc" = 0 ]
# counted NAME: the count of that name.
counted() { printf '%s\n' "$out" | awk -v k="$1" '$1 == k { print $2 }'; }
ok "there are a few hundred families ($(counted families))" \
	[ "$(counted families)" = 300 ]
for stage in moved ended expecting; do
	ok "some families are $stage ($(counted $stage))" \
		[ "$(counted $stage)" -ge 5 ]
done
for age in under-1 1-2 3-5; do
	ok "some children are $age years old ($(counted $age))" \
		[ "$(counted $age)" -ge 5 ]
done
ok "no child is of school age" [ "$(counted older)" = 0 ]
for rule in no-support young-pregnancy late-notification; do
	ok "the screening rule $rule flagged some ($(counted $rule))" \
		[ "$(counted $rule)" -ge 3 ]
done
ok "some kana are written in katakana ($(counted katakana))" \
	[ "$(counted katakana)" -ge 30 ]

demo --format json -c 'due --within 14'
ok "due --within 14 lists some overdue entries, far fewer than the families" \
	json_check "$out" '
n = sum(1 for e in v if e["overdue"])
assert 20 <= n <= 100, n
assert any(not e["overdue"] for e in v), v'

demo -c 'find さとう'
ok "find of a common kana name finds several persons" \
	eval '[ "$(printf "%s\n" "$out" | grep -c "^P[0-9]* *佐藤")" -ge 5 ]'
ok "written in hiragana and in katakana" \
	eval 'contains "$out" "さとう " && contains "$out" "サトウ "'

demo -c 'audit' -c 'audit --subject P500'
ok "the fill is one audit row naming what it made, found by subject" \
	eval '[ "$(printf "%s\n" "$out" | grep -c " demo  *create F1-F300 P1-")" = 2 ]'

# Two runs with the same today show the same.
same='-c due -c "find さとう" -c "show F150" -c "show F299" -c flags -c "staff list"'
eval "demo $same"
first=$out
eval "demo $same"
ok "two runs with the same --today show the same families" \
	eval '[ -n "$first" ] && [ "$out" = "$first" ]'
ok "the generated families have their story" \
	eval 'contains "$first" "form:pregnancy" && contains "$first" "contact:visit"'

# ---- intake birth on an expectant demo mother ----

demo --format json \
	-c 'intake birth P1 --set given_name=桜 --set given_name_kana=さくら --set birth_date=2026-03-30 --set sex=female' \
	-c '(query "SELECT outcome, outcome_on, child_id = (SELECT max(id) FROM person) AS newest FROM pregnancy WHERE id = 1")' \
	-c 'due --within 14'
ok "intake birth P1 on the demo exits 0" [ "$rc" = 0 ]
ok "without saying there is no open pregnancy" \
	eval '! contains "$err" "no open pregnancy"'
ok "the child is registered with the pregnancy it closes" \
	eval 'contains "$out" "\"pregnancy_id\": \"PG1\"" && contains "$out" "\"family_id\": \"F1\""'
ok "the pregnancy is closed by the birth" \
	contains "$out" '(((outcome . "birth") (outcome_on . "2026-03-30") (newest . 1)))'
ok "and its interview at 8 months is no longer due" \
	eval '! printf "%s\n" "$out" | grep -q "\"subject\": \"P1\", \"milestone\": \"interview-8m\""'

demo -c 'intake birth P5 --set given_name=翼 --set given_name_kana=つばさ --set birth_date=2026-03-30 --set sex=male'
ok "a demo mother who is not expecting has no open pregnancy, as on real records" \
	eval '[ "$rc" = 0 ] && contains "$out$err" "no open pregnancy"'

tap_done
