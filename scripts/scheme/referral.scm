;;; referral.scm - the rules of the referral plugin a municipality may
;;; tune in its own local.d script: the reply period, and when a referral
;;; may go to an agency without the family's consent.

;;; ---- The reply period -----------------------------------------------
;;;
;;; The days between sending a referral to an agency and the reply the
;;; center expects.  A referral sent without --reply-by is expected back
;;; that many days after it was sent; when no reply has come by then it
;;; appears in `due` (kind "referral").  A site that wants three weeks
;;; writes in local.d:
;;;
;;;   (set-referral-reply-days! 21)

(define %referral-reply-days 14)

;; (referral-reply-days) -> days
(define (referral-reply-days) %referral-reply-days)

;; (set-referral-reply-days! DAYS) -> DAYS, a whole number from 1 to 365
(define (set-referral-reply-days! days)
  (unless (and (exact-integer? days) (<= 1 days 365))
    (scm-error 'misc-error "set-referral-reply-days!"
               (G_ "DAYS must be a whole number from 1 to 365, not ~S")
               (list days) #f))
  (set! %referral-reply-days days)
  days)

;;; ---- Sharing without consent ----------------------------------------
;;;
;;; A referral passes what the center knows of a family to another
;;; agency.  Normally the family agrees first (--consent yes).  Without
;;; its consent, 児童福祉法 still allows it in these cases, and only in
;;; these:
;;;
;;; - 第25条の2 and 第25条の3: the members of a 要保護児童対策地域協議会
;;;   (要対協) exchange the information they need about the children and
;;;   expectant mothers that are its cases (要保護児童, 要支援児童, 特定
;;;   妊婦), and the council may ask related agencies for information and
;;;   help, which they may then give without the family's consent.
;;;   第25条の5: in return, everyone taking part must keep it secret.  So
;;;   a subject designated (or being designated) may be referred to an
;;;   agency of kind 要対協.
;;; - 第25条: whoever finds a child who needs protection (要保護児童) must
;;;   notify (通告) the municipality or a 児童相談所; the duty of secrecy
;;;   does not stand in the way.  So a 要保護児童 may be referred to a
;;;   児童相談所.
;;; - 第25条の3 again: a case conference of the council (個別ケース検討
;;;   会議) may decide on a referral for a subject it already handles as
;;;   designated.
;;;
;;; The basis found is kept on the referral (sharing_basis), on the
;;; subject's timeline and in the audit trail, so the record says why the
;;; referral was allowed.

;; (referral-sharing-basis FACTS) -> the basis (a string) or #f
;; FACTS is an alist:
;;   agency-kind   "要対協", "児童相談所", "医療機関"...
;;   designation   "特定妊婦", "要支援児童", "要保護児童" or #f
;;   conference?   #t when a case conference decided the referral
;;   designated?   #t when the subject is designated already
(define (referral-sharing-basis facts)
  (let ((kind (assq-ref facts 'agency-kind))
        (designation (assq-ref facts 'designation)))
    (cond ((and (assq-ref facts 'conference?) (assq-ref facts 'designated?))
           "児童福祉法第25条の3（個別ケース検討会議の決定）")
          ((not designation) #f)
          ((equal? kind "要対協")
           "児童福祉法第25条の3（要保護児童対策地域協議会での情報共有）")
          ((and (equal? kind "児童相談所") (equal? designation "要保護児童"))
           "児童福祉法第25条（要保護児童の通告）")
          (else #f))))

;;; ---- How the referral plugin calls the rules above ------------------
;;;
;;; The plugin passes text and takes text back.  There is no need to
;;; change these.

(define (referral-reply-days-text)
  (number->string (referral-reply-days)))

;; "" when the law gives no basis.
(define (referral-sharing-basis-text kind designation conference designated)
  (let ((basis (referral-sharing-basis
                `((agency-kind . ,kind)
                  (designation . ,(and (not (string-null? designation))
                                       designation))
                  (conference? . ,(not (string-null? conference)))
                  (designated? . ,(not (string-null? designated)))))))
    (cond ((not basis) "")
          ((string? basis) basis)
          (else (error (G_ "referral-sharing-basis: expected a basis (a string) or #f, not") basis)))))
