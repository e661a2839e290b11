#!/bin/sh
# options.sh - the program's options, environment and exit statuses:
# 0 all lines succeeded, 1 a line failed, 2 bad usage.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup

tap_plan 55

have_python=no
python3 -c 'import sqlite3, json' 2>/dev/null && have_python=yes

# The first run makes "chief" the admin of the test database.
tsu_run --staff chief -c 'staff list'

# ---- --help, --version, bad usage ----

tsu_run --help
ok "--help exits 0" [ "$rc" = 0 ]
ok "--help prints the usage" contains "$out" "Usage: tsunagu"

tsu_run --version
ok "--version exits 0" [ "$rc" = 0 ]
ok "--version names the program" contains "$out" "tsunagu "

tsu_run --todya 2026-04-01 -c 'staff list'
ok "an unknown option exits 2" [ "$rc" = 2 ]
ok "an unknown option names the nearest" \
	contains "$err" "unknown option --todya (did you mean --today?)"

tsu_run --staff
ok "a missing value exits 2" [ "$rc" = 2 ]
ok "a missing value is named" contains "$err" "--staff needs a value"

tsu_run --staff chief --format xml -c 'staff list'
ok "a bad --format exits 2" [ "$rc" = 2 ]
ok "a bad --format is named" contains "$err" '"xml" is not one of table, json, tsv'

tsu_run --staff chief --today 2026-02-30 -c 'staff list'
ok "an impossible --today exits 2" [ "$rc" = 2 ]
ok "an impossible --today is named" contains "$err" "2026-02-30"

tsu_run --staff chief stray -c 'staff list'
ok "a stray argument exits 2" [ "$rc" = 2 ]

tsu_run_in 'staff list' --staff chief --batch -c 'staff list'
ok "-c together with --batch exits 2" [ "$rc" = 2 ]

tsu_run --staff chief --today R8.4.1 -c '(today)'
ok "a wareki --today is accepted" [ "$rc" = 0 ]
ok "--today R8.4.1 is 2026-04-01" [ "$out" = '"2026-04-01"' ]

# ---- -c lines ----

tsu_run --staff chief -c 'staff add first1 --name 一番 --role viewer' \
	-c 'no-such-command' -c 'staff add after1 --name 後 --role viewer'
ok "-c with a failing line exits 1" [ "$rc" = 1 ]
ok "the failing line is reported" contains "$err" "no-such-command"
tsu_run --staff chief --format tsv -c 'staff list'
ok "the lines before the failing one ran" contains "$out" "first1"
ok "the lines after the failing one did not run" \
	eval '! contains "$out" after1'

tsu_run --staff chief -c 'staff add second1 --name 二番 --role clerk' \
	-c 'staff list'
ok "-c with several good lines exits 0" [ "$rc" = 0 ]
ok "-c lines run in order (the list shows the new staff)" \
	[ "$(printf '%s\n' "$out" | grep -c second1)" = 2 ]

# ---- --batch and standard input ----

tsu_run_in 'staff list
config date-style' --staff chief --batch
ok "--batch with good lines exits 0" [ "$rc" = 0 ]
ok "--batch runs every line" contains "$out" "date-style"

tsu_run_in 'staff add batch1 --name 一 --role viewer
staff add batch1 --name 一 --role viewer
staff add batch2 --name 二 --role viewer' --staff chief --batch
ok "--batch with a failing line exits 1" [ "$rc" = 1 ]
tsu_run --staff chief --format tsv -c 'staff list'
ok "--batch stops at the failing line" \
	eval 'contains "$out" batch1 && ! contains "$out" batch2'

tsu_run_in 'staff add piped1 --name 管 --role viewer' --staff chief
ok "standard input that is not a terminal is read as --batch" [ "$rc" = 0 ]
tsu_run --staff chief --format tsv -c 'staff list'
ok "the piped line ran" contains "$out" piped1

# ---- the database: $TSUNAGU_DB and --db ----

tsu_run_env TSUNAGU_DB=$TSU_TMP/env.db -- --staff chief -c 'staff list'
ok '$TSUNAGU_DB names the database' [ "$rc" = 0 -a -f "$TSU_TMP/env.db" ]
tsu_run_env TSUNAGU_DB=$TSU_TMP/env2.db -- --staff chief --db "$TSU_TMP/opt.db" \
	-c 'staff list'
ok '--db wins over $TSUNAGU_DB' \
	[ "$rc" = 0 -a -f "$TSU_TMP/opt.db" -a ! -e "$TSU_TMP/env2.db" ]

# ---- the acting staff: $TSUNAGU_STAFF and --staff ----

tsu_run_env TSUNAGU_STAFF=chief -- -c 'staff list'
ok '$TSUNAGU_STAFF names the acting staff' [ "$rc" = 0 ]
tsu_run_env TSUNAGU_STAFF=stranger -- -c 'staff list'
ok '$TSUNAGU_STAFF with an unknown id exits 1' [ "$rc" = 1 ]
ok 'the unknown id is named' contains "$err" 'unknown staff id "stranger"'
tsu_run_env TSUNAGU_STAFF=stranger -- --staff chief -c 'staff list'
ok '--staff wins over $TSUNAGU_STAFF' [ "$rc" = 0 ]

# ---- today: $TSUNAGU_TODAY ----

tsu_run_env TSUNAGU_TODAY=2026/5/6 -- --staff chief -c '(today)'
ok '$TSUNAGU_TODAY sets today' [ "$out" = '"2026-05-06"' ]
tsu_run_env TSUNAGU_TODAY=2026/5/6 -- --staff chief --today 令和8年6月7日 -c '(today)'
ok '--today wins over $TSUNAGU_TODAY' [ "$out" = '"2026-06-07"' ]
tsu_run_env TSUNAGU_TODAY=tomorrow -- --staff chief -c 'staff list'
ok 'a bad $TSUNAGU_TODAY exits 2' [ "$rc" = 2 ]

# ---- --format ----

tsu_run --staff chief --format json -c 'staff list'
ok "--format json exits 0" [ "$rc" = 0 ]
if [ $have_python = yes ]; then
	ok "--format json prints one valid JSON array with ids" \
		eval 'printf "%s\n" "$out" | python3 -c "
import json, sys
rows = json.load(sys.stdin)
assert isinstance(rows, list) and len(rows) >= 3
assert all(set(r) == {\"id\", \"name\", \"role\", \"center\", \"phone\"} for r in rows)
assert {\"id\": \"chief\", \"name\": \"chief\", \"role\": \"admin\", \"center\": None, \"phone\": None} in rows
"'
else
	skip "--format json prints one valid JSON array with ids" "no python3"
fi

tsu_run --staff chief --format tsv -c 'staff list'
ok "--format tsv starts with the keys" \
	[ "$(printf '%s\n' "$out" | head -n 1)" = "$(printf 'id\tname\trole\tcenter\tphone')" ]
ok "--format tsv has one line per staff member" \
	[ "$(printf '%s\n' "$out" | grep -c "$(printf '\tviewer')")" -ge 3 ]

# ---- files that are not ours ----

if [ $have_python = yes ]; then
	python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("CREATE TABLE recipes(name TEXT, minutes INTEGER)")
c.execute("INSERT INTO recipes VALUES(?, ?)", ("肉じゃが", 40))
c.commit()
c.close()' "$TSU_TMP/foreign.db"
	cp "$TSU_TMP/foreign.db" "$TSU_TMP/foreign.copy"
	tsu_run --staff chief --db "$TSU_TMP/foreign.db" -c 'staff list'
	ok "another program's SQLite database is refused (exit 1)" [ "$rc" = 1 ]
	ok "the refusal says why" contains "$err" "not a tsunagu database"
	ok "another program's database is left byte for byte" \
		cmp -s "$TSU_TMP/foreign.db" "$TSU_TMP/foreign.copy"

	python3 -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("CREATE TABLE schema_version(owner TEXT PRIMARY KEY, version INTEGER)")
c.execute("PRAGMA application_id=1414747463")
c.execute("PRAGMA user_version=99")
c.commit()
c.close()' "$TSU_TMP/newer.db"
	cp "$TSU_TMP/newer.db" "$TSU_TMP/newer.copy"
	tsu_run --staff chief --db "$TSU_TMP/newer.db" -c 'staff list'
	ok "a database of a newer schema is refused (exit 1)" [ "$rc" = 1 ]
	ok "the refusal names the newer schema" contains "$err" "newer"
	ok "the newer database is left byte for byte" \
		cmp -s "$TSU_TMP/newer.db" "$TSU_TMP/newer.copy"
else
	for t in 1 2 3 4 5 6; do
		skip "databases that are not ours" "no python3"
	done
fi

printf 'shopping list\nmilk\n' >"$TSU_TMP/notes.txt"
cp "$TSU_TMP/notes.txt" "$TSU_TMP/notes.copy"
tsu_run --staff chief --db "$TSU_TMP/notes.txt" -c 'staff list'
ok "a text file as database is refused (exit 1)" [ "$rc" = 1 ]
ok "the text file is left byte for byte" \
	cmp -s "$TSU_TMP/notes.txt" "$TSU_TMP/notes.copy"

# ---- the default database under $XDG_DATA_HOME ----

mode() {
	stat -c %a "$1" 2>/dev/null || stat -f %Lp "$1"
}

xdg=$TSU_TMP/xdg/data
tsu_run_env TSUNAGU_DB= XDG_DATA_HOME="$xdg" -- --staff chief -c 'staff list'
ok 'without --db the database is made under $XDG_DATA_HOME' \
	[ "$rc" = 0 -a -f "$xdg/tsunagu/tsunagu.db" ]
ok "the database is mode 0600" [ "$(mode "$xdg/tsunagu/tsunagu.db")" = 600 ]
ok "its new folders are mode 0700" \
	[ "$(mode "$xdg/tsunagu")" = 700 -a "$(mode "$xdg")" = 700 -a \
	"$(mode "$TSU_TMP/xdg")" = 700 ]
tsu_run_env TSUNAGU_DB= XDG_DATA_HOME= -- --staff chief -c 'staff list'
ok 'without $XDG_DATA_HOME the database is made under $HOME/.local/share' \
	[ "$rc" = 0 -a -f "$HOME/.local/share/tsunagu/tsunagu.db" ]

# ---- commands ----

tsu_run --staff chief -c 'staf list'
ok "an unknown command exits 1" [ "$rc" = 1 ]
ok "an unknown command names the nearest" contains "$err" "did you mean staff?"

tap_done
