#!/bin/sh
# intake.sh - `intake pregnancy` (create, match by kana name and birth
# date or resident code, update rather than duplicate), `intake birth`,
# `intake FORM ID`, validation errors, and the role rules.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup
tap_plan 22

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

tsu_run --staff nurse1 $T -c "intake pregnancy $MOTHER --set phone=090-1111-2222 --set given_name_kana=ﾊﾅｺ"
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

tap_done
