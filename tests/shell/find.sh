#!/bin/sh
# find.sh - `find` by kanji and kana (hiragana, katakana, half-width),
# partial names, several words, ids, phone numbers with or without
# hyphens, resident codes, --limit, errors and the audit.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup
tap_plan 21

T="--today 2026-04-10"
add() {
	tsu_run --staff nurse1 $T -c "intake pregnancy --set family_name=$1 --set given_name=$2 --set family_name_kana=$3 --set given_name_kana=$4 --set birth_date=$5 --set phone=$6 --set resident_code=$7 --set notified_on=2026-04-01 --set due_date=2026-10-01"
}
add 山田 花子 やまだ はなこ 1995-05-01 090-1234-5678 10001
add 山本 由美 ヤマモト ユミ 1992-02-02 080-2222-3333 10002
add 髙橋 美咲 たかはし みさき 1994-03-03 070-4444-5555 10003
ok "three mothers registered" [ "$rc" = 0 ]

found() { tsu_run --staff nurse1 $T --format tsv -c "find $1"; }
found ヤマダ
ok "katakana finds a hiragana name" contains "$out" "山田"
found ﾔﾏﾓﾄ
ok "half-width katakana finds a katakana name" contains "$out" "山本"
found やまもと
ok "hiragana finds a katakana name" contains "$out" "山本"
found 山
ok "one kanji finds the start of names" eval 'contains "$out" 山田 && contains "$out" 山本'
found "山 花子"
ok "several words must all match" eval 'contains "$out" 山田 && ! contains "$out" 山本'
found かはし
ok "part of a name in the middle (trigram)" contains "$out" "髙橋"
found 髙
ok "a rare kanji" contains "$out" "髙橋"
found 09012345678
ok "a phone number without hyphens" contains "$out" "山田"
found 2222-33
ok "a phone fragment with a hyphen" contains "$out" "山本"
found 10003
ok "a resident code" contains "$out" "髙橋"
found 09
ok "two digits are too few to search by, and it says so" \
	eval '[ "$rc" = 1 ] && contains "$err" "three digits"'

found p2
ok "an id, in any case" eval 'contains "$out" 山本 && ! contains "$out" 山田'
tsu_run --staff nurse1 $T --format json -c 'find 山 --limit 1'
ok "--limit caps the rows" [ "$(printf '%s\n' "$out" | grep -c '"id"')" = 1 ]
tsu_run --staff nurse1 $T -c 'find 山 --limit x'
ok "a bad --limit is named" contains "$err" '"x"'
found 存在しない名前
ok "nobody found is not an error" [ "$rc" = 0 ]
tsu_run --staff nurse1 $T -c 'find'
ok "find without words says what to give" contains "$err" "what to find"
tsu_run --staff nurse1 $T -c 'audit --subject P1'
ok "each person found is audited as read" contains "$out" "find"

# The same notification again with her new phone and name (married): the
# index follows her.
tsu_run --staff nurse1 $T -c "intake pregnancy --set family_name=佐藤 --set given_name=花子 --set family_name_kana=さとう --set given_name_kana=はなこ --set birth_date=1995-05-01 --set phone=090-9999-0000 --set resident_code=10001 --set notified_on=2026-04-01 --set due_date=2026-10-01"
found 9999-00
ok "her new phone finds her" contains "$out" "佐藤"
found 1234-5678
ok "her old phone does not" eval '! contains "$out" "P1"'
found さとう
ok "nor does anything but her new name" \
	eval 'contains "$out" "P1" && ! contains "$out" "P2"'

tap_done
