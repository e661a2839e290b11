;;; reports.scm - the counts of `report monthly` and `report fiscal`.
;;;
;;; Each count is a definition:
;;;
;;;   (define-report 'name #:label "妊娠届出数" #:section "妊娠・出産"
;;;     (lambda (from to) COUNT))
;;;
;;; FROM and TO are the first and the last day of the period (ISO dates,
;;; both included).  The procedure returns a number, or (NUMBER . "note")
;;; to say how it was counted, or a list of (LABEL . NUMBER) pairs for a
;;; breakdown (one row each, e.g. referrals by kind of agency).  Rows come
;;; in the order of definition; giving a name again replaces that count in
;;; place.  A municipality adds its own counts in local.d, e.g.
;;;
;;;   (define-report 'phone-consultations
;;;     #:label "電話相談" #:section "相談"
;;;     (lambda (from to)
;;;       (report-count
;;;        "SELECT count(*) FROM event WHERE kind = 'contact'
;;;           AND subkind = 'phone' AND date BETWEEN ?1 AND ?2" from to)))

(define %reports '())                   ; ((name label section proc) ...)

(define (define-report name . args)
  "Define (or redefine) the count NAME of the reports."
  (let loop ((a args) (label #f) (section #f) (proc #f))
    (cond
     ((null? a)
      (unless (symbol? name)
        (error (G_ "define-report: NAME must be a symbol, not") name))
      (unless (procedure? proc)
        (error (G_ "define-report: give the count as (lambda (from to) ...) for")
               name))
      (let ((entry (list name (or label (symbol->string name))
                         (or section "") proc)))
        (set! %reports
              (if (assq name %reports)
                  (map (lambda (e) (if (eq? (car e) name) entry e)) %reports)
                  (append %reports (list entry))))
        name))
     ((and (keyword? (car a)) (pair? (cdr a)))
      (case (keyword->symbol (car a))
        ((label) (loop (cddr a) (cadr a) section proc))
        ((section) (loop (cddr a) label (cadr a) proc))
        (else (error (G_ "define-report: unknown option (did you mean #:label or #:section?)")
                     (car a)))))
     (else (loop (cdr a) label section (car a))))))

(define (report-count sql . args)
  "The single number that the query SQL gives (0 for NULL)."
  (let ((rows (apply query sql args)))
    (if (and (pair? rows) (pair? (car rows)) (number? (cdaar rows)))
        (cdaar rows)
        0)))

(define (report-rows-of sql . args)
  "The (LABEL . NUMBER) pairs of a two-column query, for a breakdown."
  (map (lambda (row)
         (cons (let ((v (cdar row))) (if (string? v) v "(なし)"))
               (cdadr row)))
       (apply query sql args)))

(define (report-has-table? name)
  "Whether the database has table NAME (a plugin's tables)."
  (> (report-count
      "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1"
      name)
     0))

(define (report-rate part whole)
  "PART out of WHOLE in per cent, one decimal; #f when WHOLE is 0."
  (if (and (number? whole) (> whole 0))
      (/ (round (* 1000 (/ part whole))) 10.0)
      #f))

;;; ---- the counts --------------------------------------------------------

(define report-no-plan "計画の記録がありません (plan プラグインなし)")
(define report-no-referral "連携の記録がありません (referral プラグインなし)")

;; 妊娠届出: pregnancies notified in the period.
(define-report 'pregnancy-notifications
  #:label "妊娠届出数" #:section "妊娠・出産"
  (lambda (from to)
    (report-count
     "SELECT count(*) FROM pregnancy WHERE notified_on BETWEEN ?1 AND ?2"
     from to)))

;; 妊娠届出時の面接: a pregnancy form answered, or a contact of kind
;; interview, in the period.
(define-report 'interviews
  #:label "妊婦面接数" #:section "妊娠・出産"
  (lambda (from to)
    (report-count
     "SELECT count(*) FROM event WHERE date BETWEEN ?1 AND ?2
        AND ((kind = 'form' AND subkind = 'pregnancy')
          OR (kind = 'contact' AND subkind = 'interview'))"
     from to)))

;; 妊娠8か月頃の面接: the interview_8m form answered in the period.
(define-report 'interviews-8m
  #:label "妊娠8か月頃の面接数" #:section "妊娠・出産"
  (lambda (from to)
    (report-count
     "SELECT count(*) FROM event WHERE date BETWEEN ?1 AND ?2
        AND kind = 'form' AND subkind = 'interview_8m'"
     from to)))

;; 出生: children (members with role child) born in the period, and
;; births recorded on a pregnancy without a child in the register.
(define-report 'births
  #:label "出生数" #:section "妊娠・出産"
  (lambda (from to)
    (report-count
     "SELECT (SELECT count(DISTINCT p.id) FROM person p
                JOIN member m ON m.person_id = p.id
               WHERE m.role = 'child' AND p.birth_date BETWEEN ?1 AND ?2)
           + (SELECT count(*) FROM pregnancy g
               WHERE g.outcome = 'birth' AND g.outcome_on BETWEEN ?1 AND ?2
                 AND (g.child_id IS NULL OR g.child_id NOT IN
                      (SELECT person_id FROM member WHERE role = 'child')))"
     from to)))

;;; Visits.  A child is *eligible* in a period when the visit fell due in
;;; it: birth date + 28 days (新生児訪問) or + 120 days (乳児家庭全戸訪問)
;;; lies between FROM and TO.  An eligible child is *visited* when a
;;; contact or form of one of the visit kinds is on the child or the
;;; child's family, dated from the birth date to the end of the period
;;; (late visits count).  The rate is visited / eligible in per cent.

(define (report-visit-sql done-by)
  (string-append
   "SELECT count(DISTINCT p.id) FROM person p
      JOIN member m ON m.person_id = p.id AND m.role = 'child'
     WHERE p.birth_date IS NOT NULL
       AND date(p.birth_date, ?3) BETWEEN ?1 AND ?2"
   (if done-by
       " AND EXISTS (SELECT 1 FROM event e
           WHERE e.kind IN ('contact', 'form')
             AND instr(?4, ',' || e.subkind || ',') > 0
             AND e.subject IN ('P' || p.id, 'F' || m.family_id)
             AND e.date BETWEEN p.birth_date AND ?2)"
       "")))

(define (report-eligible from to days)
  (report-count (report-visit-sql #f) from to
                (string-append "+" (number->string days) " days")))

(define (report-visited from to days done-by)
  (report-count (report-visit-sql #t) from to
                (string-append "+" (number->string days) " days")
                done-by))

(define report-newborn-kinds ",newborn_visit,visit,")
(define report-home-kinds ",infant_home_visit,newborn_visit,visit,")

(define-report 'newborn-visit-eligible
  #:label "新生児訪問 対象数" #:section "訪問"
  (lambda (from to) (report-eligible from to 28)))

(define-report 'newborn-visits
  #:label "新生児訪問 訪問数" #:section "訪問"
  (lambda (from to) (report-visited from to 28 report-newborn-kinds)))

(define-report 'newborn-visit-rate
  #:label "新生児訪問 訪問率 (%)" #:section "訪問"
  (lambda (from to)
    (report-rate (report-visited from to 28 report-newborn-kinds)
                 (report-eligible from to 28))))

(define-report 'home-visit-eligible
  #:label "乳児家庭全戸訪問 対象数" #:section "訪問"
  (lambda (from to) (report-eligible from to 120)))

(define-report 'home-visits
  #:label "乳児家庭全戸訪問 訪問数" #:section "訪問"
  (lambda (from to) (report-visited from to 120 report-home-kinds)))

(define-report 'home-visit-rate
  #:label "乳児家庭全戸訪問 訪問率 (%)" #:section "訪問"
  (lambda (from to)
    (report-rate (report-visited from to 120 report-home-kinds)
                 (report-eligible from to 120))))

;;; Checkups: the checkup forms answered, and contacts of kind checkup,
;;; in the period.

(define (report-form-count form)
  (lambda (from to)
    (report-count
     "SELECT count(*) FROM event WHERE date BETWEEN ?1 AND ?2
        AND kind = 'form' AND subkind = ?3"
     from to form)))

(define-report 'checkup-4m
  #:label "3〜4か月児健診" #:section "健診"
  (report-form-count "checkup_4m"))

(define-report 'checkup-18m
  #:label "1歳6か月児健診" #:section "健診"
  (report-form-count "checkup_18m"))

(define-report 'checkup-3y
  #:label "3歳児健診" #:section "健診"
  (report-form-count "checkup_3y"))

(define-report 'checkup-contacts
  #:label "健診 (その他の記録)" #:section "健診"
  (lambda (from to)
    (report-count
     "SELECT count(*) FROM event WHERE date BETWEEN ?1 AND ?2
        AND kind = 'contact' AND subkind = 'checkup'"
     from to)))

;;; Plans (the plan plugin's table `plan`): made = first versions of
;;; support plans created in the period; reviewed = later versions created
;;; in it; closed = plans closed in it other than by a review; self-plans
;;; = first versions of self-plans created in it.

(define (report-plan-count sql)
  (lambda (from to)
    (if (report-has-table? "plan")
        (report-count sql from to)
        (cons 0 report-no-plan))))

(define-report 'plans-made
  #:label "支援プラン作成数" #:section "支援プラン"
  (report-plan-count
   "SELECT count(*) FROM plan WHERE kind = 'support' AND version = 1
      AND created_on BETWEEN ?1 AND ?2"))

(define-report 'plans-reviewed
  #:label "支援プラン見直し数" #:section "支援プラン"
  (report-plan-count
   "SELECT count(*) FROM plan WHERE version > 1
      AND created_on BETWEEN ?1 AND ?2"))

(define-report 'plans-closed
  #:label "支援プラン終結数" #:section "支援プラン"
  (report-plan-count
   "SELECT count(*) FROM plan p WHERE p.closed_on BETWEEN ?1 AND ?2
      AND NOT EXISTS (SELECT 1 FROM plan n WHERE n.previous_id = p.id)"))

(define-report 'self-plans
  #:label "セルフプラン作成数" #:section "支援プラン"
  (report-plan-count
   "SELECT count(*) FROM plan WHERE kind = 'self' AND version = 1
      AND created_on BETWEEN ?1 AND ?2"))

;;; Referrals (the referral plugin's tables): referrals sent in the
;;; period by kind of agency, and designations (要保護・要支援...) made in
;;; the period by name.

(define-report 'referrals
  #:label "関係機関への連携" #:section "連携"
  (lambda (from to)
    (if (report-has-table? "referral")
        (let ((rows (report-rows-of
                     "SELECT a.kind, count(*) FROM referral r
                        JOIN agency a ON a.id = r.agency_id
                       WHERE r.sent_on BETWEEN ?1 AND ?2
                       GROUP BY a.kind ORDER BY a.kind"
                     from to)))
          (if (null? rows) 0 rows))
        (cons 0 report-no-referral))))

(define-report 'designations
  #:label "要支援等の指定" #:section "連携"
  (lambda (from to)
    (if (report-has-table? "designation")
        (let ((rows (report-rows-of
                     "SELECT name, count(*) FROM designation
                       WHERE since BETWEEN ?1 AND ?2
                       GROUP BY name ORDER BY name"
                     from to)))
          (if (null? rows) 0 rows))
        (cons 0 report-no-referral))))

;;; Overdue at the end of the period: children (active today) whose visit
;;; or checkup fell due from birth + DAYS on or before TO and who had no
;;; contact or form of the milestone's kinds from the birth date to TO;
;;; and open pregnancies whose 8-month interview (due date - 56 days) fell
;;; due by TO without an interview_8m form by then.  Day counts as in
;;; milestones.scm.

(define (report-overdue-children days kinds)
  (lambda (from to)
    (report-count
     "SELECT count(DISTINCT p.id) FROM person p
        JOIN member m ON m.person_id = p.id AND m.role = 'child'
        JOIN family f ON f.id = m.family_id
       WHERE p.status = 'active' AND f.status = 'active'
         AND p.birth_date IS NOT NULL AND p.birth_date <= ?1
         AND date(p.birth_date, ?2) < ?1
         AND NOT EXISTS (SELECT 1 FROM event e
           WHERE e.kind IN ('contact', 'form')
             AND instr(?3, ',' || e.subkind || ',') > 0
             AND e.subject IN ('P' || p.id, 'F' || m.family_id)
             AND e.date BETWEEN p.birth_date AND ?1)"
     to (string-append "+" (number->string days) " days") kinds)))

(define-report 'overdue-interview-8m
  #:label "期末未実施: 妊娠8か月頃の面接" #:section "期末の未実施"
  (lambda (from to)
    (report-count
     "SELECT count(*) FROM pregnancy g JOIN person m ON m.id = g.mother_id
       WHERE m.status = 'active' AND g.due_date IS NOT NULL
         AND g.notified_on <= ?1
         AND (g.outcome IS NULL OR g.outcome_on > ?1)
         AND date(g.due_date, '-56 days') < ?1
         AND NOT EXISTS (SELECT 1 FROM event e
           WHERE e.kind IN ('contact', 'form') AND e.subkind = 'interview_8m'
             AND e.subject IN ('P' || g.mother_id, 'F' || g.family_id)
             AND e.date BETWEEN g.notified_on AND ?1)"
     to)))

(define-report 'overdue-newborn-visit
  #:label "期末未実施: 新生児訪問" #:section "期末の未実施"
  (report-overdue-children 28 report-newborn-kinds))

(define-report 'overdue-home-visit
  #:label "期末未実施: 乳児家庭全戸訪問" #:section "期末の未実施"
  (report-overdue-children 120 report-home-kinds))

(define-report 'overdue-checkup-4m
  #:label "期末未実施: 3〜4か月児健診" #:section "期末の未実施"
  (report-overdue-children 150 ",checkup_4m,"))

;;; ---- what the report command calls -----------------------------------

(define (report-clean s)
  "S with tabs and line ends made blanks, for one line of the result."
  (list->string (map (lambda (c) (if (memv c '(#\tab #\newline #\return))
                                     #\space c))
                     (string->list s))))

(define (report-number->string v)
  (cond ((not v) "")
        ((and (exact? v) (integer? v)) (number->string v))
        ((integer? v) (number->string (inexact->exact v)))
        (else (number->string (exact->inexact v)))))

(define (report-line name label section value note)
  (string-append (report-clean name) "\t" (report-clean section) "\t"
                 (report-clean label) "\t" (report-number->string value)
                 "\t" (report-clean (or note "")) "\n"))

(define (report-rows from to)
  "The counts for FROM..TO as lines NAME TAB SECTION TAB LABEL TAB VALUE
TAB NOTE (a breakdown gives NAME/ITEM and LABEL: ITEM), for the report
command."
  (apply string-append
         (map (lambda (e)
                (let* ((name (symbol->string (car e)))
                       (label (cadr e))
                       (section (caddr e))
                       (v ((cadddr e) from to)))
                  (cond
                   ((or (number? v) (not v))
                    (report-line name label section v #f))
                   ((and (pair? v) (number? (car v)) (string? (cdr v)))
                    (report-line name label section (car v) (cdr v)))
                   ((and (list? v) (every-pair? v))
                    (apply string-append
                           (map (lambda (p)
                                  (report-line (string-append name "/" (car p))
                                               (string-append label ": " (car p))
                                               section (cdr p) #f))
                                v)))
                   (else
                    (error (G_ "report: the count gave neither a number nor a list of (label . number):")
                           (car e) v)))))
              %reports)))

(define (every-pair? l)
  (or (null? l)
      (and (pair? (car l)) (string? (caar l)) (number? (cdar l))
           (every-pair? (cdr l)))))

(define (report-value name from to)
  "The count NAME for FROM..TO as text (the months of the fiscal chart)."
  (let ((e (assq (string->symbol name) %reports)))
    (unless e
      (error (G_ "report: no count named") name))
    (let ((v ((cadddr e) from to)))
      (report-number->string
       (cond ((number? v) v)
             ((and (pair? v) (number? (car v))) (car v))
             ((list? v) (apply + (map cdr v)))
             (else 0))))))
