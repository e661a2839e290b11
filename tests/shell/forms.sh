#!/bin/sh
# forms.sh - the form engine end to end: the forms command, validation
# messages naming fields, missing fields named at once, responses stored
# with their version, screening flags, the intake hook, milestones on the
# due list, and filling a form at a terminal (tmux).

. "$top_srcdir/tests/shell/lib.sh"
tsu_setup
tap_plan 32

TODAY=2026-04-01
tsu_run --staff admin1 --today $TODAY -c 'forms'
ok "forms lists the shipped forms" eval '[ "$rc" = 0 ] && contains "$out" "妊娠届出面接" && contains "$out" checkup_18m'

tsu_run --staff admin1 --format json -c 'forms'
ok "forms in JSON: id, title, subject, version, fields" python3 -c '
import json, sys
v = json.loads(sys.argv[1])
p = [f for f in v if f["id"] == "pregnancy"][0]
assert p["subject"] == "mother" and p["version"] == 1 and p["fields"] >= 12, p' "$out"

tsu_run --staff admin1 --format json -c 'forms birth'
ok "forms NAME lists the fields with their choices" python3 -c '
import json, sys
v = json.loads(sys.argv[1])
sex = [f for f in v if f["id"] == "sex"][0]
assert sex["required"] is True and sex["type"] == "choice" and "女" in sex["choices"], sex' "$out"

tsu_run --staff admin1 -c 'forms pregnacy'
ok "an unknown form names the nearest" eval '[ "$rc" = 1 ] && contains "$err" "did you mean pregnancy"'

# Persons and a family written straight into the database.
python3 - "$TSUNAGU_DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("""
INSERT INTO person(id, family_name, given_name, birth_date, status, created_at, updated_at)
VALUES (1, '山田', '花子', '1996-06-01', 'active', 'x', 'x'),
       (2, '山田', '陽', '2026-03-10', 'active', 'x', 'x'),
       (3, '鈴木', '愛', '1990-02-01', 'ended', 'x', 'x');
INSERT INTO family(id, contact_staff, status, created_at)
VALUES (1, 'admin1', 'active', '2025-10-01T00:00:00Z');
INSERT INTO member VALUES (1, 1, 'mother'), (1, 2, 'child');
INSERT INTO pregnancy(mother_id, family_id, notified_on, due_date, created_at)
VALUES (1, 1, '2025-10-01', '2026-05-10', 'x'),
       (3, NULL, '2025-10-01', '2026-05-10', 'x');
""")
db.commit()
PY

tsu_run --staff admin1 --today $TODAY -c '(fill-form (quote pregnancy) "P1" (quote ((family_name . "山田"))))'
ok "every missing required field is named at once" eval '[ "$rc" = 1 ] && contains "$err" "「名」(given_name)" && contains "$err" "「出産予定日」(due_date)" && contains "$err" "「生年月日」(birth_date)"'

tsu_run --staff admin1 --today $TODAY -c '(fill-form (quote birth) "P2" (quote ((given_name . "陽") (given_name_kana . "はる") (birth_date . "R8.3.10") (sex . "男") (birth_weigth_g . 3000))))'
ok "an unknown field names the nearest field" eval '[ "$rc" = 1 ] && contains "$err" "no field birth_weigth_g in form birth (did you mean birth_weight_g?)"'

tsu_run --staff admin1 --today $TODAY -c '(fill-form (quote birth) "P2" (quote ((given_name . "陽") (given_name_kana . "はる") (birth_date . "R8.3.10") (sex . "男") (birth_weight_g . 3000))))'
ok "fill-form stores a response" eval '[ "$rc" = 0 ] && [ "$out" = "\"R1\"" ]'

sql() {
	python3 -c 'import sqlite3, sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print("|".join("" if c is None else str(c) for c in r))' "$TSUNAGU_DB" "$1"
}
ok "the answers are JSON with the version" eval '[ "$(sql "SELECT form, form_version, answers FROM response")" = "birth|1|{\"given_name\":\"陽\",\"given_name_kana\":\"はる\",\"birth_date\":\"2026-03-10\",\"sex\":\"male\",\"birth_weight_g\":3000}" ]'
ok "the version is recorded" eval '[ "$(sql "SELECT form, version FROM form_version")" = "birth|1" ]'
ok "a timeline event with kind and sub-kind" eval '[ "$(sql "SELECT kind, subkind, ref FROM event WHERE subject = '"'P2'"'")" = "form|birth|R1" ]'
ok "the response is audited" eval '[ "$(sql "SELECT action FROM audit WHERE detail = '"'response R1 birth v1'"'")" = create ]'

# A changed form gets the next version; old answers keep theirs.
cat >"$TSU_TMP/local.scm" <<'EOF'
(extend-form 'birth (field 'apgar "アプガースコア" 'integer #:min 0 #:max 10))
(define-screening 'low-weight #:label "低出生体重" #:form 'birth
  (lambda (answers subject)
    (let ((w (assq-ref answers 'birth_weight_g))) (and w (< w 2500)))))
(add-hook! intake-hook
  (lambda (form subject answers)
    (when (eq? form 'birth)
      (display (format #f "hook: ~a ~a ~a\n" form subject
                       (assq-ref answers 'birth_weight_g))))))
(extend-form 'birth (field 'apgar "アプガースコア" 'integer #:min 0 #:max 10))
(define-screening 'low-weight #:label "低出生体重" #:form 'birth
  (lambda (answers subject)
    (let ((w (assq-ref answers 'birth_weight_g))) (and w (< w 2500)))))
(add-hook! intake-hook
  (lambda (form subject answers)
    (when (eq? form 'birth)
      (display (format #f "hook: ~a ~a ~a\n" form subject
                       (assq-ref answers 'birth_weight_g))))))
EOF
tsu_run --staff admin1 --today $TODAY -l "$TSU_TMP/local.scm" -c '(fill-form (quote birth) "P2" (quote ((given_name . "陽") (given_name_kana . "はる") (birth_date . "2026-03-10") (sex . 2) (birth_weight_g . "２３００") (apgar . 9))))'
ok "the intake hook gets (form subject answers)" eval '[ "$rc" = 0 ] && contains "$out" "hook: birth P2 2300"'
ok "an extended form is a new version" eval '[ "$(sql "SELECT form_version FROM response ORDER BY id")" = "$(printf "1\n2")" ]'
ok "a local screening rule flags the subject" eval '[ "$(sql "SELECT name, reason FROM flag")" = "low-weight|低出生体重" ]'

tsu_run --staff admin1 --today $TODAY -l "$TSU_TMP/local.scm" -c '(fill-form (quote birth) "P2" (quote ((given_name . "陽") (given_name_kana . "はる") (birth_date . "2026-03-10") (sex . 2) (apgar . 11))))'
ok "a value out of range is refused in the labels' language" eval '[ "$rc" = 1 ] && contains "$err" "「アプガースコア」(apgar): 「11」は10以下で入力してください"'
ok "and nothing is stored" eval '[ "$(sql "SELECT count(*) FROM response")" = 2 ]'

tsu_run --staff admin1 --today $TODAY --format json -c 'due --within 30 --kind milestone'
ok "due lists the shipped milestones for open pregnancies and children" python3 -c '
import json, sys
v = json.loads(sys.argv[1])
got = sorted((e["milestone"], e["subject"], e["due_on"]) for e in v)
assert ("interview-8m", "P1", "2026-03-15") in got, got
assert ("newborn-visit", "P2", "2026-04-07") in got, got
assert not [e for e in v if e["subject"] == "P3"], got' "$out"

python3 - "$TSUNAGU_DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO event(subject, kind, subkind, date, created_at) VALUES ('P2', 'contact', 'visit', '2026-03-20', 'x')")
db.commit()
PY
tsu_run --staff admin1 --today $TODAY --format json -c 'due --within 30 --kind milestone'
ok "a visit after the birth marks the newborn visit done" python3 -c '
import json, sys
v = json.loads(sys.argv[1])
assert not [e for e in v if e["milestone"] == "newborn-visit"], v
assert [e for e in v if e["milestone"] == "interview-8m"], v' "$out"

tsu_run --staff admin1 --today $TODAY -c '(flag! "P1" (quote watch) "様子を見る")' -c '(flag! "P1" (quote watch) "again")' -c 'flags watch'
ok "flag! raises once, through the core" eval '[ "$rc" = 0 ] && [ "$(sql "SELECT count(*) FROM flag WHERE name = '"'watch'"'")" = "1" ]'

# Filling a form at a terminal.
if command -v tmux >/dev/null 2>&1; then
	tsu_tmux forms
	cat >"$TSU_TMP/ask.scm" <<'EOF'
(define-form 'ask #:subject 'mother
  #:fields (list (field 'seen "Seen on" 'date #:required? #t)
                 (field 'how "How" 'choice #:required? #t
                        #:choices '("phone" "visit"))))
(define-form 'ask2 #:subject 'mother
  #:fields (list (field 'kana "Kana" 'text #:required? #t
                        #:check (lambda (v answers)
                                  (and (not (string-prefix? "カ" v))
                                       "must start with カ")))
                 (field 'how "How" 'choice #:required? #t
                        #:choices '("phone" "visit"))))
EOF
	t new-session -d -s f -x 150 -y 50 \
		"'$TSUNAGU' --no-init --db '$TSUNAGU_DB' --staff admin1 \
			--today $TODAY -l '$TSU_TMP/ask.scm'"
	wait_for f "tsunagu admin1>"
	t send-keys -t f 'intake ask P1' Enter
	if wait_for f "Seen on"; then
		t send-keys -t f b Tab Tab
		sleep 0.5
		ok "Tab at a form's prompt offers no shell command" \
			eval 'wait_last f "^Seen on \\*: b$" &&
			      ! contains "$out" "backup"'
		t send-keys -t f C-u Up
		sleep 0.3
		ok "... and the up arrow recalls no shell line" \
			wait_last f '^Seen on \*:$'
		t send-keys -t f '2026-13-01' Enter
		ok "a bad date is asked again" wait_for f "is not a date"
		t send-keys -t f 'R8.3.30' Enter
		wait_for f "2\) visit"
		t send-keys -t f v Tab
		ok "Tab there offers the field's choices" \
			wait_last f '^How \*: visit$'
		t send-keys -t f C-u '2' Enter
		sleep 1
		ok "a choice picked by number is stored" eval '[ "$(sql "SELECT answers FROM response WHERE form = '"'ask'"'")" = "{\"seen\":\"2026-03-30\",\"how\":\"visit\"}" ]'
		t send-keys -t f 'intake ask P1' Enter
		sleep 0.5
		t send-keys -t f C-c
		ok "Ctrl-C abandons the form" wait_for f "abandoned \(Ctrl-C\)"
		ok "leaving nothing saved" eval '[ "$(sql "SELECT count(*) FROM response WHERE form = '"'ask'"'")" = 1 ]'
		# A check that looks at the whole form fails once all is
		# answered: its field is asked again, the others kept.
		t send-keys -t f 'intake ask2 P1' Enter
		wait_for f "Kana"
		t send-keys -t f 'Saburo' Enter
		wait_for f "2\) visit"
		t send-keys -t f '1' Enter
		ok "a failed check is shown at the end" wait_for f "must start with カ"
		t send-keys -t f 'カナ' Enter
		ok "and only its field is asked again" tsu_poll 50 eval '[ "$(sql "SELECT answers FROM response WHERE form = '"'ask2'"'")" = "{\"kana\":\"カナ\",\"how\":\"phone\"}" ]'
		t send-keys -t f 'help due' Enter
		ok "the shell goes on" wait_for f "Usage:"
		t send-keys -t f C-l Up Up
		ok "its history holds the lines, not the answers" \
			wait_last f '> intake ask2 P1$'
		t send-keys -t f C-u
		# While one nurse types a form's answers, others go on.
		t send-keys -t f 'intake ask P1' Enter
		wait_for f "Seen on"
		tsu_run --staff admin1 --today $TODAY \
			-c 'contact P1 --kind phone --note 電話'
		ok "another terminal can write while a form waits for answers" \
			eval '[ "$rc" = 0 ] && [ "$(sql "SELECT count(*) FROM event WHERE subject = '"'P1'"' AND subkind = '"'phone'"'")" = 1 ]'
		t send-keys -t f 'R8.3.31' Enter
		wait_for f "2\) visit"
		t send-keys -t f '1' Enter
		ok "and the form is saved when it is done" tsu_poll 50 eval \
			'[ "$(sql "SELECT count(*) FROM response WHERE form = '"'ask'"'")" = 2 ]'
	else
		for t in 1 2 3 4 5 6 7 8 9 10 11 12 13; do skip "filling at a terminal ($t)" "intake FORM is not available"; done
	fi
	t send-keys -t f 'quit' Enter
	sleep 0.3
else
	for t in 1 2 3 4 5 6 7 8 9 10 11 12 13; do skip "filling at a terminal ($t)" "tmux is not installed"; done
fi

tap_done
