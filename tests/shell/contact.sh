#!/bin/sh
# contact.sh - `contact` (kinds, dates, staff, refused visits, the
# timeline event and errors), `move`, `end` and `family --contact`.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup
tap_plan 18

T="--today 2026-04-10"
tsu_run --staff nurse1 $T -c 'staff add view1 --name 閲覧 --role viewer' \
	-c 'staff add nurse2 --name 保健師 --role nurse' \
	-c "intake pregnancy --set family_name=山田 --set given_name=花子 --set family_name_kana=やまだ --set given_name_kana=はなこ --set birth_date=1995-05-01 --set notified_on=2026-04-01 --set due_date=2026-10-01"
ok "set up" [ "$rc" = 0 ]

tsu_run --staff nurse1 $T --format json -c 'contact F1 --kind visit --date R8.4.5 --note 良好'
ok "contact exits 0" [ "$rc" = 0 ]
ok "it prints the contact with its id" contains "$out" '"id": "C1"'
ok "a wareki date is stored ISO" contains "$out" '"date": "2026-04-05"'
tsu_run --staff nurse1 $T -c 'show F1'
ok "the contact is on the timeline" contains "$out" "contact"
tsu_run --staff nurse1 $T --format json -c 'contact P1 --kind visit --outcome refused'
ok "a refused visit is recorded" contains "$out" '"event": "contact:visit-refused"'
tsu_run --staff nurse1 $T -c 'contact F1 --kind vist'
ok "a misspelt kind gets a suggestion" contains "$err" 'did you mean "visit"'
tsu_run --staff nurse1 $T -c 'contact F1'
ok "--kind is needed" contains "$err" "--kind is needed"
tsu_run --staff nurse1 $T -c 'contact F1 --kind phone --date 2026-05-01'
ok "a contact in the future is refused" contains "$err" "after today"
tsu_run --staff nurse1 $T -c 'contact F9 --kind phone'
ok "an unknown id is named" contains "$err" "F9"
tsu_run --staff view1 $T -c 'contact F1 --kind phone'
ok "a viewer cannot log a contact" [ "$rc" = 1 ]

tsu_run --staff nurse1 $T -c 'family P1 --contact nurse2'
ok "family --contact names the contact staff" contains "$out" "nurse2"
tsu_run --staff nurse1 $T -c 'family F1 --contact nurs2'
ok "an unknown staff member gets a suggestion" contains "$err" 'did you mean "nurse2"'
tsu_run --staff nurse1 $T --format json -c 'move P1 --date 2026/4/8 --to 札幌市'
ok "move sets the family moved" contains "$out" '"status": "moved"'
ok "with the destination" contains "$out" "札幌市"
tsu_run --staff nurse1 $T -c 'move F1 --date 2026-04-08'
ok "move needs --to" contains "$err" "--to"
tsu_run --staff nurse1 $T --format json -c 'end F1 --date 2026-04-09 --reason 就学'
ok "end sets the family ended" contains "$out" '"status": "ended"'
tsu_run --staff nurse1 $T --format json -c 'family F1 --active'
ok "family --active takes it back" contains "$out" '"status": "active"'

tap_done
