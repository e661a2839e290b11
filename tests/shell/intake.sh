#!/bin/sh
# intake.sh - `intake pregnancy` (create, match by kana name and birth
# date or resident code, update rather than duplicate), `intake birth`,
# `intake FORM ID`, validation errors, and the role rules.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup
tap_plan 51

T="--today 2026-04-10"
MOTHER='--set family_name=山田 --set given_name=花子
	--set family_name_kana=ヤマダ --set given_name_kana=ハナコ
	--set birth_date=1995-05-01 --set notified_on=R8.4.1
	--set due_date=2026-10-20'

tsu_run --staff nurse1 $T -c 'staff add clerk1 --name 事務 --role clerk' \
	-c 'staff add view1 --name 閲覧 --role viewer'
ok "set up staff" [ "$rc" = 0 ]

tsu_run --staff nurse1 $T --format json -c "intake pregnancy $MOTHER"
ok "intake pregnancy exits 0" [ "$rc" = 0 ]
ok "it prints the mother with her id" contains "$out" '"id": "P1"'
ok "with family_id" contains "$out" '"family_id": "F1"'
ok "and pregnancy_id" contains "$out" '"pregnancy_id": "PG1"'

tsu_run --staff nurse1 $T -c "intake pregnancy --set family_name=山田
	--set given_name=花子 --set family_name_kana=ヤマダ
	--set given_name_kana=ﾊﾅｺ --set birth_date=1995-05-01
	--set notified_on=R8.4.1 --set due_date=2026-10-20
	--set phone=090-1111-2222"
ok "the same kana name (half-width) and birth date is matched" \
	contains "$out" "P1 is already registered (the same kana name and birth date)"
ok "it says what it updated" contains "$out" "updated: phone"
ok "the same notification is not added twice" contains "$out" "already registered; nothing added"
tsu_run --staff nurse1 $T -c 'find 花子'
ok "no duplicate person" [ "$(printf '%s\n' "$out" | grep -c '花子')" = 1 ]

tsu_run --staff nurse1 $T --format json -c "intake pregnancy --set family_name=佐藤 --set given_name=陽子 --set family_name_kana=さとう --set given_name_kana=ようこ --set birth_date=1990-01-01 --set notified_on=2026-04-02 --set due_date=2026-11-01 --set resident_code=R77"
ok "a second mother gets her own family" contains "$out" '"family_id": "F2"'
tsu_run --staff nurse1 $T -c "intake pregnancy --set family_name=佐藤 --set given_name=ようこ --set family_name_kana=さとう --set given_name_kana=ようこ --set birth_date=1990-01-02 --set notified_on=2026-04-02 --set due_date=2026-11-01 --set resident_code=R77"
ok "the same resident code is the same person" \
	contains "$out" "(the same resident code)"

tsu_run --staff nurse1 $T --format json -c "intake birth P1 --set given_name=太郎 --set given_name_kana=たろう --set birth_date=2026-04-05 --set sex=male --set birth_weight_g=3000"
ok "intake birth exits 0" [ "$rc" = 0 ]
ok "it prints the child" contains "$out" '"id": "P3"'
ok "the child inherits the mother's family name" contains "$out" '"name": "山田 太郎"'
ok "and is in her family" contains "$out" '"family_id": "F1"'
tsu_run --staff nurse1 $T -c 'show F1'
ok "the pregnancy is closed by the birth" contains "$out" "出生 P3"

tsu_run --staff nurse1 $T -c "intake pregnancy --set family_name=鈴木"
ok "missing required fields fail" [ "$rc" = 1 ]
ok "and are named" contains "$err" "given_name"

tsu_run --staff nurse1 $T -c "intake birth P99 --set given_name=x"
ok "a bad mother id is named" contains "$err" "P99"
tsu_run --staff nurse1 $T -c "intake nosuchform P1"
ok "an unknown form is named" contains "$err" '"nosuchform"'

tsu_run --staff view1 $T -c "intake pregnancy $MOTHER"
ok "a viewer cannot intake" [ "$rc" = 1 ]
tsu_run --staff clerk1 $T -c "intake pregnancy $MOTHER"
ok "a clerk can" [ "$rc" = 0 ]

# ---- what people type ----

tsu_run --staff nurse1 $T --format json -c "intake pregnancy
	--set family_name=木村 --set given_name=結衣
	--set family_name_kana=ｷﾑﾗ --set given_name_kana=ﾕｲ
	--set birth_date=1993-03-03 --set notified_on=2026-04-03
	--set due_date=2026-11-01 --set \"phone=03(1234)5678\"
	--set \"resident_code=９８７ ６５\" --set first_pregnancy=ｙ"
ok "half-width kana is taken and stored full-width" \
	contains "$out" '"kana": "キムラ ユイ"'
ok "a phone number with brackets is stored with hyphens" \
	eval '[ "$(sql "SELECT phone FROM person WHERE family_name = '"'木村'"'")" = 03-1234-5678 ]'
ok "a resident code in full-width digits is stored in ASCII, no blanks" \
	eval '[ "$(sql "SELECT resident_code FROM person WHERE family_name = '"'木村'"'")" = 98765 ]'
ok "a full-width ｙ answers yes" \
	eval 'sql "SELECT answers FROM response WHERE answers LIKE '"'%木村%'"'" | grep -q "\"first_pregnancy\":true"'
tsu_run --staff nurse1 $T -c "intake pregnancy --set family_name=木村
	--set given_name=結衣 --set family_name_kana=キムラ
	--set given_name_kana=ユイ --set birth_date=1993-03-03
	--set notified_on=2026-04-03 --set due_date=2026-11-01
	--set \"resident_code= 98765 \""
ok "so the same code written otherwise is the same person" \
	contains "$out" "(the same resident code)"
ok "with no second person" \
	eval '[ "$(sql "SELECT count(*) FROM person WHERE family_name = '"'木村'"'")" = 1 ]'

tsu_run --staff nurse1 $T -c "intake pregnancy --set family_name=別人
	--set given_name=花 --set family_name_kana=ベツジン
	--set given_name_kana=ハナ --set birth_date=1992-06-01
	--set notified_on=2026-04-05 --set due_date=2026-12-10
	--set resident_code=98765"
ok "a resident code whose person differs in kana name and birth date is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "resident code 98765 is P"'
ok "and that person is left as she was" \
	eval '[ "$(sql "SELECT family_name || birth_date FROM person WHERE resident_code = '"'98765'"'")" = 木村1993-03-03 ]'
tsu_run --staff nurse1 $T -c "intake pregnancy --set family_name=佐々木
	--set given_name=結衣 --set family_name_kana=ササキ
	--set given_name_kana=ユイ --set birth_date=1993-03-03
	--set notified_on=2026-04-03 --set due_date=2026-11-01
	--set resident_code=98765"
ok "a new family name under the same code and birth date is an update" \
	contains "$out" "updated: family_name, family_name_kana"
tsu_run --staff nurse1 $T -c "intake pregnancy --set family_name=田中
	--set given_name=実 --set family_name_kana=タナカ
	--set given_name_kana=ミノル --set birth_date=1993-03-03
	--set notified_on=2026-04-03 --set due_date=2026-11-01
	--set resident_code=98765"
ok "but a new given name with a new family name is refused too" \
	eval '[ "$rc" = 1 ] && contains "$err" "more than one of family name, given name and birth date differ"'

tsu_run --staff nurse1 $T -c "intake consultation P1 --set topic=経済
	--set note=最初 --set note=訂正後"
ok "a field given twice with --set is refused, naming both values" \
	eval '[ "$rc" = 1 ] && contains "$err" "--set note is given twice (\"最初\" and \"訂正後\")"'
tsu_run --staff nurse1 $T -c "intake consultation P1 --set \"topic = 経済\""
ok "blanks around a --set name are not part of it" [ "$rc" = 0 ]
tsu_run --staff nurse1 $T -c "intake consultation P1 --set topik=経済"
ok "an unknown field is named plainly, with the nearest one" \
	contains "$err" "no field topik in form consultation (did you mean topic?)"
tsu_run --staff nurse1 $T -c 'forms "a b"'
ok "so is an unknown form" \
	eval '[ "$rc" = 1 ] && contains "$err" "forms: no form a b" && ! contains "$err" "forms: forms:"'

# ---- each form about its own kind of subject ----

tsu_run --staff nurse1 $T -c "intake checkup_4m F1 --set result=異常なし"
ok "a child's form is refused on a family, naming what to give" \
	eval '[ "$rc" = 1 ] && contains "$err" "checkup_4m is a form about a child: give the child'"'"'s id, not the family'"'"'s"'
tsu_run --staff nurse1 $T -c "intake checkup_4m P1 --set result=異常なし"
ok "and on the mother" \
	eval '[ "$rc" = 1 ] && contains "$err" "P1 is no family'"'"'s child"'
tsu_run --staff nurse1 $T -c "intake interview_8m P3"
ok "a mother's form is refused on a child" \
	eval '[ "$rc" = 1 ] && contains "$err" "interview_8m is a form about a mother, and P3 is a child"'
tsu_run --staff nurse1 $T -c "intake checkup_4m P3 --set result=異常なし --set examined_on=2026-05-01"
ok "a checkup dated after today is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "今日より後の日付です"'
tsu_run --staff nurse1 $T -c "intake checkup_4m P3 --set result=異常なし"
ok "the child's checkup goes in" [ "$rc" = 0 ]

# ---- one pregnancy at a time, births that can be ----

SATO='--set family_name=佐藤 --set given_name=美咲
	--set family_name_kana=サトウ --set given_name_kana=ミサキ
	--set birth_date=1991-07-07'
tsu_run --staff nurse1 $T --format json -c "intake pregnancy $SATO
	--set notified_on=2026-01-10 --set due_date=2026-08-01"
ok "a mother with one pregnancy" contains "$out" '"pregnancy_id": "PG'
pg=$(printf '%s\n' "$out" | sed -n 's/.*"pregnancy_id": "\(PG[0-9]*\)".*/\1/p')
mom=$(printf '%s\n' "$out" | sed -n 's/.*"id": "\(P[0-9]*\)".*/\1/p' | head -n 1)
tsu_run --staff nurse1 $T -c "intake pregnancy $SATO
	--set notified_on=2026-04-02 --set due_date=2026-11-20"
ok "a second open pregnancy is refused, saying how to close the first" \
	eval '[ "$rc" = 1 ] && contains "$err" "$mom already has an open pregnancy $pg: record its birth (intake birth $mom) or its end (pregnancy end $pg) first"'
tsu_run --staff nurse1 $T -c "intake birth $mom --set given_name=翼
	--set given_name_kana=つばさ --set birth_date=2020-01-01 --set sex=male"
ok "a child born years before the pregnancy is not of it" \
	eval '[ "$rc" = 1 ] && contains "$err" "a child born on 2020-01-01 is not of it"'
ok "and nothing of it is kept" \
	eval '[ "$(sql "SELECT count(*) FROM person WHERE given_name = '"'翼'"'")" = 0 ]'
tsu_run --staff nurse1 $T -c "pregnancy end $pg --date 2026-03-01 --reason 流産" \
	-c "intake pregnancy $SATO --set notified_on=2026-04-02
	    --set due_date=2026-11-20" -c "show $mom"
ok "pregnancy end closes it, and a new pregnancy goes in" \
	eval '[ "$rc" = 0 ] && contains "$out" "妊娠終了 ($pg): 流産"'
tsu_run --staff nurse1 $T --format json -c "pregnancy end $mom --date 2026-04-01 --reason x"
ok "a pregnancy does not end before it was notified" \
	eval '[ "$rc" = 1 ] && contains "$err" "is before PG"'
tsu_run --staff nurse1 $T -c "pregnancy end $pg --reason x"
ok "a pregnancy is ended once" \
	eval '[ "$rc" = 1 ] && contains "$err" "pregnancy $pg has ended already"'

tsu_run --staff nurse1 $T -c "intake birth P3 --set given_name=空
	--set given_name_kana=そら --set birth_date=2026-04-08 --set sex=male"
ok "a baby boy cannot be a mother" \
	eval '[ "$rc" = 1 ] && contains "$err" "P3 is recorded as male"'

tsu_run --staff nurse1 $T -c "intake birth P1 --set given_name=次郎
	--set given_name_kana=じろう --set birth_date=2026-04-05 --set sex=male"
ok "a twin born the same day is linked to the pregnancy of the first" \
	eval '[ "$rc" = 0 ] && contains "$out" "pregnancy_id: PG1" && contains "$out" "registered as a twin"'

tsu_run --staff nurse1 $T -c "move P1 --date 2026-04-09 --to 札幌市" \
	-c "intake pregnancy --set family_name=山田 --set given_name=花子
	    --set family_name_kana=ヤマダ --set given_name_kana=ハナコ
	    --set birth_date=1995-05-01 --set notified_on=2026-04-10
	    --set due_date=2026-12-20"
ok "a mother whose family moved out is told her records are off the due list" \
	contains "$out" "is marked moved out, so nothing of hers is on the due list"

tap_done
