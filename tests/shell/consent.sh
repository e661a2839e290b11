#!/bin/sh
# consent.sh - the rule of when a referral may go without the family's
# consent lives in Scheme (referral-sharing-basis, scripts/scheme/
# referral.scm): the shipped rule asked from Scheme, a site's stricter
# rule, its own basis recorded, a broken rule reported, and the reply
# period kept in Scheme.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup

if ! python3 -c 'import sqlite3' 2>/dev/null; then
	echo "1..0 # SKIP python3 with sqlite3 is needed to check the output"
	exit 0
fi

# sql QUERY: the first column of each row QUERY gives.
sql() {
	python3 - "$TSUNAGU_DB" "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for row in db.execute(sys.argv[2]):
    print("" if row[0] is None else row[0])
PY
}

as() {
	tsu_run --staff nurse1 --today 2026-04-01 "$@"
}

as -c "agency add 市要対協 --kind 要対協" \
	-c "agency add 中央児童相談所 --kind 児童相談所" \
	-c "intake pregnancy --set family_name=山田 --set given_name=花子
	    --set family_name_kana=ヤマダ --set given_name_kana=ハナコ
	    --set birth_date=1995-04-01 --set notified_on=2026-03-10
	    --set due_date=2026-10-01"
if [ "$rc" != 0 ]; then
	echo "1..0 # SKIP the intake and referral plugins are needed ($err)"
	exit 0
fi

tap_plan 8

as -c "(referral-sharing-basis '((agency-kind . \"要対協\") (designation . \"特定妊婦\")))" \
	-c "(referral-sharing-basis '((agency-kind . \"医療機関\") (designation . \"特定妊婦\")))" \
	-c "(referral-sharing-basis '((agency-kind . \"要対協\") (designation . #f) (conference? . #t) (designated? . #t)))"
ok "the shipped rule, asked from Scheme" eval '[ "$out" = "\"児童福祉法第25条の3（要保護児童対策地域協議会での情報共有）\"
#f
\"児童福祉法第25条の3（個別ケース検討会議の決定）\"" ]'

cat >"$TSU_TMP/strict.scm" <<'SCM'
;; This site shares without consent only what 第25条 makes a duty.
(define (referral-sharing-basis facts)
  (and (equal? (assq-ref facts 'designation) "要保護児童")
       (equal? (assq-ref facts 'agency-kind) "児童相談所")
       "児童福祉法第25条（通告の義務）"))
SCM
as -l "$TSU_TMP/strict.scm" -c "refer P1 市要対協 --reason 共有できない --consent no --designation 特定妊婦"
ok "a site's stricter rule refuses what the shipped one allows" \
	eval '[ "$rc" = 1 ] && contains "$err" "P1 to 市要対協 without consent"'
ok "... and nothing is kept" [ "$(sql "SELECT count(*) FROM referral")" = 0 ]

as -l "$TSU_TMP/strict.scm" -c "refer P1 中央児童相談所 --reason あざ --consent no --designation 要保護児童"
ok "the site's own basis is kept on the referral" \
	[ "$(sql "SELECT sharing_basis FROM referral WHERE id = 1")" = "児童福祉法第25条（通告の義務）" ]
ok "... and on the timeline" \
	contains "$(sql "SELECT summary FROM event WHERE ref = 'RF1'")" \
	"(without consent: 児童福祉法第25条（通告の義務）)"

echo '(define (referral-sharing-basis facts) 25)' >"$TSU_TMP/broken.scm"
as -l "$TSU_TMP/broken.scm" -c "refer P1 市要対協 --reason x --consent no --designation 特定妊婦"
ok "a rule giving no text is reported, never taken for a yes" \
	eval '[ "$rc" = 1 ] && contains "$err" "referral-sharing-basis: expected a basis"'

as -c "refer P1 市要対協 --reason 見守りの依頼 --consent yes"
ok "with consent the rule is not asked" \
	[ "$(sql "SELECT count(*) FROM referral WHERE consent = 1 AND sharing_basis IS NULL")" = 1 ]

as -c "(set-referral-reply-days! 400)"
ok "the reply period is checked in Scheme" \
	contains "$err" "DAYS must be a whole number from 1 to 365, not 400"

tap_done
