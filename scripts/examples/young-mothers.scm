;;; young-mothers.scm - example of a screening hook: flag young mothers.
;;;
;;; A pregnancy notified before the mother turns 20 often needs more
;;; support.  This hook runs after every intake; when the form is the
;;; pregnancy notification and the mother is younger than
;;; `young-mother-age', it raises the flag `young-mother' on her.  The
;;; flag then shows in `flags', in `show' and on the timeline.
;;;
;;; To use it, copy it into the site folder (/etc/tsunagu/local.d/) or load
;;; it from ~/.config/tsunagu/init.scm.  If the hook raises an error, the
;;; intake fails and nothing of it is kept, so check what you rely on.

;; The age below which a mother counts as young.  Change it here.
(define young-mother-age 20)

(add-hook! intake-hook
  ;; FORM is the form's name as a symbol ('pregnancy, 'birth, ...);
  ;; SUBJECT-ID the person the form was filled for ("P12");
  ;; ANSWERS an alist such as ((family_name . "山田") (birth_date .
  ;; "2008-06-01") (notified_on . "2026-04-01") ...).
  (lambda (form subject-id answers)
    (when (eq? form 'pregnancy)
      (let ((birth (assq-ref answers 'birth_date))
            (notified (or (assq-ref answers 'notified_on) (today))))
        (when (and (string? birth) (string? notified))
          (let ((age (age-in-years birth notified)))
            (when (< age young-mother-age)
              ;; flag! does nothing if the flag is already raised.
              (flag! subject-id 'young-mother
                     (format #f "妊娠届出時 ~a歳 (~a)" age
                             (format-date notified 'wareki))))))))))
