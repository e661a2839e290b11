#!/bin/sh
# contact.sh - `contact` (kinds, dates, staff, refused visits, the
# timeline event and errors), `move`, `end` and `family --contact`.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup
tap_plan 35

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

# ---- a move or an end never overwrites another ----

tsu_run --staff nurse1 $T -c 'move F1 --date 2026-04-09 --to 大阪市'
ok "a second move is refused" [ "$rc" = 1 ]
ok "saying when and where the family moved" \
	contains "$err" "F1 already moved out on 2026-04-08 (to 札幌市)"
ok "and how to correct it" contains "$err" "family F1 --active"
tsu_run --staff nurse1 $T -c 'end F1 --date 2026-04-09 --reason 就学'
ok "ending a moved family is refused too" \
	eval '[ "$rc" = 1 ] && contains "$err" "already moved out on 2026-04-08"'
tsu_run --staff nurse1 $T --format json -c 'family F1'
ok "the first move is kept as it was" \
	eval 'contains "$out" "\"status_on\": \"2026-04-08\"" && contains "$out" "札幌市"'

tsu_run --staff nurse1 $T --format json -c 'family F1 --active'
ok "family --active takes it back" contains "$out" '"status": "active"'
tsu_run --staff nurse1 $T -c 'family F1 --active'
ok "--active on an active family is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "F1 is already active"'
tsu_run --staff nurse1 $T -c 'show F1'
ok "and records no second 再開" \
	[ "$(printf '%s\n' "$out" | grep -c "再開")" = 1 ]

tsu_run --staff nurse1 $T --format json -c 'end F1 --date 2026-04-09 --reason 就学'
ok "end sets the family ended" contains "$out" '"status": "ended"'
tsu_run --staff nurse1 $T -c 'end P1 --reason 転居'
ok "a second end is refused, saying when and why the first was" \
	eval '[ "$rc" = 1 ] && contains "$err" "F1 already ended on 2026-04-09 (就学)"'
tsu_run --staff nurse1 $T -c 'family F1 --active'
ok "and the family can be taken back" [ "$rc" = 0 ]

# ---- the date of a move or an end ----

tsu_run --staff nurse1 $T -c 'move F1 --date 2026-04-11 --to 大阪市'
ok "a move after today is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "2026-04-11 is after today (2026-04-10)"'
tsu_run --staff nurse1 $T -c 'end F1 --date 2027-01-01 --reason 就学'
ok "so is an end" \
	eval '[ "$rc" = 1 ] && contains "$err" "after today"'
tsu_run --staff nurse1 $T --format json -c 'family F1'
ok "and the family stays active" contains "$out" '"status": "active"'
tsu_run --staff nurse1 $T -c 'move F1 --date 2026-03-31 --to 大阪市'
ok "a move before the family's first record is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "before the first record of F1 (2026-04-01"'
tsu_run --staff nurse1 $T -c 'intake birth P1 --set given_name=太郎 --set given_name_kana=たろう --set birth_date=2026-04-05 --set sex=male' \
	-c 'move F1 --date 2026-04-03 --to 大阪市'
ok "a move before a member's birth is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "2026-04-03 is before P2 was born (2026-04-05)"'
tsu_run --staff nurse1 $T -c 'end F1 --date 2026-04-04 --reason 就学'
ok "so is an end" \
	eval '[ "$rc" = 1 ] && contains "$err" "before P2 was born"'
tsu_run --staff nurse1 $T -c 'contact P2 --kind visit --date 2026-04-04'
ok "a contact dated before the person's birth is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "--date: 2026-04-04 is before P2 was born (2026-04-05)"'
tsu_run --staff nurse1 $T -c 'move F1 --date 2026-04-10 --to 大阪市'
ok "a move today is recorded" [ "$rc" = 0 ]

tap_done
