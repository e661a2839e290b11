#!/bin/sh
# staff.sh - the first identity, staff and their roles, and the settings
# an admin keeps (`config`).

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup

tap_plan 58

have_python=no
python3 -c 'import json' 2>/dev/null && have_python=yes

# json_check JSON PYTHON: run the PYTHON statements with the parsed JSON in
# `v`; true when they raise nothing.
json_check() {
	if [ $have_python = no ]; then
		return 0
	fi
	printf '%s\n' "$1" | python3 -c "
import json, sys
v = json.load(sys.stdin)
$2"
}

# ---- the first identity ----

tsu_run --staff boss -c 'staff list'
ok "the first identity may act" [ "$rc" = 0 ]
ok "the first identity is told it is now an admin" \
	[ "$err" = "tsunagu: boss is the first staff member and now an admin" ]
ok "the first identity is listed as an admin" \
	eval 'printf "%s\n" "$out" | grep -q "^boss  *boss  *admin"'

tsu_run --staff boss -c 'staff list'
ok "the second run says nothing on standard error" \
	[ "$rc" = 0 -a -z "$err" ]

tsu_run --staff stranger -c 'staff list'
ok "an unknown staff id is refused (exit 1)" [ "$rc" = 1 ]
ok "the refusal names the id and the known ones" \
	contains "$err" 'unknown staff id "stranger" (known: boss)'
tsu_run --staff bosss -c 'staff list'
ok "an unknown staff id close to a known one names it" \
	contains "$err" 'unknown staff id "bosss" (did you mean boss?'
tsu_run --staff 'no good' -c 'staff list'
ok "a staff id with a blank is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "is not valid"'

# ---- staff add ----

tsu_run --staff boss -c 'staff add hanako --name "保健 花子" --role nurse --center 中央 --phone 03-1234-5678'
ok "an admin adds a nurse" [ "$rc" = 0 ]
ok "the new staff member is printed as a record" \
	eval 'contains "$out" "hanako" && contains "$out" "保健 花子" &&
		contains "$out" "03-1234-5678"'

tsu_run --staff boss --format json -c 'staff add taro --name "事務 太郎" --role clerk'
ok "staff add in JSON exits 0" [ "$rc" = 0 ]
ok "staff add in JSON prints one object with its id" \
	json_check "$out" 'assert v == {"id": "taro", "name": "事務 太郎", "role": "clerk", "center": None, "phone": None}'

tsu_run --staff boss -c 'staff add mi.ru_3-x --name=見る --role=viewer --center=北'
ok "an id with '.', '_' and '-' and --opt=VALUE are accepted" [ "$rc" = 0 ]

tsu_run --staff boss -c 'staff add hanako --name 別人 --role viewer'
ok "a duplicate id is refused (exit 1)" [ "$rc" = 1 ]
ok "the duplicate is named" \
	contains "$err" 'tsunagu: staff: add: staff id "hanako" already exists'

tsu_run --staff boss -c 'staff add Hanako --name 別人 --role viewer'
ok "an id taken in another case is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "staff id \"hanako\" already exists"'

tsu_run --staff boss -c 'staff add yuki --name 雪 --role nures'
ok "a bad role is refused (exit 1)" [ "$rc" = 1 ]
ok "a bad role names the nearest" contains "$err" "(did you mean nurse?)"
tsu_run --staff boss -c 'staff add yuki --name 雪 --role chef'
ok "a role far from any lists the roles" \
	contains "$err" '"chef" is not one of admin, nurse, clerk, viewer'

tsu_run --staff boss -c 'staff add 山田 --name 山田 --role nurse'
ok "an id that is not ASCII is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "is not valid"'
tsu_run --staff boss -c 'staff add abcdefghijklmnopqrstuvwxyz0123456 --name 長 --role nurse'
ok "an id of 33 characters is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "is not valid"'
tsu_run --staff boss -c 'staff add yuki --role nurse'
ok "--name is required" eval '[ "$rc" = 1 ] && contains "$err" "--name"'
tsu_run --staff boss -c 'staff add yuki --name 雪'
ok "--role is required" eval '[ "$rc" = 1 ] && contains "$err" "--role"'
tsu_run --staff boss -c 'staff add --name 雪 --role nurse'
ok "the id is required" eval '[ "$rc" = 1 ] && contains "$err" "which staff id"'
tsu_run --staff boss -c 'staff add yuki --name 雪 --role nurse --phone abc'
ok "a phone without digits is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "--phone"'
tsu_run --staff boss -c 'staff add yuki --name 雪 --role nurse --rol nurse'
ok "an unknown option names the nearest" \
	eval '[ "$rc" = 1 ] && contains "$err" "did you mean --role?"'
tsu_run --staff boss -c 'staff ad yuki --name 雪 --role nurse'
ok "an unknown sub-command names the nearest" \
	eval '[ "$rc" = 1 ] && contains "$err" "did you mean add?"'

tsu_run --staff boss --format tsv -c 'staff list'
ok "nothing refused was added" eval '! contains "$out" yuki'

# ---- staff list ----

tsu_run --staff boss --format json -c 'staff list'
ok "staff list in JSON exits 0" [ "$rc" = 0 ]
ok "staff list in JSON has every staff member with the five keys" \
	json_check "$out" '
assert [r["id"] for r in v] == ["boss", "hanako", "mi.ru_3-x", "taro"]
assert all(list(r) == ["id", "name", "role", "center", "phone"] for r in v)
assert [r["role"] for r in v] == ["admin", "nurse", "viewer", "clerk"]
assert v[1]["center"] == "中央" and v[1]["phone"] == "03-1234-5678"'
tsu_run --staff boss -c 'staff'
ok "staff alone lists the staff" eval '[ "$rc" = 0 ] && contains "$out" hanako'

# ---- roles ----

tsu_run --staff mi.ru_3-x -c 'staff list'
ok "a viewer may list the staff" [ "$rc" = 0 ]
tsu_run --staff mi.ru_3-x -c 'staff add kumo --name 雲 --role viewer'
ok "a viewer may not add staff (exit 1)" [ "$rc" = 1 ]
ok "the refusal names the staff, the role and what is needed" \
	contains "$err" "mi.ru_3-x (role viewer) may not do administration"
tsu_run --staff hanako -c 'staff add kumo --name 雲 --role viewer'
ok "a nurse may not add staff" [ "$rc" = 1 ]
tsu_run --staff taro -c 'staff add kumo --name 雲 --role viewer'
ok "a clerk may not add staff" [ "$rc" = 1 ]

tsu_run --staff taro -c '(+ 1 2)'
ok "a clerk may not run Scheme (exit 1)" [ "$rc" = 1 ]
ok "the Scheme refusal says so" contains "$err" "taro (role clerk) may not do Scheme"
ok "the refused Scheme printed nothing" [ -z "$out" ]
tsu_run --staff mi.ru_3-x -c '(+ 1 2)'
ok "a viewer may not run Scheme" [ "$rc" = 1 ]
tsu_run --staff hanako -c '(+ 1 2)'
ok "a nurse may run Scheme" [ "$rc" = 0 ]
ok "(+ 1 2) prints 3" [ "$out" = 3 ]

# ---- settings (config) ----

tsu_run --staff boss --format json -c 'config'
ok "config lists the settings" [ "$rc" = 0 ]
ok "config lists every setting with its default" json_check "$out" '
d = {r["name"]: (r["value"], r["default"]) for r in v}
assert d == {"date-style": ("iso", "iso"), "center-name": ("", ""),
	"center-phone": ("", ""), "due-window-days": ("30", "30"),
	"query-timeout-ms": ("2000", "2000")}, d
assert all(list(r) == ["name", "value", "default", "description"] for r in v)'

tsu_run --staff boss -c 'config date-style wareki'
ok "an admin changes date-style" [ "$rc" = 0 ]
tsu_run --staff hanako --format json -c 'config date-style'
ok "config NAME shows the new value" \
	json_check "$out" 'assert v["name"] == "date-style" and v["value"] == "wareki"'
tsu_run --staff boss -c 'config center-name "つなぐ市 こども家庭センター"'
ok "a text setting takes blanks and Japanese" [ "$rc" = 0 ]
tsu_run --staff boss --format tsv -c 'config center-name'
ok "the text setting is kept" contains "$out" "つなぐ市 こども家庭センター"
tsu_run --staff boss -c 'config due-window-days 14'
ok "an integer setting in range is taken" [ "$rc" = 0 ]

tsu_run --staff hanako -c 'config date-style iso'
ok "a nurse may not change a setting" \
	eval '[ "$rc" = 1 ] && contains "$err" "may not do administration"'
tsu_run --staff boss -c 'config date-style wareki-shrt'
ok "a bad choice names the nearest" \
	eval '[ "$rc" = 1 ] && contains "$err" "did you mean wareki-short?"'
tsu_run --staff boss -c 'config due-window-days 366'
ok "an integer out of range is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "out of range (1 to 365)"'
tsu_run --staff boss -c 'config query-timeout-ms 2s'
ok "a setting that is not a number is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "is not a whole number"'
tsu_run --staff boss -c 'config date-styl iso'
ok "an unknown setting names the nearest" \
	eval '[ "$rc" = 1 ] && contains "$err" "unknown setting \"date-styl\" (did you mean date-style?)"'
tsu_run --staff boss -c 'config a b c'
ok "too many words are refused" [ "$rc" = 1 ]

tsu_run --staff boss --format tsv -c 'config'
ok "refused changes changed nothing" \
	eval 'contains "$out" "$(printf "date-style\twareki")" &&
		contains "$out" "$(printf "due-window-days\t14")"'

# ---- help ----

tsu_run --staff boss -c 'help staff'
ok "help staff shows the usage" \
	eval '[ "$rc" = 0 ] && contains "$out" "staff add ID --name N"'
tsu_run --staff boss -c 'help config'
ok "help config names the settings" \
	eval '[ "$rc" = 0 ] && contains "$out" "due-window-days"'

tap_done
