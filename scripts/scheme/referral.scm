;;; referral.scm - defaults of the referral plugin, for a municipality to
;;; tune in its own local.d script.
;;;
;;; The reply period: the days between sending a referral to an agency and
;;; the reply the center expects.  A referral sent without --reply-by is
;;; expected back that many days after it was sent; when no reply has come
;;; by then it appears in `due` (kind "referral").  A site that wants three
;;; weeks writes in local.d:
;;;
;;;   (set-referral-reply-days! 21)
;;;
;;; The procedures come with the referral plugin; without it, nothing here
;;; applies.

(when (defined? 'set-referral-reply-days!)
  (set-referral-reply-days! 14))
