#!/bin/sh
# help.sh - help that teaches: `help` groups the commands by task with an
# example each; `help COMMAND` gives usage, an example and related
# commands for every registered command (taken from the program itself,
# so a new command cannot slip through); `help scheme` and `help forms`
# are made from the running program.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"

tsu_setup
cd "$TSU_TMP" || exit 99
tap_plan 16

# Messages in English whatever the machine's locale.
LC_ALL=C.UTF-8
LANGUAGE=
export LC_ALL LANGUAGE

# The registered commands, from the program.
tsu_run --format tsv -c help
ok "help lists the commands for scripts" test "$rc" -eq 0
printf '%s\n' "$out" | tail -n +2 | cut -f1 >"$TSU_TMP/commands"
ncommands=$(wc -l <"$TSU_TMP/commands")
ok "at least the core's and the plugins' commands ($ncommands)" \
	test "$ncommands" -ge 20

tsu_run -c help
overview=$out
ok "help runs" test "$rc" -eq 0
groups_ok() {
	for g in "Register families:" "Follow up (continuous grasp):" \
		"Support plans:" "Referrals and agencies:" \
		"Export, reports, backups:" "Administer:"; do
		contains "$overview" "$g" || return 1
	done
}
ok "help groups the commands by task" groups_ok
ok "help gives one example for each of the six groups" \
	test "$(printf '%s\n' "$overview" | grep -c '^  Example: ')" -eq 6
ok "help names the topics scheme and forms" \
	eval 'contains "$overview" "  scheme " && contains "$overview" "  forms "'

# Every command's help, in one run: a Scheme line marks where each ends.
: >"$TSU_TMP/lines"
while IFS= read -r c; do
	printf 'help %s\n(display "@@@ %s\\n")\n' "$c" "$c" >>"$TSU_TMP/lines"
done <"$TSU_TMP/commands"
tsu_run_in "$(cat "$TSU_TMP/lines")" --batch
ok "help COMMAND runs for every command" test "$rc" -eq 0
printf '%s\n' "$out" >"$TSU_TMP/helps"

# Check each command's text: usage, an example whose first word is a
# command, and a See also line whose names are commands or topics.
check_helps() {
	awk -v cmdfile="$TSU_TMP/commands" '
	BEGIN {
		while ((getline c < cmdfile) > 0) known[c] = 1
		known["help scheme"] = known["help forms"] = 1
		known["help export"] = known["help referrals"] = 1
	}
	function starts_command(line,   w1, w2, n, a) {
		n = split(line, a, " ")
		return (a[1] in known) || (n > 1 && ((a[1] " " a[2]) in known))
	}
	function finish(name) {
		if (!usage) { print name ": no usage"; bad++ }
		if (!example) { print name ": no example"; bad++ }
		if (!seealso) { print name ": no See also line"; bad++ }
	}
	/^@@@ / { finish(substr($0, 5)); usage = example = seealso = 0
		  want_example = 0; next }
	/^Usage:/ { usage = 1; next }
	want_example {
		sub(/^ +/, "")
		if (starts_command($0)) example = 1
		else { print "example is not a command line: " $0; bad++ }
		want_example = 0
		next
	}
	/^Examples?:/ {
		rest = $0; sub(/^Examples?: */, "", rest)
		if (rest == "") want_example = 1
		else if (starts_command(rest)) example = 1
		else { print "example is not a command line: " rest; bad++ }
		next
	}
	/^See also: / {
		seealso = 1
		n = split(substr($0, 11), names, /, /)
		for (i = 1; i <= n; i++) {
			if (names[i] ~ /^man /) continue
			if (!(names[i] in known)) {
				print "See also names no command: " names[i]
				bad++
			}
		}
	}
	END { exit bad ? 1 : 0 }' "$TSU_TMP/helps" >"$TSU_TMP/problems"
}
ok "every command has usage, a runnable example and related commands" \
	check_helps
sed 's/^/# /' "$TSU_TMP/problems"

tsu_run -c "help plan"
ok "help plan shows its options" \
	eval 'contains "$out" "--next-review" && contains "$out" "See also:"'

tsu_run -c "help scheme"
scheme=$out
api_ok() {
	for w in define-form extend-form define-milestone define-screening \
		define-command define-report intake-hook plan-hook query \
		"local.d"; do
		contains "$scheme" "$w" || return 1
	done
}
ok "help scheme summarises the Scheme API" api_ok
ok "help scheme lists what module (tsunagu) exports now" \
	eval 'contains "$scheme" "format-date" && contains "$scheme" "fiscal-year"'
ok "help scheme ends with an example extension" \
	contains "$scheme" "(define-command \"smokers\""

# help forms: from the registry, so a form defined by a script shows.
cat >"$TSU_TMP/visit.scm" <<'EOF'
(define-form 'home_visit_note #:title "家庭訪問記録" #:subject 'family
  #:fields (list (field 'visited_on "訪問日" 'date #:required? #t)
                 (field 'mood "様子" 'choice #:choices '("良好" "心配"))))
EOF
tsu_run -l "$TSU_TMP/visit.scm" -c "help forms"
ok "help forms lists the shipped forms with their fields" \
	eval 'contains "$out" "pregnancy - " && contains "$out" "due_date" &&
	      contains "$out" "checkup_4m - "'
ok "help forms shows a form a script defined, with its fields" \
	eval 'contains "$out" "home_visit_note - 家庭訪問記録" &&
	      contains "$out" "visited_on" && contains "$out" "良好"'

tsu_run -c "help plna"
ok "a mistyped name is refused with the nearest command" \
	eval 'test "$rc" -eq 1 && contains "$err" "did you mean plan?"'
tsu_run -c "help forms extra words"
ok "help with words that name nothing is refused" test "$rc" -eq 1

tap_done
