;;; forms.scm - the shipped forms.  A municipality changes them in its own
;;; scripts (local.d/*.scm or init.scm): extend-form adds questions, and a
;;; define-form of the same name replaces a form.  Field ids are the same
;;; everywhere: --set names, CSV --map targets, JSON keys.

;; Checks shared by the forms.  Each returns an error text, or #f.
;; (Kana fields are of type 'kana, which checks and widens half-width
;; kana; kana-check is for a 'text field of a form of one's own.)
(define (kana-check value answers)
  (and (not (kana-text? value))
       "ひらがな・カタカナで入力してください"))

(define (mother-age-check birth answers)
  (let* ((at (or (assq-ref answers 'notified_on) (today)))
         (age (and (string<=? birth at) (age-in-years birth at))))
    (cond ((not age) "届出日より後の生年月日です")
          ((< age 12) (format #f "届出時~a歳です（12〜60歳のはず）" age))
          ((> age 60) (format #f "届出時~a歳です（12〜60歳のはず）" age))
          (else #f))))

(define (due-date-check due answers)
  (let ((notified (assq-ref answers 'notified_on)))
    (cond ((not notified) #f)
          ((<= (days-between notified due) 0)
           "届出日より後の日付にしてください")
          ((> (days-between notified due) 310)
           "届出日から10か月以内の日付にしてください")
          (else #f))))

(define (not-future-check date answers)
  (and (string>? date (today)) "今日より後の日付です"))

(define-form 'pregnancy
  #:title "妊娠届出面接"
  #:subject 'mother
  #:fields
  (list
   (field 'family_name "姓" 'text #:required? #t #:max 40)
   (field 'given_name "名" 'text #:required? #t #:max 40)
   (field 'family_name_kana "姓（かな）" 'kana #:required? #t #:max 40)
   (field 'given_name_kana "名（かな）" 'kana #:required? #t #:max 40)
   (field 'birth_date "生年月日" 'date #:required? #t
          #:check mother-age-check)
   (field 'phone "電話番号" 'phone)
   (field 'address "住所" 'text)
   (field 'resident_code "宛名番号" 'code #:max 20)
   (field 'notified_on "届出日" 'date #:required? #t
          #:default (lambda (answers) (today)) #:check not-future-check)
   (field 'due_date "出産予定日" 'date #:required? #t
          #:check due-date-check)
   (field 'handbook_no "母子健康手帳番号" 'code #:max 20)
   (field 'first_pregnancy "初産" 'boolean)
   (field 'has_support "相談できる人がいる" 'boolean)
   (field 'feelings "妊娠がわかったときの気持ち" 'choice
          #:choices '("うれしい" "予想外だがうれしい" "戸惑った" "困った"
                      "何とも思わない"))
   (field 'note "備考" 'text)))

(define-form 'birth
  #:title "出生"
  #:subject 'child
  #:fields
  (list
   (field 'given_name "名" 'text #:required? #t #:max 40)
   (field 'given_name_kana "名（かな）" 'kana #:required? #t #:max 40)
   (field 'birth_date "生年月日" 'date #:required? #t
          #:check not-future-check)
   (field 'sex "性別" 'choice #:required? #t
          #:choices '(("female" . "女") ("male" . "男")))
   (field 'birth_weight_g "出生体重（g）" 'integer #:min 300 #:max 6000)
   (field 'note "備考" 'text)))

(define-form 'interview_8m
  #:title "妊娠8か月頃の面接"
  #:subject 'mother
  #:fields
  (list
   (field 'interviewed_on "面接日" 'date #:required? #t
          #:default (lambda (answers) (today)) #:check not-future-check)
   (field 'has_support "相談できる人がいる" 'boolean)
   (field 'birth_place_decided "出産場所が決まっている" 'boolean)
   (field 'worries "心配ごと" 'text)))

(define (checkup-form name title)
  (define-form name
    #:title title
    #:subject 'child
    #:fields
    (list
     (field 'examined_on "受診日" 'date #:required? #t
            #:default (lambda (answers) (today)) #:check not-future-check)
     (field 'weight_g "体重（g）" 'integer #:min 1000 #:max 40000)
     (field 'height_cm "身長（cm）" 'integer #:min 30 #:max 130)
     (field 'result "判定" 'choice #:required? #t
            #:choices '("異常なし" "経過観察" "要精密検査" "要医療"))
     (field 'follow_up "フォローの要否" 'boolean)
     (field 'note "備考" 'text))))

(checkup-form 'checkup_4m "3〜4か月児健診")
(checkup-form 'checkup_18m "1歳6か月児健診")
(checkup-form 'checkup_3y "3歳児健診")

(define-form 'consultation
  #:title "相談"
  #:subject 'mother
  #:fields
  (list
   (field 'topic "相談内容" 'multi-choice #:required? #t
          #:choices '("育児" "授乳" "発達" "こころ" "経済" "家族" "その他"))
   (field 'mood "気分（1 よくない〜5 よい）" 'scale #:min 1 #:max 5)
   (field 'note "記録" 'text)))
