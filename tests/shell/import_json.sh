#!/bin/sh
# import_json.sh - `import json FILE`, a command whose name is two words:
# found before `import FORM FILE` of the intake plugin, named in errors
# and in help as "import json", `help import` pointing to it, --dry-run
# changing nothing, and the old spelling import-json gone.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup

if ! python3 -c 'import sqlite3' 2>/dev/null; then
	echo "1..0 # SKIP python3 with sqlite3 is needed to count the rows"
	exit 0
fi

tap_plan 18

T=$TSU_TMP

# count SQL: the one number SQL gives on the database.
count() {
	python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' \
		"$TSUNAGU_DB" "$1"
}

cat >"$T/f.json" <<'JSON'
{"format": "tsunagu-transfer", "version": 1, "families": [{"id": "F1",
 "members": [{"id": "P1", "role": "mother", "family_name": "髙橋",
  "given_name": "花子", "family_name_kana": "たかはし",
  "given_name_kana": "はなこ", "birth_date": "1995-05-01"}]}]}
JSON

tsu_run --staff admin1 -c "import json $T/f.json --dry-run"
ok "import json FILE --dry-run exits 0, showing what it would add" \
	eval '[ "$rc" = 0 ] && contains "$out" "nothing was changed" && printf "%s\n" "$out" | grep -q "persons_added: *1"'
ok "and adds nobody" [ "$(count "SELECT count(*) FROM person")" = 0 ]

tsu_run --staff admin1 -c "import json $T/f.json"
ok "import json FILE reads the transfer summary in" [ "$rc" = 0 ]
ok "the person is there" [ "$(count "SELECT count(*) FROM person")" = 1 ]

tsu_run --staff admin1 -c "import json $T/none.json"
ok "a missing file is an error of import json, naming the file" \
	eval 'contains "$err" "tsunagu: import json: " && contains "$err" "none.json"'

tsu_run --staff admin1 -c "import json"
ok "without a file it gives its usage" \
	contains "$err" "usage: import json FILE [--dry-run]"

tsu_run --staff admin1 -c "import pregnancy $T/none.csv"
ok "import FORM FILE is still the intake plugin's import" \
	eval '[ "$rc" = 1 ] && contains "$err" "tsunagu: import: " && contains "$err" "none.csv"'

tsu_run --staff admin1 -c "import-json $T/f.json"
ok "the old spelling import-json is no command" \
	eval '[ "$rc" = 1 ] && contains "$err" "unknown command"'

tsu_run --staff admin1 -c "help import json"
ok "help import json shows its usage" \
	eval '[ "$rc" = 0 ] && contains "$out" "import json FILE [--dry-run]"'
tsu_run --staff admin1 -c "help import"
ok "help import shows import FORM FILE" contains "$out" "import FORM FILE"
ok "and points to import json" \
	eval 'printf "%s\n" "$out" | grep -q "^  import json - "'
tsu_run --staff admin1 -c "help import json extra"
ok "help with words that are no command is refused" [ "$rc" = 1 ]

tsu_run --staff admin1 -c "help"
ok "help lists both commands" \
	eval 'printf "%s\n" "$out" | grep -q "^  import json " && printf "%s\n" "$out" | grep -q "^  import "'
tsu_run --staff admin1 -c "staff add viewer1 --name 閲覧 --role viewer"
tsu_run --staff viewer1 -c "import json $T/f.json"
ok "a viewer may not import" \
	eval '[ "$rc" = 1 ] && contains "$err" "may not do registering"'

# Tab in the real shell (tmux): the second word of the name is offered
# with import's own words, and the options of import json after it.
if ! command -v tmux >/dev/null 2>&1; then
	skip "Tab after import offers json" "tmux not installed"
	skip "Tab completes import js to import json" "tmux not installed"
	skip "and then the options of import json" "tmux not installed"
	skip "help import j completes too" "tmux not installed"
	tap_done
fi
tsu_tmux import-json
t new-session -d -s c -x 120 -y 30 \
	"env LC_ALL=C.UTF-8 INPUTRC=/dev/null '$TSUNAGU' --db '$TSUNAGU_DB' \
		--staff admin1 --no-init"
wait_last c 'admin1>$'
t send-keys -t c "import " Tab Tab
ok "Tab after import offers json" wait_last c 'admin1> import$'
ok_list=no
contains "$out" "--dry-run" && contains "$out" " json " && ok_list=yes
t send-keys -t c C-u "import js" Tab
ok "Tab completes import js to import json" \
	eval '[ "$ok_list" = yes ] && wait_last c "admin1> import json$"'
t send-keys -t c -- --d Tab
ok "and then the options of import json" wait_last c 'import json --dry-run$'
t send-keys -t c C-u "help import j" Tab
ok "help import j completes too" wait_last c 'admin1> help import json$'

tap_done
