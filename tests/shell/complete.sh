#!/bin/sh
# complete.sh - Tab in the real shell in a terminal (tmux): completers
# that plugins register for one place of a command line (the agency
# names of the referral plugin after `refer SUBJECT` and `--agency`, and
# none where they do not belong); after an option that takes a value
# only its values (form fields after --set, contact and due kinds, staff
# ids); sub-commands once; help topics; file names where a file goes.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	echo "1..0 # SKIP tmux not installed"
	exit 0
fi

tsu_setup
tsu_tmux complete

# fresh NAME: an empty line on a cleared screen.
fresh() {
	t send-keys -t "$1" C-u C-l
	t clear-history -t "$1"
	wait_for "$1" '^tsunagu nurse1> ?$'
}

# listed NAME: the lines of the pane that are not the prompt's (what
# Tab Tab listed), in $list.
listed() {
	list=$(screen "$1" | grep -v '^tsunagu nurse1>')
}

mkdir -p "$TSU_TMP/files"
: >"$TSU_TMP/files/mothers.csv"
: >"$TSU_TMP/files/copy.db"

db=$TSU_TMP/t.db
tsu_run --db "$db" --staff nurse1 --today 2026-04-01 \
	-c 'intake pregnancy
	--set family_name=山田 --set given_name=花子
	--set family_name_kana=ヤマダ --set given_name_kana=ハナコ
	--set birth_date=1995-04-01 --set notified_on=2026-03-10
	--set due_date=2026-10-01' \
	-c 'agency add ひまわり保育園 --kind 保育所・幼稚園' \
	-c 'agency add 市立病院 --kind 医療機関' \
	-c 'agency add 市要対協 --kind 要対協' \
	-c 'agency add "子ども家庭 支援センター" --kind other' \
	-c 'staff add sato --name 佐藤 --role nurse'
if [ "$rc" != 0 ]; then
	echo "1..0 # SKIP the intake and referral plugins are needed ($err)"
	exit 0
fi

tap_plan 28

t new-session -d -s s -x 120 -y 40 \
	"env LC_ALL=C.UTF-8 INPUTRC=/dev/null '$TSUNAGU' --db '$db' \
		--staff nurse1 --today 2026-04-01 --no-init" \; \
	set-option -t s remain-on-exit on
wait_for s '^tsunagu nurse1> ?$'

fresh s
t send-keys -t s -l -- "refer P1 ひ"
t send-keys -t s Tab
ok "Tab completes an agency name after refer SUBJECT" \
	wait_for s '^tsunagu nurse1> refer P1 ひまわり保育園 ?$'

fresh s
t send-keys -t s -l -- "refer P1 "
t send-keys -t s Tab Tab
ok "Tab Tab lists every agency there" \
	eval 'wait_for s "市要対協" && contains "$out" "市立病院" &&
	      contains "$out" "ひまわり保育園"'

fresh s
t send-keys -t s -l -- "refer P1 市"
t send-keys -t s Tab Tab
ok "... only those that start with what was typed" \
	eval 'wait_for s "市立病院" && contains "$out" "市要対協" &&
	      ! contains "$out" "ひまわり保育園"'

fresh s
t send-keys -t s -l -- "referral list --agency 市立"
t send-keys -t s Tab
ok "Tab completes the value of --agency" \
	wait_for s '^tsunagu nurse1> referral list --agency 市立病院 ?$'

fresh s
t send-keys -t s -l -- "refer ひ"
t send-keys -t s Tab
sleep 0.5
ok "no agency name where the subject goes" \
	eval 'out=$(screen s); contains "$out" "refer ひ" &&
	      ! contains "$out" "ひまわり保育園"'

fresh s
t send-keys -t s -l -- "referral list --agency 子ども"
t send-keys -t s Tab
ok "a name with a blank goes in quoted, as one word" \
	wait_for s '^tsunagu nurse1> referral list --agency "子ども家庭 支援センター" ?$'

fresh s
t send-keys -t s -l -- 'referral list --agency "子ども'
t send-keys -t s Tab
ok "... and in a quote the user opened, closed by Tab" \
	wait_for s '^tsunagu nurse1> referral list --agency "子ども家庭 支援センター" ?$'

t send-keys -t s Enter
ok "the completed line runs" \
	eval 'wait_for s "^tsunagu nurse1> ?$" && ! contains "$out" "tsunagu: "'

fresh s
t send-keys -t s -l -- "refer P1 ひまわり保育園 --reason 入園相談 --consent yes"
t send-keys -t s Enter
ok "the completed line runs" wait_for s '^.*RF1'

fresh s
t send-keys -t s -l -- "intake pregnancy --set "
t send-keys -t s Tab Tab
ok "after intake pregnancy --set, Tab Tab lists the form's fields" \
	eval 'wait_for s "family_name=" && listed s &&
	      contains "$list" "due_date=" && contains "$list" "given_name_kana=" &&
	      ! printf "%s\n" "$list" | grep -Eq "(^| )(birth|pregnancy|--set)( |\$)"'

fresh s
t send-keys -t s -l -- "intake pregnancy --set due"
t send-keys -t s Tab
t send-keys -t s -l -- "2026-10-01"
ok "... a field goes in with its '=', the value right after it" \
	wait_last s '^tsunagu nurse1> intake pregnancy --set due_date=2026-10-01$'

fresh s
t send-keys -t s -l -- "intake birth P1 --set given_name=太郎 --set "
t send-keys -t s Tab Tab
ok "intake birth ID --set: the birth form's fields, not those set" \
	eval 'wait_for s "birth_weight_g=" && listed s &&
	      contains "$list" "sex=" && ! contains "$list" "given_name=" &&
	      ! contains "$list" "due_date="'

fresh s
t send-keys -t s -l -- "contact P1 --kind "
t send-keys -t s Tab Tab
ok "after contact --kind, the contact kinds and nothing else" \
	eval 'wait_for s "consultation" && listed s &&
	      contains "$list" "interview" && contains "$list" "checkup" &&
	      ! contains "$list" "absent" && ! contains "$list" "--"'

fresh s
t send-keys -t s -l -- "contact P1 --kind vi"
t send-keys -t s Tab
ok "... completed" wait_last s '^tsunagu nurse1> contact P1 --kind visit$'

fresh s
t send-keys -t s -l -- "due --kind "
t send-keys -t s Tab Tab
ok "after due --kind, the kinds of the due entries" \
	eval 'wait_for s "plan-review" && listed s &&
	      contains "$list" "milestone" && contains "$list" "referral" &&
	      ! contains "$list" "--"'

fresh s
t send-keys -t s -l -- "due --kind"
t send-keys -t s Tab
t send-keys -t s -l -- "mi"
t send-keys -t s Tab
ok "... and never another option" \
	wait_last s '^tsunagu nurse1> due --kind milestone$'

fresh s
t send-keys -t s -l -- "due --staff "
t send-keys -t s Tab Tab
ok "after due --staff, the staff ids" \
	eval 'wait_for s "sato" && listed s && contains "$list" "nurse1" &&
	      ! contains "$list" "--"'

fresh s
t send-keys -t s -l -- "due --within 14 --staff sa"
t send-keys -t s Tab
ok "... after another option and its value too" \
	wait_last s '^tsunagu nurse1> due --within 14 --staff sato$'

fresh s
t send-keys -t s -l -- "family P1 --contact sa"
t send-keys -t s Tab
ok "... and after family --contact" \
	wait_last s '^tsunagu nurse1> family P1 --contact sato$'

fresh s
t send-keys -t s -l -- "due --within "
t send-keys -t s Tab Tab
sleep 0.5
ok "an option's value with nothing to offer gets no option" \
	eval 'listed s; ! contains "$list" "--" &&
	      wait_last s "^tsunagu nurse1> due --within\$"'

fresh s
t send-keys -t s -l -- "export csv "
t send-keys -t s Tab Tab
ok "export csv: what to export, not the format again" \
	eval 'wait_for s "pregnancies" && listed s &&
	      contains "$list" "persons" && ! contains "$list" "xlsx" &&
	      ! contains "$list" "csv"'

fresh s
t send-keys -t s -l -- "export x"
t send-keys -t s Tab
ok "... the format in the first place" \
	wait_last s '^tsunagu nurse1> export xlsx$'

fresh s
t send-keys -t s -l -- "intake interv"
t send-keys -t s Tab
ok "a form's name after intake" \
	wait_last s '^tsunagu nurse1> intake interview_8m$'

fresh s
t send-keys -t s -l -- "help sc"
t send-keys -t s Tab
ok "help completes the topic scheme" \
	wait_last s '^tsunagu nurse1> help scheme$'

fresh s
t send-keys -t s -l -- "import pregnancy $TSU_TMP/files/"
t send-keys -t s Tab Tab
ok "import FORM: file names" \
	eval 'wait_for s "mothers.csv" && contains "$out" "copy.db"'

fresh s
t send-keys -t s -l -- "backup $TSU_TMP/files/c"
t send-keys -t s Tab
ok "backup: a file name" \
	wait_last s "^tsunagu nurse1> backup $TSU_TMP/files/copy.db\$"

fresh s
t send-keys -t s -l -- "restore $TSU_TMP/files/c"
t send-keys -t s Tab
ok "restore: a file name" \
	wait_last s "^tsunagu nurse1> restore $TSU_TMP/files/copy.db\$"

fresh s
t send-keys -t s -l -- "show $TSU_TMP/files/"
t send-keys -t s Tab Tab
sleep 0.5
ok "no file names elsewhere" \
	eval 'listed s; ! contains "$list" "mothers.csv"'

tap_done
