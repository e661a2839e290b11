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
             (srfi srfi-9)
             ((ice-9 rdelim) #:select (read-line))
             ;; not (rnrs io ports): it loads the whole R6RS library
             ((ice-9 binary-ports) #:select (make-custom-binary-output-port))
             ((system syntax) #:select (syntax?)))

(export G_ intake-hook contact-hook plan-hook referral-hook
        define-command run-command
        field field? define-form extend-form form-fields form-title
        define-milestone define-screening fill-form kana-text?
        %run-hook %parse-json
        %form-subject %form-validate %form-next-prompt %form-field-error
        %form-field-for %form-list %form-field-rows %form-definition
        %answers->json %run-screenings %milestones
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

;; MSG in the user's language, from the program's catalogue (the
;; shipped scripts use it too; a municipality's own messages stay as
;; written).
(define (G_ msg) (gettext msg "tsunagu"))

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
      (error (G_ "define-command: the name must be a string, not") name))
    (unless (procedure? proc)
      (error (G_ "define-command: a procedure is missing for") name))
    (unless (symbol? role)
      (error (G_ "define-command: #:role must be a symbol such as 'read, not")
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
         (fail (format #f (G_ "~a takes ~a, not ~a (usage: ~a)") name
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
      (error (G_ "run-command: the line failed:") line)))

;;; JSON, as the core hands it to hooks.  Objects become alists with
;;; symbol keys, arrays lists, null #f; numbers and strings stay.

(define (alist? x)
  (and (list? x)
       (every (lambda (p) (and (pair? p) (symbol? (car p)))) x)))

(define (%parse-json text)
  (let ((n (string-length text)))
    (define (bad i what)
      (fail (format #f (G_ "not valid JSON at character ~a: ~a") (1+ i) what)))
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
                     (fail (G_ "the hook's data is not a JSON object")))
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
                                    (lambda () (procedure-location proc))))
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
;; ("FILE:LINE", may be #f; or a procedure giving it, called only on an
;; error, since finding a procedure's location reads its debug info).
(define (call-located thunk where)
  (let ((stack #f))
    (catch #t
      thunk
      (lambda (key . args)
        (if (eq? key 'tsunagu-error)
            (apply throw key args)
            (throw 'tsunagu-error
                   (%describe-error key args stack
                                    (if (procedure? where) (where) where)))))
      (lambda (key . args)
        (unless (eq? key 'tsunagu-error)
          (set! stack (make-stack #t)))))))

;; "FILE:LINE" where PROC was defined, if it was compiled from a file.
(define (procedure-location proc)
  ;; (system vm program) pulls in the debug-info readers: only on error.
  (define vm-program (resolve-interface '(system vm program)))
  (define program? (module-ref vm-program 'program?))
  (define program-sources (module-ref vm-program 'program-sources))
  (let* ((sources (or (and (program? proc)
                           (false-if-exception (program-sources proc)))
                      '()))
         (src (find (lambda (s) (and (pair? (cdr s)) (script-file? (cadr s))))
                    sources)))
    (and src (format #f "~a:~a" (cadr src) (1+ (caddr src))))))

;; Compile and run FORM in MODULE; WHERE ("FILE:LINE") locates errors
;; that no frame does.
(define (run-form form module where)
  ;; The compiler is loaded on first use: start-up does not pay for it
  ;; unless a site or user script is to be compiled.
  (define compile
    (module-ref (resolve-interface '(system base compile)) 'compile))
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

;;; Forms: (define-form 'pregnancy #:title "妊娠届出" #:subject 'mother
;;;                     #:fields (list (field 'due_date "出産予定日" 'date
;;;                                           #:required? #t) ...))
;;; A form's definition is written out as text; the core hashes it and
;;; numbers each new text as the form's next version (table form_version),
;;; so every stored response names the version it was answered under.

(define-record-type <field>
  (make-field id label type required? choices min max when default check)
  %field?
  (id field-id) (label field-label) (type field-type)
  (required? field-required?) (choices field-choices)
  (min field-min) (max field-max) (when field-when)
  (default field-default) (check field-check))

(define (field? x) (%field? x))

(define-record-type <form>
  (make-form name title subject fields)
  form?
  (name form-name) (title form-title*) (subject form-subject*)
  (fields form-fields*))

(define %field-types
  '(text kana code date integer boolean choice multi-choice scale phone))

;; "snake_case" ASCII: a lower-case letter, then letters, digits and _.
(define (snake-case? s)
  (and (positive? (string-length s))
       (char-lower-case? (string-ref s 0))
       (char<=? (string-ref s 0) #\z)
       (string-every (lambda (c) (or (and (char>=? c #\a) (char<=? c #\z))
                                     (char-numeric? c) (char=? c #\_)))
                     s)))

;; Choices as ((value . label) ...), VALUE a string.
(define (normalize-choices who id choices)
  (map (lambda (c)
         (match c
           ((? string?) (cons c c))
           ((? symbol?) (let ((s (symbol->string c))) (cons s s)))
           (((? string-or-symbol? v) . (? string? l))
            (cons (if (symbol? v) (symbol->string v) v) l))
           (_ (fail (format #f (G_ "~a: field ~a: a choice must be a string or (value . \"label\"), not ~s") who id c)))))
       choices))

(define (string-or-symbol? x) (or (string? x) (symbol? x)))

;; (field 'id "label" TYPE #:required? #:choices #:min #:max #:when
;;        #:default #:check) -> a field.  #:check is (lambda (value
;; answers) ...) returning an error text, or #f when the value is fine.
(define* (field id label type #:key (required? #f) (choices '())
                (lo #f #:min) (hi #f #:max) (when-proc #f #:when)
                (default #f) (check #f))
  (let ((sid (cond ((symbol? id) (symbol->string id))
                   ((string? id) id)
                   (else (fail (format #f (G_ "field: the id must be a symbol, not ~s") id))))))
    (unless (snake-case? sid)
      (fail (format #f (G_ "field: id ~s must be ASCII snake_case (like due_date)") sid)))
    (unless (string? label)
      (fail (format #f (G_ "field: ~a: the label must be a string, not ~s")
                    sid label)))
    (unless (memq type %field-types)
      (fail (format #f (G_ "field: ~a: type ~s is not one of ~a~a") sid type
                    (string-join (map symbol->string %field-types) " ")
                    (did-you-mean (if (symbol? type) (symbol->string type)
                                      (format #f "~a" type))
                                  (map symbol->string %field-types)))))
    (when (and (memq type '(choice multi-choice)) (null? choices))
      (fail (format #f (G_ "field: ~a: a ~a field needs #:choices") sid type)))
    (for-each (lambda (kv)
                (when (and (cdr kv) (not (procedure? (cdr kv))))
                  (fail (format #f (G_ "field: ~a: ~a must be a procedure, not ~s") sid (car kv) (cdr kv)))))
              `((#:when . ,when-proc) (#:check . ,check)))
    (for-each (lambda (kv)
                (when (and (cdr kv) (not (real? (cdr kv))))
                  (fail (format #f (G_ "field: ~a: ~a must be a number, not ~s")
                                sid (car kv) (cdr kv)))))
              `((#:min . ,lo) (#:max . ,hi)))
    (make-field (string->symbol sid) label type (and required? #t)
                (normalize-choices "field" sid choices)
                (or lo (and (eq? type 'scale) 1))
                (or hi (and (eq? type 'scale) 5))
                when-proc default check)))

(define %forms (make-hash-table))
(define %form-order '())                ; names, oldest first

(define (form-ref who name)
  (let ((key (cond ((symbol? name) name)
                   ((string? name) (string->symbol name))
                   (else (fail (format #f (G_ "~a: a form name is a symbol, not ~s") who name))))))
    (or (hash-ref %forms key)
        (let ((near (did-you-mean (symbol->string key)
                                  (map symbol->string (reverse %form-order)))))
          (fail (if who
                    (format #f (G_ "~a: no form ~a~a") who
                            (symbol->string key) near)
                    (format #f (G_ "no form ~a~a") (symbol->string key)
                            near)))))))

(define (check-unique-ids who name fields)
  (let loop ((fs fields) (seen '()))
    (unless (null? fs)
      (let ((f (car fs)))
        (unless (field? f)
          (fail (format #f (G_ "~a: ~a: expected a (field ...), not ~s")
                        who name f)))
        (when (memq (field-id f) seen)
          (fail (format #f (G_ "~a: ~a: field ~a is given twice") who name
                        (field-id f))))
        (loop (cdr fs) (cons (field-id f) seen))))))

(define (form-store! form)
  (let ((name (form-name form)))
    (unless (memq name %form-order)
      (set! %form-order (cons name %form-order)))
    (hash-set! %forms name form)
    (if #f #f)))

;; (define-form NAME #:title STR #:subject 'mother|'child|'family
;;              #:fields (list FIELD ...)); a later one replaces it.
(define* (define-form name #:key (title #f) (subject 'mother)
           (fields '()))
  (unless (symbol? name)
    (fail (format #f (G_ "define-form: the name must be a symbol, not ~s") name)))
  (unless (snake-case? (symbol->string name))
    (fail (format #f (G_ "define-form: name ~a must be ASCII snake_case") name)))
  (unless (memq subject '(mother child family person))
    (fail (format #f (G_ "define-form: ~a: #:subject must be mother, child, family or person, not ~s") name subject)))
  (unless (list? fields)
    (fail (format #f (G_ "define-form: ~a: #:fields must be a list") name)))
  (check-unique-ids "define-form" name fields)
  (form-store! (make-form name (or title (symbol->string name)) subject
                          fields)))

;; (extend-form NAME FIELD ...): add questions (a field with the id of
;; an existing one replaces it, in place).
(define (extend-form name . fields)
  (let* ((form (form-ref "extend-form" name))
         (_ (check-unique-ids "extend-form" name fields))
         (ids (map field-id fields))
         (old (map (lambda (f)
                     (or (find (lambda (n) (eq? (field-id n) (field-id f)))
                               fields)
                         f))
                   (form-fields* form)))
         (new (remove (lambda (f)
                        (find (lambda (o) (eq? (field-id o) (field-id f)))
                              (form-fields* form)))
                      fields)))
    (form-store! (make-form (form-name form) (form-title* form)
                            (form-subject* form) (append old new)))))

(define (form-fields name) (map field-id (form-fields* (form-ref "form-fields" name))))
(define (form-title name) (form-title* (form-ref "form-title" name)))

;; The text a version is made of: everything that changes the meaning of
;; an answer (procedures count by their presence).
;; Forms are never changed in place (a redefinition makes a new record),
;; so the text is kept per record: an import asks for it on every row.
(define %definition-texts (make-weak-key-hash-table))

(define (%form-definition name)
  (let ((form (form-ref "form" name)))
    (or (hashq-ref %definition-texts form)
        (let ((text (form-definition-text form)))
          (hashq-set! %definition-texts form text)
          text))))

(define (form-definition-text form)
  (call-with-output-string
   (lambda (port)
     (write (list (form-name form) (form-title* form) (form-subject* form)
                  (map (lambda (f)
                         (list (field-id f) (field-label f) (field-type f)
                               (field-required? f) (field-choices f)
                               (field-min f) (field-max f)
                               (and (field-when f) 'when)
                               (if (procedure? (field-default f))
                                   'default-procedure
                                   (field-default f))
                               (and (field-check f) 'check)))
                       (form-fields* form)))
            port))))

(define (%form-subject name)
  (let ((form (hash-ref %forms (if (string? name) (string->symbol name)
                                   name))))
    (and form (symbol->string (form-subject* form)))))

;;; Messages, in the language of the labels.

(define (japanese? s)
  (and (string? s) (string-any (lambda (c) (> (char->integer c) 127)) s)))

(define (edit-distance a b)
  (let* ((n (string-length b))
         (row (list->vector (iota (1+ n)))))
    (string-for-each
     (lambda (ca)
       (let loop ((j 1) (diag (vector-ref row 0)))
         (vector-set! row 0 (1+ (vector-ref row 0)))
         (when (<= j n)
           (let ((up (vector-ref row j)))
             (vector-set! row j
                          (min (1+ up) (1+ (vector-ref row (1- j)))
                               (+ diag (if (char=? ca (string-ref b (1- j)))
                                           0 1))))
             (loop (1+ j) up)))))
     a)
    (vector-ref row n)))

;; The candidate nearest to WORD, or #f when none is near.
(define (nearest word candidates)
  (let loop ((cs candidates) (best #f) (score 1000))
    (if (null? cs)
        (and best (<= score (max 2 (quotient (string-length word) 3))) best)
        (let ((d (edit-distance word (car cs))))
          (if (< d score) (loop (cdr cs) (car cs) d)
              (loop (cdr cs) best score))))))

(define (did-you-mean word candidates)
  (let ((n (nearest word candidates)))
    (if n (format #f " (did you mean ~a?)" n) "")))

(define (field-name f)
  (if (japanese? (field-label f))
      (format #f "「~a」(~a)" (field-label f) (field-id f))
      (format #f "\"~a\" (~a)" (field-label f) (field-id f))))

;; "「出産予定日」(due_date): 「x」は日付ではありません" or the English.
(define (field-message f text ja en . args)
  (let ((ja? (japanese? (field-label f))))
    (string-append (field-name f) ": "
                   (if text
                       (if ja? (format #f "「~a」は" text)
                           (format #f "~s " text))
                       "")
                   (apply format #f (if ja? ja en) args))))

;;; Values from text.

(define (normalize-digits s)
  (string-map (lambda (c)
                (let ((i (char->integer c)))
                  (cond ((<= #xFF10 i #xFF19) (integer->char (- i #xFEE0)))
                        ((memv i '(#xFF0D #x2212 #x30FC #x2010 #x2015))
                         #\-)
                        (else c))))
              s))

;; The number TEXT (digits, full-width too, with a sign or a decimal
;; point) is, or #f.  Never an error, though Guile's string->number
;; raises on some texts ("0-2e604-0") and reads radix and exponent forms
;; ("#e1e99999999") that could take all memory.
(define (text->number text)
  (let* ((t (normalize-digits text))
         (body (if (and (> (string-length t) 1)
                        (memv (string-ref t 0) '(#\- #\+)))
                   (substring t 1)
                   t)))
    (and (positive? (string-length body))
         (string-every (lambda (c) (or (char-numeric? c) (char=? c #\.)))
                       body)
         (false-if-exception (string->number t)))))

(define (kana-char? c)
  (let ((i (char->integer c)))
    (or (<= #x3041 i #x3096) (<= #x30A1 i #x30FA) (= i #x30FC)
        (<= #x309D i #x309E) (<= #x30FD i #x30FE)
        (= i #x30FB) (= i #x3000) (char=? c #\space))))

;; #t when TEXT is only hiragana, katakana, the long mark and blanks.
(define (kana-text? text)
  (and (string? text) (string-every kana-char? text)))

(define (choice-label f value)
  (or (assoc-ref (field-choices f) value) value))

;; The choice of F that TEXT names: by value, label or number.
(define (choice-match f text)
  (let* ((cs (field-choices f))
         (n (text->number text)))
    (cond ((and n (integer? n) (exact? n) (<= 1 n (length cs)))
           (car (list-ref cs (1- n))))
          ((find (lambda (c) (or (string-ci=? (car c) text)
                                 (string=? (cdr c) text)))
                 cs) => car)
          (else #f))))

(define (choices-text f)
  (string-join (map cdr (field-choices f))
               (if (japanese? (field-label f)) "、" ", ")))

(define (range-error f text n)
  (cond ((and (field-min f) (< n (field-min f)))
         (field-message f text "~a以上で入力してください"
                        "must be at least ~a" (field-min f)))
        ((and (field-max f) (> n (field-max f)))
         (field-message f text "~a以下で入力してください"
                        "must be at most ~a" (field-max f)))
        (else #f)))

;; The blanks trimmed from values: ASCII ones and the Unicode spaces,
;; the full-width U+3000 included.  (string-trim-both takes ASCII ones
;; only, also when given char-set:whitespace itself.)
(define blank-chars (char-set-adjoin char-set:whitespace #\x3000))

;; TEXT without the blanks at either end.  Every value given to a form is
;; trimmed here, whether typed at the prompt, given with --set or read
;; from a file.
(define (trim-blanks text)
  (string-trim-both text blank-chars))

;; An identifier as written (a resident code, a handbook number) with
;; full-width letters and digits as ASCII and no blanks: "９８７ ６５"
;; is "98765".
(define (code-normalize text)
  (list->string
   (filter-map (lambda (c)
                 (let ((i (char->integer c)))
                   (cond ((char-set-contains? blank-chars c) #f)
                         ((<= #xFF01 i #xFF5E) (integer->char (- i #xFEE0)))
                         (else c))))
               (string->list text))))

;; A phone number P with the blanks and brackets people write between
;; its parts as hyphens, one between two parts: "03(1234)5678" and
;; "090 1234 5678" become "03-1234-5678" and "090-1234-5678".
(define (phone-hyphenate p)
  (let loop ((cs (string->list p)) (out '()))
    (cond ((null? cs)
           (list->string (reverse (if (and (pair? out)
                                           (char=? (car out) #\-))
                                      (cdr out) out))))
          ((memv (car cs) '(#\- #\space #\x3000 #\( #\) #\xFF08 #\xFF09))
           (loop (cdr cs) (if (or (null? out) (char=? (car out) #\-))
                              out (cons #\- out))))
          (else (loop (cdr cs) (cons (car cs) out))))))

;; Parse TEXT for field F: (ok . VALUE) or (error . MESSAGE).
(define (field-parse f text)
  (define (err ja en . args)
    (cons 'error (apply field-message f text ja en args)))
  (let ((t (trim-blanks text)))
    (case (field-type f)
      ((text)
       (let ((n (string-length t)))
         (cond ((and (field-min f) (< n (field-min f)))
                (err "~a文字以上で入力してください"
                     "must be at least ~a characters" (field-min f)))
               ((and (field-max f) (> n (field-max f)))
                (err "~a文字以内で入力してください"
                     "must be at most ~a characters" (field-max f)))
               (else (cons 'ok t)))))
      ((kana)
       (let ((k (kana-widen t)))
         (cond ((not (kana-text? k))
                (err "ひらがな・カタカナで入力してください"
                     "must be in hiragana or katakana"))
               ((and (field-max f) (> (string-length k) (field-max f)))
                (err "~a文字以内で入力してください"
                     "must be at most ~a characters" (field-max f)))
               (else (cons 'ok k)))))
      ((code)
       (let ((c (code-normalize t)))
         (if (and (field-max f) (> (string-length c) (field-max f)))
             (err "~a文字以内で入力してください"
                  "must be at most ~a characters" (field-max f))
             (cons 'ok c))))
      ((date)
       (let ((d (false-if-exception (parse-date t))))
         (if d (cons 'ok d)
             (err "日付ではありません（例: 2026-04-01、R8.4.1、令和8年4月1日）"
                  "is not a date (e.g. 2026-04-01, R8.4.1)"))))
      ((integer scale)
       (let ((n (text->number t)))
         (cond ((not (and n (exact? n) (integer? n)))
                (err "整数ではありません" "is not a whole number"))
               ((range-error f text n) => (lambda (m) (cons 'error m)))
               (else (cons 'ok n)))))
      ((boolean)
       (let ((d (string-downcase (code-normalize t)))) ; ｙ is y
         (cond ((member d '("yes" "y" "true" "t" "1" "はい" "あり" "有"
                            "○" "〇"))
                (cons 'ok #t))
               ((member d '("no" "n" "false" "f" "0" "いいえ" "なし" "無"
                            "×"))
                (cons 'ok #f))
               (else (err "「はい」か「いいえ」で答えてください"
                          "answer yes or no")))))
      ((choice)
       (let ((v (choice-match f t)))
         (if v (cons 'ok v)
             (err "選択肢にありません（~a）" "is not one of: ~a"
                  (choices-text f)))))
      ((multi-choice)
       (let* ((parts (remove string-null?
                             (map trim-blanks
                                  (string-split
                                   (string-map (lambda (c)
                                                 (if (memv c '(#\、 #\， #\;))
                                                     #\, c))
                                               t)
                                   #\,))))
              (vs (map (lambda (p) (cons p (choice-match f p))) parts))
              (bad (find (lambda (p) (not (cdr p))) vs)))
         (if bad
             (cons 'error (field-message f (car bad) "選択肢にありません（~a）"
                                         "is not one of: ~a" (choices-text f)))
             (cons 'ok (delete-duplicates (map cdr vs))))))
      ((phone)
       (let ((p (phone-hyphenate (normalize-digits t))))
         (if (and (string-every (lambda (c) (or (char-numeric? c)
                                                (char=? c #\-)))
                                p)
                  (<= 10 (string-count p char-numeric?) 11))
             (cons 'ok p)
             (err "電話番号ではありません（数字10〜11桁、ハイフン可）"
                  "is not a phone number (10 or 11 digits, hyphens \
allowed)"))))
      (else (cons 'error "unknown field type")))))

;; A value given in Scheme (fill-form) as text for field-parse.
(define (value->text v)
  (cond ((string? v) v)
        ((eq? v #t) "yes")
        ((eq? v #f) "no")
        ((number? v) (number->string v))
        ((symbol? v) (symbol->string v))
        ((list? v) (string-join (map value->text v) ","))
        (else (format #f "~a" v))))

(define (raw-ref raw id)
  (let ((p (assq id raw)))
    (and p (cdr p) (not (string-null? (trim-blanks (cdr p))))
         (cdr p))))

;; RAW (("field" . "text") ...) with symbol keys and text values.
(define (raw-normalize raw)
  (map (lambda (p)
         (cons (if (symbol? (car p)) (car p) (string->symbol (car p)))
               (and (cdr p) (value->text (cdr p)))))
       raw))

(define (field-active? f answers)
  (or (not (field-when f)) ((field-when f) answers)))

(define (field-default-value f answers)
  (let ((d (field-default f)))
    (if (procedure? d) (d answers) d)))

;; Validate RAW for form NAME: (values ANSWERS ERRORS MISSING), ERRORS
;; a list of (field-id . message), MISSING the required fields left
;; empty.  With PARTIAL, missing fields are not looked at.
(define* (form-validate name raw #:optional partial)
  (let* ((form (form-ref "form" name))
         (raw (raw-normalize raw))
         (fields (form-fields* form))
         (field-ids (map field-id fields))
         (unknown (filter-map
                   (lambda (p)
                     (and (not (memq (car p) field-ids))
                          (cons (car p)
                                (format #f "no field ~a in form ~a~a"
                                        (symbol->string (car p))
                                        (form-name form)
                                        (did-you-mean (symbol->string (car p))
                                                      (map symbol->string
                                                           field-ids))))))
                   raw)))
    (let loop ((fs fields) (answers '()) (errors '()) (missing '()))
      (if (null? fs)
          (let* ((answers (reverse answers))
                 (checks (filter-map
                          (lambda (f)
                            (let ((v (assq (field-id f) answers)))
                              (and v (field-check f)
                                   (let ((m ((field-check f) (cdr v) answers)))
                                     (and (string? m)
                                          (cons (field-id f)
                                                (field-message f #f "~a" "~a"
                                                               m)))))))
                          fields)))
            (values answers
                    (append unknown (reverse errors) checks)
                    (reverse missing)))
          (let* ((f (car fs))
                 (text (raw-ref raw (field-id f))))
            (cond
             ((and (field-when f) (not (field-active? f (reverse answers))))
              (loop (cdr fs) answers errors missing))
             (text
              (let ((r (field-parse f text)))
                (if (eq? (car r) 'ok)
                    (loop (cdr fs) (acons (field-id f) (cdr r) answers)
                          errors missing)
                    (loop (cdr fs) answers
                          (acons (field-id f) (cdr r) errors) missing))))
             ((and (field-default f)
                   (field-default-value f (reverse answers)))
              => (lambda (d)
                   (let ((r (field-parse f (value->text d))))
                     (loop (cdr fs)
                           (if (eq? (car r) 'ok)
                               (acons (field-id f) (cdr r) answers)
                               answers)
                           (if (eq? (car r) 'ok) errors
                               (acons (field-id f) (cdr r) errors))
                           missing))))
             ((and (field-required? f) (not partial))
              (loop (cdr fs) answers errors (cons f missing)))
             (else (loop (cdr fs) answers errors missing))))))))

(define (missing-message form missing)
  (let ((ja? (japanese? (field-label (car missing)))))
    (string-append
     (if ja? "必須項目が未入力です: " "required fields are missing: ")
     (string-join (map field-name missing) (if ja? "、" ", "))
     (if ja? "（--set 項目=値 で指定してください）"
         " (give them with --set FIELD=VALUE)"))))

;; The same for a row of a file (import), whose RAW holds a field for
;; each column the file has: the hint speaks of the cells and columns.
(define (missing-message/file form missing raw)
  (let* ((ja? (japanese? (field-label (car missing))))
         (raw (raw-normalize raw))
         (absent (remove (lambda (f) (assq (field-id f) raw)) missing))
         (empty (remove (lambda (f) (memq f absent)) missing)))
    (define (part fs ja en)
      (string-append (string-join (map field-name fs) (if ja? "、" ", "))
                     (if ja? ja en)))
    (string-append
     (if ja? "必須項目が未入力です: " "required fields are missing: ")
     (string-join
      (append
       (if (null? empty) '()
           (list (part empty "（この行のその列が空です）"
                       " (empty in this row)")))
       (if (null? absent) '()
           (list (part absent
                       "（ファイルにその列がありません。見出しを項目名か項目IDにするか、--map 列=項目 で対応づけてください）"
                       " (the file has no column for it: head one with the field's label or id, or use --map COLUMN=FIELD)"))))
      (if ja? "、" "; ")))))

;; The JSON and the answers of the last validation: the screening rules
;; of the response just validated take them without parsing the JSON
;; again (it is made from them, so parsing gives the same alist).
(define %last-validated #f)

;; (%form-validate NAME RAW [FILE?]) -> ("ok" JSON DEFINITION)
;;                                    or ("error" MESSAGE FIELD-ID-OR-#f)
;; FILE? says RAW is a row of a file (import) rather than --set words.
(define* (%form-validate name raw #:optional file?)
  (define (missing-text form missing)
    (if file?
        (missing-message/file form missing raw)
        (missing-message form missing)))
  (call-with-values (lambda () (form-validate name raw))
    (lambda (answers errors missing)
      (cond
       ((pair? errors)
        (list "error" (string-join (append (map cdr errors)
                                           (if (pair? missing)
                                               (list (missing-text
                                                      (form-ref "form" name)
                                                      missing))
                                               '()))
                                   "; ")
              (and (symbol? (caar errors))
                   (memq (caar errors) (form-fields name))
                   (symbol->string (caar errors)))))
       ((pair? missing)
        (list "error" (missing-text (form-ref "form" name) missing)
              (symbol->string (field-id (car missing)))))
       (else
        (let ((json (%answers->json answers)))
          (set! %last-validated (cons json answers))
          (list "ok" json (%form-definition name))))))))

;; The next field to ask for, given RAW and the ids already ASKED:
;; (id label type required? choices default) or #f.
(define (%form-next-prompt name raw asked)
  (let* ((form (form-ref "form" name))
         (raw (raw-normalize raw))
         (asked (map string->symbol asked)))
    (call-with-values (lambda () (form-validate name raw #t))
      (lambda (answers errors missing)
        (let ((f (find (lambda (f)
                         (and (not (raw-ref raw (field-id f)))
                              (not (memq (field-id f) asked))
                              (field-active? f answers)))
                       (form-fields* form))))
          (and f
               (list (symbol->string (field-id f)) (field-label f)
                     (symbol->string (field-type f)) (field-required? f)
                     (map cdr (field-choices f))
                     (let ((d (field-default-value f answers)))
                       (and d (value->text d))))))))))

;; The error for TEXT in field ID of form NAME, or #f when it is fine.
(define (%form-field-error name id text)
  (let* ((form (form-ref "form" name))
         (f (find (lambda (f) (eq? (field-id f) (string->symbol id)))
                  (form-fields* form))))
    (and f
         (let ((r (field-parse f text)))
           (and (eq? (car r) 'error) (cdr r))))))

;; The field id a CSV HEADER names: an id or a label; #f if none.
(define (%form-field-for name header)
  (let* ((form (form-ref "form" name))
         (h (trim-blanks header))
         (f (find (lambda (f) (or (string=? (symbol->string (field-id f)) h)
                                  (string=? (field-label f) h)))
                  (form-fields* form))))
    (and f (symbol->string (field-id f)))))

;; ((name title subject nfields) ...) in the order of definition.
(define (%form-list)
  (map (lambda (name)
         (let ((f (hash-ref %forms name)))
           (list (symbol->string name) (form-title* f)
                 (symbol->string (form-subject* f))
                 (length (form-fields* f)))))
       (reverse %form-order)))

;; ((id label type required? choices-text) ...) of form NAME.
(define (%form-field-rows name)
  (map (lambda (f)
         (list (symbol->string (field-id f)) (field-label f)
               (symbol->string (field-type f)) (field-required? f)
               (if (null? (field-choices f)) #f (choices-text f))))
       (form-fields* (form-ref #f name))))

;;; JSON out.

;; Characters a JSON string must escape.
(define json-escaped
  (char-set-union (ucs-range->char-set 0 32) (char-set #\" #\\)))

;; The JSON text of V as a list of pieces, put before TAIL: answers are
;; written row after row in an import, so the text is put together once
;; (string-concatenate) rather than piece by piece.
(define (json-pieces v tail)
  (cond ((eq? v #t) (cons "true" tail))
        ((eq? v #f) (cons "false" tail))
        ((and (number? v) (exact? v)) (cons (number->string v) tail))
        ((number? v) (cons (number->string (exact->inexact v)) tail))
        ((string? v) (json-string-pieces v tail))
        ((symbol? v) (json-string-pieces (symbol->string v) tail))
        ((alist? v) (json-object-pieces v tail))
        ((list? v)
         (cons "["
               (let loop ((v v))
                 (cond ((null? v) (cons "]" tail))
                       ((null? (cdr v)) (json-pieces (car v) (cons "]" tail)))
                       (else (json-pieces (car v) (cons "," (loop (cdr v)))))))))
        (else (json-string-pieces (format #f "~a" v) tail))))

(define (json-string-pieces s tail)
  (if (string-index s json-escaped)
      (cons (json-string-escaped s) tail)
      (cons* "\"" s "\"" tail)))

(define (json-object-pieces answers tail)
  (cons "{"
        (let loop ((a answers))
          (if (null? a)
              (cons "}" tail)
              (json-string-pieces
               (symbol->string (caar a))
               (cons ":" (json-pieces (cdar a)
                                      (if (null? (cdr a))
                                          (loop (cdr a))
                                          (cons "," (loop (cdr a)))))))))))

(define (json-string s)
  (string-concatenate (json-string-pieces s '())))

(define (json-string-escaped s)
  (call-with-output-string
   (lambda (port)
     (write-char #\" port)
     (string-for-each
      (lambda (c)
        (case c
          ((#\") (display "\\\"" port))
          ((#\\) (display "\\\\" port))
          ((#\newline) (display "\\n" port))
          ((#\return) (display "\\r" port))
          ((#\tab) (display "\\t" port))
          (else (if (< (char->integer c) 32)
                    (format port "\\u~4,'0x" (char->integer c))
                    (write-char c port)))))
      s)
     (write-char #\" port))))

(define (json-value v)
  (string-concatenate (json-pieces v '())))

;; An answers alist as one JSON object.
(define (%answers->json answers)
  (string-concatenate (json-object-pieces answers '())))

;; (fill-form NAME SUBJECT '((field . value) ...) [#:date DATE]) -> "R12"
;; Validate and store a response as an intake would (screening rules and
;; the intake hook included).
(define* (fill-form name subject raw #:key (date #f))
  (unless (string? subject)
    (fail (format #f (G_ "fill-form: SUBJECT must be an id string, not ~s")
                  subject)))
  (unless (list? raw)
    (fail (G_ "fill-form: the answers must be an alist ((field . value) ...)")))
  (match (%form-validate name (map (lambda (p)
                                     (if (pair? p)
                                         (cons (car p) (value->text (cdr p)))
                                         (fail (format #f (G_ "fill-form: ~s is not a (field . value) pair") p))))
                                   raw))
    (("ok" json definition)
     (%response-add (symbol->string (form-name (form-ref "fill-form" name)))
                    subject json definition (or date (today))))
    (("error" message . _)
     (fail (format #f (G_ "fill-form: ~a: ~a") name message)))))

;;; Screening: (define-screening 'no-support #:label "相談相手がいない"
;;;                              #:form 'pregnancy (lambda (answers subject) ...))

(define %screenings '())                ; ((name label form proc) ...)

(define* (define-screening name #:key (label #f) (form 'pregnancy)
           #:rest rest)
  (let ((proc (let loop ((r rest))
                (cond ((null? r) #f)
                      ((keyword? (car r))
                       (if (pair? (cdr r)) (loop (cddr r)) #f))
                      (else (car r))))))
    (unless (symbol? name)
      (fail (format #f (G_ "define-screening: the name must be a symbol, not ~s")
                    name)))
    (unless (string? label)
      (fail (format #f (G_ "define-screening: ~a: #:label must be a string")
                    name)))
    (unless (symbol? form)
      (fail (format #f (G_ "define-screening: ~a: #:form must be a symbol")
                    name)))
    (unless (procedure? proc)
      (fail (format #f (G_ "define-screening: ~a: a procedure (lambda (answers subject) ...) is missing") name)))
    (set! %screenings
          (append (remove (lambda (s) (eq? (car s) name)) %screenings)
                  (list (list name label form proc))))
    (if #f #f)))

;; Run the screening rules of FORM on JSON answers for SUBJECT; the
;; flags to raise: (("name" . "label") ...).
(define (%run-screenings form subject json)
  (let ((answers (if (and %last-validated
                          (string=? json (car %last-validated)))
                     (cdr %last-validated)
                     (let ((a (%parse-json json))) (if (alist? a) a '()))))
        (form (string->symbol form)))
    (filter-map
     (lambda (s)
       (match s
         ((name label f proc)
          (and (eq? f form)
               (call-located (lambda () (proc answers subject))
                             (lambda () (procedure-location proc)))
               (cons (symbol->string name) label)))))
     %screenings)))

;;; Milestones: (define-milestone 'newborn-visit #:label "新生児訪問"
;;;   #:for 'child #:from 'birth_date #:due-days 28 #:done-by 'visit)

(define %milestone-list '())            ; in order of definition

(define %milestone-bases
  '((pregnancy notified_on due_date)
    (child birth_date)
    (family created_on)))

(define* (define-milestone name #:key (label #f) (for 'child) (from #f)
           (due-days #f) (done-by '()) (done-when #f) (done-from 0))
  (unless (symbol? name)
    (fail (format #f (G_ "define-milestone: the name must be a symbol, not ~s")
                  name)))
  (unless (string? label)
    (fail (format #f (G_ "define-milestone: ~a: #:label must be a string") name)))
  (unless (assq for %milestone-bases)
    (fail (format #f (G_ "define-milestone: ~a: #:for must be pregnancy, child or family, not ~s") name for)))
  (let ((froms (cdr (assq for %milestone-bases)))
        (from (or from (cadr (assq for %milestone-bases)))))
    (unless (memq from froms)
      (fail (format #f (G_ "define-milestone: ~a: #:from for ~a must be ~a, not ~s") name for (string-join (map symbol->string froms) " or ") from)))
    (unless (and (integer? due-days) (exact? due-days))
      (fail (format #f (G_ "define-milestone: ~a: #:due-days must be a whole number of days, not ~s") name due-days)))
    (unless (and (integer? done-from) (exact? done-from)
                 (<= -36600 done-from 36600))
      (fail (format #f (G_ "define-milestone: ~a: #:done-from must be a whole number of days (-36600 to 36600), not ~s") name done-from)))
    (let ((done (cond ((string-or-symbol? done-by) (list done-by))
                      ((and (list? done-by) (every string-or-symbol? done-by))
                       done-by)
                      (else (fail (format #f (G_ "define-milestone: ~a: #:done-by must be a kind or form name, or a list of them, not ~s")
                                          name done-by))))))
      (when (and done-when (not (procedure? done-when)))
        (fail (format #f (G_ "define-milestone: ~a: #:done-when must be a procedure (lambda (subject-id from) ...)") name)))
      (when (and (null? done) (not done-when))
        (fail (format #f (G_ "define-milestone: ~a: give #:done-by or #:done-when") name)))
      (set! %milestone-list
            (append (remove (lambda (m) (eq? (vector-ref m 0) name))
                            %milestone-list)
                    (list (vector name label for from due-days
                                  (map (lambda (d)
                                         (if (symbol? d) (symbol->string d) d))
                                       done)
                                  (and done-when
                                       (let ((where (procedure-location
                                                     done-when)))
                                         (lambda (subject from)
                                           (call-located
                                            (lambda ()
                                              (done-when subject from))
                                            where))))
                                  done-from))))
      (if #f #f))))

;; #(name label for from due-days (done-by ...) done-when-or-#f
;;   done-from) ...
(define (%milestones)
  (map (lambda (m)
         (vector (symbol->string (vector-ref m 0)) (vector-ref m 1)
                 (symbol->string (vector-ref m 2))
                 (symbol->string (vector-ref m 3)) (vector-ref m 4)
                 (vector-ref m 5) (vector-ref m 6) (vector-ref m 7)))
       %milestone-list))
