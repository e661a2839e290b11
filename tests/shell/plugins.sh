#!/bin/sh
# plugins.sh - plugins in the real program: the shipped ones are listed
# with their versions and give their help topics; --plugin-dir and
# $TSUNAGU_PLUGIN_PATH load more; a broken plugin or an unreadable folder
# is reported in one line naming it, and the program goes on.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup

tap_plan 47

: "${top_builddir:=.}"
test_plugins=$top_builddir/tests/plugin/.libs
if [ ! -f "$test_plugins/example.so" ]; then
	echo "Bail out! $test_plugins/example.so is missing (make check builds it)"
	exit 99
fi

have_python=no
python3 -c 'import json' 2>/dev/null && have_python=yes

# True when $out is one valid JSON value.
json_ok() {
	printf '%s\n' "$out" |
		python3 -c 'import json, sys; json.load(sys.stdin)' 2>/dev/null
}

# The number of lines of $err that contain the string $1.
err_lines() {
	printf '%s\n' "$err" | grep -c -F -- "$1"
}

# True when a line of $out matches the extended regular expression $1.
has_line() {
	printf '%s\n' "$out" | grep -q -E -- "$1"
}

# True when $out has a line starting with plugin $1 and a version.
listed() {
	printf '%s\n' "$out" |
		grep -q -E "^$1[[:space:]]+[0-9]+\.[0-9]+\.[0-9]+([[:space:]]|\$)"
}

# The first run makes "chief" the admin of the test database.
tsu_run --staff chief -c plugins

# ---- the shipped plugins ----

ok "plugins exits 0" [ "$rc" = 0 ]
for p in intake plan referral export; do
	ok "plugins lists $p with its version" listed "$p"
done
ok "no plugin is reported broken" [ -z "$(printf '%s' "$err" | grep -F 'plugins:')" ]

tsu_run --staff chief --format json -c plugins
if [ "$have_python" = yes ]; then
	ok "plugins --format json is valid JSON" json_ok
else
	skip "plugins --format json is valid JSON" "no python3"
fi
ok "... and names the intake plugin" contains "$out" '"intake"'

tsu_run --staff chief -c help
ok "help names intake" contains "$out" "intake"
ok "help names referral" contains "$out" "referral"

tsu_run --staff chief -c 'help intake'
ok "help intake exits 0" [ "$rc" = 0 ]
ok "help intake names its commands" contains "$out" "intake pregnancy"

tsu_run --staff chief -c 'help plan'
ok "help plan exits 0" [ "$rc" = 0 ]
ok "help plan names its commands" contains "$out" "plan review PLAN-ID"

tsu_run --staff chief -c 'help referral'
ok "help referral exits 0" [ "$rc" = 0 ]
ok "help referral names its commands" contains "$out" "referral update REF-ID"

tsu_run --staff chief -c 'help export'
ok "help export exits 0" [ "$rc" = 0 ]
ok "help export names its command" contains "$out" "export csv|json|xlsx WHAT"

# ---- --plugin-dir: the test plugins, two of them broken ----

tsu_run --staff chief --plugin-dir "$test_plugins" -c hello
ok "--plugin-dir: hello runs" [ "$rc" = 0 ]
ok "hello prints the greeting" contains "$out" "Hello, world!"
ok "hello names the acting staff" contains "$out" "chief"
ok "wrongabi.so is reported in one line" [ "$(err_lines wrongabi.so)" = 1 ]
host_abi=$("$TSUNAGU" --version | sed -n 's/.*plugin ABI \([0-9.]*\)).*/\1/p')
ok "... naming both ABI versions" contains "$err" "ABI 2.0, this tsunagu has $host_abi"
ok "noentry.so is reported in one line" [ "$(err_lines noentry.so)" = 1 ]
ok "... naming the missing symbol" contains "$err" "tsunagu_plugin_entry"
ok "example.so is not reported" [ "$(err_lines example.so)" = 0 ]

tsu_run --staff chief --plugin-dir "$test_plugins" -c 'hello 髙橋'
ok "hello NAME greets the name" contains "$out" "Hello, 髙橋!"

tsu_run --staff chief --plugin-dir "$test_plugins" --format json -c hello
ok "hello --format json exits 0" [ "$rc" = 0 ]
if [ "$have_python" = yes ]; then
	ok "hello --format json is valid JSON" json_ok
else
	skip "hello --format json is valid JSON" "no python3"
fi
ok "... with the greeting" contains "$out" '"greeting"'
ok "... and nothing else on stdout from the broken plugins" \
	[ "$(printf '%s' "$out" | grep -c -F '.so')" = 0 ]

tsu_run --staff chief --plugin-dir "$test_plugins" -c plugins
ok "plugins lists the example plugin" listed example
ok "... and still the shipped ones" listed intake

tsu_run --staff chief --plugin-dir "$test_plugins" -c 'note "first call made"' \
	-c 'note "visit booked"'
ok "note (its own table, made by its schema) exits 0" [ "$rc" = 0 ]
ok "note prints the number of notes" has_line '^notes:[[:space:]]+2$'

tsu_run --staff chief --plugin-dir "$test_plugins" \
	--plugin-dir "$test_plugins" -c hello
ok "the same folder twice: hello still runs" [ "$rc" = 0 ]
ok "... the second example.so is refused as already loaded" \
	contains "$err" "already loaded"

tsu_run --staff chief -c hello
ok "without --plugin-dir there is no hello" [ "$rc" = 1 ]

# ---- $TSUNAGU_PLUGIN_PATH ----

tsu_run_env "TSUNAGU_PLUGIN_PATH=$test_plugins" -- --staff chief -c hello
ok "TSUNAGU_PLUGIN_PATH: hello runs" [ "$rc" = 0 ]
ok "... and prints the greeting" contains "$out" "Hello, world!"
ok "... the broken ones are reported" [ "$(err_lines wrongabi.so)" = 1 ]

tsu_run_env "TSUNAGU_PLUGIN_PATH=$TSU_TMP/nowhere::$test_plugins" -- \
	--staff chief -c hello
ok "a missing folder in the path does not stop the rest" [ "$rc" = 0 ]
ok "... it is reported by name" contains "$err" "$TSU_TMP/nowhere"

# ---- folders that cannot be read ----

printf 'not a folder\n' >"$TSU_TMP/file-dir"
tsu_run --staff chief --plugin-dir "$TSU_TMP/file-dir" -c plugins
ok "a plugin folder that is a file: the program works" [ "$rc" = 0 ]
ok "... and warns, naming it" contains "$err" "$TSU_TMP/file-dir"

mkdir "$TSU_TMP/locked"
chmod 000 "$TSU_TMP/locked"
if [ -r "$TSU_TMP/locked" ]; then
	skip "an unreadable plugin folder: the program works" "running as root"
	skip "... and warns, naming it" "running as root"
else
	tsu_run --staff chief --plugin-dir "$TSU_TMP/locked" -c plugins
	ok "an unreadable plugin folder: the program works" [ "$rc" = 0 ]
	ok "... and warns, naming it" contains "$err" "$TSU_TMP/locked"
fi
chmod 700 "$TSU_TMP/locked"

tap_done
