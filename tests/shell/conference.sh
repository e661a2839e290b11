#!/bin/sh
# conference.sh - case conferences (個別ケース検討会議): `conference new`
# with attendees (staff and agencies), subjects, decisions and the next
# meeting; decisions that designate, end designations and refer; the
# minutes on each subject's timeline (`show`); `conference show|list`;
# refused input with the nearest names; who may record one.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup

if ! python3 -c 'import sqlite3, json' 2>/dev/null; then
	echo "1..0 # SKIP python3 with sqlite3 is needed to check the output"
	exit 0
fi

tap_plan 27

json_check() {
	printf '%s\n' "$1" | python3 -c "
import json, sys
v = json.load(sys.stdin)
$2"
}

sql() {
	python3 - "$TSUNAGU_DB" "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for row in db.execute(sys.argv[2]):
    print("" if row[0] is None else row[0])
PY
}

as() {
	_who=$1
	shift
	tsu_run --staff "$_who" --today 2026-05-01 "$@"
}

as nurse1 -c "staff add nurse2 --name 保健師二 --role nurse" \
	-c "staff add clerk1 --name 事務 --role clerk" \
	-c "agency add 市要対協 --kind 要対協" \
	-c "agency add 中央児童相談所 --kind 児童相談所" \
	-c "agency add ひまわり保育園 --kind 保育所・幼稚園"
ok "staff and agencies for the tests" [ "$rc" -eq 0 ]

# Mother P1 and child P2 in family F1; P3 in family F2.
python3 - "$TSUNAGU_DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
now = "2026-04-01T00:00:00Z"
for fn, gn, birth in (("佐藤", "美咲", "1999-06-01"),
                      ("佐藤", "陽翔", "2025-12-24"),
                      ("鈴木", "結衣", "2001-01-15")):
    db.execute("INSERT INTO person(family_name, given_name, birth_date,"
               " status, created_at, updated_at)"
               " VALUES(?, ?, ?, 'active', ?, ?)", (fn, gn, birth, now, now))
db.execute("INSERT INTO family(contact_staff, created_at) VALUES('nurse2', ?)",
           (now,))
db.execute("INSERT INTO family(contact_staff, created_at) VALUES('nurse1', ?)",
           (now,))
db.execute("INSERT INTO member VALUES(1, 1, 'mother'), (1, 2, 'child'),"
           " (2, 3, 'mother')")
db.commit()
PY
ok "families made for the tests" [ "$(sql "SELECT count(*) FROM member")" = 3 ]

as nurse2 --format json -c "conference new --date R8.4.28 --subject P1 --subject p2 --attendee nurse2 --attendee 中央児童相談所 --attendee AG3 --decision 週1回の家庭訪問 --decision 保育園での見守り --designate P1=特定妊婦 --designate P2=要支援児童 --refer P2=ひまわり保育園 --next 2026-05-26"
ok "conference new prints the minutes" json_check "$out" "
assert v['id'] == 'CF1' and v['date'] == '2026-04-28', v
assert v['subjects'] == 'P1, P2' and v['next'] == '2026-05-26'
assert v['attendees'] == '保健師二 (nurse2), 中央児童相談所 (AG2), ひまわり保育園 (AG3)', v['attendees']
d = v['decisions']
assert d.startswith('週1回の家庭訪問; 保育園での見守り'), d
assert 'P1 を特定妊婦に指定 (DG1)' in d and 'P2 を要支援児童に指定 (DG2)' in d
assert 'P2 をひまわり保育園に紹介 (RF1)' in d"

ok "its designations are made, from the conference" \
	[ "$(sql "SELECT group_concat(subject || ':' || name || ':' || conference_id, ' ') FROM designation")" = "P1:特定妊婦:1 P2:要支援児童:1" ]
ok "... and raise their flags" \
	[ "$(sql "SELECT count(*) FROM flag WHERE cleared_on IS NULL AND name IN ('特定妊婦', '要支援児童')")" = 2 ]

as nurse2 --format json -c "referral show RF1"
ok "its referral is recorded without consent on the council's basis" json_check "$out" "
assert v['subject'] == 'P2' and v['agency'] == 'ひまわり保育園', v
assert v['consent'] is False and v['conference'] == 'CF1'
assert '個別ケース検討会議' in v['sharing_basis'] and v['status'] == 'proposed'"

as nurse2 --format json -c "show P1"
ok "the conference is on P1's timeline with its decisions" json_check "$out" "
e = [e for e in v['timeline'] if e['kind'] == 'conference']
assert len(e) == 1, v['timeline']
assert e[0]['date'] == '2026-04-28' and e[0]['ref'] == 'CF1'
assert '週1回の家庭訪問' in e[0]['summary'] and '次回 2026-05-26' in e[0]['summary']"
ok "... and P1 shows the designation as a flag" json_check "$out" "
assert [f['name'] for f in v['flags']] == ['特定妊婦'], v['flags']"
as nurse2 --format json -c "show P2"
ok "the conference is on P2's timeline too" json_check "$out" "
assert any(e['kind'] == 'conference' and e['ref'] == 'CF1' for e in v['timeline']), v"
as nurse2 --format json -c "show P3"
ok "... but not on P3's, who was not discussed" json_check "$out" "
assert not any(e['kind'] == 'conference' for e in v['timeline']), v"

as nurse2 --format json -c "conference new --date 2026-04-30 --subject P1 --attendee nurse1 --end DG1 --decision 出産し支援が定着"
ok "a later conference ends a designation" json_check "$out" "
assert v['id'] == 'CF2' and '指定終了 DG1' in v['decisions'], v"
ok "... recorded with the deciding conference" \
	[ "$(sql "SELECT ended_on || ' ' || end_conference_id || ' ' || end_reason FROM designation WHERE id = 1")" = "2026-05-01 2 個別ケース検討会議 CF2 の決定" ]
ok "... and its flag is lowered" \
	[ "$(sql "SELECT count(*) FROM flag WHERE cleared_on IS NULL AND name = '特定妊婦'")" = 0 ]

as nurse2 -c "conference new --date 2026-04-30 --subject P3 --attendee nurse1 --refer P3=市要対協"
ok "a conference cannot refer a subject without a designation" contains "$err" 'P3 to 市要対協 without consent'
ok "... and records nothing" [ "$(sql "SELECT count(*) FROM conference")" = 2 ]

as nurse2 -c "conference new --date 2026-04-30 --subject P3 --attendee 中央児童相談"
ok "an unknown attendee gets the nearest name" contains "$err" '"中央児童相談" is neither a staff id nor an agency (did you mean 中央児童相談所?)'
as nurse2 -c "conference new --date 2026-04-30 --subject P3 --attendee nurse1 --designate P1=特定妊婦"
ok "a decision on a subject not discussed is refused" contains "$err" 'P1 is not among the subjects discussed'
as nurse2 -c "conference new --date 2026-04-30 --subject P3 --attendee nurse1 --designate P3=要支援"
ok "an unknown designation gets the nearest" contains "$err" 'did you mean 要支援児童?'
as nurse2 -c "conference new --date 2026-04-30 --attendee nurse1"
ok "--subject is required" contains "$err" '--subject is missing'
as nurse2 -c "conference new --date 2026-04-30 --subject P3"
ok "--attendee is required" contains "$err" '--attendee is missing'
as nurse2 -c "conference new --subject P3 --attendee nurse1"
ok "--date is required" contains "$err" '--date is missing'
as nurse2 -c "conference new --date 2026-04-30 --subject P3 --attendee nurse1 --next 2026-04-01"
ok "--next must be after the conference" contains "$err" '--next: 2026-04-01 is not after the conference'

as clerk1 -c "conference new --date 2026-04-30 --subject P3 --attendee nurse1"
ok "a clerk cannot record a conference" contains "$err" 'clerk1 may not record conferences'

as clerk1 --format json -c "conference list"
ok "conference list" json_check "$out" "
assert [c['id'] for c in v] == ['CF1', 'CF2'], v"
as clerk1 --format json -c "conference list --subject P2"
ok "conference list --subject" json_check "$out" "
assert [c['id'] for c in v] == ['CF1'], v"
as clerk1 -c "conference show cf2"
ok "conference show, any case" contains "$out" '出産し支援が定着'
ok "... and reading it is audited on its subjects" \
	[ "$(sql "SELECT count(*) FROM audit WHERE action = 'read' AND detail = 'conference CF2' AND subject = 'P1'")" -ge 1 ]

tap_done
