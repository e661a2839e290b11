#!/bin/sh
# concurrency.sh - 8 processes writing (intake, contact, plan review) and
# 8 reading (due, find, show) at once for a minute, while another program
# holds a long read transaction: no "database is locked" reaches a user, no
# update is lost (the counts at the end are those of the confirmed
# commands), and the -wal file comes back down once the long reader is
# done.  TSU_CONCURRENCY_SECONDS sets the time (default 60).

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup
LC_ALL=C.UTF-8
export LC_ALL
unset LANGUAGE

tsu_need_python_sqlite
tap_plan 10

seconds=${TSU_CONCURRENCY_SECONDS:-60}
writers=8
readers=8
T="--today 2026-04-10"
D=$TSU_TMP
db=$TSUNAGU_DB

# birth DAYS: the ISO date DAYS after 1985-01-01 (each mother her own).
birth() {
	date -u -d "1985-01-01 + $1 days" +%Y-%m-%d
}

# mother_line CODE DAYS: a pregnancy notification line.
mother_line() {
	echo "intake pregnancy --set family_name=並行 --set given_name=花子 --set family_name_kana=へいこう --set given_name_kana=はなこ --set birth_date=$(birth "$2") --set resident_code=$1 --set notified_on=2026-04-01 --set due_date=2026-10-01"
}

# One family with a plan for each writer.
w=1
set --
while [ "$w" -le "$writers" ]; do
	set -- "$@" -c "$(mother_line "S$w" "$w")" -c "plan new P$w"
	w=$((w + 1))
done
tsu_run --staff boss $T -c 'staff add kana --name 看護 --role nurse' "$@"
# Writer W's family is FW with plan PLW (made in that order).
plans=$(python3 -c 'import sqlite3, sys
print(" ".join("%d:%d" % r for r in sqlite3.connect(sys.argv[1]).execute(
    "SELECT m.person_id, p.id FROM plan p JOIN member m ON m.family_id = p.family_id "
    "ORDER BY p.id")))' "$db")
ok "setting up $writers families with a plan each" \
	eval '[ "$rc" = 0 ] && [ "$plans" = "1:1 2:2 3:3 4:4 5:5 6:6 7:7 8:8" ]'

# writer W: until the end, in turn a new mother, a contact and a plan
# review on its own family; each confirmed command is logged.
writer() {
	_w=$1
	_i=0
	_plan=$_w
	while [ "$(date +%s)" -lt "$end_at" ]; do
		_i=$((_i + 1))
		case $((_i % 3)) in
		0) _line=$(mother_line "W$_w-$_i" $((1000 * _w + _i))) _kind=intake ;;
		1) _line="contact P$_w --kind phone --note w$_w-$_i" _kind=contact ;;
		2) _line="plan review PL$_plan --note r$_w-$_i" _kind=review ;;
		esac
		"$TSUNAGU" --no-init --staff kana $T --format json -c "$_line" \
			>"$D/w$_w.out" 2>>"$D/w$_w.err" </dev/null
		if [ $? = 0 ]; then
			echo "$_kind" >>"$D/w$_w.log"
			if [ "$_kind" = review ]; then
				_plan=$(sed -n 's/^{"id": "PL\([0-9]*\)".*/\1/p' "$D/w$_w.out")
			fi
		else
			echo "failed: $_line" >>"$D/w$_w.log"
		fi
	done
}

# reader R: until the end, in turn due, find and show.
reader() {
	_r=$1
	_i=0
	while [ "$(date +%s)" -lt "$end_at" ]; do
		_i=$((_i + 1))
		case $((_i % 3)) in
		0) _line="due --within 60" ;;
		1) _line="find へいこう --limit 5" ;;
		2) _line="show P$(((_r % writers) + 1))" ;;
		esac
		if "$TSUNAGU" --no-init --staff kana $T -c "$_line" \
			>/dev/null 2>>"$D/r$_r.err" </dev/null; then
			echo ok >>"$D/r$_r.log"
		else
			echo "failed: $_line" >>"$D/r$_r.log"
		fi
	done
}

# The long reader: another program reading the file holds one read
# transaction for a third of the time, from a sixth of it.
cat >"$D/long.py" <<'EOF'
import sqlite3, sys, time
start, hold = float(sys.argv[2]), float(sys.argv[3])
time.sleep(start)
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute("BEGIN")
n = db.execute("SELECT count(*) FROM person").fetchone()[0]
time.sleep(hold)
# Its snapshot did not move while the others wrote.
assert db.execute("SELECT count(*) FROM person").fetchone()[0] == n
db.execute("COMMIT")
db.close()
print("held", hold)
EOF

# Sample the size of the -wal file every second: "SECONDS BYTES".
sampler() {
	_t0=$(date +%s)
	while [ "$(date +%s)" -le "$end_at" ]; do
		echo "$(($(date +%s) - _t0)) $(stat -c %s "$db-wal" 2>/dev/null || echo 0)" \
			>>"$D/wal.log"
		sleep 1
	done
}

end_at=$(($(date +%s) + seconds))
pids=
i=1
while [ "$i" -le "$writers" ]; do
	writer "$i" &
	pids="$pids $!"
	i=$((i + 1))
done
i=1
while [ "$i" -le "$readers" ]; do
	reader "$i" &
	pids="$pids $!"
	i=$((i + 1))
done
python3 "$D/long.py" "$db" "$((seconds / 6))" "$((seconds / 3))" >"$D/long.out" 2>&1 &
long_pid=$!
sampler &
pids="$pids $!"
for p in $pids; do
	wait "$p"
done
wait "$long_pid"
long_rc=$?

cat "$D"/w[0-9]*.log >"$D/writes.log" 2>/dev/null
cat "$D"/r*.log >"$D/reads.log" 2>/dev/null
cat "$D"/w*.err "$D"/r*.err >"$D/all.err" 2>/dev/null
intakes=$(grep -c '^intake$' "$D/writes.log")
contacts=$(grep -c '^contact$' "$D/writes.log")
reviews=$(grep -c '^review$' "$D/writes.log")
wfailed=$(grep -c '^failed' "$D/writes.log")
reads=$(grep -c '^ok$' "$D/reads.log")
rfailed=$(grep -c '^failed' "$D/reads.log")
echo "# concurrent operations completed in ${seconds}s: $((intakes + contacts + reviews)) writes ($intakes intakes, $contacts contacts, $reviews plan reviews), $reads reads; failed: $wfailed writes, $rfailed reads"

ok "the long reader held its transaction and saw one snapshot" \
	eval '[ "$long_rc" = 0 ] && grep -q held "$D/long.out"'
ok "no \"database is locked\" reached a user" \
	eval '! grep -i -e "locked" -e "busy" "$D/all.err"'
ok "every command of every process succeeded" \
	eval '[ "$wfailed" = 0 ] && [ "$rfailed" = 0 ] || { sed -n "1,5s/^/# /p" "$D/all.err"; false; }'
ok "each writer and each reader got work done" \
	eval '[ "$intakes" -gt 0 ] && [ "$contacts" -gt 0 ] && [ "$reviews" -gt 0 ] && [ "$reads" -gt 0 ]'

# The counts: what was confirmed is exactly what is there.
counts=$(python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("SELECT count(*) FROM person WHERE resident_code LIKE ?", ("W%",)).fetchone()[0],
      db.execute("SELECT count(*) FROM intake_contact").fetchone()[0],
      db.execute("SELECT count(*) - count(DISTINCT series_id) FROM plan").fetchone()[0],
      db.execute("PRAGMA integrity_check").fetchone()[0])' "$db")
ok "no update lost: $intakes mothers, $contacts contacts, $reviews reviews" \
	[ "$counts" = "$intakes $contacts $reviews ok" ]

tsu_run --staff boss $T -c 'audit verify'
ok "the audit trail is intact" [ "$rc" = 0 ]

# The -wal file: it grows while the long reader keeps old pages needed,
# and comes back to the journal size limit (4 MiB) and one checkpoint's
# worth of pages once it is gone.
long_end=$((seconds / 6 + seconds / 3))
max_during=$(awk -v e="$long_end" '$1 <= e + 2 && $2 > m {m = $2} END {print m + 0}' "$D/wal.log")
after=$(awk -v e="$long_end" '$1 >= e + (('"$seconds"' - e) / 2) && $2 > m {m = $2} END {print m + 0}' "$D/wal.log")
last=$(tail -1 "$D/wal.log" | cut -d' ' -f2)
echo "# -wal file: largest $max_during bytes while the long reader held on; largest $after bytes in the last quarter"
ok "the -wal file stayed bounded while the long reader held on (< 256 MiB)" \
	[ "$max_during" -lt 268435456 ]
ok "the -wal file came back down after it (<= 9 MiB)" \
	[ "$after" -le 9437184 ]
ok "the database is closed cleanly at the end" \
	eval '[ ! -s "$db-wal" ] || [ "$(stat -c %s "$db-wal")" -le 9437184 ]'

tap_done
