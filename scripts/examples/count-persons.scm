;;; count-persons.scm - example of a local command: counting persons.
;;;
;;; A municipality adds commands of its own in Scheme, without rebuilding
;;; the program.  To use this one, copy it into the site folder
;;; (/etc/tsunagu/local.d/ or /usr/local/etc/tsunagu/local.d/) or load it
;;; from your ~/.config/tsunagu/init.scm, and the shell has a new command:
;;;
;;;   > count-persons
;;;   active         124
;;;   moved            3
;;;   > count-persons 2025
;;;   born in 2025年度 (R7.4.1 to R8.3.31)
;;;   active          38
;;;
;;; It appears in `help` under "Local commands".  It reads through
;;; (query ...), which can only read, gives up after the query-timeout-ms
;;; setting, and writes a row to the audit trail for each call.

(define (count-by-status rows)
  ;; ROWS are alists such as ((status . "active") (n . 124)); make one
  ;; line per row.
  (string-join
   (map (lambda (row)
          (format #f "~12a ~5d" (assq-ref row 'status) (assq-ref row 'n)))
        rows)
   "\n"))

(define-command "count-persons"
  #:help "persons by status, or those born in a fiscal year (example)"
  #:usage "count-persons [FISCAL-YEAR]"
  #:role 'read                          ; every role may run it
  (lambda args                          ; the words after the command
    (cond
     ((null? args)
      (let ((rows (query "SELECT status, count(*) AS n FROM person
                          GROUP BY status ORDER BY status")))
        (if (null? rows) "no persons yet" (count-by-status rows))))
     ((string->number (car args))
      => (lambda (fy)
           ;; A fiscal year (年度) runs from 1 April to 31 March.
           (let* ((from (format #f "~4,'0d-04-01" fy))
                  (to (date-add (format #f "~4,'0d-04-01" (+ fy 1)) -1))
                  ;; Values go in as arguments (?), never into the SQL.
                  (rows (query "SELECT status, count(*) AS n FROM person
                                WHERE birth_date BETWEEN ? AND ?
                                GROUP BY status ORDER BY status"
                               from to)))
             (string-append
              (format #f "born in ~a年度 (~a to ~a)~%" fy
                      (format-date from 'wareki-short) ; R7.4.1
                      (format-date to 'wareki-short))
              (if (null? rows) "nobody" (count-by-status rows))))))
     (else
      ;; An error names the command and fails it, like any other.
      (error "give a fiscal year such as 2025, not"
             (car args))))))
