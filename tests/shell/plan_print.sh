#!/bin/sh
# plan_print.sh - `plan print`: a real A4 PDF in Japanese with both
# copies, checked with poppler's tools: pages, text (names, worries, 和暦
# dates, contact), the embedded Japanese font, worries not yet shared kept
# off the parent's copy, long plans flowing onto more pages, the file's
# mode, the audit row, words from Scheme, and who may print.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup

for tool in pdfinfo pdftotext pdffonts pdftoppm; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "1..0 # SKIP $tool (poppler-utils) is needed"
		exit 0
	fi
done

tap_plan 22

PDF=$TSU_TMP/plan.pdf

# demo LINE...: the demo families as nurse1 on 2026-04-01.
demo() {
	tsu_run --demo --staff nurse1 --today 2026-04-01 "$@"
}


demo -c 'config center-name さくら市こども家庭センター' \
	-c 'config center-phone 0120-000-111' \
	-c 'plan new P1 --next-review 2026-06-01 --agreed' \
	-c 'plan concern PL1 --whose parent --text "夜に眠れない"' \
	-c 'plan concern PL1 --whose staff --text "体重の増え方を一緒に見ていきたい"' \
	-c 'plan concern PL1 --whose staff --text "相談相手がいないのが気がかり" --shared no' \
	-c 'plan item PL1 --what "産後ケアを申し込む" --who parent --by 2026-04-20' \
	-c 'plan item PL1 --what "一時保育の案内" --who "子育て支援課"' \
	--format json -c "plan print PL1 -o $PDF"
ok "plan print exits 0" [ "$rc" = 0 ]
ok "it prints the file and the page count" \
	eval 'printf "%s\n" "$out" | tail -n 5 | tr -d "\n " | grep -q "\"pages\":2}"'
ok "the file is a PDF" eval 'head -c 5 "$PDF" | grep -q "%PDF-"'
ok "the file is created mode 0600" \
	[ "$(stat -c %a "$PDF")" = 600 ]
ok "it has two pages" \
	eval 'pdfinfo "$PDF" | grep -q "^Pages: *2$"'
ok "the pages are A4" \
	eval 'pdfinfo "$PDF" | grep -q "Page size: *595.* x 841.* pts (A4)"'
ok "IPAexGothic is embedded" \
	eval 'pdffonts "$PDF" | grep "IPAexGothic" | grep -q " yes "'

p1=$(pdftotext -f 1 -l 1 "$PDF" - | tr -d ' ')
p2=$(pdftotext -f 2 -l 2 "$PDF" - | tr -d ' ')
ok "page 1 is the parent's copy, page 2 the center's" \
	eval 'contains "$p1" "保護者用" && contains "$p2" "センター控え"'
ok "both have the title, the center and the family's name" \
	eval 'for p in "$p1" "$p2"; do contains "$p" "支援プラン" && contains "$p" "さくら市こども家庭センター" && contains "$p" "山田花子" || exit 1; done'
ok "both have your worries and mine" \
	eval 'contains "$p1" "あなたの心配" && contains "$p1" "夜に眠れない" && contains "$p1" "わたしの心配" && contains "$p1" "体重の増え方"'
ok "a worry not yet shared is only on the center's copy" \
	eval '! contains "$p1" "相談相手がいない" && contains "$p2" "相談相手がいないのが気がかり"'
ok "what will be done, by whom and when (和暦)" \
	eval 'contains "$p1" "産後ケアを申し込む" && contains "$p1" "ご本人" && contains "$p1" "令和8年4月20日" && contains "$p1" "子育て支援課"'
ok "the contact person with a phone (the center's when none)" \
	eval 'contains "$p1" "担当者" && contains "$p1" "nurse1" && contains "$p1" "0120-000-111"'
ok "the next review date in 和暦" \
	eval 'contains "$p1" "次に一緒に見直す日" && contains "$p1" "令和8年6月1日"'
ok "a line for the parent's agreement, and on the center's copy its state" \
	eval 'contains "$p1" "ご署名" && contains "$p2" "保護者の同意：あり"'

pdftoppm -r 40 -png -f 1 -l 1 "$PDF" "$TSU_TMP/page" 2>/dev/null
ok "page 1 renders to an image" [ -s "$TSU_TMP/page-1.png" ]

# ---- long plans flow onto further pages ----

long=""
i=1
while [ $i -le 30 ]; do
	long="$long -c 'plan item PL1 --what \"$i 番目のこと。長い説明の文章がここに続きます。折り返しても読めるように書きます。\" --who parent --by 2026-05-$(printf %02d $(( (i % 28) + 1 )))'"
	i=$((i + 1))
done
eval "demo -c 'plan new P1' $long -c 'plan print PL1 -o $PDF'"
ok "thirty items flow onto more pages" \
	eval '[ "$rc" = 0 ] && [ "$(pdfinfo "$PDF" | sed -n "s/^Pages: *//p")" -ge 3 ]'
ok "and every item is printed on both copies" \
	eval '[ "$(pdftotext "$PDF" - | grep -c "30 番目のこと")" = 2 ]'
ok "a later page says it continues" \
	eval 'pdftotext -f 2 -l 2 "$PDF" - | grep -q "（つづき）"'

# ---- words from Scheme, audit, permissions ----

words=$TSU_TMP/words.scm
cat >"$words" <<'EOF'
(set! plan-print-words
  (cons '(parent-copy . "ご本人さま用") plan-print-words))
(set! plan-print-lines '("夜間の相談：0120-999-999"))
EOF
tsu_run --demo --staff nurse1 --today 2026-04-01 -l "$words" \
	-c 'plan new P1' -c "plan print PL1 -o $PDF"
ok "a municipality changes the words and adds lines in Scheme" \
	eval 'pdftotext "$PDF" - | tr -d " " > "$TSU_TMP/t"; grep -q "ご本人さま用" "$TSU_TMP/t" && grep -q "夜間の相談：0120-999-999" "$TSU_TMP/t"'

tsu_run --demo --staff nurse1 --today 2026-04-01 -c 'plan new P1' \
	-c "plan print PL1 -o $PDF" -c 'audit --subject F1'
ok "printing is audited as an export" \
	eval 'contains "$out" "export" && contains "$out" "plan PL1 printed to"'

demo -c 'plan new P1' -c "plan print PL1 -o $TSU_TMP/no/such/dir/x.pdf"
ok "an unwritable file is named in the error" \
	eval '[ "$rc" = 1 ] && contains "$err" "cannot write \"$TSU_TMP/no/such/dir/x.pdf\""'

tap_done
