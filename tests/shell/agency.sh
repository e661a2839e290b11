#!/bin/sh
# agency.sh - the agencies referrals go to: `agency add`, `list`, `show`,
# `edit`; kinds by their Japanese names and ASCII aliases, unknown kinds and
# agencies answered with the nearest ones, who may add, and the audit rows.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup

if ! python3 -c 'import sqlite3, json' 2>/dev/null; then
	echo "1..0 # SKIP python3 with sqlite3 is needed to check the output"
	exit 0
fi

tap_plan 24

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

as() {
	_who=$1
	shift
	tsu_run --staff "$_who" --today 2026-04-01 "$@"
}

as nurse1 -c "staff add clerk1 --name 事務 --role clerk" \
	-c "staff add viewer1 --name 閲覧 --role viewer"
ok "staff for the tests" [ "$rc" -eq 0 ]

as nurse1 --format json -c "agency add 市要保護児童対策地域協議会 --kind 要対協 --phone 03-1234-5678 --contact 調整担当"
ok "agency add prints the new agency with its id" json_check "$out" "
assert v['id'] == 'AG1', v
assert v['name'] == '市要保護児童対策地域協議会'
assert v['kind'] == '要対協' and v['phone'] == '03-1234-5678'
assert v['contact'] == '調整担当' and v['referrals'] == 0"

as nurse1 -c "agency add 中央児童相談所 --kind jidosodanjo" \
	-c "agency add 市立病院 --kind medical" \
	-c "agency add ひまわり保育園 --kind 保育所・幼稚園" \
	-c "agency add 子ども家庭総合支援拠点つなぐ --kind support-base" \
	-c "agency add 民生委員 --kind その他"
ok "the other kinds, by Japanese name and ASCII alias" [ "$rc" -eq 0 ]
ok "aliases are stored as the kind's Japanese name" \
	[ "$(sql "SELECT kind FROM agency ORDER BY id" | tr '\n' ' ')" = \
	"要対協 児童相談所 医療機関 保育所・幼稚園 子ども家庭総合支援拠点 other " ]

as nurse1 -c "agency add 県立病院 --kind medcal"
ok "an unknown kind is refused" [ "$rc" -eq 1 ]
ok "... with the nearest kind" contains "$err" 'did you mean 医療機関?'
ok "... and nothing is added" [ "$(sql "SELECT count(*) FROM agency")" = 6 ]

as nurse1 -c "agency add 市立病院 --kind medical"
ok "a name taken is refused with its id" contains "$err" 'exists already (AG3'

as nurse1 -c "agency add 県立病院 --kind medical --phone 電話"
ok "a phone without digits is refused" contains "$err" '--phone: "電話" is not a phone number'

as nurse1 -c "agency add 県立病院"
ok "--kind is required" [ "$rc" -eq 1 ]

as clerk1 -c "agency add 県立病院 --kind medical"
ok "a clerk cannot add an agency" contains "$err" 'clerk1 may not add agencies'

as viewer1 --format json -c "agency list"
ok "a viewer lists the agencies" json_check "$out" "
assert [a['id'] for a in v] == ['AG1', 'AG2', 'AG3', 'AG4', 'AG5', 'AG6'], v
assert all('open_referrals' in a for a in v)"

as viewer1 --format json -c "agency list --kind 医療機関"
ok "agency list --kind" json_check "$out" "
assert [a['name'] for a in v] == ['市立病院'], v"

as viewer1 -c "agency show 中央児童相談所"
ok "agency show by name" contains "$out" 'AG2'

as viewer1 --format json -c "agency show ag3"
ok "agency show by id, any case" json_check "$out" "
assert v['name'] == '市立病院', v"

as viewer1 -c "agency show 中央児童相談"
ok "an unknown agency is refused" [ "$rc" -eq 1 ]
ok "... with the nearest names" contains "$err" 'no agency "中央児童相談" (did you mean 中央児童相談所'

as viewer1 -c "agency show AG99"
ok "an unknown agency id is refused" contains "$err" 'no agency "AG99"'

as nurse1 --format json -c "agency edit 市立病院 --phone 03-9999-0000 --contact 地域連携室"
ok "agency edit changes phone and contact" json_check "$out" "
assert v['phone'] == '03-9999-0000' and v['contact'] == '地域連携室', v
assert v['kind'] == '医療機関'"

as nurse1 --format json -c 'agency edit AG3 --phone ""'
ok "agency edit with an empty value removes it" json_check "$out" "
assert v['phone'] is None and v['contact'] == '地域連携室', v"

as nurse1 -c "agency edit AG3"
ok "agency edit with nothing to change is refused" contains "$err" 'nothing to change'

as clerk1 -c "agency edit AG3 --kind other"
ok "a clerk cannot edit an agency" contains "$err" 'may not change agencies'

as nurse1 -c "agency ad x --kind medical"
ok "a misspelt sub-command is answered with the nearest" contains "$err" 'did you mean add?'

ok "adding and editing are audited" \
	[ "$(sql "SELECT count(*) FROM audit WHERE detail LIKE 'agency AG%'")" = 8 ]

tap_done
