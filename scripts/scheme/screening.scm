;;; screening.scm - rules run after each response of the form they name;
;;; a rule that returns true flags the subject with the rule's name and
;;; its label as the reason.  A municipality adds its own with
;;; define-screening, or replaces one by giving its name again.

;; No one to turn to: answered "no" to 相談できる人がいる.
(define-screening 'no-support
  #:label "相談相手がいない"
  #:form 'pregnancy
  (lambda (answers subject)
    (let ((a (assq 'has_support answers)))
      (and a (not (cdr a))))))

;; Young pregnancy: under 20 at the notification.
(define-screening 'young-pregnancy
  #:label "若年妊娠（届出時20歳未満）"
  #:form 'pregnancy
  (lambda (answers subject)
    (let ((birth (assq-ref answers 'birth_date))
          (at (assq-ref answers 'notified_on)))
      (and birth at (string<=? birth at)
           (< (age-in-years birth at) 20)))))

;; Late notification: after 20 weeks of pregnancy, i.e. notified later
;; than 140 days before the due date.
(define-screening 'late-notification
  #:label "妊娠20週以降の届出"
  #:form 'pregnancy
  (lambda (answers subject)
    (let ((due (assq-ref answers 'due_date))
          (at (assq-ref answers 'notified_on)))
      (and due at (string>? at (date-add due -140))))))
