;;; milestones.scm - the contacts the center keeps track of, feeding the
;;; due list.  #:from is the basis date; #:due-days (negative: before it)
;;; gives the date by which it is due.  A milestone is done by a contact
;;; whose kind is one of #:done-by (contact P12 --kind visit) or by a
;;; response of a form of that name, dated on or after the basis date,
;;; and on or after the basis date plus #:done-from days when given (an
;;; interview at the notification is not the one of the 8th month).  The
;;; checkups are done by their forms only (intake checkup_4m P12): a
;;; contact of kind checkup could be any of them, and a late one would
;;; hide an earlier one missed.
;;; A municipality redefines one by giving its name again.

;; About 8 months of pregnancy: some eight weeks before the due date.
(define-milestone 'interview-8m
  #:label "妊娠8か月頃の面接"
  #:for 'pregnancy #:from 'due_date #:due-days -56
  #:done-by '(interview_8m interview) #:done-from -112)

;; 新生児訪問: within 28 days of birth.
(define-milestone 'newborn-visit
  #:label "新生児訪問"
  #:for 'child #:from 'birth_date #:due-days 28
  #:done-by '(newborn_visit visit))

;; 乳児家庭全戸訪問: every household with an infant, by 4 months.
(define-milestone 'infant-home-visit
  #:label "乳児家庭全戸訪問"
  #:for 'child #:from 'birth_date #:due-days 120
  #:done-by '(infant_home_visit newborn_visit visit))

;; 乳幼児健診 at 3-4 months, 1 year 6 months (by 2 years) and 3 years
;; (by 4 years).
(define-milestone 'checkup-4m
  #:label "3〜4か月児健診"
  #:for 'child #:from 'birth_date #:due-days 150
  #:done-by '(checkup_4m))

(define-milestone 'checkup-18m
  #:label "1歳6か月児健診"
  #:for 'child #:from 'birth_date #:due-days 730
  #:done-by '(checkup_18m))

(define-milestone 'checkup-3y
  #:label "3歳児健診"
  #:for 'child #:from 'birth_date #:due-days 1461
  #:done-by '(checkup_3y))
