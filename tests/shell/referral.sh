#!/bin/sh
# referral.sh - referrals: `refer` with the consent rule, every allowed and
# refused move of `referral update`, the status history with who and when,
# `referral list|show|history`, the due-list return of a referral with no
# reply, designations raised on acceptance (flags, `show`) and ended with
# `designation end`, referral-hook, the reply period from Scheme, the role
# rules (a clerk cannot refer) and the audit rows.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup

if ! python3 -c 'import sqlite3, json' 2>/dev/null; then
	echo "1..0 # SKIP python3 with sqlite3 is needed to check the output"
	exit 0
fi

tap_plan 85

# json_check JSON PYTHON: run PYTHON with the parsed JSON in `v`.
json_check() {
	printf '%s\n' "$1" | python3 -c "
import json, sys
v = json.load(sys.stdin)
$2"
}

# sql QUERY: the first column of each row QUERY gives.
sql() {
	python3 - "$TSUNAGU_DB" "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for row in db.execute(sys.argv[2]):
    print("" if row[0] is None else row[0])
PY
}

# as STAFF DATE ARG...: run as STAFF on day DATE.
as() {
	_who=$1
	_day=$2
	shift 2
	tsu_run --staff "$_who" --today "$_day" "$@"
}

# ---- staff, agencies and a family (mother P1, child P2, family F1) ----

as nurse1 2026-04-01 -c "staff add nurse2 --name 保健師二 --role nurse" \
	-c "staff add clerk1 --name 事務 --role clerk" \
	-c "staff add viewer1 --name 閲覧 --role viewer" \
	-c "agency add 市要対協 --kind 要対協" \
	-c "agency add 中央児童相談所 --kind 児童相談所" \
	-c "agency add 市立病院 --kind 医療機関"
ok "staff and agencies for the tests" [ "$rc" -eq 0 ]

python3 - "$TSUNAGU_DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
now = "2026-04-01T00:00:00Z"
for fn, gn, birth in (("山田", "花子", "1995-03-20"),
                      ("山田", "太郎", "2025-10-01")):
    db.execute("INSERT INTO person(family_name, given_name, birth_date,"
               " status, created_at, updated_at)"
               " VALUES(?, ?, ?, 'active', ?, ?)", (fn, gn, birth, now, now))
db.execute("INSERT INTO family(contact_staff, created_at)"
           " VALUES('nurse2', ?)", (now,))
db.execute("INSERT INTO member VALUES(1, 1, 'mother'), (1, 2, 'child')")
db.commit()
PY
ok "a family made for the tests" [ "$(sql "SELECT count(*) FROM member")" = 2 ]

# ---- refer: consent and designations ----

as nurse2 2026-04-01 --format json -c "refer p1 市立病院 --reason 妊婦健診の未受診 --consent yes --reply-by R8.4.10"
ok "refer prints the new referral" json_check "$out" "
assert v['id'] == 'RF1' and v['subject'] == 'P1', v
assert v['agency'] == '市立病院' and v['agency_kind'] == '医療機関'
assert v['status'] == 'proposed' and v['consent'] is True
assert v['reply_by'] == '2026-04-10' and v['sharing_basis'] is None
assert v['staff'] == 'nurse2' and v['created_on'] == '2026-04-01'"

as clerk1 2026-04-01 -c "refer P1 市立病院 --reason x --consent yes"
ok "a clerk cannot refer" [ "$rc" -eq 1 ]
ok "... and is told why" contains "$err" 'clerk1 (role clerk) may not do casework'
ok "... and nothing is added" [ "$(sql "SELECT count(*) FROM referral")" = 1 ]

as viewer1 2026-04-01 -c "refer P1 市立病院 --reason x --consent yes"
ok "a viewer cannot refer" contains "$err" 'may not do casework'

as nurse2 2026-04-01 -c "refer P1 市立病院 --reason 心配"
ok "without consent and without a designation: refused" [ "$rc" -eq 1 ]
ok "... naming the law and the way out" contains "$err" '児童福祉法第25条の3'
ok "... and --consent yes" contains "$err" 'give --consent yes'

as nurse2 2026-04-01 -c "refer P2 市立病院 --reason 心配 --consent no --designation 要支援児童"
ok "no consent, a designation, but a medical agency: refused" contains "$err" 'P2 to 市立病院 without consent'

as nurse2 2026-04-01 -c "refer P2 中央児童相談所 --reason 心配 --consent no --designation 要支援児童"
ok "no consent to a 児童相談所 for a 要支援児童: refused" [ "$rc" -eq 1 ]

as nurse2 2026-04-01 --format json -c "refer P2 中央児童相談所 --reason あざ --consent no --designation 要保護児童"
ok "no consent to a 児童相談所 for a 要保護児童: the notice (第25条)" json_check "$out" "
assert v['id'] == 'RF2' and v['consent'] is False, v
assert v['designation'] == '要保護児童'
assert v['sharing_basis'].startswith('児童福祉法第25条（'), v"

as nurse2 2026-04-01 --format json -c "refer P1 市要対協 --reason 心配事が共有できない --consent no --designation tokutei-ninpu"
ok "no consent to 要対協 for a 特定妊婦 (ASCII alias): 第25条の3" json_check "$out" "
assert v['id'] == 'RF3' and v['designation'] == '特定妊婦', v
assert '第25条の3' in v['sharing_basis']"

ok "the record says why: the basis is on the timeline" \
	contains "$(sql "SELECT summary FROM event WHERE ref = 'RF3'")" \
	'(without consent: 児童福祉法第25条の3（要保護児童対策地域協議会での情報共有）)'
ok "... and in the audit trail" \
	[ "$(sql "SELECT count(*) FROM audit WHERE detail LIKE 'referral RF3 to AG% (without consent: 児童福祉法第25条の3%'")" = 1 ]
ok "a referral with consent names no basis" \
	[ "$(sql "SELECT count(*) FROM event WHERE ref = 'RF1' AND summary LIKE '%without consent%'")" = 0 ]

as nurse2 2026-04-01 -c "refer P1 市要対協 --reason x --consent no --designation 特定妊"
ok "an unknown designation gets the nearest" contains "$err" 'did you mean 特定妊婦?'

as nurse2 2026-04-01 -c "refer P1 市要対協 --reason x --consent yess"
ok "--consent other than yes or no is refused" contains "$err" '--consent: "yess" is not yes or no'

as nurse2 2026-04-01 -c "refer P1 市立病 --reason x --consent yes"
ok "an unknown agency gets the nearest names" contains "$err" 'no agency "市立病" (did you mean 市立病院'

as nurse2 2026-04-01 -c "refer P9 市立病院 --reason x --consent yes"
ok "an unknown subject is refused" contains "$err" 'no person P9'

as nurse2 2026-04-01 -c "refer P1 市立病院 --consent yes"
ok "--reason is required" contains "$err" '--reason is missing'

as nurse2 2026-04-01 -c "refer P1 市立病院 --reason x --consent yes --reply-by 2026-13-01"
ok "a bad --reply-by is refused naming it" contains "$err" '--reply-by'

as nurse2 2026-04-01 -c "refer P1 市立病院 --reason x --consent yes --reply-by 2026-03-01"
ok "a --reply-by before today is refused" contains "$err" 'before today'

ok "refused referrals leave nothing" [ "$(sql "SELECT count(*) FROM referral")" = 3 ]
ok "the schema refuses a referral without consent or basis" \
	[ "$(sql "SELECT count(*) FROM referral WHERE consent = 0 AND sharing_basis IS NULL")" = 0 ]

# ---- referral update: every move ----

upd() {
	as nurse2 "$1" -c "referral update $2 --status $3${4:+ --note $4}"
}

upd 2026-04-02 RF1 accepted
ok "proposed -> accepted is refused" contains "$err" 'RF1 is proposed; it can go to sent, not accepted'
upd 2026-04-02 RF1 declined
ok "proposed -> declined is refused" contains "$err" 'it can go to sent, not declined'
upd 2026-04-02 RF1 closed
ok "proposed -> closed is refused" contains "$err" 'it can go to sent, not closed'
upd 2026-04-02 RF1 proposed
ok "going back to proposed is refused" contains "$err" '--status: "proposed" is not sent'
upd 2026-04-02 RF1 sennt
ok "an unknown status gets the nearest" contains "$err" 'did you mean sent?'

upd 2026-04-02 RF1 sent FAX送付
ok "proposed -> sent" [ "$rc" -eq 0 ]
ok "... keeps the reply date given" [ "$(sql "SELECT reply_by FROM referral WHERE id = 1")" = 2026-04-10 ]
upd 2026-04-03 RF1 sent
ok "sent -> sent is refused" contains "$err" 'RF1 is sent; it can go to accepted or declined, not sent'
upd 2026-04-03 RF1 closed
ok "sent -> closed is refused" contains "$err" 'not closed'
upd 2026-04-05 RF1 declined 受診拒否
ok "sent -> declined" [ "$rc" -eq 0 ]
upd 2026-04-05 RF1 accepted
ok "declined -> accepted is refused" contains "$err" 'RF1 is declined; it can go to closed, not accepted'
upd 2026-04-06 RF1 closed
ok "declined -> closed" [ "$rc" -eq 0 ]
upd 2026-04-06 RF1 sent
ok "nothing follows closed" contains "$err" 'RF1 is closed; nothing follows closed'

as clerk1 2026-04-06 -c "referral update RF3 --status sent"
ok "a clerk cannot update a referral" contains "$err" 'clerk1 may not update referrals'

upd 2026-04-01 RF3 sent
ok "RF3 proposed -> sent" [ "$rc" -eq 0 ]
ok "... the reply date is set from the default period (14 days)" \
	[ "$(sql "SELECT reply_by FROM referral WHERE id = 3")" = 2026-04-15 ]
upd 2026-04-03 RF3 accepted 受理
ok "sent -> accepted" [ "$rc" -eq 0 ]
upd 2026-04-03 RF3 declined
ok "accepted -> declined is refused" contains "$err" 'RF3 is accepted; it can go to closed, not declined'

as nurse1 2026-04-04 --format json -c "referral history RF1"
ok "the history keeps each change with who and when" json_check "$out" "
assert [h['status'] for h in v] == ['proposed', 'sent', 'declined', 'closed'], v
assert [h['date'] for h in v] == ['2026-04-01', '2026-04-02', '2026-04-05', '2026-04-06']
assert all(h['staff'] == 'nurse2' for h in v)
assert v[1]['note'] == 'FAX送付' and v[2]['note'] == '受診拒否'
assert all(h['changed_at'].endswith('Z') for h in v)"

as viewer1 2026-04-04 --format json -c "referral show rf3"
ok "referral show prints one record with its history" json_check "$out" "
assert v['id'] == 'RF3' and v['status'] == 'accepted', v
assert v['sent_on'] == '2026-04-01' and v['replied_on'] == '2026-04-03'
assert 'accepted (nurse2): 受理' in v['history']"
ok "... and the read is audited" \
	[ "$(sql "SELECT count(*) FROM audit WHERE action = 'read' AND subject = 'P1' AND detail = 'referral RF3'")" = 1 ]

as viewer1 2026-04-04 -c "referral show RF99"
ok "an unknown referral is refused" contains "$err" 'RF99: no such referral'
as viewer1 2026-04-04 -c "referral show F1"
ok "an id of another kind is refused" contains "$err" '"F1" is not a referral id'
as viewer1 2026-04-04 -c "referral lst"
ok "a misspelt sub-command gets the nearest" contains "$err" 'did you mean list?'

# ---- designations from an accepted referral ----

as nurse1 2026-04-04 --format json -c "designation list"
ok "the accepted referral designated P1 特定妊婦" json_check "$out" "
assert len(v) == 1, v
d = v[0]
assert d['id'] == 'DG1' and d['subject'] == 'P1' and d['designation'] == '特定妊婦'
assert d['referral'] == 'RF3' and d['since'] == '2026-04-03' and d['active'] is True"

as nurse1 2026-04-04 -c "show P1"
ok "show P1 has the designation among its flags" contains "$out" '特定妊婦'
ok "... and the referrals on its timeline" contains "$out" '紹介 RF3 → 市要対協'
as nurse1 2026-04-04 -c "flags 特定妊婦"
ok "flags 特定妊婦 lists P1" contains "$out" 'P1'

# ---- the due list ----

as nurse1 2026-04-04 -c "referral update RF2 --status sent"
ok "RF2 sent on 2026-04-04" [ "$(sql "SELECT reply_by FROM referral WHERE id = 2")" = 2026-04-18 ]

as nurse1 2026-04-10 --format json -c "due --kind referral --within 5"
ok "before its reply date an unanswered referral is not yet due" json_check "$out" "
assert [d for d in v if d['subject'] == 'P2'] == [], v"

as nurse1 2026-04-20 --format json -c "due --kind referral"
ok "after its reply date it comes back on the due list" json_check "$out" "
d = [d for d in v if d['subject'] == 'P2']
assert len(d) == 1, v
d = d[0]
assert d['kind'] == 'referral' and d['milestone'] == 'referral-reply'
assert d['due_on'] == '2026-04-18' and d['overdue'] is True
assert 'RF2' in d['label'] and d['staff'] == 'nurse2'"
ok "answered referrals are not due" json_check "$out" "
assert all('RF1' not in d['label'] and 'RF3' not in d['label'] for d in v), v"

as nurse1 2026-04-20 -c "referral update RF2 --status accepted"
as nurse1 2026-04-20 --format json -c "due --kind referral"
ok "once answered it leaves the due list" json_check "$out" "
assert [d for d in v if d['subject'] == 'P2'] == [], v"

as nurse1 2026-04-20 --format json -c "designation list --active --subject P2"
ok "RF2 accepted designated P2 要保護児童" json_check "$out" "
assert [d['designation'] for d in v] == ['要保護児童'], v"

# ---- referral list ----

as viewer1 2026-04-20 --format json -c "referral list"
ok "referral list shows every referral" json_check "$out" "
assert [r['id'] for r in v] == ['RF1', 'RF2', 'RF3'], v
assert [r['status'] for r in v] == ['closed', 'accepted', 'accepted']"
as viewer1 2026-04-20 --format json -c "referral list --open"
ok "referral list --open leaves out the closed ones" json_check "$out" "
assert [r['id'] for r in v] == ['RF2', 'RF3'], v"
as viewer1 2026-04-20 --format json -c "referral list --agency 中央児童相談所"
ok "referral list --agency" json_check "$out" "
assert [r['id'] for r in v] == ['RF2'], v"
as viewer1 2026-04-20 --format json -c "referral list --subject F1"
ok "referral list --subject" json_check "$out" "
assert v == [], v"
as viewer1 2026-04-20 -c "referral list --agency 市立"
ok "referral list --agency with an unknown name gets the nearest" contains "$err" 'did you mean 市立病院'

# ---- ending a designation ----

as clerk1 2026-04-21 -c "designation end DG1 --reason 支援が定着"
ok "a clerk cannot end a designation" contains "$err" 'clerk1 may not end designations'
as nurse1 2026-04-21 -c "designation end DG1"
ok "ending needs a reason" contains "$err" '--reason is missing'
as nurse1 2026-04-21 --format json -c "designation end DG1 --reason 出産後、支援が定着"
ok "designation end DG1" json_check "$out" "
d = [d for d in v if d['id'] == 'DG1'][0]
assert d['active'] is False and d['ended_on'] == '2026-04-21', v
assert d['end_reason'] == '出産後、支援が定着' and d['ended_by'] == 'nurse1'"
ok "... the flag is lowered and kept" \
	[ "$(sql "SELECT cleared_on FROM flag WHERE subject = 'P1' AND name = '特定妊婦'")" = 2026-04-21 ]
as nurse1 2026-04-21 --format json -c "show P1"
ok "show P1 no longer has the flag" json_check "$out" "
assert [f for f in v['flags'] if f['name'] == '特定妊婦'] == [], v['flags']"
ok "... and the end is on its timeline" json_check "$out" "
assert any(e['kind'] == 'designation' and '指定終了 DG1' in e['summary'] for e in v['timeline']), v['timeline']"
as nurse1 2026-04-21 -c "designation end DG1 --reason again"
ok "a designation ends once" contains "$err" 'DG1 (P1 特定妊婦) ended on 2026-04-21 already'
as nurse1 2026-04-21 -c "designation end DG9 --reason x"
ok "an unknown designation is refused" contains "$err" 'DG9: no such designation'
as nurse1 2026-04-21 --format json -c "designation list"
ok "designation list keeps the history" json_check "$out" "
assert [(d['id'], d['active']) for d in v] == [('DG1', False), ('DG2', True)], v"
ok "the flag is lowered as flag --clear does: on the timeline with the reason" \
	[ "$(sql "SELECT summary FROM event WHERE subject = 'P1' AND kind = 'flag' AND summary LIKE '特定妊婦 cleared%'")" = "特定妊婦 cleared: 出産後、支援が定着" ]

as nurse1 2026-04-22 -c "flag P2 要保護児童 --clear" -c "designation end DG2 --reason 転出"
ok "a designation whose flag staff lowered already still ends" [ "$rc" = 0 ]
ok "... and the flag keeps the day it was lowered" \
	[ "$(sql "SELECT count(*) || ' ' || max(cleared_on) FROM flag WHERE subject = 'P2' AND name = '要保護児童'")" = "1 2026-04-22" ]

# ---- Scheme: the reply period and referral-hook ----

cat >"$TSU_TMP/hook.scm" <<'SCM'
(set-referral-reply-days! 21)
(add-hook! referral-hook
  (lambda (event subject data)
    (format #t "hook ~a ~a ~a ~a~%" event subject (assq-ref data 'id)
            (assq-ref data 'agency))
    (when (equal? (assq-ref data 'reason) "フックで止める")
      (error "stopped by the hook"))))
SCM
as nurse1 2026-04-21 -l "$TSU_TMP/hook.scm" -c "(referral-reply-days)" \
	-c "refer P1 市立病院 --reason 産後ケア --consent yes" \
	-c "referral update RF4 --status sent"
ok "a script sets the reply period" contains "$out" '21'
ok "referral-hook runs on creation" contains "$out" 'hook proposed P1 RF4 市立病院'
ok "referral-hook runs on each change" contains "$out" 'hook sent P1 RF4 市立病院'
ok "... the period from Scheme gives the reply date" \
	[ "$(sql "SELECT reply_by FROM referral WHERE id = 4")" = 2026-05-12 ]

as nurse1 2026-04-21 -l "$TSU_TMP/hook.scm" -c "refer P1 市立病院 --reason フックで止める --consent yes"
ok "a failing hook fails the referral" contains "$err" 'stopped by the hook'
ok "... and rolls it back" [ "$(sql "SELECT count(*) FROM referral")" = 4 ]

as nurse1 2026-04-21 -c "(set-referral-reply-days! 0)"
ok "a reply period out of range is refused" contains "$err" 'from 1 to 365'

# ---- the audit trail ----

ok "each referral and change is audited on its subject" \
	[ "$(sql "SELECT count(*) FROM audit WHERE action IN ('create', 'change') AND detail LIKE 'referral RF%'")" = 12 ]

tap_done
