;;; dates.scm - the date procedures of module (tsunagu): today, date-add,
;;; days-between, age-in-years, parse-date, format-date, fiscal-year and
;;; define-era.  The program runs with --today 2026-04-01.

(load "prelude.scm.inc")

(test-begin "dates")

(test-group "today"
  (test-equal "is the --today date" "2026-04-01" (today)))

(test-group "date-add"
  (test-equal "a month of days" "2026-05-01" (date-add "2026-04-01" 30))
  (test-equal "backwards" "2026-03-31" (date-add "2026-04-01" -1))
  (test-equal "into a leap day" "2028-02-29" (date-add "2028-02-28" 1))
  (test-equal "over a year end" "2027-01-01" (date-add "2026-12-31" 1))
  (test-equal "zero days" "2026-04-01" (date-add "2026-04-01" 0))
  (test-equal "takes 和暦" "2026-04-02" (date-add "R8.4.1" 1)))

(test-group "days-between"
  (test-equal "forwards" 30 (days-between "2026-04-01" "2026-05-01"))
  (test-equal "backwards" -30 (days-between "2026-05-01" "2026-04-01"))
  (test-equal "same day" 0 (days-between "2026-04-01" "2026-04-01"))
  (test-equal "across eras" 1 (days-between "H31.4.30" "令和元年5月1日"))
  (test-equal "a leap year" 366 (days-between "2028-01-01" "2029-01-01")))

(test-group "age-in-years"
  (test-equal "today by default" 26 (age-in-years "2000-01-01"))
  (test-equal "the day before the birthday" 25
    (age-in-years "2000-04-02"))
  (test-equal "on the birthday" 26 (age-in-years "2000-04-01"))
  (test-equal "at a given date" 17 (age-in-years "2009-01-01" "2026-12-31"))
  (test-equal "born on 29 February, in a common year" 1
    (age-in-years "2024-02-29" "2025-03-01"))
  (test-equal "born on 29 February, the day before" 0
    (age-in-years "2024-02-29" "2025-02-28"))
  (test-equal "newborn" 0 (age-in-years "2026-04-01")))

(test-group "parse-date"
  (test-equal "ISO" "2026-04-01" (parse-date "2026-04-01"))
  (test-equal "slashes" "2026-04-01" (parse-date "2026/4/1"))
  (test-equal "full-width digits" "2026-04-01" (parse-date "２０２６／４／１"))
  (test-equal "era letter" "2026-04-01" (parse-date "R8.4.1"))
  (test-equal "era in kanji" "2026-04-01" (parse-date "令和8年4月1日"))
  (test-equal "first year (元年)" "2019-05-01" (parse-date "令和元年5月1日"))
  (test-equal "平成" "2019-04-30" (parse-date "H31.4.30"))
  (test-equal "昭和" "1989-01-07" (parse-date "S64.1.7"))
  (test-equal "blanks around" "2026-04-01" (parse-date "  2026-04-01　")))

(test-group "format-date"
  (test-equal "iso" "2026-04-01" (format-date "2026-04-01" 'iso))
  (test-equal "wareki" "令和8年4月1日" (format-date "2026-04-01" 'wareki))
  (test-equal "wareki, first year" "令和元年5月1日"
    (format-date "2019-05-01" 'wareki))
  (test-equal "wareki-short" "R8.4.1" (format-date "2026-04-01" 'wareki-short))
  (test-equal "the date-style setting by default (iso)" "2026-04-01"
    (format-date "2026-04-01"))
  (test-equal "follows the date-style setting" "令和8年4月1日"
    (let ((s #f))
      (capture-output
       (lambda ()
         (run-command "config date-style wareki")
         (set! s (format-date "2026-04-01"))
         (run-command "config date-style iso")))
      s)))

(test-group "fiscal-year"
  (test-equal "April starts it" 2026 (fiscal-year "2026-04-01"))
  (test-equal "March ends the one before" 2025 (fiscal-year "2026-03-31"))
  (test-equal "takes 和暦" 2019 (fiscal-year "H31.4.30")))

(test-group "define-era"
  (test-assert "a new era" (define-era "新暦" 'N "2031-01-01"))
  (test-equal "parses" "2032-02-03" (parse-date "N2.2.3"))
  (test-equal "parses in kanji" "2031-05-05" (parse-date "新暦元年5月5日"))
  (test-equal "formats" "新暦2年2月3日" (format-date "2032-02-03" 'wareki))
  (test-equal "the era before ends" "R12.12.31"
    (format-date "2030-12-31" 'wareki-short))
  (test-assert "a letter given as a string"
    (define-era "新暦" "N" "2031-01-01"))
  (test-assert "refuses a name in ASCII"
    (raises-with? "define-era" (lambda () (define-era "New" 'Q "2040-01-01"))))
  (test-assert "refuses two letters"
    (raises-with? "letter" (lambda () (define-era "次" 'QQ "2040-01-01"))))
  (test-assert "refuses a start that is no date"
    (raises-with? "START" (lambda () (define-era "次" 'Q "2040-02-30")))))

(test-group "bad input raises"
  (test-assert "date-add: not a date names DATE"
    (raises-with? "date-add: DATE" (lambda () (date-add "2026-13-01" 1))))
  (test-assert "date-add: a number for DATE"
    (raises-with? "DATE" (lambda () (date-add 20260401 1))))
  (test-assert "date-add: DAYS not a whole number"
    (raises-with? "DAYS" (lambda () (date-add "2026-04-01" 1.5))))
  (test-assert "date-add: DAYS a string"
    (raises-with? "DAYS" (lambda () (date-add "2026-04-01" "1"))))
  (test-assert "date-add: beyond 9999"
    (raises-with? "date-add" (lambda () (date-add "9999-12-31" 1))))
  (test-assert "days-between: B"
    (raises-with? "days-between: B" (lambda () (days-between "2026-04-01" "soon"))))
  (test-assert "age-in-years: AT before BIRTH"
    (raises-with? "before BIRTH"
                  (lambda () (age-in-years "2026-04-02" "2026-04-01"))))
  (test-assert "age-in-years: BIRTH"
    (raises-with? "BIRTH" (lambda () (age-in-years #f))))
  (test-assert "parse-date: 30 February"
    (raises-with? "parse-date: TEXT" (lambda () (parse-date "2026-02-30"))))
  (test-assert "parse-date: before the era began"
    (raises-with? "parse-date" (lambda () (parse-date "R1.4.30"))))
  (test-assert "parse-date: empty"
    (raises-with? "parse-date" (lambda () (parse-date ""))))
  (test-assert "parse-date: too long"
    (raises-with? "parse-date" (lambda () (parse-date (make-string 200 #\1)))))
  (test-assert "format-date: unknown style"
    (raises-with? "STYLE" (lambda () (format-date "2026-04-01" 'roman))))
  (test-assert "fiscal-year: not a date"
    (raises-with? "fiscal-year: DATE" (lambda () (fiscal-year "April"))))
  (test-error "wrong number of arguments" #t (date-add "2026-04-01")))

(test-end "dates")
