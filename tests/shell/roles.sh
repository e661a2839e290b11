#!/bin/sh
# roles.sh - who may do what.  Every command the program registers (taken
# from the program itself, `help` in JSON, so a new command cannot escape)
# is run by each role and is allowed or refused as the permission it
# declares and the role table (DESIGN.md) say; sub-commands that need more
# than their command; Scheme at the prompt only for roles that may script;
# `query` can neither write nor run long.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup
LC_ALL=C.UTF-8
export LC_ALL
unset LANGUAGE

if ! python3 -c 'import json' 2>/dev/null; then
	echo "1..0 # SKIP python3 is needed to read the command listing"
	exit 0
fi

T="--today 2026-04-10"
D=$TSU_TMP

# The role table: what each role may do (DESIGN.md, "Roles").
role_perms() {
	case $1 in
	admin) echo "read register export casework script admin" ;;
	nurse) echo "read register export casework script" ;;
	clerk) echo "read register export" ;;
	viewer) echo "read" ;;
	esac
}

# perm_text WORD: how a refusal names that permission.
perm_text() {
	case $1 in
	read) echo "reading records" ;;
	register) echo "registering" ;;
	export) echo "exporting" ;;
	casework) echo "casework" ;;
	script) echo "Scheme" ;;
	admin) echo "administration" ;;
	esac
}

# may ROLE NEEDS...: true when ROLE holds every permission named.
may() {
	_have=" $(role_perms "$1") "
	shift
	for _p in "$@"; do
		case $_have in
		*" $_p "*) ;;
		*) return 1 ;;
		esac
	done
	return 0
}

tsu_run --staff boss $T -c 'staff add hana --name 保健 --role nurse' \
	-c 'staff add jimu --name 事務 --role clerk' \
	-c 'staff add miru --name 閲覧 --role viewer' \
	-c 'intake pregnancy --set family_name=山田 --set given_name=花子 --set family_name_kana=やまだ --set given_name_kana=はなこ --set birth_date=1995-01-01 --set notified_on=2026-04-01 --set due_date=2026-10-01' \
	-c 'config query-timeout-ms 1000'
[ "$rc" = 0 ] || {
	echo "Bail out! cannot set up: $err"
	exit 1
}

tsu_run --staff miru --format json -c help
printf '%s\n' "$out" >"$D/commands.json"
python3 -c '
import json, sys
for c in json.load(open(sys.argv[1])):
    print("%s\t%s" % (c["name"], c["needs"]))' "$D/commands.json" >"$D/commands.tsv"
ncommands=$(wc -l <"$D/commands.tsv")

roles="admin nurse clerk viewer"
staff_of() {
	case $1 in
	admin) echo boss ;; nurse) echo hana ;; clerk) echo jimu ;; viewer) echo miru ;;
	esac
}

# 2 listing tests, 1 per role of the matrix, 1 per refused viewer cell
# typed as a line, and the fixed tests below.
nrefused_viewer=0
while IFS='	' read -r name needs; do
	may viewer $needs || nrefused_viewer=$((nrefused_viewer + 1))
done <"$D/commands.tsv"
tap_plan $((2 + 4 + nrefused_viewer + 30))

ok "the program lists its commands with what each needs ($ncommands)" \
	[ "$ncommands" -ge 20 ]
ok "every command declares a known permission" \
	eval '! cut -f2 "$D/commands.tsv" | tr " " "\n" |
		grep -v -x -e read -e register -e export -e casework -e script -e admin'

# ---- the matrix: every command as every role ----

# A municipal script (trusted, loaded at start) runs each command with no
# arguments for the acting staff and marks where each one starts on
# standard error; the permission check is the one every line goes through.
cat >"$D/matrix.scm" <<'EOF'
(use-modules (ice-9 rdelim))
(let ((port (open-input-file (getenv "TSU_COMMANDS"))))
  (let loop ()
    (let ((line (read-line port)))
      (unless (eof-object? line)
        (let ((name (car (string-split line #\tab))))
          (format (current-error-port) "=== ~a~%" name)
          (force-output (current-error-port))
          (catch #t (lambda () (run-command name)) (lambda _ #f))
          (force-output (current-error-port)))
        (loop)))))
EOF

for role in $roles; do
	staff=$(staff_of "$role")
	tsu_run_env TSU_COMMANDS="$D/commands.tsv" -- --staff "$staff" $T \
		-l "$D/matrix.scm" -c 'audit verify'
	printf '%s\n' "$err" >"$D/matrix-$role.err"
	wrong=
	while IFS='	' read -r name needs; do
		section=$(awk -v n="=== $name" '$0 == n {on = 1; next}
			/^=== / {on = 0} on' "$D/matrix-$role.err")
		if may "$role" $needs; then
			# Allowed: no refusal for what it declares (running it
			# bare may still meet a sub-command's own rule).
			for _p in $needs; do
				if contains "$section" "may not do $(perm_text "$_p")"; then
					wrong="$wrong $name(refused)"
				fi
			done
		elif ! contains "$section" "$staff (role $role) may not do"; then
			wrong="$wrong $name(allowed)"
		fi
	done <"$D/commands.tsv"
	ok "$role: each of the $ncommands commands allowed or refused as its permission says" \
		eval '[ -z "$wrong" ] || { echo "# wrong cells:$wrong"; false; }'
done

# The viewer's refused cells, each typed as a line: refused with the
# reason, and nothing written.
audit_rows() {
	python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM audit").fetchone()[0])' "$TSUNAGU_DB"
}
while IFS='	' read -r name needs; do
	may viewer $needs && continue
	before=$(audit_rows)
	tsu_run --staff miru $T -c "$name"
	ok "viewer: \`$name\` (needs $needs) is refused, nothing written" \
		eval '[ "$rc" = 1 ] && contains "$err" "miru (role viewer) may not do" &&
			[ "$(audit_rows)" = "$before" ]'
done <"$D/commands.tsv"

# ---- sub-commands that need more than their command ----

# cell ROLE EXPECT DESC LINE: EXPECT is allowed or refused.
cell() {
	_staff=$(staff_of "$1")
	tsu_run --staff "$_staff" $T -c "$4"
	if [ "$2" = refused ]; then
		ok "$1: $3 is refused" \
			eval '[ "$rc" = 1 ] && contains "$err" "$_staff may not" ||
				contains "$err" "$_staff (role" && contains "$err" "may not"'
	else
		ok "$1: $3 is allowed" \
			eval '[ "$rc" = 0 ] && ! contains "$err" "may not do"'
	fi
}
cell nurse refused "staff add (admin)" 'staff add x1 --name X --role viewer'
cell admin allowed "staff add (admin)" 'staff add x2 --name X --role viewer'
cell nurse refused "changing a setting (admin)" 'config date-style wareki'
cell viewer allowed "reading a setting" 'config date-style'
cell clerk refused "reading the audit trail (casework)" 'audit'
cell nurse allowed "reading the audit trail (casework)" 'audit --limit 1'
cell clerk refused "a support plan (casework)" 'plan new P1'
cell nurse allowed "a support plan (casework)" 'plan new P1'
cell viewer refused "an agency (casework)" 'agency add 保健所 --kind other'
cell clerk refused "a flag (casework)" 'flag P1 watch --reason test'
cell viewer refused "a backup (export)" "backup $D/v.db"
cell nurse refused "a restore (admin)" "restore $D/v.db"

# ---- Scheme at the prompt ----

tsu_run --staff miru $T -c '(+ 1 2)'
ok "viewer: Scheme at the prompt is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "miru (role viewer) may not do Scheme"'
tsu_run --staff jimu $T -c '(+ 1 2)'
ok "clerk: Scheme at the prompt is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "jimu (role clerk) may not do Scheme" && [ -z "$out" ]'
tsu_run --staff hana $T -c '(+ 1 2)'
ok "nurse: Scheme at the prompt runs" eval '[ "$rc" = 0 ] && [ "$out" = 3 ]'
tsu_run --staff hana $T -c '(run-command "staff add x3 --name X --role admin")'
ok "nurse: Scheme cannot lend a command more rights (staff add refused)" \
	eval '[ "$rc" = 1 ] && contains "$err" "hana (role nurse) may not do administration"'
tsu_run_in '(+ 1
2)' --staff jimu $T --batch
ok "clerk: Scheme spread over lines on standard input is refused too" \
	eval '[ "$rc" = 1 ] && contains "$err" "may not do Scheme"'

# ---- query: reading only, and not for long ----

persons() {
	python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM person").fetchone()[0])' "$TSUNAGU_DB"
}
n0=$(persons)
for sql in "DELETE FROM person" \
	"UPDATE person SET family_name = 'x'" \
	"INSERT INTO staff(id, name, role, created_at) VALUES('evil', 'e', 'admin', 'now')" \
	"PRAGMA writable_schema = 1" \
	"ATTACH DATABASE '$D/other.db' AS other" \
	"DROP TRIGGER audit_no_delete" \
	"SELECT 1; DELETE FROM person"; do
	tsu_run --staff hana $T -c "(query \"$sql\")"
	ok "query refuses: $sql" \
		eval '[ "$rc" = 1 ] && contains "$err" "query"'
done
ok "... and the records are as they were" [ "$(persons)" = "$n0" ]
tsu_run --staff boss $T -c 'staff list'
ok "... no staff was added" eval '! contains "$out" evil'

start=$(date +%s)
tsu_run --staff hana $T -c '(query "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c")'
took=$(($(date +%s) - start))
ok "a query that would run for ever is stopped (query-timeout-ms)" \
	eval '[ "$rc" = 1 ] && contains "$err" "query-timeout-ms"'
ok "... within the limit and start-up ($took s)" [ "$took" -lt 30 ]
tsu_run --staff jimu $T -c '(query "SELECT count(*) FROM person")'
ok "clerk: query at the prompt is refused" \
	eval '[ "$rc" = 1 ] && contains "$err" "may not do"'

tsu_run --staff boss $T -c 'audit verify'
ok "the audit trail is intact after all this" [ "$rc" = 0 ]

tap_done
