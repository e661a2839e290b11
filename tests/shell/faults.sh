#!/bin/sh
# faults.sh - the program meets a full disk (a small tmpfs where mounting
# is allowed, and always a file-size limit), a read-only database file and
# an unreadable plugin folder: each gives a clear message, writes nothing
# partial, and the program stays usable where it can.  (An I/O error on the
# audit insert is in audit_proof.sh.)

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup
LC_ALL=C.UTF-8
export LC_ALL
unset LANGUAGE

tsu_need_python_sqlite
tap_plan 20

T="--today 2026-04-10"
D=$TSU_TMP
MOTHER='intake pregnancy --set family_name=山田 --set given_name=花子 --set family_name_kana=やまだ --set given_name_kana=はなこ --set birth_date=1995-01-01 --set notified_on=2026-04-01 --set due_date=2026-10-01'

# state DB: integrity, then the counts of records and audit rows.
state() {
	python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
print(db.execute("PRAGMA integrity_check").fetchone()[0],
      db.execute("SELECT count(*) FROM intake_contact").fetchone()[0],
      db.execute("SELECT count(*) FROM event").fetchone()[0],
      db.execute("SELECT count(*) FROM audit").fetchone()[0])' "$1"
}

# A long note (45 kB, a line may hold 64 kB), so that a contact needs
# many pages of its own.
note=$(python3 -c 'print("経過観察。" * 3000)')

# ---- a full disk: a small tmpfs ----

full=$D/full
mkdir "$full"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=2m tmpfs "$full" 2>/dev/null; then
	trap 'umount "$full" 2>/dev/null; rm -rf "$TSU_TMP"' EXIT
	db=$full/tsunagu.db
	tsu_run --db "$db" --staff boss $T -c "$MOTHER"
	# Opening on a disk with no room at all.
	dd if=/dev/zero of="$full/filler" bs=4096 2>/dev/null
	tsu_run --db "$db" --staff boss $T -c 'audit verify'
	ok "tmpfs with no room to open: a clear message, not a wrong one" \
		eval '[ "$rc" = 1 ] && contains "$err" "disk full" &&
			! contains "$err" "not a tsunagu database"'
	# Leave room to open it, not for a long contact.
	rm -f "$full/filler"
	avail=$(df -B1 --output=avail "$full" | tail -1)
	dd if=/dev/zero of="$full/filler" bs=4096 \
		count=$(((avail - 64 * 1024) / 4096)) 2>/dev/null
	before=$(state "$db")
	tsu_run --db "$db" --staff boss $T -c "contact P1 --kind visit --note $note"
	ok "tmpfs full: the contact fails (exit 1)" [ "$rc" = 1 ]
	ok "tmpfs full: the message says the disk is full" \
		eval 'contains "$err" "contact:" && contains "$err" "full"'
	ok "tmpfs full: nothing partial was written" [ "$(state "$db")" = "$before" ]
	tsu_run --db "$db" --staff boss $T -c 'audit verify' -c 'help contact'
	ok "tmpfs full: what needs no writing still works" \
		eval '[ "$rc" = 0 ] && contains "$out" "audit trail intact"'
	rm -f "$full/filler"
	tsu_run --db "$db" --staff boss $T -c "contact P1 --kind visit --note $note"
	ok "tmpfs with room again: the same contact goes in" [ "$rc" = 0 ]
	umount "$full"
	trap 'rm -rf "$TSU_TMP"' EXIT
else
	for t in "no room to open" "the contact fails" "the message says the disk is full" \
		"nothing partial was written" "what needs no writing still works" \
		"the same contact goes in"; do
		skip "tmpfs full: $t" "mounting a tmpfs is not allowed here"
	done
fi

# ---- a full disk: the file-size limit (works everywhere) ----

db=$D/limit.db
tsu_run --db "$db" --staff boss $T -c "$MOTHER"
# checkpoint so the database file holds everything and the log is empty
python3 -c 'import sqlite3, sys
sqlite3.connect(sys.argv[1]).execute("PRAGMA wal_checkpoint(TRUNCATE)")' "$db"
before=$(state "$db")
# 32 kB: the log cannot grow past it (the database file, larger already,
# is only read)
blocks=64
# run_limited ARG...: the program under `ulimit -f`, a write beyond the
# limit failing with EFBIG as a full disk would (SIGXFSZ ignored).
run_limited() {
	(
		trap '' XFSZ
		ulimit -f "$blocks"
		exec "$TSUNAGU" --no-init --db "$db" "$@" >"$D/.out" 2>"$D/.err" </dev/null
	)
	rc=$?
	out=$(cat "$D/.out")
	err=$(cat "$D/.err")
}
run_limited --staff boss $T -c "contact P1 --kind visit --note $note"
ok "file-size limit: the contact fails (exit 1), not a crash" [ "$rc" = 1 ]
ok "file-size limit: a clear message from the command" \
	eval 'contains "$err" "tsunagu: contact:" && ! contains "$err" "AddressSanitizer"'
ok "file-size limit: nothing partial was written" [ "$(state "$db")" = "$before" ]
run_limited --staff boss $T -c 'audit verify'
ok "file-size limit: verifying still works" \
	eval '[ "$rc" = 0 ] && contains "$out" "audit trail intact"'
tsu_run --db "$db" --staff boss $T -c "contact P1 --kind visit --note $note"
ok "without the limit the same contact goes in" [ "$rc" = 0 ]

# ---- a read-only database file, and an unreadable plugin folder ----

# Root may write any file: these run as an ordinary user (nobody) when the
# tests run as root, and as the user otherwise.
as_user=
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null 2>&1; then
		as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
	fi
fi
if [ "$(id -u)" = 0 ] && [ -z "$as_user" ]; then
	for i in 1 2 3 4 5 6 7 8 9 10; do
		skip "read-only file and unreadable folder" "root without setpriv"
	done
	tap_done
fi
ro=$D/ro
mkdir "$ro"
chmod 711 "$D"
db=$ro/tsunagu.db
tsu_run --db "$db" --staff boss $T -c "$MOTHER" -c 'contact P1 --kind phone'
python3 -c 'import sqlite3, sys
sqlite3.connect(sys.argv[1]).execute("PRAGMA wal_checkpoint(TRUNCATE)")' "$db"
[ -n "$as_user" ] && chown -R 65534:65534 "$ro"
chmod 755 "$ro"
chmod 444 "$db"
before=$(state "$db")
# run_as ARG...: the program as the ordinary user.
run_as() {
	$as_user env HOME="$ro" XDG_DATA_HOME="$ro" XDG_CONFIG_HOME="$ro" \
		XDG_STATE_HOME="$ro" XDG_CACHE_HOME="$ro" \
		"$TSUNAGU" --no-init "$@" >"$ro/.out" 2>"$ro/.err" </dev/null
	rc=$?
	out=$(cat "$ro/.out")
	err=$(cat "$ro/.err")
}
run_as --db "$db" --staff boss $T -c 'contact P1 --kind visit'
ok "read-only database: a change fails (exit 1)" [ "$rc" = 1 ]
ok "read-only database: the message names the file and says read-only" \
	contains "$err" "$db is read-only"
ok "read-only database: nothing was changed" [ "$(state "$db")" = "$before" ]
run_as --db "$db" --staff boss $T -c 'audit verify' -c 'help'
ok "read-only database: verifying and help still work" \
	eval '[ "$rc" = 0 ] && contains "$out" "audit trail intact"'
run_as --db "$db" --staff boss $T -c 'show P1'
ok "read-only database: a read that cannot be recorded is refused, clearly" \
	eval '[ "$rc" = 1 ] && contains "$err" "read-only" && [ -z "$out" ]'
# Put right as an administrator would: the file and its journals.
chmod 644 "$db" "$db"-*

locked=$ro/plugins
mkdir "$locked"
cp "$top_builddir/plugins/.libs/intake.so" "$locked/" 2>/dev/null
[ -n "$as_user" ] && chown -R 65534:65534 "$locked"
chmod 000 "$locked"
run_as --db "$db" --staff boss $T --plugin-dir "$locked" -c plugins -c 'find 山田'
ok "unreadable plugin folder: the program still runs" [ "$rc" = 0 ]
ok "unreadable plugin folder: the warning names the folder and why" \
	eval 'contains "$err" "$locked: cannot be read" && contains "$err" "ermission denied"'
ok "unreadable plugin folder: the plugins that could be read work" \
	contains "$out" "山田"
chmod 700 "$locked"
run_as --db "$db" --staff boss $T -c 'audit verify'
ok "the database is whole after all of it" \
	eval '[ "$rc" = 0 ] && [ "$(state "$db" | cut -d" " -f1)" = ok ]'

tap_done
