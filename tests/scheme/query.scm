;;; query.scm - (query "SELECT ..." ARG ...): rows as alists, bound
;;; arguments, refusal of anything but reading, the time limit, and the
;;; audit row each call writes.

(load "prelude.scm.inc")

(define (audit-count)
  (assq-ref (car (query "SELECT count(*) AS n FROM audit")) 'n))

(define (last-audit)
  (car (query "SELECT staff, action, subject, detail FROM audit
               ORDER BY id DESC LIMIT 1")))

(define (refused? sql)
  (raises-with? "query: only reading is allowed" (lambda () (query sql))))

(test-begin "query")

(test-group "rows"
  (test-equal "one row, named columns"
    '(((a . 1) (b . "x")))
    (query "SELECT 1 AS a, 'x' AS b"))
  (test-equal "no rows" '() (query "SELECT 1 AS a WHERE 0"))
  (test-equal "several rows, in order"
    '(((x . 1)) ((x . 2)) ((x . 3)))
    (query "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c
                                    WHERE x < 3)
            SELECT x FROM c"))
  (test-equal "reals, NULL as #f, Japanese text"
    '(((r . 2.5) (n . #f) (t . "母子健康手帳")))
    (query "SELECT 2.5 AS r, NULL AS n, '母子健康手帳' AS t"))
  (test-equal "a blob as a bytevector" #vu8(1 2 255)
    (assq-ref (car (query "SELECT x'0102ff' AS b")) 'b))
  (test-equal "the program's own tables"
    '(((id . "admin1") (role . "admin")))
    (query "SELECT id, role FROM staff WHERE id = 'admin1'"))
  (test-assert "functions are allowed"
    (equal? '(((n . 6))) (query "SELECT length('つなぐ') * 2 AS n")))
  (test-assert "the audit trail may be read"
    (pair? (query "SELECT id, action FROM audit"))))

(test-group "arguments"
  (test-equal "a string" '(((v . "山田"))) (query "SELECT ? AS v" "山田"))
  (test-equal "an integer" '(((v . 42))) (query "SELECT ? AS v" 42))
  (test-equal "a big integer" '(((v . 9007199254740993)))
    (query "SELECT ? AS v" 9007199254740993))
  (test-equal "a real" '(((v . 2.5))) (query "SELECT ? * 2 AS v" 1.25))
  (test-equal "#f and '() are NULL" '(((a . 1) (b . 1)))
    (query "SELECT ? IS NULL AS a, ? IS NULL AS b" #f '()))
  (test-equal "#t is 1" '(((v . 1))) (query "SELECT ? AS v" #t))
  (test-equal "several, in order" '(((s . "a-1-b")))
    (query "SELECT ? || '-' || ? || '-' || ? AS s" "a" 1 "b"))
  (test-equal "numbered, used twice" '(((n . 14)))
    (query "SELECT ?1 + ?1 AS n" 7))
  (test-equal "used to filter" '(((role . "admin")))
    (query "SELECT role FROM staff WHERE id = ?" "admin1"))
  (test-equal "an argument is never SQL" '()
    (query "SELECT id FROM staff WHERE id = ?" "x' OR '1'='1"))
  (test-assert "too few"
    (raises-with? "takes 2 arguments, 1 given"
                  (lambda () (query "SELECT ?, ?" 1))))
  (test-assert "too many"
    (raises-with? "takes 0 arguments, 1 given"
                  (lambda () (query "SELECT 1" 1))))
  (test-assert "a list is no argument"
    (raises-with? "argument 1" (lambda () (query "SELECT ?" '(1 2)))))
  (test-assert "SQL must be a string"
    (raises-with? "query: SQL" (lambda () (query 'select)))))

(test-group "only reading"
  (let ((staff-before (query "SELECT count(*) AS n FROM staff")))
    (test-assert "INSERT" (refused? "INSERT INTO config(name, value)
                                     VALUES('x', 'y')"))
    (test-assert "UPDATE" (refused? "UPDATE staff SET role = 'viewer'"))
    (test-assert "DELETE" (refused? "DELETE FROM staff"))
    (test-assert "REPLACE" (refused? "REPLACE INTO config VALUES('a','b')"))
    (test-assert "DROP" (refused? "DROP TABLE staff"))
    (test-assert "CREATE" (refused? "CREATE TABLE t(x)"))
    (test-assert "CREATE TEMP" (refused? "CREATE TEMP TABLE t(x)"))
    (test-assert "ALTER" (refused? "ALTER TABLE staff ADD COLUMN x"))
    (test-assert "ATTACH" (refused? "ATTACH DATABASE ':memory:' AS other"))
    (test-assert "DETACH" (refused? "DETACH DATABASE main"))
    (test-assert "PRAGMA writes" (refused? "PRAGMA foreign_keys = OFF"))
    (test-assert "PRAGMA user_version" (refused? "PRAGMA user_version = 9"))
    (test-assert "BEGIN" (refused? "BEGIN"))
    (test-assert "COMMIT" (refused? "COMMIT"))
    (test-assert "SAVEPOINT" (refused? "SAVEPOINT s"))
    (test-assert "VACUUM" (refused? "VACUUM"))
    (test-assert "a write inside a CTE"
      (refused? "WITH x AS (SELECT 1) DELETE FROM staff"))
    (test-assert "a second statement"
      (raises-with? "one statement"
                    (lambda () (query "SELECT 1; DELETE FROM staff"))))
    (test-equal "a trailing semicolon and comment are fine" '(((v . 1)))
      (query "SELECT 1 AS v; -- done"))
    (test-assert "an empty statement"
      (raises-with? "no statement" (lambda () (query "  -- nothing"))))
    (test-assert "SQLite's message for a syntax error"
      (raises-with? "syntax error" (lambda () (query "SELEC 1"))))
    (test-equal "nothing was changed" staff-before
      (query "SELECT count(*) AS n FROM staff"))
    (test-assert "PRAGMA reads too (use SELECT)"
      (refused? "PRAGMA table_info(staff)"))))

(test-group "time limit"
  (capture-output (lambda () (run-command "config query-timeout-ms 200")))
  (let* ((start (get-internal-real-time))
         (message (error-message
                   (lambda ()
                     (query "WITH RECURSIVE c(x) AS
                               (SELECT 1 UNION ALL SELECT x + 1 FROM c)
                             SELECT count(*) FROM c"))))
         (seconds (/ (- (get-internal-real-time) start)
                     internal-time-units-per-second)))
    (test-assert "an endless query is stopped"
      (and message (string-contains message "query: took longer than 200 ms")))
    (test-assert "soon" (< seconds 10)))
  (test-equal "the connection works afterwards" '(((v . 1)))
    (query "SELECT 1 AS v"))
  (capture-output (lambda () (run-command "config query-timeout-ms 2000")))
  (test-equal "a short query is not stopped" '(((n . 10000)))
    (query "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c
                                    WHERE x < 10000)
            SELECT count(*) AS n FROM c")))

(test-group "audit"
  (let* ((before (audit-count))
         (rows (query "SELECT 1 AS v"))
         (after (audit-count)))
    (test-equal "each call writes one row" 2 (- after before)))
  (test-equal "as a read by the acting staff, with the SQL"
    '((staff . "admin1") (action . "read") (subject . #f)
      (detail . "query: SELECT staff, action, subject, detail FROM audit
               ORDER BY id DESC LIMIT 1"))
    (last-audit))
  (let* ((before (audit-count)))
    (refused? "DELETE FROM audit")
    (test-equal "a refused statement reads nothing and writes no row" 1
      (- (audit-count) before)))
  (let ((long (string-append "SELECT 1 AS v -- " (make-string 300 #\あ))))
    (query long)
    (test-equal "the first 200 characters of the SQL"
      (string-append "query: " (substring long 0 200) "...")
      (assq-ref (car (query "SELECT detail FROM audit
                              WHERE detail LIKE 'query: SELECT 1 AS v -- %'"))
                'detail)))
  (test-assert "inside a command too"
    (let ((before (audit-count)))
      (capture-output (lambda () (query "SELECT 2 AS v")))
      (= 2 (- (audit-count) before))))
  (test-assert "the trail is still intact"
    (string? (capture-output (lambda () (run-command "audit verify"))))))

(test-end "query")
