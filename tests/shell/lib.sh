# lib.sh - helpers for the end-to-end tests in tests/shell, sourced with
# `. "$top_srcdir/tests/shell/lib.sh"`.  The harness passes $TSUNAGU,
# $top_srcdir and $top_builddir; run alone, a test finds the program in
# $top_builddir (default: the current folder).
#
#   tsu_setup            a private temporary folder $TSU_TMP (removed at
#                        exit) holding HOME, the XDG folders and the
#                        database $TSUNAGU_DB
#   tap_plan N           print the plan "1..N"
#   tsu_run ARG...       run the program (--no-init) with stdin from
#                        /dev/null; sets $rc, $out (stdout) and $err
#   tsu_run_env NAME=VALUE... -- ARG...  tsu_run with those variables set
#                        for the program only
#   tsu_run_in TEXT ARG...  the same with TEXT on standard input
#   ok DESC CMD...       one test: passes when CMD... succeeds; on failure
#                        shows the last run's status and output
#   skip DESC REASON     one test counted as skipped
#   contains TEXT FIXED  true when TEXT holds the string FIXED
#   tap_done             exit 1 if a test failed, else 0
#   tsu_tmux NAME        after tsu_setup: a private tmux server (killed
#                        at exit, with $TSU_TMP) and, for it, t ARG...
#                        (tmux), screen PANE (what it shows) and
#                        wait_for PANE REGEX (poll until a line matches;
#                        the last capture in $out)
#   wait_last PANE REGEX wait_for, but only the last line that is not
#                        empty counts, its trailing blanks removed
#   wait_exit PANE [TENTHS]  poll until the pane's program has ended
#                        (a session with remain-on-exit on), for TENTHS
#                        tenths of a second at most (default 100)
#   tsu_poll TENTHS CMD...  run CMD... every tenth of a second until it
#                        succeeds, TENTHS times at most

# Run as a test of its own (the harness globs tests/shell/*.sh), it is
# skipped: it only defines functions.
case ${0##*/} in
lib.sh)
	echo "1..0 # SKIP helper library sourced by the other tests"
	exit 0
	;;
esac

: "${TSUNAGU:=${top_builddir:-.}/tsunagu}"
: "${ASAN_OPTIONS:=detect_leaks=0}"
export TSUNAGU ASAN_OPTIONS

tap_count=0
tap_failed=0
rc=0
out=
err=

# Skip the whole test (before its plan) when python3 cannot open SQLite
# files, which the test uses to look inside the database.
tsu_need_python_sqlite() {
	python3 -c 'import sqlite3' 2>/dev/null && return 0
	echo "1..0 # SKIP python3 with sqlite3 is needed to inspect the database"
	exit 0
}

# The first column of each row SQL gives on the test's database, one a
# line (NULL as an empty line); python3 with sqlite3 is needed.
sql() {
	python3 - "$TSUNAGU_DB" "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for row in db.execute(sys.argv[2]):
    print("" if row[0] is None else row[0])
PY
}

tsu_setup() {
	TSU_TMP=$(mktemp -d "${TMPDIR:-/tmp}/tsunagu-test.XXXXXX") || {
		echo "Bail out! cannot make a temporary folder"
		exit 99
	}
	trap 'rm -rf "$TSU_TMP"' EXIT
	trap 'exit 1' HUP INT TERM
	HOME=$TSU_TMP/home
	XDG_DATA_HOME=$TSU_TMP/data
	XDG_CONFIG_HOME=$TSU_TMP/config
	XDG_CACHE_HOME=$TSU_TMP/cache
	XDG_STATE_HOME=$TSU_TMP/state
	mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"
	export HOME XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME XDG_STATE_HOME
	TSUNAGU_DB=$TSU_TMP/tsunagu.db
	export TSUNAGU_DB
	unset TSUNAGU_STAFF TSUNAGU_TODAY TSUNAGU_PLUGIN_PATH
}

tap_plan() {
	echo "1..$1"
}

# Run the program; the results go to $rc, $out and $err.
tsu_run() {
	tsu_run_env -- "$@"
}

# tsu_run_env NAME=VALUE... -- ARG...: tsu_run with those variables in
# the program's environment only.
tsu_run_env() {
	(
		while [ $# -gt 0 ] && [ "$1" != -- ]; do
			export "$1"
			shift
		done
		shift
		exec "$TSUNAGU" --no-init "$@" >"$TSU_TMP/.out" \
			2>"$TSU_TMP/.err" </dev/null
	)
	rc=$?
	out=$(cat "$TSU_TMP/.out")
	err=$(cat "$TSU_TMP/.err")
}

tsu_run_in() {
	_in=$1
	shift
	printf '%s\n' "$_in" |
		"$TSUNAGU" --no-init "$@" >"$TSU_TMP/.out" 2>"$TSU_TMP/.err"
	rc=$?
	out=$(cat "$TSU_TMP/.out")
	err=$(cat "$TSU_TMP/.err")
}

contains() {
	case $1 in
	*"$2"*) return 0 ;;
	esac
	return 1
}

ok() {
	_desc=$1
	shift
	tap_count=$((tap_count + 1))
	if "$@"; then
		echo "ok $tap_count - $_desc"
	else
		echo "not ok $tap_count - $_desc"
		tap_failed=$((tap_failed + 1))
		echo "# failed: $*"
		echo "# last run: status $rc"
		printf '%s\n' "$out" | sed -n '1,20s/^/# stdout: /p'
		printf '%s\n' "$err" | sed -n '1,20s/^/# stderr: /p'
	fi
}

skip() {
	tap_count=$((tap_count + 1))
	echo "ok $tap_count - $1 # SKIP $2"
}

tap_done() {
	[ "$tap_failed" -eq 0 ]
	exit $?
}

tsu_tmux() {
	unset TMUX # a private server even when the tests run inside tmux
	sock=tsu-$1-$$
	sockfile=${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock
	trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -f "$sockfile"
	      rm -rf "$TSU_TMP"' EXIT
}

t() {
	tmux -L "$sock" -f /dev/null "$@"
}

# What the pane shows, wrapped lines joined.
screen() {
	t capture-pane -p -J -t "$1"
}

# tsu_poll TENTHS CMD...: CMD... every tenth of a second until it
# succeeds, TENTHS times at most.
tsu_poll() {
	_tsu_poll_n=$1
	shift
	_tsu_poll_i=0
	while [ $_tsu_poll_i -lt "$_tsu_poll_n" ]; do
		"$@" && return 0
		sleep 0.1
		_tsu_poll_i=$((_tsu_poll_i + 1))
	done
	return 1
}

# Poll the pane (up to about 10 s) until a line matches the extended
# regular expression.
wait_for() {
	tsu_poll 100 _tsu_shows "$1" "$2"
}

_tsu_shows() {
	out=$(screen "$1")
	printf '%s\n' "$out" | grep -Eq -- "$2"
}

# The same for the last line that is not empty, without its trailing
# blanks: where the cursor is after a completion list.
wait_last() {
	tsu_poll 100 _tsu_shows_last "$1" "$2"
}

_tsu_shows_last() {
	out=$(screen "$1")
	printf '%s\n' "$out" | grep -v '^$' | tail -n 1 | sed 's/ *$//' |
		grep -Eq -- "$2"
}

# Poll until the pane's program has ended (remain-on-exit on).
wait_exit() {
	tsu_poll "${2:-100}" _tsu_ended "$1"
}

_tsu_ended() {
	[ "$(t display-message -p -t "$1" '#{pane_dead}')" = 1 ]
}
