#!/bin/sh
# crash.sh - the program killed (SIGKILL) at seeded random points during a
# bulk import, a run of plan reviews and a backup.  After every kill the
# database passes integrity_check and foreign_key_check, `audit verify`
# passes, every committed import batch is whole and none is partial, every
# plan review confirmed on the output is there with its event and its
# audit row, and a backup file is either absent or whole.  Then each
# interrupted command is run again and the counts come out exact.
#
# TSU_CRASH_SEED fixes the random points (the seed is printed either way);
# TSU_CRASH_POINTS sets how many kills (default 50).

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup

tsu_need_python_sqlite

points=${TSU_CRASH_POINTS:-50}
seed=${TSU_CRASH_SEED:-$(date +%s)}
import_points=$((points * 2 / 5))
review_points=$(((points - import_points) / 2))
backup_points=$((points - import_points - review_points))
rows=700    # per file; the import commits every 500 rows (--batch)
batch=500
reviews=100 # plan reviews per batch run
D=$TSU_TMP
T="--today 2026-04-10"

echo "# seed $seed (TSU_CRASH_SEED=$seed to repeat), $points kill points"
tap_plan 13

# ---- helpers ----

cat >"$D/crash.py" <<'EOF'
import random, sqlite3, sys

def connect(path):
    return sqlite3.connect(path, isolation_level=None)

def health(db):
    """integrity_check and foreign_key_check, or what is wrong."""
    ic = db.execute("PRAGMA integrity_check").fetchall()
    if ic != [("ok",)]:
        return "integrity_check: %r" % ic[:3]
    fk = db.execute("PRAGMA foreign_key_check").fetchall()
    if fk:
        return "foreign_key_check: %r" % fk[:3]
    return None

what = sys.argv[1]
if what == "delays":
    # delays SEED N LOW HIGH: N seeded delays in seconds
    rnd = random.Random(int(sys.argv[2]))
    lo, hi = float(sys.argv[4]), float(sys.argv[5])
    print(" ".join("%.3f" % rnd.uniform(lo, hi) for _ in range(int(sys.argv[3]))))
elif what == "csv":
    # csv FILE PREFIX ROWS: notification rows with resident codes
    # PREFIXnnnnn, each mother with her own birth date
    import datetime
    path, prefix, n = sys.argv[2], sys.argv[3], int(sys.argv[4])
    rnd = random.Random(prefix)
    fam = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村"]
    famk = ["さとう", "すずき", "たかはし", "たなか", "いとう", "わたなべ",
            "やまもと", "なかむら"]
    giv = ["美咲", "陽子", "愛", "花子", "結衣", "彩"]
    givk = ["みさき", "ようこ", "あい", "はなこ", "ゆい", "あや"]
    base = datetime.date(1980, 1, 1)
    first = int("0" + "".join(c for c in prefix if c.isdigit())) * n
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("family_name,given_name,family_name_kana,given_name_kana,"
                "birth_date,phone,resident_code,notified_on,due_date\r\n")
        for i in range(1, n + 1):
            # (name, birth date) differs on every row of every file
            key = first + i
            a, b = (key // 9000) % 8, (key // 72000) % 6
            f.write("%s,%s,%s,%s,%s,090-%04d-%04d,%s%05d,2026-04-%02d,"
                    "2026-11-%02d\r\n" % (
                        fam[a], giv[b], famk[a], givk[b],
                        base + datetime.timedelta(days=key % 9000),
                        rnd.randrange(10000), i, prefix, i,
                        rnd.randrange(1, 10), rnd.randrange(1, 29)))
elif what == "import":
    # import DB PREFIX ROWS BATCH: the rows in are a whole number of
    # batches from the top of the file (or all of them), each with its
    # family and pregnancy, none twice; prints how many
    db = connect(sys.argv[2])
    prefix, rows, batch = sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    bad = health(db)
    if bad:
        sys.exit(bad)
    codes = [r[0] for r in db.execute(
        "SELECT resident_code FROM person WHERE resident_code LIKE ?",
        (prefix + "%",))]
    n = len(codes)
    if sorted(codes) != ["%s%05d" % (prefix, i) for i in range(1, n + 1)]:
        sys.exit("the rows in are not the top of the file: %d rows" % n)
    if n % batch and n != rows:
        sys.exit("a partial batch: %d rows" % n)
    preg = db.execute(
        "SELECT count(*), count(DISTINCT g.mother_id) FROM pregnancy g JOIN person p "
        "ON p.id = g.mother_id WHERE p.resident_code LIKE ?", (prefix + "%",)).fetchone()
    fams = db.execute(
        "SELECT count(DISTINCT m.family_id) FROM member m JOIN person p "
        "ON p.id = m.person_id WHERE p.resident_code LIKE ?", (prefix + "%",)).fetchone()[0]
    if preg != (n, n) or fams != n:
        sys.exit("%d persons but pregnancies %r, families %d" % (n, preg, fams))
    print(n)
elif what == "plans":
    # plans DB SERIES: one chain of versions 1..V, each following the one
    # before, each with its event and its audit row; prints V
    db = connect(sys.argv[2])
    bad = health(db)
    if bad:
        sys.exit(bad)
    rows = db.execute("SELECT id, version, previous_id FROM plan "
                      "WHERE series_id = ? ORDER BY version", (int(sys.argv[3]),)).fetchall()
    v = len(rows)
    if [r[1] for r in rows] != list(range(1, v + 1)):
        sys.exit("versions are not 1..%d: %r" % (v, [r[1] for r in rows]))
    for prev, cur in zip(rows, rows[1:]):
        if cur[2] != prev[0]:
            sys.exit("PL%d does not follow PL%d" % (cur[0], prev[0]))
    details = {r[0] for r in db.execute("SELECT detail FROM audit WHERE detail LIKE 'plan PL%'")}
    refs = [r[0] for r in db.execute("SELECT ref FROM event WHERE kind = 'plan'")]
    for r in rows:
        pid = "PL%d" % r[0]
        if not ("plan %s new" % pid in details or "plan %s review" % pid in details):
            sys.exit("%s has no audit row" % pid)
        if refs.count(pid) != 1:
            sys.exit("%s has %d plan events" % (pid, refs.count(pid)))
    print(v)
elif what == "current":
    # current DB SERIES: the number of the series' newest version (PLn)
    db = connect(sys.argv[2])
    print(db.execute("SELECT max(id) FROM plan WHERE series_id = ?",
                     (int(sys.argv[3]),)).fetchone()[0])
elif what == "count":
    # count DB: persons, for comparing a backup with its source
    db = connect(sys.argv[2])
    bad = health(db)
    if bad:
        sys.exit(bad)
    print(db.execute("SELECT count(*) FROM person").fetchone()[0],
          db.execute("SELECT count(*) FROM plan").fetchone()[0],
          db.execute("SELECT count(*) FROM audit").fetchone()[0])
elif what == "chain":
    # chain DB: the audit trail's hash chain is whole (as `audit verify`
    # checks it), the quick way between kills
    import hashlib
    db = connect(sys.argv[2])
    prev, expect = "0" * 64, 1
    for row in db.execute("SELECT id, at, staff, action, subject, detail, prev, "
                          "hash FROM audit ORDER BY id"):
        h = hashlib.sha256()
        for part in (str(row[0]),) + tuple(p or "" for p in row[1:6]) + (prev,):
            h.update(part.encode() + b"\x1f")
        if row[0] != expect or row[6] != prev or row[7] != h.hexdigest():
            sys.exit("audit row %d is broken" % row[0])
        prev, expect = row[7], expect + 1
elif what == "audited":
    # audited DB TEXT: is there an audit row whose detail holds TEXT?
    db = connect(sys.argv[2])
    n = db.execute("SELECT count(*) FROM audit WHERE instr(detail, ?) > 0",
                   (sys.argv[3],)).fetchone()[0]
    sys.exit(0 if n else 1)
EOF

py() {
	python3 "$D/crash.py" "$@"
}

# now_ms: the clock in milliseconds.
now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# kill_after DELAY PID: SIGKILL to PID once DELAY seconds have passed
# (sooner done when it ends by itself); $killed is 1 when it was still
# running then (a kill mid-command), 0 when it had ended; $last_rc its
# status.
kill_after() {
	_steps=$(echo "$1" | awk '{printf "%d", $1 / 0.05}')
	while [ "$_steps" -gt 0 ] && kill -0 "$2" 2>/dev/null; do
		sleep 0.05
		_steps=$((_steps - 1))
	done
	if kill -KILL "$2" 2>/dev/null; then
		killed=1
	else
		killed=0
	fi
	wait "$2" 2>/dev/null
	last_rc=$?
}

# start_kill DELAY OUTFILE ARG...: run the program in the background with
# ARG..., kill it with SIGKILL after DELAY seconds; $killed is 1 when it was
# still running then (a kill mid-command), 0 when it had ended.
start_kill() {
	_delay=$1
	_outf=$2
	shift 2
	"$TSUNAGU" --no-init "$@" >"$_outf" 2>>"$D/killed.err" </dev/null &
	_pid=$!
	kill_after "$_delay" "$_pid"
}

# start_kill_in DELAY OUTFILE INFILE ARG...: the same with INFILE on
# standard input.
start_kill_in() {
	_delay=$1
	_outf=$2
	_inf=$3
	shift 3
	"$TSUNAGU" --no-init "$@" >"$_outf" 2>>"$D/killed.err" <"$_inf" &
	_pid=$!
	kill_after "$_delay" "$_pid"
}

failures=0
# fail_point TEXT: note a broken invariant after a kill.
fail_point() {
	failures=$((failures + 1))
	echo "# kill point: $*"
}

# verify_audit: the audit trail's chain is whole.  Between kills this is
# checked directly (a start of the program costs a second); `audit
# verify` itself runs at the end of each part.
verify_audit() {
	_msg=$(py chain "$TSUNAGU_DB" 2>&1) || fail_point "audit trail: $_msg"
}

# program_verify: `audit verify` passes.
program_verify() {
	tsu_run --staff boss $T -c 'audit verify'
	[ "$rc" = 0 ] || fail_point "audit verify: $err"
}

tsu_run --staff boss $T -c 'staff add kana --name 看護 --role nurse'
ok "setting up" [ "$rc" = 0 ]

# The reference: how long the program takes to start, and to import one
# file, measured here (the kills are spread over that time).
t0=$(now_ms)
tsu_run --staff boss $T -c quit
t1=$(now_ms)
startup=$((t1 - t0))
py csv "$D/ref.csv" Z "$rows"
t0=$(now_ms)
tsu_run --staff boss $T --db "$D/ref.db" -c "import pregnancy $D/ref.csv --batch $batch"
t1=$(now_ms)
import_ms=$((t1 - t0))
ok "a reference import of $rows rows runs whole" \
	eval '[ "$rc" = 0 ] && contains "$out" "$rows imported"'
echo "# start-up ${startup} ms, import of $rows rows ${import_ms} ms"

total_killed=0
total_points=0

# ---- 1. bulk import ----

file=1
py csv "$D/f1.csv" "F1R" "$rows"
# Spread over start-up and the first batches: every such point is
# mid-command, and a file takes several kills to finish.
delays=$(py delays "$seed" "$import_points" "$(echo "$startup" | awk '{print $1/2000}')" \
	"$(echo "$startup $import_ms $rows" | awk '{print ($1 + ($2 - $1) * 600 / $3) / 1000}')")
mid=0
for d in $delays; do
	start_kill "$d" "$D/import.out" --staff kana $T \
		-c "import pregnancy $D/f$file.csv --batch $batch"
	total_points=$((total_points + 1))
	mid=$((mid + killed))
	n=$(py import "$TSUNAGU_DB" "F${file}R" "$rows" "$batch") ||
		fail_point "import of f$file.csv after ${d}s: $n"
	verify_audit
	if [ "$killed" = 0 ] && [ "$last_rc" = 0 ]; then
		# It ended before the kill: all rows in; go on with a new file.
		[ "$n" = "$rows" ] || fail_point "an import that ended has $n rows"
		file=$((file + 1))
		py csv "$D/f$file.csv" "F${file}R" "$rows"
	fi
done
total_killed=$((total_killed + mid))
program_verify
ok "after each of $import_points kills during import: whole batches only, database and audit trail intact, audit verify passes" \
	[ "$failures" = 0 ]
echo "# import: $import_points kill points, $mid of them mid-command"

tsu_run --staff kana $T --format json -c "import pregnancy $D/f$file.csv --batch $batch"
ok "re-running the interrupted import completes it" [ "$rc" = 0 ]
n=$(py import "$TSUNAGU_DB" "F${file}R" "$rows" "$batch")
ok "the re-run file is in exactly, once ($n of $rows rows)" [ "$n" = "$rows" ]
total=0
i=1
while [ "$i" -le "$file" ]; do
	n=$(py import "$TSUNAGU_DB" "F${i}R" "$rows" "$batch") || n=-1
	total=$((total + n))
	i=$((i + 1))
done
counts=$(py count "$TSUNAGU_DB")
ok "exact final count: $file files of $rows rows, no duplicates" \
	eval '[ "$total" = $((file * rows)) ] && [ "${counts%% *}" = "$total" ]'

# ---- 2. plan reviews ----

failures=0
tsu_run --staff kana $T --format json -c 'plan new P1 --next-review 2026-06-01'
series=$(printf '%s\n' "$out" | sed -n 's/^{"id": "PL\([0-9]*\)".*/\1/p')
ok "a plan to review" [ -n "$series" ]
cur=$(py plans "$TSUNAGU_DB" "$series")
reviews_done=0

# review_lines FROM N: N plan review lines, the first on version FROM.
review_lines() {
	_k=$1
	_i=0
	while [ "$_i" -lt "$2" ]; do
		echo "plan review PL$_k --note r$_k"
		_k=$((_k + 1))
		_i=$((_i + 1))
	done
}

# The number of the plan's current version (PLn): the newest one.
current_id() {
	py current "$TSUNAGU_DB" "$series"
}

t0=$(now_ms)
review_lines "$(current_id)" 20 >"$D/reviews.in"
tsu_run_in "$(cat "$D/reviews.in")" --staff kana $T --batch --format json
t1=$(now_ms)
per_review=$(((t1 - t0 - startup) / 20))
[ "$per_review" -gt 0 ] || per_review=1
delays=$(py delays "$((seed + 1))" "$review_points" \
	"$(echo "$startup" | awk '{print $1/2000}')" \
	"$(echo "$startup $per_review $reviews" | awk '{print ($1 + 0.5 * $2 * $3) / 1000}')")
mid=0
for d in $delays; do
	before=$(py plans "$TSUNAGU_DB" "$series")
	review_lines "$(current_id)" "$reviews" >"$D/reviews.in"
	start_kill_in "$d" "$D/reviews.out" "$D/reviews.in" \
		--staff kana $T --batch --format json
	total_points=$((total_points + 1))
	mid=$((mid + killed))
	after=$(py plans "$TSUNAGU_DB" "$series") ||
		fail_point "plan reviews after ${d}s: $after"
	confirmed=$(grep -c '"id": "PL' "$D/reviews.out")
	# Each confirmed review is there; at most one more was committed
	# before the kill could let its output out.
	if [ $((after - before)) -lt "$confirmed" ] ||
		[ $((after - before)) -gt $((confirmed + 1)) ]; then
		fail_point "$confirmed reviews confirmed, $((after - before)) made"
	fi
	verify_audit
done
total_killed=$((total_killed + mid))
program_verify
ok "after each of $review_points kills during plan reviews: every confirmed review whole, no other" \
	[ "$failures" = 0 ]
echo "# plan review: $review_points kill points, $mid of them mid-command"

# Run the reviews again until the plan has the versions asked for.
have=$(py plans "$TSUNAGU_DB" "$series")
target=$((have + 40))
review_lines "$(current_id)" 40 >"$D/reviews.in"
tsu_run_in "$(cat "$D/reviews.in")" --staff kana $T --batch --format json
final=$(py plans "$TSUNAGU_DB" "$series")
ok "re-running the reviews completes exactly ($final of $target versions)" \
	eval '[ "$rc" = 0 ] && [ "$final" = "$target" ]'

# ---- 3. backup ----

failures=0
src_counts=$(py count "$TSUNAGU_DB")
t0=$(now_ms)
tsu_run --staff boss $T -c "backup $D/ref-backup.db"
t1=$(now_ms)
backup_ms=$((t1 - t0))
delays=$(py delays "$((seed + 2))" "$backup_points" \
	"$(echo "$startup" | awk '{print $1/2000}')" \
	"$(echo "$backup_ms" | awk '{print $1/1000}')")
mid=0
i=0
for d in $delays; do
	i=$((i + 1))
	start_kill "$d" "$D/backup.out" --staff boss $T -c "backup $D/bk$i.db"
	total_points=$((total_points + 1))
	mid=$((mid + killed))
	py count "$TSUNAGU_DB" >/dev/null || fail_point "source after backup kill"
	verify_audit
	if [ -e "$D/bk$i.db" ]; then
		c=$(py count "$D/bk$i.db") || fail_point "bk$i.db is not whole: $c"
		# The backup's audit row is in the source and also in the copy.
		[ "${c% *}" = "${src_counts% *}" ] ||
			fail_point "bk$i.db holds $c, the database $src_counts"
		py audited "$TSUNAGU_DB" "$D/bk$i.db" ||
			fail_point "bk$i.db is there but not in the audit trail"
	fi
	for tmp in "$D/bk$i.db".??????; do
		[ -e "$tmp" ] || continue
		[ "$(stat -c %a "$tmp")" = 600 ] ||
			fail_point "a half-written copy $tmp is readable by others"
	done
done
total_killed=$((total_killed + mid))
program_verify
ok "after each of $backup_points kills during backup: a backup is whole or absent, always audited" \
	[ "$failures" = 0 ]
echo "# backup: $backup_points kill points, $mid of them mid-command"

tsu_run --staff boss $T -c "backup --replace $D/bk$i.db"
c=$(py count "$D/bk$i.db")
ok "re-running the interrupted backup gives a whole copy" \
	eval '[ "$rc" = 0 ] && [ "${c% *}" = "${src_counts% *}" ]'

tsu_run --staff boss $T -c 'audit verify'
ok "the audit trail is intact at the end" [ "$rc" = 0 ]

echo "# crash points survived: $total_points ($total_killed killed mid-command), seed $seed"
ok "at least 50 kill points when run at the default" \
	[ "$total_points" -ge "$points" ]
[ "$failures" = 0 ] || cat "$D/killed.err" | sed -n '1,10s/^/# stderr: /p'
tap_done
