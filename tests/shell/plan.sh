#!/bin/sh
# plan.sh - support plans end to end: plan new/concern/item/share/done/
# review/show/list/close, versions kept as they were, the next review
# suggested from the family's stage, the due list (reviews and the
# escalation hint from plan-rules.scm), the plan hook, timeline events,
# audit rows and who may do what.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup

if ! python3 -c 'import sqlite3, json' 2>/dev/null; then
	echo "1..0 # SKIP python3 with sqlite3 is needed to check the output"
	exit 0
fi

tap_plan 63

# json_check JSON PYTHON: run PYTHON with the parsed JSON in `v`.
json_check() {
	printf '%s\n' "$1" | python3 -c "
import json, sys
v = json.load(sys.stdin)
$2"
}

# sql QUERY: the first column of each row QUERY gives on the database.
sql() {
	python3 - "$TSUNAGU_DB" "$1" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for row in db.execute(sys.argv[2]):
    print("" if row[0] is None else row[0])
EOF
}

# As ROLE-holder STAFF on DAY: run the program on the test database.
as() {
	_staff=$1
	_day=$2
	shift 2
	tsu_run --staff "$_staff" --today "$_day" "$@"
}

# ---- the families, made directly in the database ----

as nurse1 2026-04-01 -c 'staff add nurse2 --name "佐藤 みどり" --role nurse --phone 03-1234-5678' \
	-c 'staff add clerk1 --name "事務 太郎" --role clerk' \
	-c 'staff add view1 --name "閲覧 花子" --role viewer'
ok "the staff are added" [ "$rc" = 0 ]

python3 - "$TSUNAGU_DB" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
now = "2026-04-01T00:00:00Z"
def person(fn, gn, birth):
    cur = db.execute("INSERT INTO person(family_name, given_name, birth_date,"
                     " status, created_at, updated_at)"
                     " VALUES (?,?,?,'active',?,?)", (fn, gn, birth, now, now))
    return cur.lastrowid
def family(staff):
    return db.execute("INSERT INTO family(contact_staff, created_at)"
                      " VALUES (?,?)", (staff, now)).lastrowid
# F1: 山田 花子 (P1) and her son 陽太 (P2, two years old)
f1 = family("nurse2")
db.execute("INSERT INTO member VALUES (?,?,?)", (f1, person("山田", "花子", "1995-03-20"), "mother"))
db.execute("INSERT INTO member VALUES (?,?,?)", (f1, person("山田", "陽太", "2024-01-10"), "child"))
# F2: 鈴木 さくら (P3), expecting on 2026-08-01
f2 = family("nurse2")
p3 = person("鈴木", "さくら", "1998-07-07")
db.execute("INSERT INTO member VALUES (?,?,?)", (f2, p3, "mother"))
db.execute("INSERT INTO pregnancy(mother_id, family_id, notified_on, due_date,"
           " created_at) VALUES (?,?,?,?,?)", (p3, f2, "2026-01-10", "2026-08-01", now))
# F3: 高橋 美咲 (P4) and her baby 蓮 (P5), born 2026-03-01
f3 = family(None)
db.execute("INSERT INTO member VALUES (?,?,?)", (f3, person("高橋", "美咲", "1990-11-11"), "mother"))
db.execute("INSERT INTO member VALUES (?,?,?)", (f3, person("高橋", "蓮", "2026-03-01"), "child"))
db.commit()
EOF
ok "three families are in the database" [ "$(sql 'SELECT count(*) FROM family')" = 3 ]

# ---- plan new ----

as nurse1 2026-04-01 --format json -c 'plan new f1 --next-review 2026-05-01'
ok "plan new F1 exits 0" [ "$rc" = 0 ]
ok "it prints the plan as one JSON object with its new id" json_check "$out" '
assert v["id"] == "PL1" and v["family_id"] == "F1"
assert v["kind"] == "support" and v["version"] == 1 and v["status"] == "open"
assert v["current"] is True and v["previous_id"] is None
assert v["next_review"] == "2026-05-01" and v["created_on"] == "2026-04-01"
assert v["names"] == "山田 花子、山田 陽太"'
ok "the contact person is the family's, with name and phone" json_check "$out" '
assert v["contact_staff"] == "nurse2"
assert v["contact_name"] == "佐藤 みどり" and v["contact_phone"] == "03-1234-5678"'

as nurse1 2026-04-01 -c 'plan new F1'
ok "a second open plan for F1 is refused" [ "$rc" = 1 ]
ok "the error names the open plan and what to do" \
	contains "$err" "F1 already has an open plan, PL1: review it"

as nurse1 2026-04-01 -c 'plan new F99'
ok "an unknown family is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "tsunagu: plan: no family F99"'

as nurse1 2026-04-01 -c 'plan new F3 --contact nurse3'
ok "an unknown contact staff gets the nearest id" \
	eval '[ "$rc" = 1 ] && contains "$err" "no staff member \"nurse3\" (did you mean nurse1?)"'

as nurse1 2026-04-01 -c 'plan nwe F3'
ok "a mistyped sub-command gets the nearest one" \
	contains "$err" 'unknown sub-command "nwe" (did you mean plan new?)'

as clerk1 2026-04-01 -c 'plan new F3'
ok "a clerk cannot make plans" \
	eval '[ "$rc" = 1 ] && contains "$err" "clerk1 may not change plans"'
ok "and nothing was made" [ "$(sql 'SELECT count(*) FROM plan')" = 1 ]

# ---- the next review from the family's stage ----

as nurse1 2026-04-01 --format json -c 'plan new P3'
ok "a member's id finds the family (P3 -> F2)" \
	json_check "$out" 'assert v["id"] == "PL2" and v["family_id"] == "F2"'
ok "before the birth: a month before the due date is suggested" \
	json_check "$out" '
assert v["next_review"] == "2026-07-02", v["next_review"]
assert v["next_review_basis"] == "before-birth"'

as nurse1 2026-04-01 -c 'plan new F3 --self --contact nurse1'
ok "with a baby under four months: the four-month point is suggested" \
	eval '[ "$rc" = 0 ] && contains "$out" "next review suggested: 2026-06-29 (生後4か月ごろ)"'
ok "a self-plan is kept as kind self with the contact given" \
	eval '[ "$(sql "SELECT kind || \" \" || contact_staff FROM plan WHERE id = 3")" = "self nurse1" ]'

# ---- worries and items ----

as nurse1 2026-04-01 --format json \
	-c 'plan concern PL1 --whose parent --text "夜に眠れない"'
ok "plan concern prints the worry's id" \
	json_check "$out" 'assert v["id"] == "PC1" and v["plan_id"] == "PL1"'
as nurse1 2026-04-01 -c 'plan concern PL1 --whose staff --text "相談できる人がいない" --shared no' \
	-c 'plan item PL1 --what "産後ケアを申し込む" --who parent --by R8.4.20' \
	-c 'plan item PL1 --what "家庭訪問する" --who staff --by 2026/4/15' \
	-c 'plan item PL1 --what "健診を受ける" --who parent --by 2026-04-25' \
	-c 'plan item PL1 --what "一時保育の案内" --who "子育て支援課"'
ok "worries and items are added" [ "$rc" = 0 ]
ok "dates in 和暦 and with slashes are stored as ISO" \
	eval '[ "$(sql "SELECT group_concat(by_date) FROM plan_item WHERE plan_id = 1")" = "2026-04-20,2026-04-15,2026-04-25" ]'
ok "an agency's name is kept as who" \
	eval '[ "$(sql "SELECT who FROM plan_item WHERE id = 4")" = "子育て支援課" ]'
ok "the staff worry is not yet shared" \
	eval '[ "$(sql "SELECT shared FROM plan_concern WHERE id = 2")" = 0 ]'

as nurse1 2026-04-01 -c 'plan concern PL1 --whose parnet --text x'
ok "a wrong --whose gets the nearest choice" \
	contains "$err" '--whose: "parnet" is not a choice (did you mean parent?)'
as nurse1 2026-04-01 -c 'plan concern PL1 --whose staff --text "   "'
ok "an empty text is refused" contains "$err" "--text: the text is empty"
as nurse1 2026-04-01 -c 'plan item PL1 --what x --who parent --by 2026-03-01'
ok "an item date before the plan's start is refused" \
	contains "$err" "--by: 2026-03-01 is before the plan's start (2026-04-01)"
as nurse1 2026-04-01 -c 'plan item PL1 --what x --who parent --by 2026-02-30'
ok "an impossible date is refused naming the option" \
	eval '[ "$rc" = 1 ] && contains "$err" "--by"'
as nurse1 2026-04-01 -c 'plan item PL1 --what x --who stafff'
ok "a mistyped --who gets the nearest choice" \
	contains "$err" 'did you mean staff?'
as nurse1 2026-04-01 -c 'plan concern PL77 --whose parent --text x'
ok "an unknown plan id names the range" \
	contains "$err" "no plan PL77 (plan ids run from PL1 to PL3)"
as nurse1 2026-04-01 -c 'plan concern X1 --whose parent --text x'
ok "a word that is not a plan id is named" \
	contains "$err" '"X1" is not a plan id (plan ids look like PL3)'
as view1 2026-04-01 -c 'plan concern PL1 --whose parent --text x'
ok "a viewer cannot write" \
	eval '[ "$rc" = 1 ] && contains "$err" "view1 may not change plans"'

# ---- show ----

as view1 2026-04-01 -c 'plan show P2'
ok "a viewer may show a plan by a member's id" \
	eval '[ "$rc" = 0 ] && contains "$out" "PL1" && contains "$out" "夜に眠れない"'
ok "the table output lists worries and items" \
	eval 'contains "$out" "[not yet shared]" && contains "$out" "産後ケアを申し込む"'
ok "reading the plan is audited" \
	eval '[ "$(sql "SELECT count(*) FROM audit WHERE action = \"read\" AND staff = \"view1\" AND subject = \"F1\" AND detail = \"plan PL1\"")" = 1 ]'

# ---- due and the escalation hint ----

as nurse1 2026-04-20 --format json -c 'due --kind plan-review'
ok "plan reviews within the window are due" json_check "$out" '
ids = sorted((e["subject"], e["due_on"]) for e in v if e["milestone"] == "plan-review")
assert ("F1", "2026-05-01") in ids, ids
assert all(e["kind"] == "plan-review" for e in v)
assert not any(e["milestone"] == "plan-escalation" for e in v)'

as nurse1 2026-05-10 --format json -c 'due --kind plan-review'
ok "a staff worry unshared for 30 days calls for the 要対協" json_check "$out" '
esc = [e for e in v if e["milestone"] == "plan-escalation"]
assert len(esc) == 1 and esc[0]["subject"] == "F1", v
assert "要対協" in esc[0]["label"] and "2026-04-01" in esc[0]["note"]
assert "保護者側の項目が2件期限切れ" in esc[0]["note"], esc[0]["note"]
assert esc[0]["due_on"] == "2026-05-10" and esc[0]["staff"] == "nurse2"
rev = [e for e in v if e["milestone"] == "plan-review" and e["subject"] == "F1"]
assert rev[0]["overdue"] is True and "要対協" in rev[0]["note"]'

as nurse1 2026-05-10 --format json -c 'plan list --due'
ok "plan list --due keeps the plans to look at, with the hint" json_check "$out" '
pl1 = [p for p in v if p["id"] == "PL1"][0]
assert "要対協" in pl1["note"]
assert all(p["id"] != "PL3" for p in v)'

tmp_rules=$TSU_TMP/rules.scm
echo '(set! plan-unshared-days 60) (set! plan-overdue-items 3)' >"$tmp_rules"
tsu_run --staff nurse1 --today 2026-05-10 -l "$tmp_rules" --format json \
	-c 'due --kind plan-review'
ok "a municipality changes the thresholds in Scheme" json_check "$out" '
assert not any(e["milestone"] == "plan-escalation" for e in v), v'

as nurse1 2026-05-10 -c 'plan share PC2' -c 'plan done PI1' -c 'plan done PI3'
ok "plan share and plan done" [ "$rc" = 0 ]
as nurse1 2026-05-10 --format json -c 'due --kind plan-review'
ok "once shared and done, the hint is gone" json_check "$out" '
assert not any(e["milestone"] == "plan-escalation" for e in v), v'
ok "share and done are on the timeline" \
	eval '[ "$(sql "SELECT count(*) FROM event WHERE subject = \"F1\" AND kind LIKE \"plan%\" AND ref = \"PL1\"")" -ge 8 ]'

# ---- review: a new version, the old one kept ----

as nurse1 2026-05-10 -c 'plan concern PL1 --whose parent --text "保育園が見つかった"' \
	-c 'plan resolve PC3'
as nurse1 2026-05-10 --format json \
	-c 'plan review PL1 --next-review 2026-08-01 --note "眠れるようになってきた" --agreed'
ok "plan review exits 0" [ "$rc" = 0 ]
ok "it prints the new version with its own id" json_check "$out" '
assert v["id"] == "PL4" and v["version"] == 2 and v["previous_id"] == "PL1"
assert v["series_id"] == "PL1" and v["current"] is True
assert v["review_note"] == "眠れるようになってきた" and v["agreed_by_parent"] is True
assert v["next_review"] == "2026-08-01"
assert v["open_concerns"] == 2 and v["open_items"] == 2'
ok "open worries keep their raised date; resolved ones stay behind" \
	eval '[ "$(sql "SELECT group_concat(text || \"@\" || raised_on, \"|\") FROM plan_concern WHERE plan_id = 4")" = "夜に眠れない@2026-04-01|相談できる人がいない@2026-04-01" ]'
ok "items done stay behind" \
	eval '[ "$(sql "SELECT group_concat(what) FROM plan_item WHERE plan_id = 4")" = "家庭訪問する,一時保育の案内" ]'

as nurse1 2026-05-10 --format json -c 'plan show PL1'
ok "the old version stays readable as it was" json_check "$out" '
assert v["id"] == "PL1" and v["version"] == 1 and v["current"] is False
assert v["review_note"] is None and v["next_review"] == "2026-05-01"
assert v["open_concerns"] == 2 and v["open_items"] == 2'
ok "and its worries and items are unchanged" \
	eval '[ "$(sql "SELECT count(*) FROM plan_concern WHERE plan_id = 1") $(sql "SELECT count(*) FROM plan_item WHERE plan_id = 1")" = "3 4" ]'

as nurse1 2026-05-10 -c 'plan item PL1 --what x --who parent'
ok "changing an old version is refused, naming the current one" \
	contains "$err" "PL1 was reviewed and is kept as it was; its current version is PL4"
as nurse1 2026-05-10 -c 'plan review PL4 --next-review 2026-04-15'
ok "a review date before the version's start is refused" \
	contains "$err" "--next-review: 2026-04-15 is before the plan's start (2026-05-10)"

as nurse1 2026-05-10 --format json -c 'plan show F1'
ok "plan show FAMILY gives its current version" \
	json_check "$out" 'assert v["id"] == "PL4"'

as nurse1 2026-05-10 --format json -c 'plan list'
ok "plan list shows current versions only" json_check "$out" '
assert sorted(p["id"] for p in v) == ["PL2", "PL3", "PL4"], v'
as nurse1 2026-05-10 --format json -c 'plan list --all'
ok "plan list --all shows every version" json_check "$out" '
assert sorted(p["id"] for p in v) == ["PL1", "PL2", "PL3", "PL4"]
assert [p["current"] for p in v if p["id"] == "PL1"] == [False]'

# ---- close ----

as nurse1 2026-05-10 --format json -c 'plan close PL2 --reason "転出"'
ok "plan close closes it with the reason" json_check "$out" '
assert v["status"] == "closed" and v["closed_on"] == "2026-05-10"
assert v["close_reason"] == "転出"'
as nurse1 2026-05-10 -c 'plan review PL2'
ok "a closed plan cannot be reviewed" \
	eval '[ "$rc" = 1 ] && contains "$err" "PL2 is closed (on 2026-05-10: 転出); make a new plan with \`plan new F2\`"'
as nurse1 2026-05-10 -c 'plan close PL4'
ok "close needs a reason" contains "$err" "--reason is missing"
as nurse1 2026-05-10 --format json -c 'due --kind plan-review --within 365'
ok "a closed plan leaves the due list" json_check "$out" '
assert not any(e["subject"] == "F2" for e in v), v'
as nurse1 2026-05-10 --format json -c 'plan new F2 --next-review 2026-06-01'
ok "a new plan can be made once the old one is closed" \
	json_check "$out" 'assert v["id"] == "PL5" and v["version"] == 1'

# ---- the timeline, the audit trail, the hook ----

ok "each change is a plan event on the family's timeline" \
	eval '[ "$(sql "SELECT count(*) FROM event WHERE subject = \"F2\" AND kind LIKE \"plan%\"")" = 3 ]'
ok "the review's event names the new version" \
	eval '[ "$(sql "SELECT summary FROM event WHERE ref = \"PL4\" AND kind LIKE \"plan%\"")" = "PL1 reviewed: version 2 is PL4 (next review 2026-08-01): 眠れるようになってきた" ]'
ok "each change is audited" \
	eval '[ "$(sql "SELECT count(*) FROM audit WHERE subject = \"F2\" AND action IN (\"create\", \"change\") AND detail LIKE \"plan PL%\"")" = 3 ]'

as nurse1 2026-05-10 -c 'show F1'
ok "show FAMILY has the plan in its timeline" contains "$out" "PL1 reviewed: version 2 is PL4"

hook=$TSU_TMP/hook.scm
cat >"$hook" <<'EOF'
;; Pre-fill an item on every new plan, as a municipality might.
(add-hook! plan-hook
  (lambda (event plan data)
    (when (eq? event 'new)
      (run-command (string-append "plan item " plan
                                  " --what \"保健師が電話する\" --who staff")))))
EOF
tsu_run --staff nurse1 --today 2026-05-10 -l "$hook" --format json -c 'plan new F3'
ok "a plan with an open plan is refused even with a hook" [ "$rc" = 1 ]
as nurse1 2026-05-10 -c 'plan close PL3 --reason "終結"'
tsu_run --staff nurse1 --today 2026-05-10 -l "$hook" -c 'plan new F3'
ok "plan-hook runs on a new plan and may add items" \
	eval '[ "$rc" = 0 ] && [ "$(sql "SELECT what FROM plan_item WHERE plan_id = 6")" = "保健師が電話する" ]'

bad=$TSU_TMP/bad.scm
echo '(add-hook! plan-hook (lambda (event plan data) (error "no plans today")))' >"$bad"
tsu_run --staff nurse1 --today 2026-05-10 -l "$bad" -c 'plan concern PL6 --whose parent --text y'
ok "a failing hook fails the command" \
	eval '[ "$rc" = 1 ] && contains "$err" "no plans today"'
ok "and rolls back its change" \
	[ "$(sql 'SELECT count(*) FROM plan_concern WHERE plan_id = 6')" = 0 ]

tap_done
