;;; tsunagu.scm - the Scheme part of module (tsunagu).
;;;
;;; Loaded into (tsunagu) at start, after the procedures the core defines
;;; in C.  Holds the hooks, the keyword front-ends of the C procedures, and
;;; the script loader that reports errors with their file and line.

(use-modules (ice-9 match)
             (system base compile))

(export intake-hook contact-hook plan-hook referral-hook
        define-command run-command
        %load-script %eval-line %describe-error)

;;; Hooks: (add-hook! intake-hook (lambda (form subject-id answers) ...))
(define intake-hook (make-hook 3))   ; form subject-id answers
(define contact-hook (make-hook 3))  ; kind subject-id contact-alist
(define plan-hook (make-hook 3))     ; event plan-id plan-alist
(define referral-hook (make-hook 3)) ; event referral-id referral-alist

;; (define-command "name" #:help STR [#:usage STR] [#:role 'read] PROC)
;; PROC receives the words after the command name as strings.
(define* (define-command name #:key (help "") (usage #f) (role 'read)
           #:rest rest)
  (let ((proc (let loop ((r rest))
                (cond ((null? r) #f)
                      ((keyword? (car r)) (loop (cddr r)))
                      (else (car r))))))
    (unless (procedure? proc)
      (error "define-command: a procedure is missing for" name))
    (%register-command name help (or usage name) (symbol->string role) proc)))

;; (run-command "due --within 14"): run a shell line; #t, or an error.
(define (run-command line)
  (or (%run-command line)
      (error "run-command: the line failed:" line)))

;;; Loading scripts: one top-level form at a time, compiled so that errors
;;; in procedures defined there point at their file and line.
(define (%load-script file module)
  (save-module-excursion
   (lambda ()
     (set-current-module module)
     (call-with-input-file file
       (lambda (port)
         (let loop ()
           (let ((form (read-syntax port)))
             (unless (eof-object? form)
               (compile form #:env module #:from 'scheme #:to 'value
                        #:opts '(#:warnings ()))
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

(define (frame-location frame)
  (let ((src (frame-source frame)))
    (and src (cadr src)
         (not (string-prefix? "ice-9/" (cadr src)))
         (not (string-prefix? "system/" (cadr src)))
         (not (string-prefix? "srfi/" (cadr src)))
         (not (string-prefix? "language/" (cadr src)))
         (format #f "~a:~a" (cadr src) (1+ (caddr src))))))

;; "file:line: message" and up to five frames of backtrace.
(define (%describe-error key args stack)
  (let* ((message (call-with-output-string
                   (lambda (port)
                     (print-exception port #f key args))))
         (message (string-trim-right message))
         (frames (if (stack? stack)
                     (let loop ((i 0) (acc '()))
                       (if (< i (stack-length stack))
                           (loop (1+ i) (cons (stack-ref stack i) acc))
                           (reverse acc)))
                     '()))
         (located (filter-map
                   (lambda (f)
                     (let ((loc (frame-location f)))
                       (and loc (cons loc f))))
                   frames))
         (syntax-loc (and (memq key '(read-error syntax-error))
                          (pair? args) (string? (car args)) #f)))
    (string-append
     (cond ((pair? located) (string-append (caar located) ": "))
           (syntax-loc (string-append syntax-loc ": "))
           (else ""))
     message
     (apply string-append
            (map (lambda (l)
                   (format #f "\n  at ~a in ~a" (car l)
                           (or (frame-procedure-name (cdr l)) "top level")))
                 (list-head located (min 5 (length located))))))))
