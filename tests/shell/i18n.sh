#!/bin/sh
# i18n.sh - messages in the user's language: the Japanese catalogue covers
# every message of the sources; LANG=ja_JP.UTF-8 gives Japanese errors,
# help, table headings and prompts, LANG=C English; LANGUAGE is honoured;
# JSON keys are the same in both; and the interactive shell in Japanese
# (tmux).

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"

tap_plan 25
tsu_setup
srcdir=${top_srcdir:-}
[ -n "$srcdir" ] || srcdir=$(cd "$(dirname "$0")/../.." && pwd)

# ---- the catalogue against the sources ----

if command -v xgettext >/dev/null 2>&1 && command -v msgmerge >/dev/null 2>&1
then
	ok "every message of the sources has a Japanese translation" \
		eval 'out=$(sh "$srcdir/tests/check-po.sh" "$srcdir" 2>&1)'

	# A copy of the tree to spoil: the check must notice.
	copy=$TSU_TMP/src
	mkdir -p "$copy/tests"
	(cd "$srcdir" && tar cf - po core plugins scripts/scheme) |
		(cd "$copy" && tar xf -)
	cp "$srcdir/tests/check-po.sh" "$copy/tests/"
	cat >"$copy/core/spoiled.c" <<-'EOF'
		#include "i18n.h"
		const char *spoiled(void) { return _("a message nobody translated"); }
	EOF
	ok "a source file with _( missing from POTFILES.in is found" eval '
		out=$(sh "$copy/tests/check-po.sh" "$copy" 2>&1)
		[ $? -ne 0 ] &&
		contains "$out" "core/spoiled.c: has messages but is missing"'
	echo core/spoiled.c >>"$copy/po/POTFILES.in"
	ok "a message without a translation is found" eval '
		out=$(sh "$copy/tests/check-po.sh" "$copy" 2>&1)
		[ $? -ne 0 ] &&
		contains "$out" "untranslated: \"a message nobody translated\""'
	rm "$copy/core/spoiled.c"
	sed -i '/spoiled/d' "$copy/po/POTFILES.in"
	# Change a message slightly: msgmerge makes its translation fuzzy.
	sed -i 's/"the audit trail is broken"/"the audit trail is damaged"/' \
		"$copy/core/audit_cmd.c"
	ok "a changed message (fuzzy translation) is found" eval '
		out=$(sh "$copy/tests/check-po.sh" "$copy" 2>&1)
		[ $? -ne 0 ] && contains "$out" "fuzzy"'
else
	for d in "every message has a translation" "a file missing from POTFILES.in is found" \
		"an untranslated message is found" "a fuzzy translation is found"; do
		skip "$d" "gettext tools not installed"
	done
fi

# ---- the program in Japanese and in English ----

if ! locale -a 2>/dev/null | grep -qix 'ja_JP\.utf-\?8'; then
	while [ "$tap_count" -lt 25 ]; do
		skip "Japanese messages" "no ja_JP.UTF-8 locale (scripts/deps makes it)"
	done
	tap_done
fi

ja() {
	tsu_run_env LC_ALL= LANGUAGE= LANG=ja_JP.UTF-8 -- --staff nurse1 "$@"
}
en() {
	tsu_run_env LC_ALL= LANGUAGE= LANG=C -- --staff nurse1 "$@"
}

ja -c 'nosuchcommand'
ok "ja: an unknown command is explained in Japanese" \
	eval '[ "$rc" = 1 ] &&
	      contains "$err" "tsunagu: nosuchcommand: そのコマンドはありません"'
en -c 'nosuchcommand'
ok "C: the same error in English" \
	eval '[ "$rc" = 1 ] &&
	      contains "$err" "tsunagu: nosuchcommand: unknown command"'

ja -c 'show X9'
ok "ja: a bad id names the input in Japanese" \
	contains "$err" "X9 は人または家族のIDではありません"
ja -c 'due --within abc'
ok "ja: a bad option value in Japanese, the option name kept" \
	contains "$err" "--within:「abc」は日数"

ja -c 'help'
ok "ja: help groups the commands under Japanese headings" \
	eval 'contains "$out" "業務別のコマンド" && contains "$out" "支援プラン:" &&
	      contains "$out" "継続的把握"'
ok "ja: command names stay ASCII in help" \
	eval 'printf "%s\n" "$out" | grep -Eq "^  due +対応予定の一覧"'
ja -c 'help due'
ok "ja: help COMMAND explains it in Japanese, the usage kept ASCII" \
	eval 'contains "$out" "使い方:" && contains "$out" "due [--within" &&
	      contains "$out" "期限超過"'
en -c 'help due'
ok "C: help COMMAND in English" \
	eval 'contains "$out" "Usage:" && contains "$out" "overdue"'

ja -c 'staff list'
ok "ja: table headings are translated" \
	eval 'printf "%s\n" "$out" | sed -n 1p | grep -q "名前 *役割"'
en -c 'staff list'
ok "C: table headings in English" \
	eval 'printf "%s\n" "$out" | sed -n 1p | grep -q "name *role"'
ja --format json -c 'staff list'
ja_json=$out
en --format json -c 'staff list'
ok "JSON keys are the same in both languages" \
	eval '[ -n "$ja_json" ] && [ "$ja_json" = "$out" ] &&
	      contains "$out" "\"name\": " && contains "$out" "\"role\": "'
ja --format tsv -c 'staff list'
ok "TSV headers stay the English keys" \
	eval 'printf "%s\n" "$out" | sed -n 1p | grep -q "^id	name	role"'

tsu_run_env LC_ALL= LANG=ja_JP.UTF-8 LANGUAGE=en -- --staff nurse1 -c nosuchcommand
ok "LANGUAGE=en before a Japanese LANG gives English" \
	contains "$err" "unknown command"
tsu_run_env LC_ALL=C LANG=ja_JP.UTF-8 LANGUAGE= -- --staff nurse1 -c nosuchcommand
ok "LC_ALL=C wins over LANG" contains "$err" "unknown command"
tsu_run_env LC_ALL= LANG=ja_JP.UTF-8 LANGUAGE= -- --nosuchoption
ok "ja: a usage error of the program in Japanese" \
	eval '[ "$rc" = 2 ] && contains "$err" "オプション"'

# ---- the interactive shell in Japanese (tmux) ----

if ! command -v tmux >/dev/null 2>&1; then
	while [ "$tap_count" -lt 25 ]; do
		skip "the shell in Japanese" "tmux not installed"
	done
	tap_done
fi

tsu_tmux i18n
# A mother whose interview at about 8 months is overdue by 2026-07-20.
answers='--set family_name=山田 --set given_name=花子
	--set family_name_kana=ヤマダ --set given_name_kana=ハナコ
	--set birth_date=1995-04-01 --set notified_on=2026-01-10
	--set due_date=2026-08-01'
tsu_run --db "$TSU_TMP/i.db" --staff nurse1 --today 2026-01-20 \
	-c "intake pregnancy $answers"
have_intake=no
[ "$rc" = 0 ] && have_intake=yes
t new-session -d -s ja -x 160 -y 40 \
	"env LC_ALL= LANGUAGE= LANG=ja_JP.UTF-8 INPUTRC=/dev/null '$TSUNAGU' \
		--db '$TSU_TMP/i.db' --staff nurse1 --today 2026-07-20 \
		--no-init; sleep 30"

ok "tmux ja: the greeting is Japanese" \
	wait_for ja 'help で使い方、quit で終了'
t send-keys -t ja -l help
t send-keys -t ja Enter
ok "tmux ja: help lists the commands in Japanese" \
	wait_for ja '^ +quit +シェルを終了する'
if [ $have_intake = no ]; then
	while [ "$tap_count" -lt 25 ]; do
		skip "the shell in Japanese" "intake pregnancy failed"
	done
	tap_done
fi
t send-keys -t ja C-l
ok "tmux ja: the prompt counts what is overdue in Japanese" \
	wait_for ja '^tsunagu nurse1 \[期限超過 1\]> ?$'
line=$(printf '%s' "intake pregnancy $answers" | tr '\n\t' '  ')
t send-keys -t ja -l "$line"
t send-keys -t ja Enter
ok "tmux ja: a form asks in Japanese how to go on, under its title" \
	wait_for ja '^妊娠届出面接 \(pregnancy\).*Ctrl-C で様式を中止、\* は必須、Enter で飛ばす'
t send-keys -t ja C-c
ok "tmux ja: Ctrl-C abandons the form, confirmed in Japanese" \
	wait_for ja '中止しました（Ctrl-C）'
# Again, skipping every question the form asks: the mother is known.
t send-keys -t ja C-l
t send-keys -t ja -l "$line"
t send-keys -t ja Enter
known() {
	_n=0
	while [ $_n -lt 60 ]; do
		out=$(screen ja)
		contains "$out" 'P1 はすでに登録されています' && return 0
		printf '%s\n' "$out" | tail -n 3 | grep -q ': *$' &&
			t send-keys -t ja Enter
		sleep 0.3
		_n=$((_n + 1))
	done
	return 1
}
ok "tmux ja: intake confirms in Japanese that she is already registered" known
tap_done
