#!/bin/sh
# import.sh - `import pregnancy` of generated notifications (200,000 rows
# unless IMPORT_BENCH_ROWS says otherwise), timed against sqlite3's own
# .import of the same file into one indexed table in the same run, with
# the import's peak memory; then, on the database it made, `due --within
# 14` and `find` of a kana name and of a phone fragment against the
# program's own start-up (-c quit).  Prints figures; never fails.
#   sh tests/bench/import.sh [PATH-TO-TSUNAGU]

TSUNAGU=${1:-${TSUNAGU:-./tsunagu}}
ROWS=${IMPORT_BENCH_ROWS:-200000}
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
export ASAN_OPTIONS
for tool in python3 sqlite3; do
	command -v $tool >/dev/null 2>&1 ||
		{ echo "import bench: $tool needed"; exit 0; }
done
dir=$(mktemp -d "${TMPDIR:-/tmp}/tsunagu-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT

# The notifications as a clerk's export: UTF-8, CRLF, the form's labels
# as the header, kana in hiragana or katakana, unique resident codes.
python3 - "$ROWS" "$dir/notifications.csv" <<'PY'
import datetime, random, sys
n, out = int(sys.argv[1]), sys.argv[2]
random.seed(8)
fam = [("佐藤", "さとう"), ("鈴木", "すずき"), ("高橋", "たかはし"),
       ("田中", "たなか"), ("伊藤", "いとう"), ("渡辺", "わたなべ"),
       ("山本", "やまもと"), ("中村", "なかむら"), ("小林", "こばやし"),
       ("加藤", "かとう"), ("吉田", "よしだ"), ("山田", "やまだ"),
       ("佐々木", "ささき"), ("山口", "やまぐち"), ("松本", "まつもと"),
       ("井上", "いのうえ"), ("木村", "きむら"), ("林", "はやし"),
       ("斎藤", "さいとう"), ("清水", "しみず"), ("山﨑", "やまざき"),
       ("森", "もり"), ("池田", "いけだ"), ("橋本", "はしもと"),
       ("阿部", "あべ"), ("石川", "いしかわ"), ("山下", "やました"),
       ("中島", "なかじま"), ("石井", "いしい"), ("小川", "おがわ"),
       ("前田", "まえだ"), ("岡田", "おかだ"), ("長谷川", "はせがわ"),
       ("藤田", "ふじた"), ("後藤", "ごとう"), ("近藤", "こんどう"),
       ("村上", "むらかみ"), ("遠藤", "えんどう"), ("青木", "あおき"),
       ("髙橋", "たかはし")]
giv = [("陽子", "ようこ"), ("美咲", "みさき"), ("愛", "あい"),
       ("恵", "めぐみ"), ("由美", "ゆみ"), ("さくら", "さくら"),
       ("麻衣", "まい"), ("里奈", "りな"), ("奈々", "なな"),
       ("花子", "はなこ"), ("優子", "ゆうこ"), ("彩", "あや"),
       ("真由美", "まゆみ"), ("智子", "ともこ"), ("千尋", "ちひろ"),
       ("結衣", "ゆい"), ("舞", "まい"), ("香織", "かおり"),
       ("瞳", "ひとみ"), ("沙織", "さおり"), ("明日香", "あすか"),
       ("遥", "はるか"), ("葵", "あおい"), ("翔子", "しょうこ")]
towns = ["本町", "栄町", "緑が丘", "中央", "桜台", "旭町", "東町", "西町"]
today = datetime.date(2026, 4, 1)
day = datetime.timedelta(days=1)
kata = lambda s: "".join(chr(ord(c) + 0x60) for c in s)
with open(out, "w", encoding="utf-8", newline="") as f:
    f.write("姓,名,姓（かな）,名（かな）,生年月日,電話番号,住所,宛名番号,"
            "届出日,出産予定日,母子健康手帳番号\r\n")
    for i in range(n):
        (fn, fk), (gn, gk) = random.choice(fam), random.choice(giv)
        if i % 3 == 1:
            fk, gk = kata(fk), kata(gk)
        born = today - random.randint(19 * 365, 42 * 365) * day
        notified = today - random.randint(0, 300) * day
        due = notified + random.randint(150, 240) * day
        phone = "0%d0-%04d-%04d" % (random.choice((7, 8, 9)),
                                    random.randint(0, 9999),
                                    random.randint(0, 9999))
        addr = "%s%d丁目%d-%d" % (random.choice(towns), random.randint(1, 9),
                                 random.randint(1, 30), random.randint(1, 20))
        f.write(f"{fn},{gn},{fk},{gk},{born},{phone},{addr},{100000 + i:08d},"
                f"{notified},{due},2026-{i:06d}\r\n")
PY

# Runs COMMAND..., printing "SECONDS PEAK-KIB" of that one process.
measure() {
	python3 - "$@" <<'PY'
import os, subprocess, sys, time
t = time.time()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(p.pid, 0)
print(f"{time.time() - t:.3f} {usage.ru_maxrss}")
PY
}

db=$dir/bench.db
. "$(dirname "$0")/lib.sh"
run -c quit >/dev/null 2>&1

cat >"$dir/reference.sql" <<EOF
CREATE TABLE notification(family_name, given_name, family_name_kana,
  given_name_kana, birth_date, phone, address, resident_code, notified_on,
  due_date, handbook_no);
CREATE INDEX notification_kana ON notification(family_name_kana,
  given_name_kana, birth_date);
.mode csv
.import --skip 1 $dir/notifications.csv notification
EOF
set -- $(measure sqlite3 "$dir/reference.db" ".read $dir/reference.sql")
ref=$1
set -- $(measure "$TSUNAGU" --no-init --db "$db" --staff bench \
	--today 2026-04-01 -c "import pregnancy $dir/notifications.csv")
imp=$1 rss=$2
persons=$(sqlite3 "$db" "SELECT count(*) FROM person")

start=$(mean3 -c quit)
due=$(mean3 -c 'due --within 14')
kana=$(mean3 -c 'find やまだ はなこ')
phone=$(mean3 -c 'find 1234-5')

# What any program pays to print that list: sqlite3 reading the very
# entries from a table made for them, indexed by date (a list kept
# ready on every write could do no better).
run --format tsv -c 'due --within 14' >"$dir/due.tsv" 2>/dev/null
entries=$(($(wc -l <"$dir/due.tsv") - 1))
sqlite3 "$dir/due.db" ".mode tabs" ".import $dir/due.tsv due_list" \
	"CREATE INDEX due_list_on ON due_list(due_on)"
floor=0
for i in 1 2 3; do
	set -- $(measure sqlite3 "$dir/due.db" \
		"SELECT * FROM due_list ORDER BY due_on")
	floor=$(python3 -c "print($floor + $1 / 3)")
done

python3 - "$ROWS" "$persons" "$ref" "$imp" "$rss" "$start" "$due" "$kana" \
	"$phone" "$entries" "$floor" <<'PY'
import sys
rows, persons = sys.argv[1], sys.argv[2]
ref, imp, rss, start, due, kana, phone, entries, floor = map(float,
                                                              sys.argv[3:])
print(f"rows: {rows}, persons after the import: {persons}")
print(f"sqlite3 .import (reference): {ref:8.3f} s")
print(f"import pregnancy:            {imp:8.3f} s  ({imp / ref:.1f}x the "
      f"reference; target <= 1.5x)")
print(f"import peak memory:          {rss / 1024:8.1f} MiB (target < 64 MiB)")
print(f"start-up (-c quit):          {start:8.3f} s\nagainst the start-up, on that database:")
for name, t in (("due --within 14", due), ("find やまだ はなこ", kana),
                ("find 1234-5", phone)):
    print(f"{t:8.3f} s  ({t / start:.2f}x start-up; target <= 2x)  {name}")
print(f"{floor:8.3f} s  ({floor / start:.2f}x start-up)  sqlite3 printing the "
      f"same {entries:.0f} due entries from a table kept for them")
PY
exit 0
