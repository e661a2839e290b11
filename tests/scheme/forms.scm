;;; forms.scm - define-form, extend-form and field; validation messages
;;; in the language of the labels; versions; fill-form with the screening
;;; rules and the intake hook; define-screening.

(load "prelude.scm.inc")
(use-modules (srfi srfi-1))

(define fixtures?
  (test-sql! "
INSERT INTO person(id, family_name, given_name, birth_date, status,
                   created_at, updated_at)
VALUES (1, '山田', '花子', '1996-06-01', 'active',
        '2026-04-01T00:00:00Z', '2026-04-01T00:00:00Z'),
       (2, '佐藤', '美咲', '2008-01-15', 'active',
        '2026-04-01T00:00:00Z', '2026-04-01T00:00:00Z');"))

(define (validate name raw) (%form-validate name raw))
(define (ok? r) (equal? (car r) "ok"))
(define (message r) (and (equal? (car r) "error") (cadr r)))

(define good-pregnancy
  '(("family_name" . "山田") ("given_name" . "花子")
    ("family_name_kana" . "やまだ") ("given_name_kana" . "ハナコ")
    ("birth_date" . "H8.6.1") ("notified_on" . "2026-03-20")
    ("due_date" . "令和8年9月30日")))

(define (with-field raw id value)
  (append (remove (lambda (p) (equal? (car p) id)) raw)
          (list (cons id value))))

(test-begin "forms")

(test-group "field"
  (test-assert "makes a field" (field? (field 'a "A" 'text)))
  (test-assert "the id is snake_case"
    (raises-with? "ASCII snake_case" (lambda () (field 'DueDate "x" 'date))))
  (test-assert "an unknown type names the nearest"
    (raises-with? "did you mean date" (lambda () (field 'a "A" 'dat))))
  (test-assert "a choice needs choices"
    (raises-with? "needs #:choices" (lambda () (field 'a "A" 'choice))))
  (test-assert "#:when must be a procedure"
    (raises-with? "#:when must be a procedure"
                  (lambda () (field 'a "A" 'text #:when 3)))))

(test-group "define-form"
  (define-form 'test_form #:title "Test" #:subject 'family
    #:fields (list (field 'name "Name" 'text #:required? #t)
                   (field 'age "Age" 'integer #:min 0 #:max 120)
                   (field 'kind "Kind" 'choice #:choices '("a" "b"))
                   (field 'kind_note "Kind note" 'text
                          #:when (lambda (a) (equal? (assq-ref a 'kind) "b")))
                   (field 'tags "Tags" 'multi-choice
                          #:choices '(("x" . "Ex") ("y" . "Why")))
                   (field 'ok "OK" 'boolean #:default "yes")
                   (field 'tel "Phone" 'phone)))
  (test-equal "its fields" '(name age kind kind_note tags ok tel)
    (form-fields 'test_form))
  (test-equal "its subject" "family" (%form-subject "test_form"))
  (test-assert "duplicate ids are refused"
    (raises-with? "given twice"
                  (lambda () (define-form 'dup #:fields
                               (list (field 'a "A" 'text)
                                     (field 'a "B" 'text))))))
  (test-assert "no form of that name: the nearest is named"
    (raises-with? "did you mean test_form"
                  (lambda () (form-title 'test_from))))
  (test-equal "valid answers as JSON, with the default"
    "{\"name\":\"x\",\"age\":42,\"kind\":\"a\",\"tags\":[\"x\",\"y\"],\"ok\":true,\"tel\":\"090-1234-5678\"}"
    (cadr (validate 'test_form '(("name" . "x") ("age" . "４２")
                                 ("kind" . "1") ("kind_note" . "dropped")
                                 ("tags" . "x, Why") ("tel" . "090-1234-5678")))))
  (test-assert "a conditional field is kept when its condition holds"
    (string-contains (cadr (validate 'test_form '(("name" . "x") ("kind" . "b")
                                                  ("kind_note" . "n"))))
                     "\"kind_note\":\"n\""))
  (test-equal "every missing required field and the English message"
    "required fields are missing: \"Name\" (name) (give them with --set FIELD=VALUE)"
    (message (validate 'test_form '())))
  (test-assert "over the maximum"
    (string-contains (message (validate 'test_form '(("name" . "x") ("age" . "130"))))
                     "\"Age\" (age): \"130\" must be at most 120"))
  (test-assert "not a whole number"
    (string-contains (message (validate 'test_form '(("name" . "x") ("age" . "4.5"))))
                     "is not a whole number"))
  (test-assert "not a choice"
    (string-contains (message (validate 'test_form '(("name" . "x") ("kind" . "c"))))
                     "is not one of: a, b"))
  (test-assert "not a phone number"
    (string-contains (message (validate 'test_form '(("name" . "x") ("tel" . "12ab"))))
                     "is not a phone number"))
  (test-assert "an unknown field names the nearest"
    (string-contains (message (validate 'test_form '(("name" . "x") ("agee" . "1"))))
                     "no field agee in form test_form (did you mean age?)"))
  (test-assert "a later definition replaces the earlier one"
    (begin (define-form 'test_form #:fields (list (field 'only "Only" 'text)))
           (equal? '(only) (form-fields 'test_form)))))

(test-group "extend-form"
  (define-form 'ext #:fields (list (field 'a "A" 'text) (field 'b "B" 'text)))
  (extend-form 'ext (field 'c "C" 'integer) (field 'a "A2" 'date))
  (test-equal "adds at the end, replaces in place" '(a b c) (form-fields 'ext))
  (test-assert "the replaced field's type counts"
    (string-contains (message (validate 'ext '(("a" . "x")))) "is not a date"))
  (test-assert "an unknown form"
    (raises-with? "no form nope" (lambda () (extend-form 'nope)))))

(test-group "the pregnancy form"
  (test-assert "valid answers" (ok? (validate 'pregnancy good-pregnancy)))
  (test-assert "dates stored as ISO"
    (string-contains (cadr (validate 'pregnancy good-pregnancy))
                     "\"due_date\":\"2026-09-30\""))
  (test-equal "a bad date, in Japanese, naming the field"
    "「出産予定日」(due_date): 「2026-13-01」は日付ではありません（例: 2026-04-01、R8.4.1、令和8年4月1日）"
    (message (validate 'pregnancy (with-field good-pregnancy "due_date" "2026-13-01"))))
  (test-assert "missing fields are all named in Japanese"
    (let ((m (message (validate 'pregnancy '(("family_name" . "山田"))))))
      (and (string-contains m "必須項目が未入力です")
           (string-contains m "「名」(given_name)")
           (string-contains m "「出産予定日」(due_date)"))))
  (test-assert "the due date is after the notification"
    (string-contains (message (validate 'pregnancy (with-field good-pregnancy "due_date" "2026-03-01")))
                     "届出日より後"))
  (test-assert "and within ten months of it"
    (string-contains (message (validate 'pregnancy (with-field good-pregnancy "due_date" "2027-03-01")))
                     "10か月以内"))
  (test-assert "a plausible age"
    (string-contains (message (validate 'pregnancy (with-field good-pregnancy "birth_date" "2020-01-01")))
                     "12〜60歳"))
  (test-assert "kana in kana fields"
    (string-contains (message (validate 'pregnancy (with-field good-pregnancy "given_name_kana" "花子")))
                     "「名（かな）」(given_name_kana)"))
  (test-assert "the birth form stores the sex as female/male"
    (string-contains (cadr (validate 'birth '(("given_name" . "陽") ("given_name_kana" . "はる")
                                              ("birth_date" . "2026-03-01") ("sex" . "女"))))
                     "\"sex\":\"female\""))
  (test-assert "a birth weight out of range"
    (string-contains (message (validate 'birth '(("given_name" . "陽") ("given_name_kana" . "はる")
                                                 ("birth_date" . "2026-03-01") ("sex" . "2")
                                                 ("birth_weight_g" . "90"))))
                     "300以上")))

(test-group "versions"
  (define (version-of name)
    (assq-ref (car (query "SELECT coalesce(max(version), 0) AS v FROM form_version WHERE form = ?"
                          name))
              'v))
  (if fixtures?
      (begin
        (define-form 'versioned #:subject 'mother
          #:fields (list (field 'a "A" 'text)))
        (test-assert "a response" (string-prefix? "R" (fill-form 'versioned "P1" '((a . "x")))))
        (test-equal "version 1 recorded when first used" 1 (version-of "versioned"))
        (fill-form 'versioned "P1" '((a . "y")))
        (test-equal "the same definition keeps its version" 1 (version-of "versioned"))
        (define-form 'versioned #:subject 'mother
          #:fields (list (field 'a "A" 'text) (field 'b "B" 'integer)))
        (fill-form 'versioned "P1" '((a . "z") (b . 3)))
        (test-equal "a changed definition is version 2" 2 (version-of "versioned"))
        (test-equal "each response keeps its version"
          '(1 1 2)
          (map (lambda (r) (assq-ref r 'form_version))
               (query "SELECT form_version FROM response WHERE form = 'versioned' ORDER BY id"))))
      (begin (test-skip 1) (test-assert "versions need the sqlite3 program" #t))))

(test-group "fill-form, screening and the intake hook"
  (if fixtures?
      (let ((seen #f))
        (define (hook form subject answers) (set! seen (list form subject (assq-ref answers 'due_date))))
        (add-hook! intake-hook hook)
        (define-screening 'test-late-due #:label "テスト: 予定日が秋" #:form 'pregnancy
          (lambda (answers subject) (string>? (assq-ref answers 'due_date) "2026-09-01")))
        (test-assert "stores a response"
          (string-prefix? "R" (fill-form 'pregnancy "P2"
                                         (append (with-field good-pregnancy "birth_date" "2008-01-15")
                                                 '((has_support . #f))))))
        (test-equal "the hook got (form subject answers)" '(pregnancy "P2" "2026-09-30") seen)
        (remove-hook! intake-hook hook)
        (test-equal "the screening rules flagged the subject"
          '("no-support" "test-late-due" "young-pregnancy")
          (map (lambda (r) (assq-ref r 'name))
               (query "SELECT name FROM flag WHERE subject = 'P2' ORDER BY name")))
        (test-equal "with the rule's label as the reason" "相談相手がいない"
          (assq-ref (car (query "SELECT reason FROM flag WHERE name = 'no-support'")) 'reason))
        (test-equal "a timeline event of kind form, sub-kind pregnancy"
          '(((kind . "form") (subkind . "pregnancy")))
          (query "SELECT kind, subkind FROM event WHERE subject = 'P2' AND kind = 'form'"))
        (test-assert "invalid answers are refused, nothing stored"
          (and (raises-with? "fill-form: pregnancy" (lambda () (fill-form 'pregnancy "P1" '((due_date . "x")))))
               (null? (query "SELECT id FROM response WHERE subject = 'P1' AND form = 'pregnancy'"))))
        (test-assert "a failing rule fails the response, naming it"
          (begin
            (define-screening 'test-broken #:label "broken" #:form 'birth
              (lambda (answers subject) (car '())))
            (and (raises-with? "car" (lambda ()
                                       (fill-form 'birth "P1" '((given_name . "陽") (given_name_kana . "はる")
                                                               (birth_date . "2026-03-01") (sex . "male")))))
                 (null? (query "SELECT id FROM response WHERE form = 'birth'"))))))
      (begin (test-skip 1) (test-assert "fill-form needs the sqlite3 program" #t))))

(test-group "define-screening"
  (test-assert "needs a label"
    (raises-with? "#:label" (lambda () (define-screening 'x (lambda (a s) #t)))))
  (test-assert "needs a procedure"
    (raises-with? "procedure" (lambda () (define-screening 'x #:label "x")))))

(test-end "forms")
