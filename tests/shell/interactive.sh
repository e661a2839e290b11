#!/bin/sh
# interactive.sh - the real shell in a terminal (tmux): the prompt, help,
# Tab completion, Ctrl-C, Scheme over several lines, Ctrl-D, the terminal
# left as it was, and the history kept from one session to the next.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux not installed"
	exit 0
fi

tsu_setup
tsu_tmux test

tap_plan 19

# Where the shell puts its history.
histfile=$XDG_STATE_HOME/tsunagu/history

# start NAME: run the shell in a new session NAME, inside a small sh that
# records the terminal settings before and after it and its exit status
# ($TSU_TMP/NAME.before, .after, .status).  A trapped (not ignored) INT
# keeps that sh alive when Ctrl-C reaches the whole process group.
start() {
	_d=$TSU_TMP/$1
	t new-session -d -s "$1" -x 120 -y 40 \
		"trap : INT; stty -g >'$_d.before';
		 env LC_ALL=C.UTF-8 INPUTRC=/dev/null '$TSUNAGU' \
			--db '$TSU_TMP/t.db' --staff nurse1 --no-init \
			--today 2026-01-20;
		 echo \$? >'$_d.status'; stty -g >'$_d.after'" \; \
		set-option -t "$1" remain-on-exit on
}

# wait_dead NAME: poll until the pane's program has ended.
wait_dead() {
	_i=0
	while [ $_i -lt 100 ]; do
		[ "$(t display-message -p -t "$1" '#{pane_dead}')" = 1 ] &&
			[ -s "$TSU_TMP/$1.after" ] && return 0
		sleep 0.1
		_i=$((_i + 1))
	done
	return 1
}

# type NAME TEXT: type TEXT literally (no Enter).
type_text() {
	t send-keys -t "$1" -l -- "$2"
}

# key NAME KEY...: press keys (Enter, Tab, C-c, Up...).
key() {
	_s=$1
	shift
	t send-keys -t "$_s" "$@"
}

# fresh NAME: clear the screen at an empty prompt, so that what follows
# is all there is to see.
fresh() {
	key "$1" C-l
	t clear-history -t "$1"
	wait_for "$1" '^tsunagu nurse1> ?$' &&
		[ "$(screen "$1" | sed -n '1p')" = "tsunagu nurse1>" ]
}

# lacks TEXT REGEX: true when no line of TEXT matches REGEX.
lacks() {
	! printf '%s\n' "$1" | grep -Eq -- "$2"
}

prompt='^tsunagu nurse1> ?$'

# Subjects to complete, when the intake plugin is there to make them.
tsu_run --db "$TSU_TMP/t.db" --staff nurse1 --today 2026-01-20 \
	-c 'intake pregnancy
	--set family_name=山田 --set given_name=花子
	--set family_name_kana=ヤマダ --set given_name_kana=ハナコ
	--set birth_date=1995-04-01 --set notified_on=2026-01-10
	--set due_date=2026-08-01'
have_intake=no
[ "$rc" = 0 ] && have_intake=yes

# ---- one session ----

start s1
ok "the prompt names the staff" wait_for s1 "$prompt"
ok "a greeting says how to leave" \
	contains "$out" "type help, or quit to leave"

type_text s1 help
key s1 Enter
ok "help lists the commands" wait_for s1 '^ +quit +'

fresh s1
type_text s1 plu
key s1 Tab
ok "Tab completes a command name" wait_for s1 '^tsunagu nurse1> plugins ?$'
key s1 Enter
ok "the completed command runs" \
	wait_for s1 '^(plugin|no plugins|\(none\))|intake'

fresh s1
type_text s1 "staf"
key s1 Tab
wait_for s1 '^tsunagu nurse1> staff ?$'
key s1 Tab Tab
ok "Tab Tab lists a command's sub-commands and options" \
	wait_for s1 '(^| )add +(.* )?list( |$)'
key s1 C-u
type_text s1 "staff --ro"
key s1 Tab
ok "Tab completes an option" wait_for s1 '^tsunagu nurse1> staff --role ?$'
key s1 C-u

if [ $have_intake = yes ]; then
	fresh s1
	type_text s1 "show p"
	key s1 Tab
	ok "Tab completes a subject id, in any case" \
		wait_for s1 '^tsunagu nurse1> show P1 ?$'
	key s1 C-u
else
	skip "Tab completes a subject id, in any case" "intake pregnancy failed"
fi

fresh s1
type_text s1 "help garbage-text"
wait_for s1 '> help garbage-text$'
key s1 C-c
ok "Ctrl-C drops the line and shows a new prompt" \
	wait_for s1 "$prompt"
type_text s1 help
key s1 Enter
wait_for s1 '^ +quit +'
ok "the dropped line never ran and the shell goes on" \
	lacks "$out" 'garbage-text"|tsunagu: help:'

fresh s1
type_text s1 "(+ 1"
key s1 Enter
wait_for s1 '^\.\.\. ?$'
type_text s1 "2)"
key s1 Enter
ok "Scheme continues until its parentheses close" wait_for s1 '^3$'

fresh s1
type_text s1 "(+ 40"
key s1 Enter
wait_for s1 '^\.\.\. ?$'
key s1 C-c
wait_for s1 "$prompt"
type_text s1 "(+ 1 1)"
key s1 Enter
ok "Ctrl-C drops unfinished Scheme too" wait_for s1 '^2$'

fresh s1
key s1 'C-\'
type_text s1 "(+ 2 2)"
key s1 Enter
ok "Ctrl-\\ does not end the shell" wait_for s1 '^4$'

fresh s1
type_text s1 "help quit"
key s1 Enter
wait_for s1 '^quit - '
key s1 C-d
ok "Ctrl-D on an empty line ends the shell with status 0" \
	eval 'wait_dead s1 && [ "$(cat "$TSU_TMP/s1.status")" = 0 ]'
ok "the terminal is left as it was" \
	cmp -s "$TSU_TMP/s1.before" "$TSU_TMP/s1.after"

# ---- the history, in a second session ----

ok "the history file is private to its owner" \
	eval '[ "$(ls -ld "$histfile" | cut -c1-10)" = "-rw-------" ] &&
	      [ "$(ls -ld "${histfile%/*}" | cut -c1-10)" = "drwx------" ]'

start s2
wait_for s2 "$prompt"
key s2 Up
ok "Up recalls the last line of the previous session" \
	wait_for s2 '^tsunagu nurse1> help quit$'
key s2 C-u
for line in help help quit; do
	type_text s2 "$line"
	key s2 Enter
done
ok "quit ends the shell with status 0" \
	eval 'wait_dead s2 && [ "$(cat "$TSU_TMP/s2.status")" = 0 ]'
ok "the history gains the new lines, a repeated line once" \
	eval '[ "$(tail -n 3 "$histfile")" = "help quit
help
quit" ]'

tap_done
