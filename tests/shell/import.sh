#!/bin/sh
# import.sh - `import`: CP932 with 髙/﨑 and the wave dash, UTF-8 with a
# BOM, CRLF, quoted commas and newlines, 和暦 and full-width digits, label
# and --map headers (folded, --map first), rejected rows with their Excel
# row, blank rows, --dry-run, re-import (idempotent), errors, exit
# status, tsv and json output, CP932 found late, the role rules, and an
# import killed half-way and run again.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup
if ! command -v iconv >/dev/null 2>&1; then
	echo "1..0 # SKIP iconv is needed to make the CP932 file"
	exit 0
fi
tap_plan 65

T="--today 2026-04-10"
D=$TSU_TMP
printf '姓,名,姓（かな）,名（かな）,生年月日,電話番号,宛名番号,届出日,出産予定日,備考\r\n髙橋,美咲,たかはし,みさき,H7.5.1,０９０－１２３４－５６７８,A001,R8.4.1,2026-10-20,"メモ, 付き\r\n二行目〜"\r\n山﨑,愛,やまざき,あい,1996-13-01,,A002,2026-04-02,2026-10-01,\r\n佐藤,陽子,サトウ,ヨウコ,1990-01-01,,,令和８年４月３日,2026-11-01,\r\n' >"$D/u8.csv"
iconv -f UTF-8 -t CP932 "$D/u8.csv" >"$D/sj.csv"
printf '\357\273\277' >"$D/bom.csv"
printf 'family_name,given_name,kana_f,kana_g,birth_date,notified_on,due_date\n鈴木,恵,すずき,めぐみ,1993-03-03,2026-04-05,2026-12-01\n' >>"$D/bom.csv"

tsu_run --staff nurse1 $T -c 'staff add view1 --name 閲覧 --role viewer'
tsu_run --staff nurse1 $T -c "import pregnancy $D/sj.csv --dry-run"
ok "a dry run exits 0" [ "$rc" = 0 ]
ok "it reports what it would do" contains "$out" "dry run, nothing written: 2 imported"
tsu_run --staff nurse1 $T --format json -c 'find 髙橋'
ok "a dry run writes nothing" [ "$out" = "[]" ]

tsu_run --staff nurse1 $T -c "import pregnancy $D/sj.csv"
ok "the CP932 import exits 0" [ "$rc" = 0 ]
ok "good rows go in" contains "$out" "2 imported"
ok "a bad row is rejected" contains "$out" "1 rejected"
ok "with its file and row as Excel numbers it, and the file's line" \
	contains "$err" "sj.csv: line 3 (line 4 in a text editor):"
ok "and the field at fault" contains "$err" "birth_date"
tsu_run --staff nurse1 $T --format json -c 'find 髙橋'
ok "髙 survives CP932" contains "$out" '"name": "髙橋 美咲"'
ok "full-width digits in the phone" contains "$out" '"phone": "090-1234-5678"'
ok "和暦 birth date" contains "$out" '"birth_date": "1995-05-01"'
note=$(python3 -c 'import sqlite3, sys, json
db = sqlite3.connect(sys.argv[1])
a = json.loads(db.execute("SELECT answers FROM response WHERE subject=?", ("P1",)).fetchone()[0])
print(a["note"])' "$TSUNAGU_DB" 2>&1)
ok "the quoted comma, newline and wave dash are kept" \
	[ "$note" = "$(printf 'メモ, 付き\n二行目～')" ]
tsu_run --staff nurse1 $T --format json -c 'find ようこ'
ok "full-width 和暦 notification date" [ "$rc" = 0 ]

tsu_run --staff nurse1 $T --format json -c 'audit --subject P1'
ok "the audit names an imported person in its batch's row" \
	contains "$out" '"action": "import"'
ok "with the file and lines of the batch" contains "$out" "sj.csv lines 2-"

tsu_run --staff nurse1 $T -c "import pregnancy $D/sj.csv"
ok "a re-import changes nothing" contains "$out" "0 imported"
ok "and says the rows are in" contains "$out" "2 already in"
tsu_run --staff nurse1 $T --format json -c 'find 髙橋'
ok "no duplicates after a re-import" [ "$(printf '%s\n' "$out" | grep -c '"id"')" = 1 ]

tsu_run --staff nurse1 $T -c "import pregnancy $D/bom.csv --map kana_f=family_name_kana --map kana_g=given_name_kana"
ok "UTF-8 with BOM and --map" contains "$out" "1 imported"

tsu_run --staff nurse1 $T -c "import pregnancy $D/nosuch.csv"
ok "a missing file is named" contains "$err" "nosuch.csv"
tsu_run --staff nurse1 $T -c "import pregnancy $D/bom.csv --map kana_f=nosuchfield"
ok "a --map to no field is named" contains "$err" "nosuchfield"
tsu_run --staff view1 $T -c "import pregnancy $D/sj.csv"
ok "a viewer cannot import" [ "$rc" = 1 ]
tsu_run --staff nurse1 $T -c "import pregnancy $D/sj.csv --batch 0"
ok "a --batch that is not a number of rows is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "--batch"'

# Batches of one: a batch row each, and the rejected row, rolled back
# to its savepoint, in none of them.
B=$TSU_TMP/batch.db
tsu_run --db "$B" --staff nurse1 $T -c "import pregnancy $D/u8.csv --batch 1"
ok "--batch 1 imports" contains "$out" "2 imported"
tsu_run --db "$B" --staff nurse1 $T --format tsv -c 'audit'
ok "one audit row per batch of one row" \
	[ "$(printf '%s\n' "$out" | grep -c "	import	")" = 2 ]
ok "each names its row as Excel numbers it" \
	eval 'contains "$out" "u8.csv lines 2-2" && contains "$out" "u8.csv lines 4-4"'


# A file as a clerk makes it: a heading with half-width brackets and
# blanks, a value ending in a full-width blank, an address over two
# lines, rows left empty, and a --map that wins over a label.
C=$TSU_TMP/clerk.db
printf '氏,姓,名,姓(カナ), 名（かな）　,生年月日,届出日,出産予定日,住所\r\n' >"$D/clerk.csv"
printf '山田,違う,ゆき,やまだ,ゆき　,1990-01-01,2026-04-02,2026-10-01,"東京都\r\n二行目"\r\n' >>"$D/clerk.csv"
printf ',,,,,,,,\r\n\r\n ,　,,,,,,,\r\n' >>"$D/clerk.csv"
printf '川口,,はな,かわぐち,はな,1990-13-01,2026-04-02,2026-10-01,\r\n' >>"$D/clerk.csv"
tsu_run --db "$C" --staff nurse1 $T -c "import pregnancy $D/clerk.csv --map 氏=family_name"
ok "an import with a rejected row among good ones exits 0" \
	eval '[ "$rc" = 0 ] && contains "$out" "1 imported" && contains "$out" "1 rejected"'
ok "the rejected row is named by its Excel row and its line in the file" \
	contains "$err" "clerk.csv: line 6 (line 7 in a text editor):"
ok "rows left empty are skipped, not rejected" \
	[ "$(printf '%s\n' "$err" | grep -c 'clerk.csv: line')" = 1 ]
ok "and not counted as rows" contains "$out" "rows:     2"
ok "a --map wins over the label, and the label's column is named as left out" \
	contains "$out" 'column 2 "姓" is left out: family_name is taken from column 1 "氏"'
got=$(python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print("|".join(db.execute("SELECT family_name, family_name_kana, given_name_kana FROM person").fetchone()))' "$C" 2>&1)
ok "the --map column feeds the field" [ "${got%%|*}" = 山田 ]
ok "headings with half-width brackets, katakana and blanks match the labels" \
	contains "$got" "|やまだ|"
ok "a value's full-width blank is trimmed" [ "${got##*|}" = ゆき ]

tsu_run --db "$C" --staff nurse1 $T -c "import pregnancy $D/clerk.csv --map 無い列=family_name"
ok "a --map of a column the header lacks fails" [ "$rc" = 1 ]
ok "naming the column and the nearest heading" \
	eval 'contains "$err" "no column \"無い列\"" && contains "$err" "the nearest is column"'
printf '姓,名,名,姓（かな）,名（かな）,生年月日,届出日,出産予定日\r\n' >"$D/dup.csv"
tsu_run --db "$C" --staff nurse1 $T -c "import pregnancy $D/dup.csv"
ok "a heading twice fails, naming both columns" \
	eval '[ "$rc" = 1 ] && contains "$err" "columns 2 \"名\" and 3 \"名\""'

# Every row rejected: a failed command, each row still named.  A
# required field without a column is named as the file's, not --set's.
printf '姓,名,姓（かな）,生年月日,届出日,出産予定日\r\n田中,ゆき,たなか,1990-01-01,2026-04-02,2026-10-01\r\n田中,ゆき,たなか,1990-01-02,2026-04-02,2026-10-01\r\n' >"$D/nokana.csv"
tsu_run --db "$C" --staff nurse1 $T -c "import pregnancy $D/nokana.csv"
ok "an import whose every row is rejected exits 1" [ "$rc" = 1 ]
ok "and still names each row" \
	eval 'contains "$err" "nokana.csv: line 2:" && contains "$err" "nokana.csv: line 3:"'
ok "and says nothing was imported" contains "$err" "every row was rejected (2)"
ok "a missing column is named as the file's" contains "$err" "ファイルにその列がありません"
ok "with no --set hint" eval '! contains "$err" "--set"'

# tsv and json: standard output is data only; notes go to standard error.
tsu_run --db "$C" --staff nurse1 $T --format tsv -c "import pregnancy $D/clerk.csv --map 氏=family_name --dry-run"
ok "tsv: standard output holds only the header and the record" \
	eval '[ "$(printf "%s\n" "$out" | wc -l)" = 2 ] && contains "$out" "$(printf "id\tform")"'
ok "tsv: the notes and the summary go to standard error" \
	eval 'contains "$err" "is left out" && contains "$err" "dry run, nothing written"'
tsu_run --db "$C" --staff nurse1 $T --format json -c "import pregnancy $D/clerk.csv --map 氏=family_name --dry-run"
ok "json: standard output is one JSON object" \
	python3 -c 'import json, sys; json.loads(sys.argv[1])' "$out"

# CP932 whose first byte beyond ASCII comes after 64 KiB of ASCII.
pad=$(awk 'BEGIN { while (n++ < 40000) printf "x" }')
{
	printf 'pad1,pad2,family_name,given_name,family_name_kana,given_name_kana,birth_date,notified_on,due_date\r\n'
	printf '%s,%s,' "$pad" "$pad"
	printf '髙橋,結衣,たかはし,ゆい,1991-02-03,2026-04-03,2026-11-01\r\n' |
		iconv -f UTF-8 -t CP932
} >"$D/late.csv"
tsu_run --db "$C" --staff nurse1 $T -c "import pregnancy $D/late.csv"
ok "CP932 after 64 KiB of ASCII is read as CP932" \
	eval '[ "$rc" = 0 ] && contains "$out" "1 imported"'
tsu_run --db "$C" --staff nurse1 $T --format json -c 'find 結衣'
ok "with its 髙" contains "$out" '"name": "髙橋 結衣"'

# From Scheme, inside the transaction of the Scheme line.
S=$TSU_TMP/scheme.db
tsu_run --db "$S" --staff nurse1 $T -c "(run-command \"import pregnancy $D/u8.csv --batch 1\")"
ok "an import run from Scheme goes in with the Scheme line" \
	eval '[ "$rc" = 0 ] && contains "$out" "2 imported"'
tsu_run --db "$S" --staff nurse1 $T -c 'audit verify'
ok "and its audit is whole" [ "$rc" = 0 ]

# Killed in the middle (SIGKILL, after the first batches are in) and run
# again: every row exactly once.
N=3000
K=$TSU_TMP/kill.db
awk -v n=$N 'BEGIN {
	split("やまだ たなか すずき さとう いとう", f, " ")
	split("ハナコ ヨウコ ミサキ アイ メグミ ユイ", g, " ")
	printf "姓,名,姓（かな）,名（かな）,生年月日,宛名番号,届出日,出産予定日\r\n"
	for (i = 0; i < n; i++)
		printf "山田,花子,%s,%s,19%02d-%02d-%02d,K%06d,2026-03-%02d,2026-10-%02d\r\n",
			f[i % 5 + 1], g[i % 6 + 1], 80 + i % 20, i % 12 + 1,
			i % 28 + 1, i, i % 28 + 1, i % 28 + 1
}' >"$D/big.csv"
count() {
	python3 -c 'import sqlite3, sys
db = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True, timeout=30)
print(db.execute(sys.argv[2]).fetchone()[0])' "$K" "$1" 2>/dev/null || echo 0
}
"$TSUNAGU" --no-init --db "$K" --staff nurse1 $T -c quit >/dev/null 2>&1
# 2 ms a row, so that a fast build is still at it when the kill comes.
echo '(add-hook! intake-hook (lambda (form subject answers) (usleep 2000)))' \
	>"$D/slow.scm"
"$TSUNAGU" --no-init --db "$K" --staff nurse1 $T -l "$D/slow.scm" \
	-c "import pregnancy $D/big.csv --batch 500" >/dev/null 2>&1 &
pid=$!
tries=0
while [ "$(count 'SELECT count(*) FROM pregnancy')" -lt 500 ] &&
	[ $tries -lt 1200 ] && kill -0 $pid 2>/dev/null; do
	sleep 0.1
	tries=$((tries + 1))
done
kill -KILL $pid 2>/dev/null
wait $pid 2>/dev/null
before=$(count 'SELECT count(*) FROM pregnancy')
whole=$((before > 0 && before % 500 == 0))
ok "the kill left only whole batches ($before rows)" [ "$whole" = 1 ]
ok "the kill came before the end" [ "$before" -lt $N ]
ok "no import is recorded for the killed run" \
	[ "$(count 'SELECT count(*) FROM intake_import')" = 0 ]
tsu_run --db "$K" --staff nurse1 $T --format json -c "import pregnancy $D/big.csv"
ok "the re-run completes it" [ "$rc" = 0 ]
ok "with the rows not yet in" \
	contains "$out" "\"imported\": $((N - before))"
ok "and those already in counted" contains "$out" "\"already\": $before"
ok "every row once: persons" [ "$(count 'SELECT count(*) FROM person')" = $N ]
ok "every row once: resident codes" \
	[ "$(count 'SELECT count(DISTINCT resident_code) FROM person')" = $N ]
ok "every row once: pregnancies" \
	[ "$(count 'SELECT count(*) FROM pregnancy')" = $N ]
ok "every row once: families" [ "$(count 'SELECT count(*) FROM family')" = $N ]
ok "every row once: responses" \
	[ "$(count "SELECT count(*) FROM response WHERE form='pregnancy'")" = $N ]
ok "each mother found by her kana name" \
	[ "$(count 'SELECT count(*) FROM person_search_key WHERE full=1')" = $N ]

# The audit of a bulk import: a row per batch of 500, not per act, that
# still names every person for `audit --subject`.
ok "one audit row per batch, not per row" \
	[ "$(count 'SELECT count(*) FROM audit')" -le 20 ]
tsu_run --db "$K" --staff nurse1 $T -c 'audit verify'
ok "the trail of the killed and completed import is intact" [ "$rc" = 0 ]
tsu_run --db "$K" --staff nurse1 $T --format json -c "audit --subject P$N"
ok "the last person's creation is found" contains "$out" "create "
tsu_run --db "$K" --staff nurse1 $T --format json -c "audit --subject P$((N + 1))"
ok "a person past the ranges is not" [ "$out" = "[]" ]

tap_done
