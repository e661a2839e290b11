;;; plans.scm - support plans from Scheme: plan-new!, plan-concern!,
;;; plan-item!, plan-review! and plan-ref, their errors, plan-hook
;;; pre-filling an item from a screening flag, and the next review
;;; suggested by the rules of plan-rules.scm.

(load "prelude.scm.inc")

;; Register a pregnant mother (and so a family) through the shell, as
;; the intake plugin does.
(define (register! family given kana due)
  (run-command
   (string-append "intake pregnancy --set family_name=" family
                  " --set given_name=" given
                  " --set family_name_kana=" kana
                  " --set given_name_kana=ハナコ"
                  " --set birth_date=1995-04-01"
                  " --set notified_on=2026-03-10 --set due_date=" due)))

;; Run the shell LINE, what it prints dropped.
(define (quietly line)
  (with-output-to-string (lambda () (run-command line))))

(define (plugin-there?)
  (and (defined? 'plan-new!) (defined? '%plan-new!)))

;; The value of KEY in the plan alist PLAN.
(define (field plan key) (assq-ref plan key))

(test-begin "plans")

(if (not (plugin-there?))
    (test-skip 1))
(test-assert "the plan plugin and its procedures are there" (plugin-there?))

(when (plugin-there?)
  (with-output-to-string
    (lambda ()
      (register! "山田" "花子" "ヤマダ" "2026-10-01")      ; P1 F1
      (register! "佐藤" "陽子" "サトウ" "2026-05-20")      ; P2 F2
      (register! "鈴木" "愛" "スズキ" "2026-12-01")        ; P3 F3
      (register! "田中" "恵" "タナカ" "2026-11-01")))      ; P4 F4

  (test-group "making and reading a plan"
    (test-equal "plan-new! gives the new plan's id" "PL1" (plan-new! "F1"))
    (let ((p (plan-ref "PL1")))
      (test-equal "plan-ref: the family" "F1" (field p 'family_id))
      (test-equal "plan-ref: a support plan, version 1" '("support" 1)
        (list (field p 'kind) (field p 'version)))
      (test-equal "plan-ref: the contact person is the family's" "admin1"
        (field p 'contact_staff))
      (test-equal "the next review before the birth: a month before the due date"
        "2026-09-01" (field p 'next_review))
      (test-equal "no worries nor items yet" '(() ())
        (list (field p 'concerns) (field p 'items))))
    (test-equal "a self-plan with its next review, agreed" '("self" "2026-06-01" #t)
      (let ((p (plan-ref (plan-new! "P2" #:self? #t #:next-review "R8.6.1"
                                    #:agreed? #t))))
        (list (field p 'kind) (field p 'next_review)
              (field p 'agreed_by_parent)))))

  (test-group "worries and items"
    (test-equal "plan-concern! gives the worry's id" "PC1"
      (plan-concern! "PL1" #:whose 'parent #:text "夜眠れない"))
    (test-equal "plan-concern! not yet shared" "PC2"
      (plan-concern! "pl1" #:whose "staff" #:text "相談できる人がいない"
                     #:shared? #f))
    (test-equal "plan-item! gives the item's id" "PI1"
      (plan-item! "PL1" #:what "産後ケアの申込" #:who 'parent
                  #:by "2026-05-01"))
    (let ((p (plan-ref "PL1")))
      (test-equal "the worries as alists" '(("parent" "夜眠れない" #t)
                                           ("staff" "相談できる人がいない" #f))
        (map (lambda (c) (list (field c 'whose) (field c 'text)
                               (field c 'shared)))
             (field p 'concerns)))
      (test-equal "the item as an alist" '(("PI1" "産後ケアの申込" "parent" "2026-05-01" #f))
        (map (lambda (i) (list (field i 'id) (field i 'what) (field i 'who)
                               (field i 'by_date) (field i 'done_on)))
             (field p 'items)))))

  (test-group "review"
    (test-equal "plan-review! gives the new version" "PL3"
      (plan-review! "PL1" #:next-review "2026-07-01" #:note "少し眠れる"))
    (let ((new (plan-ref "PL3")) (old (plan-ref "PL1")))
      (test-equal "version 2 points back to version 1"
        '(2 "PL1" "PL1" #t) (list (field new 'version) (field new 'previous_id)
                                  (field new 'series_id) (field new 'current)))
      (test-equal "the review's note and date" '("少し眠れる" "2026-07-01")
        (list (field new 'review_note) (field new 'next_review)))
      (test-equal "open worries and items go on" '(2 1)
        (list (length (field new 'concerns)) (length (field new 'items))))
      (test-equal "the old version is kept as it was" '(#f #f 2)
        (list (field old 'current) (field old 'review_note)
              (length (field old 'concerns)))))
    (test-equal "plan-ref of a family gives its current version" "PL3"
      (field (plan-ref "F1") 'id))
    (test-equal "... and of a member" "PL3" (field (plan-ref "P1") 'id)))

  (test-group "errors"
    (test-assert "an unknown plan"
      (raises-with? "plan-concern!: no plan PL99"
                    (lambda () (plan-concern! "PL99" #:whose 'parent
                                              #:text "x"))))
    (test-assert "an older version cannot change"
      (raises-with? "its current version is PL3"
                    (lambda () (plan-item! "PL1" #:what "x" #:who 'staff))))
    (test-assert "a missing keyword is named"
      (raises-with? "--whose"
                    (lambda () (plan-concern! "PL3" #:text "x"))))
    (test-assert "a bad date is named"
      (raises-with? "--next-review"
                    (lambda () (plan-new! "F4" #:next-review "2026-13-01"))))
    (test-assert "... and nothing of it was kept"
      (raises-with? "F4 has no plan yet" (lambda () (plan-ref "F4"))))
    (test-assert "a second open plan is refused"
      (raises-with? "F1 already has an open plan, PL3"
                    (lambda () (plan-new! "F1"))))
    (test-assert "an argument that is no text"
      (raises-with? "plan-ref: argument 1: expected a string"
                    (lambda () (plan-ref '(1 2)))))
    (test-assert "the number of arguments"
      (raises-with? "takes 1 argument" (lambda () (%plan-ref "F1" "F2")))))

  (test-group "plan-hook"
    (define seen '())
    ;; A municipality's rule: a plan for a family whose mother was
    ;; flagged by the screening rule "no-one-to-turn-to" starts with the
    ;; staff's call to her.
    (define (prefill event plan data)
      (set! seen (cons (list event plan (field data 'version)) seen))
      (when (memq event '(new review))
        (let ((flagged-members
               (query "SELECT 'P' || m.person_id AS id FROM member m
                       JOIN flag f ON f.subject = 'P' || m.person_id
                       WHERE m.family_id = ? AND f.name = 'no-one-to-turn-to'
                       AND f.cleared_on IS NULL"
                      (string->number (substring (field data 'family_id) 1)))))
          (when (and (pair? flagged-members)
                     (not (any-item? data "頼れる人について電話する")))
            (plan-item! plan #:what "頼れる人について電話する" #:who 'staff
                        #:by (date-add (today) 7))))))
    (define (any-item? data what)
      (let loop ((items (field data 'items)))
        (and (pair? items)
             (or (equal? (field (car items) 'what) what)
                 (loop (cdr items))))))
    (flag! "P3" 'no-one-to-turn-to "妊娠届出時の面接で")
    (add-hook! plan-hook prefill)
    (let ((id (plan-new! "F3")))
      (test-equal "plan-hook pre-fills an item from the flag"
        '(("頼れる人について電話する" "staff" "2026-04-08"))
        (map (lambda (i) (list (field i 'what) (field i 'who) (field i 'by_date)))
             (field (plan-ref id) 'items)))
      (test-equal "the hook had the event, the plan and the plan's fields"
        (list 'new id 1) (car (last-pair seen)))
      (let ((next (plan-review! id)))
        (test-equal "on review the hook sees the copied item and adds none"
          1 (length (field (plan-ref next) 'items)))
        (test-assert "... and had the event review with the new version"
          (member (list 'review next 2) seen))))
    (test-equal "no flag, no item" '()
      (field (plan-ref (plan-new! "F4")) 'items))
    (remove-hook! plan-hook prefill))

  (test-group "the next review from Scheme"
    (set! plan-review-points '((before-birth "出産の2か月前" due-date -60)))
    (quietly "plan close PL5 --reason テスト")
    (test-equal "changed review points" "2026-10-02"
      (field (plan-ref (plan-new! "F3")) 'next_review))
    (set! plan-review-points '())
    (set! plan-review-interval 30)
    (quietly "plan close PL7 --reason テスト")
    (test-equal "the usual interval" "2026-05-01"
      (field (plan-ref (plan-new! "F3")) 'next_review))
    (set! plan-next-review (lambda (facts) '("2026-01-01" past "過去")))
    (quietly "plan close PL8 --reason テスト")
    (test-assert "a rule suggesting a past date is refused"
      (raises-with? "plan-next-review gave 2026-01-01, before today"
                    (lambda () (plan-new! "F3"))))))

(test-end "plans")
