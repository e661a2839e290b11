#!/bin/sh
# hostile.sh - bad bytes are refused with a message naming where they are,
# never cut short or dropped unseen, and nothing is written: NUL bytes,
# invalid UTF-8, invalid CP932, over-long fields, lines and values, and
# control characters, in CSV imports, shell lines (-c and --batch), form
# values (--set and prompts) and JSON imports.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup
tap_plan 36

T="--staff nurse1 --today 2026-05-01"
D=$TSU_TMP
HEAD='family_name,given_name,family_name_kana,given_name_kana,birth_date,notified_on,due_date,note'
GOOD='山田,花子,やまだ,はなこ,1995-04-01,2026-04-01,2026-11-01'

# run_file FILE ARG...: the program with FILE on standard input.
run_file() {
	_in=$1
	shift
	"$TSUNAGU" --no-init "$@" <"$_in" >"$D/.out" 2>"$D/.err"
	rc=$?
	out=$(cat "$D/.out")
	err=$(cat "$D/.err")
}

# nothing_written [DB]: no person and no form response in the database.
nothing_written() {
	n=$(python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("SELECT (SELECT count(*) FROM person) + (SELECT count(*) FROM response)").fetchone()[0])' "${1:-$TSUNAGU_DB}")
	[ "$n" = 0 ]
}

# A long run of one character: long_text CHAR COUNT.
long_text() {
	head -c "$2" /dev/zero | tr '\0' "$1"
}

tsu_run $T -c 'config'

# ---- CSV import ----
printf '%s\n山\000田,花子,やまだ,はなこ,1995-04-01,2026-04-01,2026-11-01,\n' \
	"$HEAD" >"$D/nul.csv"
tsu_run $T -c "import pregnancy $D/nul.csv"
ok "CSV: a NUL byte is refused with file, line and column" \
	contains "$err" "nul.csv: line 2: column 1: NUL byte"
ok "CSV: the row is rejected, not cut at the NUL" \
	contains "$err" "every row was rejected (1)"
ok "CSV: nothing of it is written" nothing_written

{ echo "$HEAD"; printf '%s,%s\n' "$GOOD" "$(long_text x 70000)"; } >"$D/long.csv"
tsu_run $T -c "import pregnancy $D/long.csv"
ok "CSV: an over-long field is refused, not truncated" \
	contains "$err" "long.csv: line 2: column 8: field longer than 65536 bytes"
ok "CSV: nothing of it is written" nothing_written

printf '%s\n%s,メモ\377です\n' "$HEAD" "$GOOD" >"$D/badutf8.csv"
tsu_run $T -c "import pregnancy $D/badutf8.csv"
ok "CSV: invalid UTF-8 in a UTF-8 file is named as such" \
	contains "$err" "badutf8.csv: line 2: column 8: invalid UTF-8 (byte 0xff)"
ok "CSV: nothing of it is written" nothing_written

{
	echo "$HEAD" | iconv -f UTF-8 -t CP932
	printf '%s,' "$GOOD" | iconv -f UTF-8 -t CP932
	printf '\202\240\201\r\n'
} >"$D/badsjis.csv"
tsu_run $T -c "import pregnancy $D/badsjis.csv --encoding cp932"
ok "CSV: invalid CP932 is refused with line and column" \
	contains "$err" "badsjis.csv: line 2: column 8: invalid cp932"
ok "CSV: nothing of it is written" nothing_written

printf '%s\n%s,"a\001b"\n' "$HEAD" "$GOOD" >"$D/ctrl.csv"
tsu_run $T -c "import pregnancy $D/ctrl.csv"
ok "CSV: a control character is refused, naming the line and field" \
	contains "$err" "ctrl.csv: line 2: pregnancy: note: the value holds the control character U+0001 at character 2"
ok "CSV: nothing of it is written" nothing_written

{ echo "$HEAD"; printf '%s,%s\n' "$GOOD" "$(long_text y 20000)"; } >"$D/longvalue.csv"
tsu_run $T -c "import pregnancy $D/longvalue.csv"
ok "CSV: a value over the form's limit is refused with its field" \
	contains "$err" "line 2: pregnancy: note: the value is too long (20000 bytes; at most 16384)"
ok "CSV: nothing of it is written" nothing_written

# ---- shell lines ----
printf 'help\000 due\n' >"$D/nul.in"
run_file "$D/nul.in" $T --batch
ok "batch: a NUL byte fails the run" [ "$rc" = 1 ]
ok "batch: it is named with its line and column" \
	contains "$err" "<stdin>: line 1: the line holds a NUL byte at column 5"
ok "batch: the line is not run cut short" [ -z "$out" ]

printf 'config\nintake pregnancy --set family_name=山\377田 --set given_name=花子\n' >"$D/bad.in"
run_file "$D/bad.in" $T --batch
ok "batch: invalid UTF-8 is named with its line and column" \
	contains "$err" "<stdin>: line 2: the line is not valid UTF-8 at column 37 (byte 0xff)"
ok "batch: nothing is written" nothing_written

tsu_run $T -c "$(printf 'find \377')"
ok "-c: invalid UTF-8 is refused" \
	contains "$err" "the line is not valid UTF-8 at column 6 (byte 0xff)"
tsu_run $T -c "$(printf '(display "\377")')"
ok "-c: invalid UTF-8 in a Scheme line is refused" \
	contains "$err" "the line is not valid UTF-8 at column 11 (byte 0xff)"

tsu_run $T -c "intake pregnancy --set note=$(long_text z 70000)"
ok "an over-long line is refused" \
	contains "$err" "the line is too long (70028 bytes; at most 65536)"
ok "and nothing is written" nothing_written

# ---- form values ----
set_good="--set family_name=山田 --set given_name=花子 --set family_name_kana=やまだ --set given_name_kana=はなこ --set birth_date=1995-04-01 --set notified_on=2026-04-01 --set due_date=2026-11-01"
tsu_run $T -c "intake pregnancy $set_good --set note=$(long_text n 20000)"
ok "--set: an over-long value fails" [ "$rc" = 1 ]
ok "--set: it is named with its field and the limit" \
	contains "$err" "pregnancy: note: the value is too long (20000 bytes; at most 16384)"
ok "--set: nothing is written" nothing_written

tsu_run $T -c "$(printf 'intake pregnancy %s --set "note=a\033[2Jb"' "$set_good")"
ok "--set: a control character is named with field and place" \
	contains "$err" "pregnancy: note: the value holds the control character U+001B at character 2"
ok "--set: nothing is written" nothing_written

# ---- JSON import ----
printf '{"format":"tsunagu-transfer","version":1,\n"families":[{"members":[{"family_name":"山\000田","given_name":"花子"}]}]}\n' >"$D/nul.json"
tsu_run $T -c "import json $D/nul.json"
ok "JSON: a NUL byte is refused with line and column" \
	contains "$err" "nul.json: line 2: column 42: NUL byte"
ok "JSON: nothing is written" nothing_written
printf '{"format":"tsunagu-transfer","version":1,\n"families":[{"members":[{"family_name":"山\377田","given_name":"花子"}]}]}\n' >"$D/bad.json"
tsu_run $T -c "import json $D/bad.json"
ok "JSON: invalid UTF-8 is refused with line and column" \
	contains "$err" "bad.json: line 2: column 42: invalid UTF-8 (byte 0xff)"
ok "JSON: nothing is written" nothing_written

# ---- a value typed at a form's prompt (the shell in tmux) ----
if command -v tmux >/dev/null 2>&1; then
	tsu_tmux hostile
	t new-session -d -s p -x 120 -y 40 \
		"env LC_ALL=C.UTF-8 INPUTRC=/dev/null '$TSUNAGU' --no-init \
		 --db '$D/prompt.db' $T" \; set-option -t p remain-on-exit on
	wait_for p '^tsunagu nurse1> ?$'
	t send-keys -t p -l 'intake pregnancy'
	t send-keys -t p Enter
	wait_for p ': $'
	# Ctrl-V Ctrl-A puts a literal control character in the line.
	t send-keys -t p -l '山'
	t send-keys -t p C-v C-a
	t send-keys -t p -l '田'
	t send-keys -t p Enter
	ok "prompt: a control character is refused, naming the field" \
		wait_for p 'family_name: the value holds the control character U\+0001 at character 2'
	ok "prompt: the same field is asked again" \
		[ "$(printf '%s\n' "$out" | grep -Ec '^[^ ].*\*: ')" = 2 ]
	t send-keys -t p C-c
	wait_for p '^tsunagu nurse1> ?$'
	ok "prompt: nothing is written" nothing_written "$D/prompt.db"
else
	skip "prompt: a control character is refused" "tmux not installed"
	skip "prompt: the same field is asked again" "tmux not installed"
	skip "prompt: nothing is written" "tmux not installed"
fi

# Last, as it writes: a value at the limit is kept whole.
tsu_run $T -c "intake pregnancy $set_good --set note=$(long_text n 16384)"
ok "--set: a value at the limit is taken whole" [ "$rc" = 0 ]
n=$(python3 -c 'import sqlite3, sys, json
db = sqlite3.connect(sys.argv[1])
print(len(json.loads(db.execute("SELECT answers FROM response").fetchone()[0])["note"]))' "$TSUNAGU_DB")
ok "--set: and kept with all its characters" [ "$n" = 16384 ]

tap_done
