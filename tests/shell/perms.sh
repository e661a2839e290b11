#!/bin/sh
# perms.sh - files keep their records in: the database, its journals,
# backups and exports are created mode 0600 (whatever the umask) in folders
# only the user can read; plugins and Scheme scripts are loaded only from
# files that no one but their owner can change.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup
LC_ALL=C.UTF-8
export LC_ALL
unset LANGUAGE
tap_plan 21

T="--today 2026-04-10"
D=$TSU_TMP
mode() {
	stat -c %a "$1"
}

# ---- what the program creates, under a careless umask ----

db=$D/deep/er/tsunagu.db
(
	umask 000
	exec "$TSUNAGU" --no-init --db "$db" --staff boss $T \
		-c 'intake pregnancy --set family_name=山田 --set given_name=花子 --set family_name_kana=やまだ --set given_name_kana=はなこ --set birth_date=1995-01-01 --set notified_on=2026-04-01 --set due_date=2026-10-01' \
		-c "backup $D/copy.db" -c "export csv persons -o $D/persons.csv" \
		-c "backup --keep 2 $D/kept" -c '(sleep 0)' \
		>"$D/.out" 2>"$D/.err" </dev/null
)
rc=$?
err=$(cat "$D/.err")
ok "with umask 000 the commands run" [ "$rc" = 0 ]
ok "the database is mode 0600" [ "$(mode "$db")" = 600 ]
ok "its new folders are mode 0700" \
	[ "$(mode "$D/deep")" = 700 -a "$(mode "$D/deep/er")" = 700 ]
ok "the backup is mode 0600" [ "$(mode "$D/copy.db")" = 600 ]
ok "the export is mode 0600" [ "$(mode "$D/persons.csv")" = 600 ]
ok "a backup folder made by --keep is mode 0700, its copies 0600" \
	eval '[ "$(mode "$D/kept")" = 700 ] &&
		for f in "$D/kept"/*; do [ "$(mode "$f")" = 600 ] || exit 1; done'

# The write-ahead log and its index, while a second connection holds them.
python3 - "$db" <<'EOF' >"$D/wal-modes" 2>&1
import os, sqlite3, stat, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN")
db.execute("SELECT count(*) FROM person").fetchone()
for suffix in ("-wal", "-shm"):
    p = sys.argv[1] + suffix
    if os.path.exists(p):
        print(suffix, oct(stat.S_IMODE(os.stat(p).st_mode)))
EOF
ok "the -wal and -shm files are mode 0600 too" \
	eval '! grep -v " 0o600$" "$D/wal-modes" && [ -s "$D/wal-modes" ]'

# ---- plugins ----

plugins=$top_builddir/plugins/.libs
example=$top_builddir/tests/plugin/.libs/example.so
if [ ! -f "$example" ]; then
	for i in 1 2 3 4 5 6; do
		skip "plugin file checks" "tests/plugin/example.so is not built"
	done
else
	mkdir -m 700 "$D/pl"
	cp "$example" "$D/pl/example.so"
	chmod 644 "$D/pl/example.so"
	tsu_run --staff boss $T --plugin-dir "$D/pl" -c plugins
	ok "a plugin only its owner can change is loaded" contains "$out" example

	chmod 664 "$D/pl/example.so"
	tsu_run --staff boss $T --plugin-dir "$D/pl" -c plugins
	ok "a group-writable plugin is refused, naming it" \
		eval '! contains "$out" "example.so" &&
			contains "$err" "$D/pl/example.so: writable by group or others"'
	ok "... and the program goes on" [ "$rc" = 0 ]

	chmod 644 "$D/pl/example.so"
	chmod 777 "$D/pl"
	tsu_run --staff boss $T --plugin-dir "$D/pl" -c plugins
	ok "a plugin in a folder anyone can write to is refused" \
		eval '! contains "$out" "example.so" &&
			contains "$err" "folder $D/pl is writable by group or others"'
	chmod 700 "$D/pl"

	if [ "$(id -u)" = 0 ] && chown 65534 "$D/pl/example.so" 2>/dev/null; then
		tsu_run --staff boss $T --plugin-dir "$D/pl" -c plugins
		ok "a plugin owned by another user is refused" \
			eval '! contains "$out" "example.so" &&
				contains "$err" "owned by another user"'
		chown 0 "$D/pl/example.so"
	else
		skip "a plugin owned by another user is refused" "needs root to chown"
	fi
	ln -s "$example" "$D/pl/link.so"
	tsu_run --staff boss $T --plugin-dir "$D/pl" -c plugins
	ok "the same plugin twice (through a link) is loaded once" \
		eval '[ "$rc" = 0 ] && contains "$err" "already loaded"'
fi

# ---- Scheme scripts: the user's init.scm and -l ----

mkdir -p "$XDG_CONFIG_HOME/tsunagu"
init=$XDG_CONFIG_HOME/tsunagu/init.scm
printf '(define-command "hello-init" #:help "test" (lambda args (display "from init") (newline)))\n' >"$init"
chmod 644 "$init"
run_init() {
	"$TSUNAGU" --staff boss $T "$@" >"$D/.out" 2>"$D/.err" </dev/null
	rc=$?
	out=$(cat "$D/.out")
	err=$(cat "$D/.err")
}
run_init -c hello-init
ok "the user's init.scm is loaded when only they can change it" \
	eval '[ "$rc" = 0 ] && [ "$out" = "from init" ]'
chmod 666 "$init"
run_init -c hello-init
ok "a world-writable init.scm is refused, naming it" \
	eval '[ "$rc" = 1 ] && contains "$err" "$init: writable by group or others"'
chmod 620 "$init"
run_init -c plugins
ok "a group-writable init.scm is refused and the program still runs" \
	eval '[ "$rc" = 0 ] && contains "$err" "$init: writable by group or others"'
chmod 644 "$init"

printf '(define x 1)\n' >"$D/site.scm"
chmod 664 "$D/site.scm"
tsu_run --staff boss $T -l "$D/site.scm" -c '(+ 1 2)'
ok "a group-writable -l script is refused and the line is not run" \
	eval '[ "$rc" = 1 ] && contains "$err" "site.scm: writable by group or others" && [ -z "$out" ]'
chmod 644 "$D/site.scm"
tsu_run --staff boss $T -l "$D/site.scm" -c '(+ x 2)'
ok "the same script, once only its owner can change it, is loaded" \
	eval '[ "$rc" = 0 ] && [ "$out" = 3 ]'
mkdir -m 777 "$D/open"
cp "$D/site.scm" "$D/open/site.scm"
tsu_run --staff boss $T -l "$D/open/site.scm" -c '(+ x 2)'
ok "a script in a folder anyone can write to is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "is writable by group or others"'
chmod +t "$D/open"
tsu_run --staff boss $T -l "$D/open/site.scm" -c '(+ x 2)'
ok "... unless the folder is sticky (like /tmp)" \
	eval '[ "$rc" = 0 ] && [ "$out" = 3 ]'
if [ "$(id -u)" = 0 ] && chown 65534 "$D/site.scm" 2>/dev/null; then
	tsu_run --staff boss $T -l "$D/site.scm" -c '(+ x 2)'
	ok "a script owned by another user is refused" \
		eval '[ "$rc" = 1 ] && contains "$err" "owned by another user"'
else
	skip "a script owned by another user is refused" "needs root to chown"
fi

tap_done
