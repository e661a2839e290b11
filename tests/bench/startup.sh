#!/bin/sh
# startup.sh - how long tsunagu takes to be ready (database open, every
# plugin and the shipped Scheme loaded, one command run), against a bare
# `guile -c 1` measured in the same run.  Target: at most 3 times guile.
# Also the start of `--demo`, which first fills its database (target:
# under a second).
#
# Usage: startup.sh [PROGRAM] [RUNS]   (default $TSUNAGU, else ./tsunagu; 15)
# Prints its figures and always exits 0: timing never fails a build.

prog=${1:-${TSUNAGU:-./tsunagu}}
runs=${2:-15}
guile=$(command -v guile-3.0 || command -v guile)

if [ ! -x "$prog" ]; then
	echo "startup: $prog: no such program; build it first" >&2
	exit 0
fi
case $(date +%N) in
*N* | '')
	echo "startup: this date(1) has no %N; nothing measured" >&2
	exit 0
	;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tsunagu-bench.XXXXXX") || exit 0
trap 'rm -rf "$tmp"' EXIT
trap 'exit 0' HUP INT TERM
HOME=$tmp/home
XDG_CONFIG_HOME=$tmp/config
XDG_DATA_HOME=$tmp/data
XDG_STATE_HOME=$tmp/state
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
export HOME XDG_CONFIG_HOME XDG_DATA_HOME XDG_STATE_HOME ASAN_OPTIONS
unset TSUNAGU_DB TSUNAGU_STAFF TSUNAGU_TODAY TSUNAGU_PLUGIN_PATH

# Run "$@" $runs times; print the median wall time in microseconds.
median_us() {
	i=0
	: >"$tmp/times"
	while [ "$i" -lt "$runs" ]; do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1
		t1=$(date +%s%N)
		echo $(((t1 - t0) / 1000)) >>"$tmp/times"
		i=$((i + 1))
	done
	sort -n "$tmp/times" | awk '{ t[NR] = $1 }
		END { print (NR % 2) ? t[(NR + 1) / 2] : int((t[NR / 2] + t[NR / 2 + 1]) / 2) }'
}

ready() {
	"$prog" --db "$tmp/b.db" --staff bench --no-init -c plugins
}

# The first run creates the database and makes "bench" its admin.
if ! ready >"$tmp/first" 2>&1; then
	echo "startup: $prog did not start:" >&2
	sed 's/^/  /' "$tmp/first" >&2
	exit 0
fi

nplugins=$("$prog" --db "$tmp/b.db" --staff bench --no-init --format json \
	-c plugins 2>/dev/null | grep -o '{' | wc -l)
nplugins=$((nplugins + 0))
tsu=$(median_us ready)

echo "tsunagu start-up to a ready state (median of $runs runs)"
echo "  program:  $prog"
echo "  plugins:  $nplugins loaded"
awk -v t="$tsu" 'BEGIN { printf "  tsunagu:  %8.1f ms\n", t / 1000 }'
demo=$(median_us "$prog" --demo --staff bench --no-init -c quit)
awk -v t="$demo" 'BEGIN {
	printf "  --demo:   %8.1f ms  (its families made; target: under 1 s: %s)\n",
		t / 1000, t < 1000000 ? "met" : "NOT met"
}'
if [ -n "$guile" ]; then
	g=$(median_us "$guile" -c 1)
	awk -v t="$g" -v p="$guile" \
		'BEGIN { printf "  guile:    %8.1f ms  (%s -c 1)\n", t / 1000, p }'
	awk -v a="$tsu" -v b="$g" 'BEGIN {
		if (b <= 0) { print "  ratio:    n/a"; exit }
		r = a / b
		printf "  ratio:    %8.2fx  (target: at most 3x: %s)\n", r,
			r <= 3 ? "met" : "NOT met"
	}'
else
	echo "  guile:    not found; no ratio"
fi
if grep -q __asan_init "$prog" 2>/dev/null; then
	echo "  note: this build has sanitizers; its times are not representative"
fi
exit 0
