;;; due_window.scm - the edges of a milestone's entries on the due list:
;;; a due date exactly at the end of the window, events on the family,
;;; events dated before the basis date or between a pregnancy's
;;; notification and its due date, #:done-when asked only about what
;;; #:done-by left open, and #:due-days beyond the calendar.

(load "prelude.scm.inc")
(use-modules (srfi srfi-1))

;; Today is 2026-04-01.  Family 1: mother P1 (pregnant, notified
;; 2025-10-01, due 2026-05-10) and child P2 born 2026-03-20; family 2:
;; child P3 born 2026-03-20.
(define fixtures?
  (test-sql! "
INSERT INTO person(id, family_name, given_name, birth_date, status,
                   created_at, updated_at)
VALUES (1, '山田', '花子', '1996-06-01', 'active', 'x', 'x'),
       (2, '山田', '陽', '2026-03-20', 'active', 'x', 'x'),
       (3, '佐藤', '蓮', '2026-03-20', 'active', 'x', 'x');
INSERT INTO family(id, contact_staff, status, created_at)
VALUES (1, 'admin1', 'active', '2025-10-01T00:00:00Z'),
       (2, 'admin1', 'active', '2026-03-20T00:00:00Z');
INSERT INTO member VALUES (1, 1, 'mother'), (1, 2, 'child'), (2, 3, 'child');
INSERT INTO pregnancy(mother_id, family_id, notified_on, due_date, created_at)
VALUES (1, 1, '2025-10-01', '2026-05-10', 'x');"))

(define (event! subject subkind date)
  (test-sql! (format #f "INSERT INTO event(subject, kind, subkind, date,
                         created_at) VALUES ('~a', 'contact', '~a', '~a', 'x')"
                     subject subkind date)))

;; The subjects listed for LABEL by `due --within DAYS`, in order.
(define (listed label days)
  (let ((text (capture-output
               (lambda ()
                 (run-command (format #f "due --within ~a --kind milestone"
                                      days))))))
    (filter-map
     (lambda (line)
       (and (string-contains line label)
            (find (lambda (w)
                    (and (> (string-length w) 1)
                         (memv (string-ref w 0) '(#\P #\F))
                         (string->number (substring w 1))))
                  (string-split line #\space))))
     (string-split text #\newline))))

(test-begin "due-window")

(if fixtures?
    (begin
      ;; Born 2026-03-20, due 26 days later: 2026-04-15, today + 14.
      (define-milestone 'edge #:label "境界" #:for 'child #:due-days 26
        #:done-by 'edge_visit)
      (test-equal "due on the last day of the window: listed"
        '("P2" "P3") (listed "境界" 14))
      (test-equal "a day after the window: not listed"
        '() (listed "境界" 13))

      (event! "P2" "edge_visit" "2026-03-19")
      (test-equal "an event before the basis date does not count"
        '("P2" "P3") (listed "境界" 14))
      (event! "F1" "edge_visit" "2026-03-20")
      (test-equal "one on the family on the basis date does"
        '("P3") (listed "境界" 14))

      ;; From the due date (2026-05-10), 40 days before: 2026-03-31.
      (define-milestone 'preg #:label "妊娠中" #:for 'pregnancy
        #:from 'due_date #:due-days -40 #:done-by '(preg_call preg_form))
      (test-equal "a pregnancy milestone from the due date" '("P1")
        (listed "妊娠中" 0))
      (event! "P1" "preg_call" "2025-09-30")
      (test-equal "an event before the notification does not count"
        '("P1") (listed "妊娠中" 0))
      (event! "P1" "preg_form" "2025-10-01")
      (test-equal "one from the notification on does, before the due date"
        '() (listed "妊娠中" 0))

      (let ((asked '()))
        (define-milestone 'edge #:label "境界" #:for 'child #:due-days 26
          #:done-by 'edge_visit
          #:done-when (lambda (subject from)
                        (set! asked (cons (list subject from) asked))
                        #f))
        (test-equal "with #:done-when too: still listed" '("P3")
          (listed "境界" 14))
        (test-equal "#:done-when is asked only about what #:done-by left"
          '(("P3" "2026-03-20")) asked))

      (define-milestone 'far #:label "遠い" #:for 'child
        #:due-days 100000000 #:done-by 'x)
      (test-equal "#:due-days past the calendar: nothing, no error" '()
        (listed "遠い" 30))
      (define-milestone 'far #:label "遠い" #:for 'child
        #:due-days -100000000 #:done-by 'x)
      (test-equal "and before it" '() (listed "遠い" 30))
      (define-milestone 'far #:label "遠い" #:for 'child
        #:due-days (expt 10 30) #:done-by 'x)
      (test-equal "a number of days no machine word holds: nothing" '()
        (listed "遠い" 30))
      (define-milestone 'far #:label "遠い" #:for 'child
        #:due-days (- (expt 10 30)) #:done-by 'x)
      (test-equal "nor its negative" '() (listed "遠い" 30)))
    (begin (test-skip 1) (test-assert "needs the sqlite3 program" #t)))

(test-end "due-window")
