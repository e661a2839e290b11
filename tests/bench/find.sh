#!/bin/sh
# find.sh - `find` on 100,000 generated persons: the time of a kana-name
# and a phone-fragment search against the program's own start-up
# (-c quit) and against a LIKE scan of the person table.  Prints figures;
# never fails.
#   sh tests/bench/find.sh [PATH-TO-TSUNAGU]

TSUNAGU=${1:-${TSUNAGU:-./tsunagu}}
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
export ASAN_OPTIONS
command -v python3 >/dev/null 2>&1 || { echo "find bench: python3 needed"; exit 0; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/tsunagu-bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
db=$dir/bench.db
run() { "$TSUNAGU" --no-init --db "$db" --staff bench --today 2026-04-01 "$@"; }

run -c quit 2>/dev/null
python3 - "$db" <<'PY'
import sqlite3, sys, random
random.seed(1)
fam = ["やまだ","さとう","すずき","たかはし","たなか","わたなべ","いとう","なかむら","こばやし","かとう"]
giv = ["はなこ","ようこ","みさき","あい","めぐみ","ゆみ","さくら","まい","りな","なな"]
db = sqlite3.connect(sys.argv[1])
rows = []
for i in range(100000):
    f, g = random.choice(fam), random.choice(giv)
    rows.append((f"{f}{i%97}", g, f, g, "1990-01-01",
                 f"090-{i//10000:04d}-{i%10000:04d}", f"B{i:07d}",
                 "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"))
db.executemany("INSERT INTO person(family_name, given_name, family_name_kana,"
               " given_name_kana, birth_date, phone, resident_code, created_at,"
               " updated_at) VALUES(?,?,?,?,?,?,?,?,?)", rows)
db.commit()
PY

now() { python3 -c 'import time; print(time.time())'; }
elapsed() { python3 -c "print(round($2 - $1, 3))"; }

t0=$(now); run -c 'find やまだ --limit 1' >/dev/null 2>&1; t1=$(now)
echo "index build (first find):  $(elapsed "$t0" "$t1") s"
t0=$(now); for i in 1 2 3 4 5; do run -c quit >/dev/null 2>&1; done; t1=$(now)
start=$(python3 -c "print(($t1 - $t0) / 5)")
t0=$(now); for i in 1 2 3 4 5; do run -c 'find ヤマダ ハナコ' >/dev/null 2>&1; done; t1=$(now)
kana=$(python3 -c "print(($t1 - $t0) / 5)")
t0=$(now); for i in 1 2 3 4 5; do run -c 'find 1234-56' >/dev/null 2>&1; done; t1=$(now)
phone=$(python3 -c "print(($t1 - $t0) / 5)")
like=$(python3 - "$db" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
t = time.time()
for _ in range(5):
    db.execute("SELECT id FROM person WHERE family_name_kana LIKE '%やまだ%'"
               " OR replace(phone,'-','') LIKE '%123456%' LIMIT 100000").fetchall()
print((time.time() - t) / 5)
PY
)
fts=$(python3 - "$db" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
t = time.time()
for _ in range(5):
    db.execute("SELECT rowid FROM person_search WHERE person_search MATCH"
               " '\"やまだ\"' ORDER BY rowid LIMIT 101").fetchall()
print((time.time() - t) / 5)
PY
)
python3 - "$start" "$kana" "$phone" "$like" "$fts" <<'PY'
import sys
s, k, p, l, f = map(float, sys.argv[1:])
print(f"start-up (-c quit):        {s:.3f} s")
print(f"find ヤマダ ハナコ:          {k:.3f} s  ({k/s:.2f}x start-up)")
print(f"find 1234-56:              {p:.3f} s  ({p/s:.2f}x start-up)")
print(f"index query alone:         {f*1000:.2f} ms; LIKE scan: {l*1000:.2f} ms"
      f" (scan/index {l/max(f,1e-9):.1f}x)")
PY
exit 0
