#!/bin/sh
# progress.sh - what a person sees while waiting: a progress line for long
# operations (import, export, backup, the fiscal report) on a terminal and
# nothing extra on a pipe; and the prompt, naming the acting staff member
# and counting the overdue entries of the due list after every command.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux not installed"
	exit 0
fi

tsu_setup
cd "$TSU_TMP" || exit 99
tsu_tmux progress
LC_ALL=C.UTF-8
LANGUAGE=
export LC_ALL LANGUAGE

# Fictional notifications, enough rows that an import takes a moment.
rows=600
awk -v n=$rows 'BEGIN {
	print "family_name,given_name,family_name_kana,given_name_kana," \
	      "birth_date,notified_on,due_date"
	for (i = 1; i <= n; i++)
		printf "試験,花子%d,しけん,はなこ,1995-04-%02d,2026-04-01," \
		       "2026-10-%02d\n", i, i % 28 + 1, i % 28 + 1
}' >notifications.csv

tap_plan 9

db=$TSU_TMP/p.db
tsu_run --db "$db" --staff admin1 --today 2026-04-02 \
	-c "staff add yamada --name 山田 --role nurse"
if [ "$rc" != 0 ]; then
	echo "Bail out! cannot add staff: $err"
	exit 1
fi

# ---- on a pipe: nothing but the results ----

tsu_run --db "$db" --staff admin1 --today 2026-04-02 \
	-c "import pregnancy notifications.csv"
ok "an import on a pipe succeeds" test "$rc" -eq 0
ok "and writes nothing on standard error" test -z "$err"
tsu_run --db "$db" --staff admin1 --today 2026-04-02 \
	-c "export csv persons -o persons.csv" -c "backup copy.db"
ok "export and backup on a pipe write nothing on standard error" \
	eval 'test "$rc" -eq 0 && test -z "$err"'

# ---- on a terminal: the progress line, erased at the end ----

# run NAME COMMAND...: run the program in a tmux pane whose every byte is
# kept in NAME.raw (the progress line is rewritten and erased, so the
# screen at the end no longer shows it).
run() {
	_n=$1
	shift
	: >"$TSU_TMP/$_n.raw"
	t new-session -d -s "$_n" -x 100 -y 20 \
		"while [ ! -e '$TSU_TMP/$_n.go' ]; do sleep 0.05; done;
		 '$TSUNAGU' --no-init --db '$db' --staff admin1 \
			--today 2026-04-02 $*; echo \"status \$?\"" \; \
		set-option -t "$_n" remain-on-exit on
	t pipe-pane -o -t "$_n" "cat >>'$TSU_TMP/$_n.raw'"
	touch "$TSU_TMP/$_n.go"
	wait_exit "$_n" 300
	sleep 0.3
	raw=$(tr '\r' '\n' <"$TSU_TMP/$_n.raw")
	screen=$(screen "$_n")
}

sed 's/花子/陽子/' notifications.csv >more.csv
run imp -c "'import pregnancy more.csv'"
ok "an import on a terminal shows its progress" \
	eval 'contains "$raw" "import more.csv: " &&
	      contains "$raw" "so far" && contains "$screen" "status 0"'
ok "the progress line is gone from the screen at the end" \
	eval '! contains "$screen" "so far"'

run bk -c "'backup copy2.db'" -c "'export csv persons -o p2.csv'"
ok "backup and export on a terminal show their progress" \
	eval 'contains "$raw" "backup copy2.db: 3 of 3" &&
	      contains "$raw" "export persons: " && contains "$screen" "status 0"'

# ---- the prompt ----

# A child born long ago (so not of the pregnancy P1 notified lately,
# which is ended first): its newborn visit and more are overdue.
tsu_run --db "$db" --staff admin1 --today 2026-04-02 \
	-c "pregnancy end P1 --reason 転出予定" \
	-c "intake birth P1 --set given_name=太郎 --set given_name_kana=たろう
	    --set birth_date=2025-12-01 --set sex=男"
ok "a child whose visits are overdue is registered" test "$rc" -eq 0
child=$(printf '%s\n' "$out" | sed -n 's/^id: *\(P[0-9][0-9]*\) *$/\1/p' | head -1)

tsu_run --db "$db" --staff yamada --today 2026-04-02 --format json \
	-c "due --within 0"
overdue=$(printf '%s\n' "$out" | grep -c '"overdue": true')

t new-session -d -s sh -x 120 -y 30 \
	"env INPUTRC=/dev/null '$TSUNAGU' --no-init --db '$db' --staff yamada \
		--today 2026-04-02" \; set-option -t sh remain-on-exit on
ok "the prompt names the staff member and counts the overdue ($overdue)" \
	wait_for sh "^tsunagu 山田 \\[overdue $overdue\\]> ?\$"
t send-keys -t sh -l -- "contact $child --kind visit --date 2026-04-01"
t send-keys -t sh Enter
# The count of the list itself once the contact is in (slow builds take
# a while over it).
overdue_left() {
	tsu_run --db "$db" --staff yamada --today 2026-04-02 --format json \
		-c "due --within 0"
	left=$(printf '%s\n' "$out" | grep -c '"overdue": true')
	[ "$left" -lt "$overdue" ]
}
tsu_poll 100 overdue_left
expect="^tsunagu 山田 \\[overdue $left\\]> ?\$"
[ "$left" -eq 0 ] && expect="^tsunagu 山田> ?\$"
ok "after a contact that does the visits, the count is taken again ($left)" \
	eval 'test "$left" -lt "$overdue" && wait_for sh "$expect"'
t send-keys -t sh -l -- quit
t send-keys -t sh Enter

tap_done
