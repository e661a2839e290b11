#!/bin/sh
# backup.sh - backup FILE while another program keeps writing, the copy's
# mode and integrity, --keep N generations, --check, and restore: a good
# copy brought back, a corrupted file and a foreign database refused.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup

if ! python3 -c 'import sqlite3' 2>/dev/null; then
	echo "1..0 # SKIP python3 with sqlite3 is needed to check the copies"
	exit 0
fi

tap_plan 27

T=$TSU_TMP

# py CODE ARG...: run python3 CODE with ARG... in sys.argv[1:].
py() {
	_code=$1
	shift
	python3 -c "$_code" "$@"
}

# count DB SQL: the one number SQL gives on DB.
count() {
	py 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$1" "$2"
}

# sound FILE: a tsunagu database that passes integrity_check.
sound() {
	py 'import sqlite3,sys
db=sqlite3.connect("file:"+sys.argv[1]+"?mode=ro", uri=True)
ok=db.execute("pragma integrity_check").fetchone()[0]=="ok"
ok=ok and db.execute("pragma application_id").fetchone()[0]==0x54535547
sys.exit(not ok)' "$1"
}

# One family to write flags on.
cat >"$T/f.json" <<'JSON'
{"format": "tsunagu-transfer", "version": 1, "families": [{"id": "F1",
 "members": [{"id": "P1", "role": "mother", "family_name": "山田",
  "given_name": "花子", "family_name_kana": "やまだ",
  "given_name_kana": "はなこ", "birth_date": "1995-05-01"}]}]}
JSON
tsu_run --staff admin1 -c "import json $T/f.json" \
	-c "staff add clerk1 --name 事務 --role clerk"
ok "a database with one family" [ "$rc" = 0 ]

tsu_run --staff clerk1 -c "backup $T/one.db"
ok "backup FILE exits 0" [ "$rc" = 0 ]
ok "it says the copy was verified" \
	eval 'printf "%s\n" "$out" | grep -q "^Verified: *yes"'
ok "the copy is readable by its owner only" [ "$(stat -c %a "$T/one.db")" = 600 ]
ok "the copy passes integrity_check and is a tsunagu database" sound "$T/one.db"
ok "it is one file, without a -wal beside it" \
	eval '[ ! -e "$T/one.db-wal" ] && [ "$(count "$T/one.db" "pragma journal_mode")" = delete ]'
ok "the copy holds the family" [ "$(count "$T/one.db" "select count(*) from person")" = 1 ]
ok "the backup is in the audit trail" \
	[ "$(count "$TSUNAGU_DB" "select count(*) from audit where action='export' and detail like 'backup to $T/one.db%'")" = 1 ]
ino=$(stat -c %i "$T/one.db")
tsu_run --staff clerk1 -c "backup $T/one.db"
ok "a backup over an existing file is refused, saying how to replace it" \
	eval '[ "$rc" = 1 ] && contains "$err" "$T/one.db exists: give another name, or --replace to replace it"'
ok "and the file is left as it was" [ "$(stat -c %i "$T/one.db")" = "$ino" ]
tsu_run --staff clerk1 -c "backup $T/one.db --replace"
ok "--replace replaces it" \
	eval '[ "$rc" = 0 ] && [ "$(stat -c %i "$T/one.db")" != "$ino" ] && sound "$T/one.db"'

# A second program writes in a loop while backups are taken.
(
	i=0
	while [ ! -e "$T/stop" ] && [ $i -lt 200 ]; do
		i=$((i + 1))
		"$TSUNAGU" --no-init --staff admin1 \
			-c "flag P1 loop$i --reason 書き込み$i" >/dev/null 2>&1
	done
) &
writer=$!
sleep 1
bad=0
for n in 1 2 3 4 5; do
	"$TSUNAGU" --no-init --staff clerk1 -c "backup $T/during$n.db" \
		>/dev/null 2>"$T/during.err" || bad=$((bad + 1))
	sound "$T/during$n.db" || bad=$((bad + 1))
done
flags_before=$(count "$TSUNAGU_DB" "select count(*) from flag")
touch "$T/stop"
wait $writer
ok "five backups taken while another program writes all succeed and pass the check" \
	[ "$bad" = 0 ]
ok "the writer went on meanwhile" [ "$flags_before" -gt 0 ]
ok "each copy is one consistent moment (flags and their audit rows agree)" \
	py 'import sqlite3,sys
for p in sys.argv[1:]:
    db=sqlite3.connect(p)
    f=db.execute("select count(*) from flag").fetchone()[0]
    a=db.execute("select count(*) from audit where detail like ?", ("flag FL%",)).fetchone()[0]
    if f != a: sys.exit(1)' "$T"/during1.db "$T"/during5.db

# ---- generations ----

for n in 1 2 3; do
	tsu_run --staff clerk1 -c "backup --keep 2 $T/gen"
	[ $n -lt 3 ] && sleep 1
done
ok "backup --keep 2 DIR keeps the newest two dated copies" \
	[ "$(ls "$T/gen" | grep -c '^tsunagu-[0-9]\{8\}-[0-9]\{6\}\.db$')" = 2 ]
ok "it says it removed the oldest" contains "$out" "removed $T/gen/tsunagu-"
tsu_run --staff clerk1 -c "backup --keep none $T/gen"
ok "a --keep that is not a number is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "--keep \"none\""'

# ---- check and restore ----

tsu_run --staff clerk1 -c "backup --check $T/one.db"
ok "backup --check accepts a sound copy" \
	eval '[ "$rc" = 0 ] && contains "$out" "a sound tsunagu database"'

cp "$T/one.db" "$T/broken.db"
py 'import sys
f=open(sys.argv[1],"r+b"); f.seek(4096*3); f.write(b"\xde\xad\xbe\xef"*2048); f.close()' "$T/broken.db"
before=$(count "$TSUNAGU_DB" "select count(*) from flag")
tsu_run --staff admin1 -c "restore $T/broken.db"
ok "restore refuses a corrupted file" [ "$rc" = 1 ]
ok "saying why, and that nothing changed" \
	eval 'contains "$err" "broken.db" && contains "$err" "left as it was"'
ok "the database is as it was" \
	[ "$(count "$TSUNAGU_DB" "select count(*) from flag")" = "$before" ]

py 'import sqlite3,sys; db=sqlite3.connect(sys.argv[1]); db.execute("create table t(x)"); db.commit()' "$T/foreign.db"
tsu_run --staff admin1 -c "restore $T/foreign.db"
ok "restore refuses a database of another program" \
	eval '[ "$rc" = 1 ] && contains "$err" "not a tsunagu database"'

tsu_run --staff clerk1 -c "restore $T/one.db"
ok "a clerk may not restore" [ "$rc" = 1 ]

tsu_run --staff admin1 -c "restore $T/one.db"
ok "restore of a sound copy exits 0" [ "$rc" = 0 ]
ok "the flags written after the copy are gone" \
	[ "$(count "$TSUNAGU_DB" "select count(*) from flag")" = 0 ]
ok "the restore is in the restored audit trail, and the chain holds" \
	eval '[ "$(count "$TSUNAGU_DB" "select count(*) from audit where action='"'restore'"'")" = 1 ] && "$TSUNAGU" --no-init --staff admin1 -c "audit verify" >/dev/null 2>&1'

# Ctrl-C during a backup at a terminal: what it says is what happened.
if command -v tmux >/dev/null 2>&1; then
	python3 - "$TSUNAGU_DB" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executemany("INSERT INTO event(subject, kind, date, summary, created_at)"
               " VALUES ('P1', 'note', '2026-04-01', ?, 'x')",
               (("記録" * 200 + str(i),) for i in range(60000)))
db.commit()
PY
	tsu_tmux backup
	t new-session -d -s b -x 150 -y 30 \
		"'$TSUNAGU' --no-init --db '$TSUNAGU_DB' --staff admin1"
	wait_for b "tsunagu admin1"
	t send-keys -t b "backup $T/cut.db" Enter
	sleep 0.3
	t send-keys -t b C-c
	wait_for b "no backup was written|Verified"
	if [ -e "$T/cut.db" ]; then
		ok "a backup Ctrl-C came too late for is whole and says so" \
			eval 'sound "$T/cut.db" && ! _tsu_shows b "interrupted"'
	else
		ok "a backup stopped by Ctrl-C leaves no file and says so" \
			eval '_tsu_shows b "cut.db: interrupted \(Ctrl-C\); no backup was written" &&
			      [ -z "$(ls "$T" | grep "^cut.db")" ] &&
			      [ "$(count "$TSUNAGU_DB" "select count(*) from audit where detail like '"'backup to $T/cut.db%'"'")" = 0 ]'
	fi
	t send-keys -t b quit Enter
else
	skip "Ctrl-C during a backup" "tmux is not installed"
fi

tap_done
