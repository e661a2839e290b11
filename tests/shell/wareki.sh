#!/bin/sh
# wareki.sh - dates as staff write them: with `config date-style wareki`
# (or wareki-short) every date a person reads - records, timelines, the
# due list, plans, referrals, conferences, designations, agencies, flags,
# the audit listing, find - is shown as 令和8年4月1日 (R8.4.1); JSON, TSV
# and files keep ISO.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"

tsu_setup
cd "$TSU_TMP" || exit 99
tap_plan 14
LC_ALL=C.UTF-8
LANGUAGE=
export LC_ALL LANGUAGE

run() {
	tsu_run --staff nurse1 --today 2026-11-25 "$@"
}

run -c 'intake pregnancy --set family_name=和田 --set given_name=春香
	--set family_name_kana=わだ --set given_name_kana=はるか
	--set birth_date=H8.1.15 --set notified_on=R8.4.1
	--set due_date=2026-10-20' \
	-c 'intake birth P1 --set given_name=陽太 --set given_name_kana=ひなた
	--set birth_date=2026-10-12 --set sex=男' \
	-c 'contact P1 --kind phone --date 2026-10-20 --note 体調確認' \
	-c 'flag F1 isolation --reason 相談相手がいない' \
	-c 'plan new F1 --next-review 2027-01-15' \
	-c 'plan concern PL1 --whose parent --text 夜に眠れない' \
	-c 'plan item PL1 --what 産後ケアを申し込む --who parent --by 2026-12-10' \
	-c 'agency add 中央児童相談所 --kind 児童相談所' \
	-c 'refer P1 中央児童相談所 --reason 育児不安 --consent yes
	--reply-by 2026-12-01' \
	-c 'referral update RF1 --status sent' \
	-c 'conference new --date 2026-11-20 --subject P1 --attendee nurse1
	--decision 週1回の訪問 --designate P1=特定妊婦 --next 2026-12-18'
ok "a family with a plan, a referral and a conference is recorded" \
	test "$rc" -eq 0
if [ "$rc" != 0 ]; then
	tap_done
fi

run -c "config date-style wareki"
ok "date-style wareki is set" test "$rc" -eq 0

# Every listing a person reads, in the table format.
shown_lines='show P1
show F1
find わだ
due --within 60
plan show PL1
plan list --all
referral list
referral show RF1
referral history RF1
agency list
conference list
conference show CF1
designation list
flags
family F1
audit --limit 20'
: >shown
printf '%s\n' "$shown_lines" | while IFS= read -r line; do
	run -c "$line"
	printf '%s\n' "$out" >>shown
	[ "$rc" = 0 ] || echo "FAILED: $line: $err" >>shown
done
ok "every listing runs" eval '! grep -q "^FAILED" shown'
grep "^FAILED" shown | sed 's/^/# /'

# The audit's details quote what was done, dates included, as recorded;
# everything else a person reads has no ISO date left.
grep -Ev '^ *[0-9]+ +令和' shown |
	grep -E '(^|[^0-9])[0-9]{4}-[0-9]{2}-[0-9]{2}' >iso_left
ok "no ISO date is left in what a person reads" test ! -s iso_left
sed -n '1,10s/^/# ISO left: /p' iso_left

ok "the mother's birth date is 平成8年1月15日" grep -q '平成8年1月15日' shown
ok "the notification date is 令和8年4月1日" grep -q '令和8年4月1日' shown
ok "a plan item's date is 令和8年12月10日" \
	grep -q 'by 令和8年12月10日' shown
ok "a referral's history is dated 令和8年11月25日" \
	grep -q 'history: *令和8年11月25日 proposed' shown
ok "the audit listing's time stamps are 令和 with the time" \
	grep -Eq '^ *[0-9]+ +令和8年11月[0-9]+日 [0-9]{2}:[0-9]{2}:[0-9]{2}' shown

run -c "config date-style wareki-short" -c "show P1" -c "due --within 60"
ok "wareki-short shows H8.1.15 and R8.x.y" \
	eval 'contains "$out" "H8.1.15" && contains "$out" "R8.4.1"'

run --format json -c "show P1" -c "due --within 60" -c "plan show PL1" \
	-c "referral show RF1"
ok "JSON keeps ISO dates" \
	eval 'contains "$out" "\"1996-01-15\"" && contains "$out" "\"2026-12-01\"" &&
	      ! contains "$out" "令和" && ! contains "$out" "H8.1.15"'
run --format tsv -c "referral history RF1" -c "plan list"
ok "TSV keeps ISO dates" \
	eval 'contains "$out" "2026-11-25" && ! contains "$out" "R8."'

run -c "export csv persons -o persons.csv --encoding utf-8"
ok "exported files keep ISO dates" \
	eval 'grep -q 1996-01-15 persons.csv && ! grep -q "H8\\." persons.csv'

run -c "contact P1 --kind visit --date 令和8年11月24日" --format json
ok "a date typed as 令和8年11月24日 is stored as 2026-11-24" \
	contains "$out" '"2026-11-24"'

tap_done
