#!/bin/sh
# tour.sh - the first-run tour of README.md works as written: its lines
# (the fenced block after the "tour" marker) run one by one on the demo
# database; each succeeds and prints something real.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"

tsu_setup
cd "$TSU_TMP" || exit 99
LC_ALL=C.UTF-8
LANGUAGE=
export LC_ALL LANGUAGE

# The commands of the tour: the fenced block after the marker, without
# its comment lines.
awk '/^<!-- tour:/ { marker = 1; next }
     marker && /^```/ { if (inside) exit; inside = 1; next }
     inside && !/^#/ && NF' "$top_srcdir/README.md" >tour.lines
n=$(wc -l <tour.lines)

tap_plan $((n + 3))
ok "README.md has a tour of at least seven commands ($n)" test "$n" -ge 7

# One demo session; a Scheme line after each command marks where its
# output ends.
: >tour.in
i=0
while IFS= read -r line; do
	i=$((i + 1))
	printf '%s\n(display "@@@ %d\\n")\n' "$line" "$i" >>tour.in
done <tour.lines
tsu_run_in "$(cat tour.in)" --demo --batch
ok "the whole tour runs on the demo database" test "$rc" -eq 0
printf '%s\n' "$out" >tour.out

# chunk N: what command N printed.
chunk() {
	awk -v n="$1" '/^@@@ / { k = $2; next } k == n - 1' tour.out
}

# What each command must show, by its first words.
expect_for() {
	case $1 in
	due*) echo "overdue" ;;
	find*) echo "山田" ;;
	show*) echo "Timeline" ;;
	"plan new"*) echo "PL1" ;;
	"plan concern"*) echo "PC1" ;;
	"plan print"*) echo "plan.pdf" ;;
	"agency add"*) echo "AG1" ;;
	refer*) echo "RF1" ;;
	"report monthly"*) echo "妊娠届出数" ;;
	*) echo "" ;;
	esac
}

i=0
while IFS= read -r line; do
	i=$((i + 1))
	text=$(chunk "$i")
	want=$(expect_for "$line")
	ok "tour line $i ($line) prints ${want:-something}" \
		eval 'test -n "$text" && contains "$text" "$want"'
done <tour.lines

pdf_ok() {
	for f in *.pdf; do
		[ -s "$f" ] && [ "$(head -c 4 "$f")" = "%PDF" ] && return 0
	done
	return 1
}
ok "the tour's printed plan is a PDF file" pdf_ok

tap_done
