;;; plan-rules.scm - the support plan's rules a municipality may change:
;;; when a plan calls for considering the 要対協 (escalation), and the
;;; words printed on the plan.  Redefine any of these in local.d or in
;;; init.scm; the later definition wins.

;;; ---- Escalation ----------------------------------------------------
;;;
;;; The training text: when worries cannot be shared with the parent, or
;;; support is not taken up, the case is considered for the 要保護児童対策
;;; 地域協議会 (要対協).  Two signs of that, each with its threshold:

;; Days a staff worry may stay unshared with the parent.
(define plan-unshared-days 30)

;; Overdue items on the parent's side that count as "repeatedly".
(define plan-overdue-items 2)

;; (plan-escalation FACTS) -> a hint (string) or #f
;; Called by the plan plugin for `due` and `plan list`, for each current
;; open plan with a staff worry not yet shared or parent-side items past
;; their date.  FACTS is an alist:
;;   plan                  "PL3"
;;   family                "F1"
;;   today                 "2026-05-10"
;;   unshared-since        the oldest unshared staff worry's date, or #f
;;   overdue-parent-items  how many of the parent's items are overdue
;; A municipality may redefine it, e.g. to look at flags with `query`.
(define (plan-escalation facts)
  (let* ((today (assq-ref facts 'today))
         (since (assq-ref facts 'unshared-since))
         (overdue (assq-ref facts 'overdue-parent-items))
         (unshared? (and since
                         (>= (days-between since today) plan-unshared-days)))
         (overdue? (>= overdue plan-overdue-items)))
    (and (or unshared? overdue?)
         (string-append
          (if unshared?
              (string-append "職員の心配を" since
                             "から保護者と共有できていない")
              "")
          (if (and unshared? overdue?) "、" "")
          (if overdue?
              (string-append "保護者側の項目が" (number->string overdue)
                             "件期限切れ")
              "")
          "。要対協での検討を考えてください"))))

;;; ---- The printed plan ----------------------------------------------
;;;
;;; The words of `plan print`, by key; a key left out keeps its default.

(define plan-print-words
  '((parent-copy . "保護者用（ご本人用）")
    (center-copy . "センター控え")
    (support-title . "支援プラン")
    (self-title . "セルフプラン")
    (your-worries . "あなたの心配")
    (my-worries . "わたしの心配（支援者として）")
    (todo . "これからすること")
    (who . "だれが")
    (by . "いつまでに")
    (who-parent . "ご本人")
    (who-staff . "センター")
    (contact . "担当者（いつでもご相談ください）")
    (next-review . "次に一緒に見直す日")))

;; Lines the municipality adds at the end of each copy: a list of
;; strings, or a procedure of the plan id giving one.
(define plan-print-lines '())

;;; ---- The next review ------------------------------------------------
;;;
;;; The training text: plans are reviewed at pregnancy notification,
;;; before the birth and after it, then at intervals agreed with the
;;; parent.  When `plan new` or `plan review` is given no --next-review,
;;; the date is suggested from the family's stage by these rules.

;; Days to the next review when no point of the family's stage comes
;; first.
(define plan-review-interval 90)

;; The typical review points, in order: (BASIS WORDS FROM DAYS).  FROM is
;; 'due-date (of the family's open pregnancy) or 'birth-date (of its
;; youngest child); the point falls DAYS after it.  The first point still
;; to come is suggested; "after the birth" is suggested from a month
;; before the due date on, even when the birth is late.
(define plan-review-points
  '((before-birth "出産前" due-date -30)
    (after-birth "出産後" due-date 14)
    (infant "生後4か月ごろ" birth-date 120)))

;; (plan-next-review FACTS) -> (DATE BASIS WORDS)
;; FACTS: today, due-date (or #f), birth-date (or #f).  A municipality
;; may redefine it, or only change the two definitions above.
(define (plan-next-review facts)
  (let* ((today (assq-ref facts 'today))
         (point-date
          (lambda (point)
            (let ((from (assq-ref facts (caddr point))))
              (and from (date-add from (cadddr point))))))
         (due (assq-ref facts 'due-date))
         (to-come? (lambda (point)
                     (let ((date (point-date point)))
                       (and date
                            (or (string<? today date)
                                ;; a late birth: after it, soon
                                (and due (eq? (car point) 'after-birth)))))))
         (upcoming (let next ((points plan-review-points))
                     (cond ((null? points) #f)
                           ((to-come? (car points)) (car points))
                           (else (next (cdr points)))))))
    (if upcoming
        (let ((date (point-date upcoming)))
          (list (if (string<? date today) today date)
                (car upcoming) (cadr upcoming)))
        (list (date-add today plan-review-interval) 'interval
              (format #f "~a日後" plan-review-interval)))))

;;; ---- Support plans from Scheme --------------------------------------
;;;
;;; The plan plugin's procedures with keywords.  Each works as the shell's
;;; `plan` sub-command does (checks, audit, timeline, plan-hook) and, from
;;; a script or a hook, inside the running command's transaction:
;;;
;;;   (plan-new! "F1" #:self? #f #:next-review "2026-07-01"
;;;              #:contact "nurse1" #:agreed? #t)        => "PL3"
;;;   (plan-concern! "PL3" #:whose 'parent #:text "眠れない"
;;;                  #:shared? #t)                        => "PC5"
;;;   (plan-item! "PL3" #:what "産後ケアの申込" #:who 'parent
;;;               #:by "2026-05-01")                      => "PI7"
;;;   (plan-review! "PL3" #:next-review "2026-10-01"
;;;                 #:note "少し眠れるように")              => "PL4"
;;;   (plan-ref "PL4") or (plan-ref "F1")  => the plan as an alist

(define* (plan-new! family #:key self? next-review contact agreed?)
  (%plan-new! family self? next-review contact agreed?))

(define* (plan-concern! plan #:key whose text (shared? #t))
  (%plan-concern! plan whose text (if shared? "yes" "no")))

(define* (plan-item! plan #:key what who by)
  (%plan-item! plan what who by))

(define* (plan-review! plan #:key next-review note)
  (%plan-review! plan next-review note))

(define (plan-ref id)
  (%plan-ref id))

;;; ---- How the plan plugin calls the rules above ----------------------
;;;
;;; The plugin passes text and takes text back; these turn that into the
;;; calls above.  There is no need to change them.

;; "" for no hint.
(define (plan-escalation-hint plan family today since overdue)
  (let ((hint (plan-escalation
               `((plan . ,plan) (family . ,family) (today . ,today)
                 (unshared-since . ,(and (not (string-null? since)) since))
                 (overdue-parent-items . ,(string->number overdue))))))
    (cond ((not hint) "")
          ((string? hint) hint)
          (else (error (G_ "plan-escalation: expected a hint (a string) or #f, not") hint)))))

;; "DATE<TAB>BASIS<TAB>WORDS"
(define (plan-next-review-text today due birth)
  (let ((v (plan-next-review
            `((today . ,today)
              (due-date . ,(and (not (string-null? due)) due))
              (birth-date . ,(and (not (string-null? birth)) birth))))))
    (unless (and (list? v) (= (length v) 3) (string? (car v)))
      (error (G_ "plan-next-review: expected (DATE BASIS WORDS), not") v))
    (format #f "~a\t~a\t~a" (car v) (cadr v) (caddr v))))

;; The word KEY of plan-print-words, or "" for the plugin's own.
(define (plan-print-word key)
  (let ((v (and (list? plan-print-words)
                (assq-ref plan-print-words (string->symbol key)))))
    (if (string? v) v "")))

;; plan-print-lines for PLAN-ID, one a line.
(define (plan-print-lines-text plan-id)
  (let* ((v (if (procedure? plan-print-lines)
                (plan-print-lines plan-id)
                plan-print-lines))
         (lines (cond ((string? v) (list v))
                      ((list? v) (filter string? v))
                      (else '()))))
    (string-join lines "\n")))

(define (plan-date-wareki iso)
  (format-date iso 'wareki))
