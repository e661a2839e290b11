;;; commands.scm - define-command and run-command, the hooks and the
;;; alists they receive, person, find-persons, flag! and flagged, and the
;;; example extensions in scripts/examples/.

(load "prelude.scm.inc")

(define here (dirname (current-filename)))

(define (run-captured line)
  (capture-output (lambda () (run-command line))))

;; Fictional persons and a family, written with the sqlite3 program.
(define fixtures?
  (test-sql! "
INSERT INTO person(id, family_name, given_name, family_name_kana,
                   given_name_kana, birth_date, sex, phone, address,
                   resident_code, status, created_at, updated_at)
VALUES (1, '山田', '花子', 'ヤマダ', 'ハナコ', '2008-06-01', 'F',
        '090-0000-0001', '架空市中央1-1', 'T0001', 'active',
        '2026-04-01T00:00:00Z', '2026-04-01T00:00:00Z'),
       (2, '佐藤', '美咲', 'サトウ', 'ミサキ', '1990-01-15', 'F',
        NULL, NULL, NULL, 'active',
        '2026-04-01T00:00:00Z', '2026-04-01T00:00:00Z'),
       (3, '山本', '太郎', 'ヤマモト', 'タロウ', '2026-03-01', 'M',
        NULL, NULL, NULL, 'moved',
        '2026-04-01T00:00:00Z', '2026-04-01T00:00:00Z'),
       (4, '100%_', '記号', NULL, NULL, NULL, NULL,
        NULL, NULL, NULL, 'active',
        '2026-04-01T00:00:00Z', '2026-04-01T00:00:00Z');
INSERT INTO family(id, contact_staff, status, created_at)
VALUES (1, 'admin1', 'active', '2026-04-01T00:00:00Z');
INSERT INTO member(family_id, person_id, role) VALUES (1, 1, 'mother');"))

(define-syntax-rule (when-fixtures body ...)
  (if fixtures?
      (begin body ...)
      (begin
        (test-skip 1)
        (test-assert "these tests need the sqlite3 program for fixtures"
          #t))))

(test-begin "commands")

(test-group "define-command and run-command"
  (define-command "greet" #:help "greets (test)"
    (lambda (name) (string-append "こんにちは、" name "さん")))
  (define-command "words" #:help "shows its words (test)" #:role 'read
    (lambda args (format #f "~s" args)))
  (define-command "chatty" #:help "prints and returns (test)"
    (lambda ()
      (display "first\n")
      (run-command "greet 花子")
      "last"))
  (define-command "fails" #:help "always fails (test)"
    (lambda () (car '())))
  (test-equal "runs, its value printed" "こんにちは、花子さん\n"
    (run-captured "greet 花子"))
  (test-equal "the words of the line are its string arguments"
    "(\"a\" \"b c\" \"--opt=3\" \"日本\")\n"
    (run-captured "words a \"b c\" --opt=3 日本"))
  (test-equal "no words" "()\n" (run-captured "words"))
  (test-equal "what it prints and what it runs, in order"
    "first\nこんにちは、花子さん\nlast\n"
    (run-captured "chatty"))
  (test-eq "run-command returns #t" #t
    (let ((r #f))
      (capture-output (lambda () (set! r (run-command "words"))))
      r))
  (test-assert "listed in help, with its help text"
    (let ((help (run-captured "help")))
      (and (string-contains help "greet")
           (string-contains help "greets (test)"))))
  (test-assert "help NAME" (string-contains (run-captured "help greet") "greet"))
  (test-assert "a failing command fails run-command"
    (raises-with? "run-command: the line failed"
                  (lambda () (run-captured "fails"))))
  (test-assert "so does an unknown command"
    (raises-with? "the line failed"
                  (lambda () (run-captured "no-such-command"))))
  (test-assert "wrong number of words fails it"
    (raises-with? "the line failed" (lambda () (run-captured "greet"))))
  (test-equal "a later definition replaces the earlier" "second\n"
    (begin
      (define-command "greet" #:help "greets again (test)"
        (lambda args "second"))
      (run-captured "greet x")))
  (test-assert "a built-in command cannot be replaced"
    (raises-with? "already defined"
                  (lambda () (define-command "help" (lambda () "x")))))
  (test-assert "the procedure is needed"
    (raises-with? "procedure is missing"
                  (lambda () (define-command "nothing" #:help "x"))))
  (test-assert "the role must be known"
    (raises-with? "#:role"
                  (lambda () (define-command "x1" #:role 'boss car))))
  (test-assert "any of the roles"
    (define-command "admin-only" #:help "x" #:role 'admin (lambda () "ok"))))

(test-group "run-command and transactions"
  (when-fixtures
   (define-command "flag-then-fail" #:help "(test)"
     (lambda ()
       (flag! "P2" 'half-done "should not stay")
       (error "stop here")))
   (test-assert "a failed inner line changes nothing, even if the caller goes on"
     (begin
       (capture-output
        (lambda ()
          (catch #t (lambda () (run-command "flag-then-fail")) (const #f))))
       (null? (flagged 'half-done))))))

(test-group "hooks receive alists"
  (define seen '())
  (define (remember . args) (set! seen args))
  (add-hook! intake-hook remember)
  (%run-hook "intake-hook" "intake" "P1"
             "{\"form\": \"pregnancy\", \"family_name\": \"山田\",
               \"age\": 17, \"weight\": -2.5e1, \"ok\": true, \"no\": false,
               \"note\": null, \"esc\": \"a\\\"b\\\\c\\n\\u3042\\ud83d\\ude00\",
               \"choices\": [\"a\", 1, [2]], \"nested\": {\"x\": 1}}")
  (test-equal "the form as a symbol" 'pregnancy (car seen))
  (test-equal "the subject id" "P1" (cadr seen))
  (test-equal "the answers"
    '((form . "pregnancy") (family_name . "山田") (age . 17)
      (weight . -25.0) (ok . #t) (no . #f) (note . #f)
      (esc . "a\"b\\c\nあ😀") (choices "a" 1 (2)) (nested (x . 1)))
    (caddr seen))
  (%run-hook "intake-hook" "intake" "P2" "{\"birth_date\": \"1990-01-15\"}")
  (test-equal "without a form, the hook's event" 'intake (car seen))
  (%run-hook "intake-hook" "intake" "P2"
             "{\"form\": \"birth\", \"id\": 5,
               \"answers\": {\"given_name\": \"太郎\", \"sex\": \"M\"}}")
  (test-equal "an answers object comes first, flat"
    '((given_name . "太郎") (sex . "M") (form . "birth") (id . 5))
    (caddr seen))
  (%run-hook "intake-hook" "intake" "P2" #f)
  (test-equal "no data, no answers" '() (caddr seen))
  (%run-hook "intake-hook" "intake" "P2" "  {}  ")
  (test-equal "an empty object" '() (caddr seen))
  (test-assert "broken JSON is an error saying where"
    (raises-with? "the hook's data is not valid JSON at character 9"
                  (lambda () (%run-hook "intake-hook" "intake" "P1"
                                        "{\"a\": 1,}"))))
  (test-assert "an unclosed string"
    (raises-with? "not closed"
                  (lambda () (%run-hook "intake-hook" "intake" "P1"
                                        "{\"a\": \"x}"))))
  (test-assert "text after the object"
    (raises-with? "after the end"
                  (lambda () (%run-hook "intake-hook" "intake" "P1"
                                        "{} x"))))
  (test-assert "not an object"
    (raises-with? "not a JSON object"
                  (lambda () (%run-hook "intake-hook" "intake" "P1" "[1]"))))
  (remove-hook! intake-hook remember)
  (test-assert "a hook with nothing added does not even read the data"
    (begin (%run-hook "intake-hook" "intake" "P1" "not json") #t))
  (let ((contact #f) (plan #f))
    (add-hook! contact-hook (lambda args (set! contact args)))
    (add-hook! plan-hook (lambda args (set! plan args)))
    (%run-hook "contact-hook" "contact" "P1"
               "{\"kind\": \"visit\", \"date\": \"2026-04-01\"}")
    (%run-hook "plan-hook" "plan" "PL3" "{\"event\": \"review\", \"version\": 2}")
    (test-equal "contact-hook: the kind" '(visit "P1")
      (list (car contact) (cadr contact)))
    (test-equal "plan-hook: the event" '(review "PL3" ((event . "review") (version . 2)))
      plan)
    (reset-hook! contact-hook)
    (reset-hook! plan-hook))
  (add-hook! referral-hook (lambda (event id data) (error "hook says no")))
  (test-assert "an error in a hook is the hook's error"
    (raises-with? "hook says no"
                  (lambda () (%run-hook "referral-hook" "referral" "R1" "{}"))))
  (reset-hook! referral-hook))

(test-group "person and find-persons"
  (when-fixtures
   (test-equal "every field, in order"
     '((id . "P1") (family_name . "山田") (given_name . "花子")
       (family_name_kana . "ヤマダ") (given_name_kana . "ハナコ")
       (birth_date . "2008-06-01") (sex . "F") (phone . "090-0000-0001")
       (address . "架空市中央1-1") (resident_code . "T0001")
       (status . "active"))
     (person "P1"))
   (test-equal "unknown fields are #f" '(#f #f #f)
     (map (lambda (k) (assq-ref (person "P2") k))
          '(phone address resident_code)))
   (test-equal "lower-case id" "P3" (assq-ref (person "p3") 'id))
   (test-equal "no such person" #f (person "P99"))
   (test-assert "a family id is no person id"
     (raises-with? "person: ID" (lambda () (person "F1"))))
   (test-assert "not a string"
     (raises-with? "person: ID" (lambda () (person 1))))
   (test-equal "reading a person is audited"
     '(((action . "read") (subject . "P1")))
     (begin
       (person "P1")
       (query "SELECT action, subject FROM audit ORDER BY id DESC LIMIT 1
               OFFSET 1")))
   (test-equal "by family name" '("P1" "P3") (find-persons "山"))
   (test-equal "by kana" '("P1") (find-persons "ヤマダ"))
   (test-equal "by given name" '("P2") (find-persons "美咲"))
   (test-equal "by full name, blanks ignored" '("P1") (find-persons "山田　花子"))
   (test-equal "by full name in kana" '("P3") (find-persons "ヤマモトタロウ"))
   (test-equal "% and _ are plain characters" '("P4") (find-persons "0%_"))
   (test-equal "nobody" '() (find-persons "鈴木"))
   (test-assert "empty text"
     (raises-with? "find-persons: TEXT" (lambda () (find-persons " "))))))

(test-group "flag! and flagged"
  (when-fixtures
   (test-equal "nothing flagged yet" '() (flagged))
   (test-equal "raises a flag" #t (flag! "P1" 'young-mother "17歳で妊娠届出"))
   (test-equal "again: already raised" #f (flag! "p1" 'young-mother "again"))
   (test-equal "flagged" '("P1") (flagged))
   (test-equal "flagged by name" '("P1") (flagged 'young-mother))
   (test-equal "flagged by name as a string" '("P1") (flagged "young-mother"))
   (test-equal "another name" '() (flagged 'no-such-flag))
   (test-equal "a family, name as a string" #t (flag! "F1" "needs-visit" "不在"))
   (test-equal "flagged, in order" '("P1" "F1") (flagged))
   (test-equal "the flag row"
     '(((subject . "P1") (name . "young-mother") (reason . "17歳で妊娠届出")
        (staff . "admin1") (raised_on . "2026-04-01") (cleared_on . #f)))
     (query "SELECT subject, name, reason, staff, raised_on, cleared_on
             FROM flag WHERE subject = 'P1'"))
   (test-equal "an event on the timeline"
     '(((kind . "flag") (date . "2026-04-01") (staff . "admin1")
        (summary . "young-mother: 17歳で妊娠届出") (ref . "FL1")))
     (query "SELECT kind, date, staff, summary, ref FROM event
             WHERE subject = 'P1'"))
   (test-equal "an audit row"
     '(((action . "create") (staff . "admin1")))
     (query "SELECT action, staff FROM audit
             WHERE subject = 'P1' AND detail = 'flag FL1 young-mother'"))
   (test-assert "the flags command lists it"
     (string-contains (run-captured "flags") "young-mother"))
   (test-assert "no such person"
     (raises-with? "no person P99" (lambda () (flag! "P99" 'x "r"))))
   (test-assert "not a subject id"
     (raises-with? "flag!: SUBJECT-ID"
                   (lambda () (flag! "山田" 'x "r"))))
   (test-assert "the reason is a string"
     (raises-with? "flag!: REASON" (lambda () (flag! "P1" 'x 3))))
   (test-assert "the name is one word"
     (raises-with? "flag!: NAME" (lambda () (flag! "P1" "two words" "r"))))
   (test-assert "a name in Japanese"
     (flag! "P2" '要支援 "地区担当より"))
   (test-assert "inside a command too"
     (begin
       (capture-output (lambda () (flag! "P2" 'checked "in a command")))
       (equal? '("P2") (flagged 'checked))))
   (test-equal "flagged, all names" '("P1" "F1" "P2") (flagged))))

(test-group "examples"
  (define examples (string-append here "/../../scripts/examples"))
  (test-assert "count-persons.scm loads"
    (begin (%load-script (string-append examples "/count-persons.scm")
                         (current-module))
           #t))
  (test-assert "young-mothers.scm loads"
    (begin (%load-script (string-append examples "/young-mothers.scm")
                         (current-module))
           #t))
  (when-fixtures
   (test-equal "count-persons" "active           3\nmoved            1\n"
     (run-captured "count-persons"))
   (test-equal "count-persons FISCAL-YEAR"
     "born in 2025年度 (R7.4.1 to R8.3.31)\nmoved            1\n"
     (run-captured "count-persons 2025"))
   (test-assert "count-persons with a bad word fails"
     (raises-with? "the line failed"
                   (lambda () (run-captured "count-persons soon"))))
   (%run-hook "intake-hook" "intake" "P2"
              "{\"form\": \"pregnancy\", \"birth_date\": \"1990-01-15\",
                \"notified_on\": \"2026-04-01\"}")
   (test-assert "a mother of 36 is not flagged"
     (not (member "P2" (flagged 'young-mother))))
   (%run-hook "intake-hook" "intake" "P3"
              "{\"form\": \"pregnancy\", \"birth_date\": \"2008-06-01\",
                \"notified_on\": \"2026-04-01\"}")
   (test-assert "a mother of 17 is"
     (member "P3" (flagged 'young-mother)))
   (test-equal "with the age in the reason"
     '(((reason . "妊娠届出時 17歳 (令和8年4月1日)")))
     (query "SELECT reason FROM flag WHERE subject = 'P3'
             AND name = 'young-mother'")))
  (reset-hook! intake-hook))

(test-end "commands")
