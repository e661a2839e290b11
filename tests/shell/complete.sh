#!/bin/sh
# complete.sh - completers that plugins register for one place of a
# command line, in the real shell in a terminal (tmux): the agency names
# of the referral plugin after `refer SUBJECT` and `--agency`, and no
# agency names where none belong.

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
	-c 'agency add "子ども家庭 支援センター" --kind other'
if [ "$rc" != 0 ]; then
	echo "1..0 # SKIP the intake and referral plugins are needed ($err)"
	exit 0
fi

tap_plan 9

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

tap_done
