;;; milestones.scm - define-milestone, its errors, and the entries it
;;; puts on the due list (done by a contact or a form response, or by
;;; #:done-when).

(load "prelude.scm.inc")
(use-modules (srfi srfi-1))

(define fixtures?
  (test-sql! "
INSERT INTO person(id, family_name, given_name, birth_date, status,
                   created_at, updated_at)
VALUES (1, '山田', '花子', '1996-06-01', 'active', 'x', 'x'),
       (2, '山田', '陽', '2026-03-10', 'active', 'x', 'x'),
       (3, '佐藤', '蓮', '2026-03-12', 'moved', 'x', 'x');
INSERT INTO family(id, contact_staff, status, created_at)
VALUES (1, 'admin1', 'active', '2025-10-01T00:00:00Z');
INSERT INTO member VALUES (1, 1, 'mother'), (1, 2, 'child'), (1, 3, 'child');
INSERT INTO pregnancy(mother_id, family_id, notified_on, due_date, created_at)
VALUES (1, 1, '2025-10-01', '2026-05-10', 'x');"))

(define (run-command-ok? line)
  (catch #t (lambda () (run-command line)) (lambda args #f)))

;; Whether a line of the due list (a table) shows both LABEL and TEXT.
(define (line-with? label text days)
  (any (lambda (line)
         (and (string-contains line label) (string-contains line text)))
       (string-split
        (capture-output
         (lambda ()
           (run-command (format #f "due --within ~a --kind milestone" days))))
        #\newline)))

;; (subject due-on) of the due-list lines (a table) showing LABEL.
(define (entries label days)
  (let ((text (capture-output
               (lambda ()
                 (run-command (format #f "due --within ~a --kind milestone"
                                      days))))))
    (filter-map
     (lambda (line)
       (and (string-contains line label)
            (let ((words (remove string-null? (string-split line #\space))))
              (list (find (lambda (w)
                            (and (> (string-length w) 1)
                                 (memv (string-ref w 0) '(#\P #\F))
                                 (string->number (substring w 1))))
                          words)
                    (car words)))))
     (string-split text #\newline))))

(test-begin "milestones")

(test-group "define-milestone errors"
  (test-assert "#:for"
    (raises-with? "#:for must be pregnancy, child or family"
                  (lambda () (define-milestone 'x #:label "x" #:for 'dog
                               #:due-days 1 #:done-by 'visit))))
  (test-assert "#:from fits #:for"
    (raises-with? "#:from for child must be birth_date"
                  (lambda () (define-milestone 'x #:label "x" #:for 'child
                               #:from 'due_date #:due-days 1
                               #:done-by 'visit))))
  (test-assert "#:due-days"
    (raises-with? "#:due-days must be a whole number"
                  (lambda () (define-milestone 'x #:label "x" #:for 'child
                               #:due-days "soon" #:done-by 'visit))))
  (test-assert "a way to be done"
    (raises-with? "give #:done-by or #:done-when"
                  (lambda () (define-milestone 'x #:label "x" #:for 'child
                               #:due-days 3))))
  (test-assert "#:done-from"
    (raises-with? "#:done-from must be a whole number of days"
                  (lambda () (define-milestone 'x #:label "x" #:for 'child
                               #:due-days 3 #:done-by 'visit
                               #:done-from "later")))))

(test-group "on the due list"
  (if fixtures?
      (begin
        (test-equal "the shipped newborn visit, active children only"
          '(("P2" "2026-04-07")) (entries "新生児訪問" 30))
        (test-equal "the 8-month interview from the due date (negative days)"
          '(("P1" "2026-03-15")) (entries "妊娠8か月頃の面接" 30))
        (test-equal "nothing due after the window" '()
          (entries "3〜4か月児健診" 30))
        (test-equal "a later window shows it" '(("P2" "2026-08-07"))
          (entries "3〜4か月児健診" 200))
        (define-milestone 'test-call #:label "テスト電話" #:for 'family
          #:from 'created_on #:due-days 10 #:done-by "test_call")
        (test-equal "a family milestone" '(("F1" "2025-10-11"))
          (entries "テスト電話" 0))
        (test-assert "its line names the family"
          (line-with? "テスト電話" "山田家" 0))
        (test-assert "and a person's line names the person"
          (line-with? "妊娠8か月頃の面接" "山田 花子" 30))
        (test-assert "a contact of that sub-kind on the family marks it done"
          (begin
            (test-sql! "INSERT INTO event(subject, kind, subkind, date, created_at)
                        VALUES ('F1', 'contact', 'test_call', '2026-01-05', 'x')")
            (null? (entries "テスト電話" 0))))
        (define-milestone 'test-late #:label "遅い電話" #:for 'family
          #:from 'created_on #:due-days 10 #:done-by "late_call"
          #:done-from 200)
        (test-assert "with #:done-from, a contact before basis + days does not"
          (begin
            (test-sql! "INSERT INTO event(subject, kind, subkind, date, created_at)
                        VALUES ('F1', 'contact', 'late_call', '2026-04-18', 'x')")
            (equal? '(("F1" "2025-10-11")) (entries "遅い電話" 0))))
        (test-assert "and one from that day on does"
          (begin
            (test-sql! "INSERT INTO event(subject, kind, subkind, date, created_at)
                        VALUES ('F1', 'contact', 'late_call', '2026-04-19', 'x')")
            (null? (entries "遅い電話" 0))))
        (test-assert "a response of the form marks it done"
          (begin
            (fill-form 'interview_8m "P1" '((interviewed_on . "2026-03-20")))
            (null? (entries "妊娠8か月頃の面接" 30))))
        (define-milestone 'newborn-visit #:label "新生児訪問（市独自）" #:for 'child
          #:from 'birth_date #:due-days 21
          #:done-when (lambda (subject from) (string=? subject "P9")))
        (test-equal "redefined, with #:done-when" '(("P2" "2026-03-31"))
          (entries "新生児訪問（市独自）" 30))
        (define-milestone 'test-done #:label "済" #:for 'child
          #:due-days 1 #:done-when (lambda (subject from) #t))
        (test-equal "#:done-when true: not listed" '() (entries "済" 30))
        (define-milestone 'test-broken #:label "壊れた" #:for 'child
          #:due-days 1 #:done-when (lambda (subject from) (car '())))
        (test-assert "a failing #:done-when fails due, naming the milestone"
          (not (run-command-ok? "due")))
        (define-milestone 'test-broken #:label "直した" #:for 'child
          #:due-days 1 #:done-by 'x))
      (begin (test-skip 1) (test-assert "needs the sqlite3 program" #t))))

(test-end "milestones")
