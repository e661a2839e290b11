#!/bin/sh
# scheme_errors.sh - errors in Scheme are reported with file and line and
# never take the program down: municipal scripts given with -l (runtime,
# reader and syntax errors), Scheme lines, commands defined in Scheme; no
# compiler noise; Scheme only for the roles that may script.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup

tap_plan 47

S=$TSU_TMP/scripts
mkdir -p "$S"

# ---- a working start ----

tsu_run --staff admin1 -c '(+ 1 2)'
ok "a Scheme line prints its value" [ "$rc" = 0 -a "$out" = 3 ]

# ---- runtime errors in a script ----

cat >"$S/broken.scm" <<'EOF'
;; A municipal screening rule with a mistake.
(define (risk-score answers)
  (let ((age (assq-ref answers 'age)))
    (+ age "1")))

(display "before the error\n")
(risk-score '((age . 17)))
(display "after the error\n")
EOF
cat >"$S/good.scm" <<'EOF'
(display "good.scm loaded\n")
(define-command "hello" #:help "says hello (test)" (lambda () "hello"))
EOF

tsu_run --staff admin1 -l "$S/broken.scm" -l "$S/good.scm" -c hello
ok "a failing -l script makes -c exit 1" [ "$rc" = 1 ]
ok "the error names the file and the line where it happened" \
	contains "$err" "tsunagu: $S/broken.scm:4: "
ok "and says what went wrong" contains "$err" "In procedure +"
ok "a short backtrace names the procedure" \
	contains "$err" "  at $S/broken.scm:4 in risk-score"
ok "the script ran up to the error" contains "$out" "before the error"
ok "and stopped there" eval '! contains "$out" "after the error"'
ok "the scripts after it still load" contains "$out" "good.scm loaded"
ok "no -c line runs after a failed script" \
	eval '! printf "%s\n" "$out" | grep -qx hello'

tsu_run --staff admin1 -l "$S/good.scm" -c hello
ok "without the broken script the command runs" \
	eval '[ "$rc" = 0 ] && printf "%s\n" "$out" | grep -qx hello'

printf '(define x 1)\n\n(display undefined-thing)\n' >"$S/unbound.scm"
tsu_run --staff admin1 -l "$S/unbound.scm" -c '(+ 1 2)'
ok "an unbound variable at top level: file and line" \
	eval '[ "$rc" = 1 ] && contains "$err" "$S/unbound.scm:3: Unbound variable: undefined-thing"'

printf '(define x 1)\n(error "municipal rule:" (quote bad-input))\n' \
	>"$S/raise.scm"
tsu_run --staff admin1 -l "$S/raise.scm" -c '(+ 1 2)'
ok "a script's own error: file, line and message" \
	contains "$err" "$S/raise.scm:2: municipal rule: bad-input"

# ---- reader and syntax errors ----

cat >"$S/unbalanced.scm" <<'EOF'
(define young-age 20)

(define (young? age)
  (< age young-age)

(define x 2)
EOF
tsu_run --staff admin1 -l "$S/unbalanced.scm" -c '(+ 1 2)'
ok "an unbalanced parenthesis fails the script (exit 1)" [ "$rc" = 1 ]
ok "the report names the file and the line the open form starts on" \
	contains "$err" "$S/unbalanced.scm:3: "
ok "and says it is not closed" contains "$err" "not closed"

printf '(define x 1)\n(display x))\n' >"$S/extra.scm"
tsu_run --staff admin1 -l "$S/extra.scm" -c '(+ 1 2)'
ok "a parenthesis too many: file and line" \
	contains "$err" "$S/extra.scm:2: unexpected \")\""

printf '(define x 1)\n"a string\nthat never ends\n' >"$S/string.scm"
tsu_run --staff admin1 -l "$S/string.scm" -c '(+ 1 2)'
ok "an unterminated string: file and line" \
	contains "$err" "$S/string.scm:2: "

printf '(define x 1)\n(display #\\nosuchchar)\n' >"$S/char.scm"
tsu_run --staff admin1 -l "$S/char.scm" -c '(+ 1 2)'
ok "a bad character name: file and line" \
	contains "$err" "$S/char.scm:2: "

printf '(define x 1)\n\n(let ((y)) y)\n' >"$S/syntax.scm"
tsu_run --staff admin1 -l "$S/syntax.scm" -c '(+ 1 2)'
ok "a syntax error: file, line and the form" \
	contains "$err" "$S/syntax.scm:3: let: bad let"

# ---- no compiler noise ----

cat >"$S/quiet.scm" <<'EOF'
;; Refers to a procedure defined later, and to one never defined: the
;; compiler would warn about both.
(define (later) (defined-below 1))
(define (never) (not-defined-anywhere 1))
(define (defined-below x) x)
(define (unused-arguments a b c) #t)
EOF
tsu_run --staff admin1 -l "$S/quiet.scm" -c '(later)'
ok "a script loads without compiler noise" \
	eval '[ "$rc" = 0 ] && [ "$out" = 1 ] && [ -z "$err" ]'
ok "no ';;; compiling' anywhere" \
	eval '! contains "$out$err" ";;;"'

tsu_run --staff admin1 -l "$S/quiet.scm" -c '(never)'
ok "calling the undefined procedure fails, with the script's line" \
	eval '[ "$rc" = 1 ] && contains "$err" "$S/quiet.scm:4"'

# ---- errors at the prompt ----

tsu_run --staff admin1 -c "(car '())"
ok "an error in a Scheme line fails it (exit 1)" [ "$rc" = 1 ]
ok "with a message" contains "$err" "tsunagu: scheme: In procedure car"

tsu_run --staff admin1 -c "(car '())" -c '(display "after")'
ok "lines after a failing one do not run" \
	eval '[ "$rc" = 1 ] && ! contains "$out" "after"'

tsu_run --staff admin1 -c '(display #\nosuchchar)'
ok "a reader error in a Scheme line" \
	eval '[ "$rc" = 1 ] && contains "$err" "unknown character name"'

tsu_run --staff admin1 -c '(date-add "2026-02-30" 1)'
ok "bad input to a core procedure names the argument" \
	contains "$err" 'date-add: DATE: "2026-02-30" is not a date'

tsu_run --staff admin1 -c '(query "DELETE FROM staff")'
ok "query refuses writing" \
	eval '[ "$rc" = 1 ] && contains "$err" "query: only reading is allowed"'

printf 'staff list\n(car (quote ()))\nstaff list\n' >"$TSU_TMP/batch"
tsu_run_in "$(cat "$TSU_TMP/batch")" --staff admin1 --batch
ok "--batch stops at a failing Scheme line (exit 1)" [ "$rc" = 1 ]

# ---- errors in commands defined in Scheme ----

cat >"$S/cmd.scm" <<'EOF'
(define-command "due-soon" #:help "a local command (test)"
  (lambda (days)
    (let ((n (string->number days)))
      (string-append "due on " (date-add (today) n)))))
(define-command "tail-call" #:help "a local command (test)"
  (lambda ()
    (date-add "someday" 1)))
EOF
tsu_run --staff admin1 -l "$S/cmd.scm" -c 'due-soon 10'
ok "a Scheme command runs" \
	eval '[ "$rc" = 0 ] && [ -n "$out" ]'
tsu_run --staff admin1 -l "$S/cmd.scm" -c 'due-soon soon'
ok "an error inside it fails the command (exit 1)" [ "$rc" = 1 ]
ok "reported under the command's name with file and line" \
	contains "$err" "tsunagu: due-soon: $S/cmd.scm:4: "
tsu_run --staff admin1 -l "$S/cmd.scm" -c 'tail-call'
ok "an error with no frame of its own: where the command was defined" \
	eval '[ "$rc" = 1 ] && contains "$err" "tsunagu: tail-call: $S/cmd.scm:6: date-add: DATE"'
tsu_run --staff admin1 -l "$S/cmd.scm" -c 'due-soon'
ok "too few words: the usage" \
	eval '[ "$rc" = 1 ] && contains "$err" "due-soon takes 1 word, not 0"'
tsu_run --staff admin1 -l "$S/cmd.scm" -c 'help'
ok "it is listed in help" contains "$out" "due-soon"

# ---- run-command ----

tsu_run --staff admin1 -c '(run-command "staff list")'
ok "the output of the inner command appears" \
	eval '[ "$rc" = 0 ] && contains "$out" "admin1"'
tsu_run --staff admin1 -c '(run-command "no-such-command")'
ok "a failing inner command fails the line" \
	eval '[ "$rc" = 1 ] && contains "$err" "run-command: the line failed"'

# ---- who may use Scheme ----

tsu_run --staff admin1 -c 'staff add v1 --name V --role viewer' \
	-c 'staff add c1 --name C --role clerk' \
	-c 'staff add n1 --name N --role nurse'
if [ "$rc" != 0 ]; then
	for d in "a viewer may not use Scheme" "nor a clerk" \
		"a nurse may" "a viewer may run a local command that queries" \
		"its query is audited as the viewer's" \
		"the refusal says why"; do
		skip "$d" "staff add is not available"
	done
else
	tsu_run --staff v1 -c '(+ 1 2)'
	ok "a viewer may not use Scheme" [ "$rc" = 1 -a -z "$out" ]
	ok "the refusal says why" contains "$err" "may not do Scheme"
	tsu_run --staff c1 -c '(+ 1 2)'
	ok "nor a clerk" [ "$rc" = 1 -a -z "$out" ]
	tsu_run --staff n1 -c '(+ 1 2)'
	ok "a nurse may" [ "$rc" = 0 -a "$out" = 3 ]
	tsu_run --staff v1 \
		-l "$top_srcdir/scripts/examples/count-persons.scm" \
		-c count-persons
	ok "a viewer may run a local command that queries" [ "$rc" = 0 ]
	tsu_run --staff admin1 -c '(query "SELECT staff FROM audit
	    WHERE detail LIKE ? ORDER BY id DESC LIMIT 1" "query: SELECT status%")'
	ok "its query is audited as the viewer's" contains "$out" '"v1"'
fi

# ---- the core's own use of Guile ----

# A script that breaks what the core calls makes the core's C code give
# Guile a wrong type: the command fails, undone, and says so.
tsu_run --staff admin1 \
	-c "(module-set! (resolve-module '(tsunagu)) '%form-validate (lambda args 42))" \
	-c 'intake pregnancy --set family_name=山田 --set given_name=花子
	    --set family_name_kana=ヤマダ --set given_name_kana=ハナコ
	    --set birth_date=1995-06-01 --set notified_on=2026-04-01
	    --set due_date=2026-11-10'
ok "an error thrown inside a command's C code fails that command" \
	eval '[ "$rc" = 1 ] && contains "$err" "intake: internal error: In procedure car"'
ok "and leaves nothing of it" \
	eval '[ "$(sql "SELECT count(*) FROM person WHERE family_name = '"'山田'"'")" = 0 ]'

# ---- queries at start ----

printf '(display (length (query "SELECT id FROM staff")))\n(newline)\n' \
	>"$S/atstart.scm"
tsu_run --staff admin1 -l "$S/atstart.scm" -c '(+ 1 2)'
ok "a script may query while it loads" \
	eval '[ "$rc" = 0 ] && printf "%s\n" "$out" | grep -qx "[1-9]"'

tsu_run --staff admin1 -l "$S/no-such-file.scm" -c '(+ 1 2)'
ok "a missing -l file is an error" \
	eval '[ "$rc" = 1 ] && contains "$err" "no-such-file.scm"'

tap_done
