;;; tsunagu.scm - the Scheme part of module (tsunagu).
;;;
;;; Loaded into (tsunagu) at start, after the procedures the core defines
;;; in C (core/scm_api.c: today, date-add, query, person, flag!, ...).
;;; Holds the hooks and how they are run, the keyword front-ends of the C
;;; procedures, the output port, and the script loader that reports errors
;;; with their file and line.

(use-modules (ice-9 match)
             (ice-9 format)
             (srfi srfi-1)
             ((ice-9 rdelim) #:select (read-line))
             ((rnrs io ports) #:select (make-custom-binary-output-port))
             ((system syntax) #:select (syntax?))
             ((system vm program) #:select (program? program-sources))
             (system base compile))

(export intake-hook contact-hook plan-hook referral-hook
        define-command run-command
        %run-hook %parse-json
        %load-script %eval-line %describe-error)

;;; Output: what Scheme prints goes where the running command's output
;;; goes, in order with what the command prints from C, and is shown only
;;; when the command succeeds.  With no command running (scripts loading
;;; at start) it goes to standard output.
(define %output-port
  (let ((port (make-custom-binary-output-port
               "tsunagu output"
               (lambda (bv start count) (%write-output bv start count))
               #f #f #f)))
    (setvbuf port 'none)
    (set-port-encoding! port "UTF-8")
    port))
(set-current-output-port %output-port)

(define (fail message)
  (scm-error 'misc-error #f "~A" (list message) #f))

;;; Hooks: (add-hook! intake-hook (lambda (form subject-id answers) ...))
(define intake-hook (make-hook 3))   ; form subject-id answers
(define contact-hook (make-hook 3))  ; kind subject-id contact-alist
(define plan-hook (make-hook 3))     ; event plan-id plan-alist
(define referral-hook (make-hook 3)) ; event referral-id referral-alist

;; (define-command "name" #:help STR [#:usage STR] [#:role 'read] PROC)
;; PROC receives the words after the command name as strings; a string
;; it returns is printed.
(define* (define-command name #:key (help "") (usage #f) (role 'read)
           #:rest rest)
  (let ((proc (let loop ((r rest))
                (cond ((null? r) #f)
                      ((keyword? (car r))
                       (if (pair? (cdr r)) (loop (cddr r)) #f))
                      (else (car r))))))
    (unless (and (string? name) (not (string-null? name)))
      (error "define-command: the name must be a string, not" name))
    (unless (procedure? proc)
      (error "define-command: a procedure is missing for" name))
    (unless (symbol? role)
      (error "define-command: #:role must be a symbol such as 'read, not"
             role))
    (%register-command name help (or usage name) (symbol->string role)
                       (let ((where (procedure-location proc)))
                         (lambda words
                           (check-words name (or usage name) proc words)
                           (call-located (lambda () (apply proc words))
                                         where))))))

;; Fail with the usage when PROC cannot take WORDS.
(define (check-words name usage proc words)
  (match (procedure-minimum-arity proc)
    ((req opt rest?)
     (let ((n (length words)))
       (unless (and (>= n req) (or rest? (<= n (+ req opt))))
         (fail (format #f "~a takes ~a, not ~a (usage: ~a)" name
                       (cond (rest? (format #f "at least ~a word~:p" req))
                             ((zero? opt) (format #f "~a word~:p" req))
                             (else (format #f "~a to ~a words" req
                                           (+ req opt))))
                       n usage)))))
    (_ #t)))

;; (run-command "due --within 14"): run a shell line; #t, or an error.
;; What the line prints goes to the current output port.
(define (run-command line)
  (or (%run-command line)
      (error "run-command: the line failed:" line)))

;;; JSON, as the core hands it to hooks.  Objects become alists with
;;; symbol keys, arrays lists, null #f; numbers and strings stay.

(define (alist? x)
  (and (list? x)
       (every (lambda (p) (and (pair? p) (symbol? (car p)))) x)))

(define (%parse-json text)
  (let ((n (string-length text)))
    (define (bad i what)
      (fail (format #f "not valid JSON at character ~a: ~a" (1+ i) what)))
    (define (char-at? i c)
      (and (< i n) (char=? (string-ref text i) c)))
    (define (skip i)
      (if (and (< i n) (memv (string-ref text i)
                             '(#\space #\tab #\newline #\return)))
          (skip (1+ i))
          i))
    (define (word i w v)
      (let ((e (+ i (string-length w))))
        (if (and (<= e n) (string=? (substring text i e) w))
            (values v e)
            (bad i (string-append "expected " w)))))
    (define (hex4 i)
      (let ((v (and (<= (+ i 4) n)
                    (string->number (substring text i (+ i 4)) 16))))
        (or v (bad i "expected four hex digits after \\u"))))
    (define (str i)                     ; I is after the opening quote
      (let loop ((i i) (acc '()))
        (if (>= i n)
            (bad i "a string is not closed")
            (let ((c (string-ref text i)))
              (cond
               ((char=? c #\") (values (reverse-list->string acc) (1+ i)))
               ((not (char=? c #\\)) (loop (1+ i) (cons c acc)))
               ((>= (1+ i) n) (bad i "a string is not closed"))
               (else
                (let ((e (string-ref text (1+ i))))
                  (case e
                    ((#\" #\\ #\/) (loop (+ i 2) (cons e acc)))
                    ((#\b) (loop (+ i 2) (cons #\backspace acc)))
                    ((#\f) (loop (+ i 2) (cons #\page acc)))
                    ((#\n) (loop (+ i 2) (cons #\newline acc)))
                    ((#\r) (loop (+ i 2) (cons #\return acc)))
                    ((#\t) (loop (+ i 2) (cons #\tab acc)))
                    ((#\u)
                     (let ((hi (hex4 (+ i 2))))
                       (cond
                        ((and (<= #xD800 hi #xDBFF)
                              (char-at? (+ i 6) #\\)
                              (char-at? (+ i 7) #\u))
                         (let ((lo (hex4 (+ i 8))))
                           (unless (<= #xDC00 lo #xDFFF)
                             (bad (+ i 6) "a lone surrogate"))
                           (loop (+ i 12)
                                 (cons (integer->char
                                        (+ #x10000
                                           (* (- hi #xD800) #x400)
                                           (- lo #xDC00)))
                                       acc))))
                        ((<= #xD800 hi #xDFFF)
                         (bad i "a lone surrogate"))
                        (else (loop (+ i 6)
                                    (cons (integer->char hi) acc))))))
                    (else (bad i (format #f "unknown escape \\~a" e)))))))))))
    (define (num i)
      (let loop ((e i))
        (if (and (< e n) (memv (string-ref text e)
                               (string->list "+-0123456789.eE")))
            (loop (1+ e))
            (let ((v (string->number (substring text i e))))
              (if v (values v e) (bad i "a malformed number"))))))
    (define (seq i close item)          ; items separated by commas
      (let ((i (skip i)))
        (if (char-at? i close)
            (values '() (1+ i))
            (let loop ((i i) (acc '()))
              (call-with-values (lambda () (item i))
                (lambda (v i)
                  (let ((i (skip i)) (acc (cons v acc)))
                    (cond ((char-at? i #\,) (loop (skip (1+ i)) acc))
                          ((char-at? i close) (values (reverse acc) (1+ i)))
                          (else (bad i (format #f "expected , or ~a"
                                               close)))))))))))
    (define (member-item i)
      (unless (char-at? i #\") (bad i "expected a quoted key"))
      (call-with-values (lambda () (str (1+ i)))
        (lambda (key i)
          (let ((i (skip i)))
            (unless (char-at? i #\:) (bad i "expected :"))
            (call-with-values (lambda () (value (1+ i)))
              (lambda (v i) (values (cons (string->symbol key) v) i)))))))
    (define (value i)
      (let ((i (skip i)))
        (if (>= i n)
            (bad i "unexpected end of text")
            (let ((c (string-ref text i)))
              (cond ((char=? c #\{) (seq (1+ i) #\} member-item))
                    ((char=? c #\[) (seq (1+ i) #\] value))
                    ((char=? c #\") (str (1+ i)))
                    ((char=? c #\t) (word i "true" #t))
                    ((char=? c #\f) (word i "false" #f))
                    ((char=? c #\n) (word i "null" #f))
                    ((or (char=? c #\-) (char-numeric? c)) (num i))
                    (else (bad i (format #f "unexpected ~s" c))))))))
    (call-with-values (lambda () (value 0))
      (lambda (v i)
        (let ((i (skip i)))
          (unless (= i n) (bad i "text after the end"))
          v)))))

;; The first argument of a hook: the form (intake), the kind (contact) or
;; the event (plan, referral) named in DATA, else EVENT.
(define (hook-first-arg name event data)
  (let* ((preferred (cond ((string=? name "intake-hook") '(form event kind))
                          ((string=? name "contact-hook") '(kind event form))
                          (else '(event form kind))))
         (found (find (lambda (k)
                        (let ((v (assq-ref data k)))
                          (and (string? v) (not (string-null? v)))))
                      preferred))
         (v (if found (assq-ref data found) event)))
    (if (string? v) (string->symbol v) v)))

;; (%run-hook "intake-hook" "intake" SUBJECT JSON): the core's way into
;; the hooks.  JSON is a flat object; an "answers" object inside it is
;; spliced in first.  Runs HOOK with (FORM-OR-EVENT SUBJECT ALIST).
(define (%run-hook name event subject json)
  (let* ((var (module-variable (resolve-module '(tsunagu))
                               (string->symbol name)))
         (hook (and var (variable-ref var))))
    (when (and (hook? hook) (not (hook-empty? hook)))
      (let* ((text (if (string? json) (string-trim-both json) ""))
             (data (cond
                    ((string-null? text) '())
                    ((not (char=? (string-ref text 0) #\{))
                     (fail "the hook's data is not a JSON object"))
                    (else
                     (catch 'misc-error
                       (lambda () (%parse-json text))
                       (lambda (key subr fmt args rest)
                         (fail (string-append
                                "the hook's data is "
                                (apply format #f fmt args))))))))
             (answers (assq-ref data 'answers))
             (data (if (and (pair? answers) (alist? answers))
                       (append answers
                               (remove (lambda (p) (eq? (car p) 'answers))
                                       data))
                       data)))
        (let ((first (hook-first-arg name event data)))
          (for-each (lambda (proc)
                      (call-located (lambda () (proc first subject data))
                                    (procedure-location proc)))
                    (hook->list hook)))))))

;;; Loading scripts: one top-level form at a time, compiled so that errors
;;; in procedures defined there point at their file and line.  An error
;;; becomes a 'tsunagu-error whose message starts with "FILE:LINE: ".

;; Skip blanks and ; comments; return the next character (or eof).
(define (skip-blanks port)
  (let loop ()
    (let ((c (peek-char port)))
      (cond ((eof-object? c) c)
            ((char-whitespace? c) (read-char port) (loop))
            ((char=? c #\;) (read-line port) (loop))
            (else c)))))

;; "FILE:12:3: text" -> (12 . "text"), or #f.
(define (split-reader-location file text)
  (let ((prefix (string-append file ":")))
    (and (string-prefix? prefix text)
         (let* ((rest (substring text (string-length prefix)))
                (c1 (string-index rest #\:))
                (line (and c1 (string->number (substring rest 0 c1))))
                (rest2 (and c1 (substring rest (1+ c1))))
                (c2 (and rest2 (string-index rest2 #\:)))
                (col (and c2 (string->number (substring rest2 0 c2)))))
           (and line col
                (cons line (string-trim (substring rest2 (1+ c2)))))))))

;; Read the next form of PORT (from FILE, starting on line START).
(define (read-form port file start)
  (catch 'read-error
    (lambda () (read-syntax port))
    (lambda (key subr fmt args . rest)
      (let* ((text (apply format #f fmt (if (list? args) args '())))
             (loc (split-reader-location file text))
             (message (if loc (cdr loc) text)))
        (throw 'tsunagu-error
               (if (string-contains message "end of input")
                   (format #f "~a:~a: ~a (the expression that starts here \
is not closed)" file start message)
                   (format #f "~a:~a: ~a" file (if loc (car loc) start)
                           message)))))))

;; Call THUNK; an error in it becomes a 'tsunagu-error whose message
;; starts with the file and line where it happened or, when no frame has
;; one (a tail call into C, code typed at the prompt), with WHERE
;; ("FILE:LINE", may be #f).
(define (call-located thunk where)
  (let ((stack #f))
    (catch #t
      thunk
      (lambda (key . args)
        (if (eq? key 'tsunagu-error)
            (apply throw key args)
            (throw 'tsunagu-error (%describe-error key args stack where))))
      (lambda (key . args)
        (unless (eq? key 'tsunagu-error)
          (set! stack (make-stack #t)))))))

;; "FILE:LINE" where PROC was defined, if it was compiled from a file.
(define (procedure-location proc)
  (let* ((sources (or (and (program? proc)
                           (false-if-exception (program-sources proc)))
                      '()))
         (src (find (lambda (s) (and (pair? (cdr s)) (script-file? (cadr s))))
                    sources)))
    (and src (format #f "~a:~a" (cadr src) (1+ (caddr src))))))

;; Compile and run FORM in MODULE; WHERE ("FILE:LINE") locates errors
;; that no frame does.
(define (run-form form module where)
  (call-located
   (lambda ()
     (compile form #:env module #:from 'scheme #:to 'value
              #:optimization-level 1 #:warning-level 0))
   where))

(define (%load-script file module)
  (save-module-excursion
   (lambda ()
     (set-current-module module)
     (call-with-input-file file
       (lambda (port)
         (set-port-filename! port file)
         (let loop ()
           (skip-blanks port)
           (let* ((start (1+ (port-line port)))
                  (form (read-form port file start)))
             (unless (eof-object? form)
               (run-form form module (format #f "~a:~a" file start))
               (loop)))))))))

;; Evaluate every expression of TEXT; return the written values.
(define (%eval-line text module)
  (let ((port (open-input-string text)))
    (set-port-filename! port "<shell>")
    (let loop ((values-out '()))
      (let ((form (read-syntax port)))
        (if (eof-object? form)
            (reverse values-out)
            (call-with-values
                (lambda () (eval (syntax->datum form) module))
              (lambda vals
                (loop (append (reverse
                               (map (lambda (v)
                                      (call-with-output-string
                                       (lambda (p) (write v p))))
                                    (filter (lambda (v)
                                              (not (unspecified? v)))
                                            vals)))
                              values-out)))))))))

;;; Describing errors.

;; "file:line" of FRAME when it is in a script (not Guile's own files nor
;; this one), else #f.
(define (frame-location frame)
  (let* ((src (frame-source frame))
         (file (and src (cadr src))))
    (and (script-file? file)
         (format #f "~a:~a" file (1+ (caddr src))))))

;; #t when FILE is neither one of Guile's own nor this one.
(define (script-file? file)
  (and (string? file)
       (not (string-prefix? "ice-9/" file))
       (not (string-prefix? "system/" file))
       (not (string-prefix? "srfi/" file))
       (not (string-prefix? "language/" file))
       (not (string-prefix? "rnrs/" file))
       (not (string=? (basename file) "tsunagu.scm"))))

(define (stack-frames stack)
  (if (stack? stack)
      (let loop ((i (1- (stack-length stack))) (acc '()))
        (if (< i 0)
            acc
            (loop (1- i) (cons (stack-ref stack i) acc))))
      '()))

;; The message of a syntax error, located where the form was read.
(define (describe-syntax-error args where)
  (match args
    ((who message props form subform . _)
     (let* ((props (or (and (pair? props) props)
                       (and form (syntax? form) (syntax-source form))
                       '()))
            (file (assq-ref props 'filename))
            (line (assq-ref props 'line))
            (loc (if (and file line)
                     (format #f "~a:~a" file (1+ line))
                     where)))
       (string-append
        (if loc (string-append loc ": ") "")
        (if who (format #f "~a: " who) "")
        message
        (if form
            (format #f " in ~s" (if (syntax? form)
                                    (syntax->datum form)
                                    form))
            ""))))
    (_ #f)))

;; "file:line: message" and up to five frames of backtrace.  WHERE
;; ("FILE:LINE", optional) is used when no frame has a location.
(define* (%describe-error key args stack #:optional where)
  (cond
   ((and (memq key '(tsunagu-error interrupted)) (pair? args)
         (string? (car args)))
    (car args))
   ((and (eq? key 'syntax-error) (describe-syntax-error args where)))
   (else
    (let* ((message (call-with-output-string
                     (lambda (port)
                       (print-exception port #f key args))))
           (message (string-trim-right message))
           (located (filter-map
                     (lambda (f)
                       (let ((loc (frame-location f)))
                         (and loc (cons loc f))))
                     (stack-frames stack)))
           (loc (cond ((pair? located) (caar located))
                      ((eq? key 'read-error) #f) ; the reader's own
                      (else where))))
      (string-append
       (if loc (string-append loc ": ") "")
       message
       (apply string-append
              (map (lambda (l)
                     (let ((name (frame-procedure-name (cdr l))))
                       (if name
                           (format #f "\n  at ~a in ~a" (car l) name)
                           (format #f "\n  at ~a" (car l)))))
                   (list-head located (min 5 (length located))))))))))
