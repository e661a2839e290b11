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
