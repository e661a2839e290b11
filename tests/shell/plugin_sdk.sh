#!/bin/sh
# plugin_sdk.sh - what a plugin author gets: the build installed into a
# temporary root gives the header and the pkg-config file; the complete
# minimal plugin printed in man/tsunagu-plugin.3 (taken from the page, so
# the manual cannot fall behind) builds against them out of tree, loads in
# the real program with --plugin-dir and runs.  Both manual pages render
# without warnings.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"

for tool in pkg-config cc make; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "1..0 # SKIP $tool not installed"
		exit 0
	fi
done

tsu_setup
cd "$TSU_TMP" || exit 99
LC_ALL=C.UTF-8
export LC_ALL
tap_plan 9

page=$top_srcdir/man/tsunagu-plugin.3
root=$TSU_TMP/root

make -s -C "$top_builddir" install DESTDIR="$root" >install.log 2>&1
irc=$?
ok "the build installs into a temporary root" test "$irc" -eq 0
sed 's/^/# /' install.log | tail -5

pc=$(find "$root" -name tsunagu-plugin.pc | head -1)
hdr=$(find "$root" -name tsunagu-plugin.h | head -1)
ok "the header and the pkg-config file are installed" \
	eval 'test -n "$pc" && test -n "$hdr"'
ok "both manual pages are installed" \
	eval 'test -n "$(find "$root" -name tsunagu-scheme.7)" &&
	      test -n "$(find "$root" -name tsunagu-plugin.3)"'

# The plugin's source as the page prints it: between the markers, roff's
# escapes (\e a backslash, \- a minus) undone.
sed -n '/^\.\\" BEGIN memo\.c$/,/^\.\\" END memo\.c$/p' "$page" |
	sed -e '1d' -e '$d' -e '/^\.E[XE]$/d' -e 's/\\-/-/g' -e 's/\\e/\\/g' \
		>memo.c
ok "the manual holds the minimal plugin between its markers" \
	eval 'test "$(wc -l <memo.c)" -gt 50 && grep -q TSU_PLUGIN_DEFINE memo.c'

PKG_CONFIG_PATH=$(dirname "$pc")
PKG_CONFIG_SYSROOT_DIR=$root
export PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR
flags=$(pkg-config --cflags --libs tsunagu-plugin 2>pkg.err)
mkdir -p plugins
# shellcheck disable=SC2086 # the flags are words
cc -shared -fPIC -Wall -o plugins/memo.so memo.c $flags >cc.log 2>&1
crc=$?
ok "it builds out of tree against the installed header (pkg-config)" \
	eval 'test "$crc" -eq 0 && contains "$flags" "$root"'
sed 's/^/# /' pkg.err cc.log | head -10

tsu_run --plugin-dir "$TSU_TMP/plugins" --staff nurse1 -c plugins
ok "the program loads it from --plugin-dir" \
	eval 'test "$rc" -eq 0 && contains "$out" "memo" &&
	      contains "$out" "short memos"'

tsu_run --plugin-dir "$TSU_TMP/plugins" --staff nurse1 --today 2026-04-02 \
	-c 'intake pregnancy --set family_name=森 --set given_name=葵
	--set family_name_kana=もり --set given_name_kana=あおい
	--set birth_date=1994-06-01 --set notified_on=2026-04-01
	--set due_date=2026-11-10' \
	-c 'memo P1 "電話がつながらない"' -c 'config date-style wareki' \
	-c 'memo list P1' -c 'show P1'
ok "its command runs: a memo kept, listed and on the timeline" \
	eval 'test "$rc" -eq 0 && contains "$out" "M1" &&
	      contains "$out" "令和8年4月2日" &&
	      contains "$out" "電話がつながらない"'
tsu_run --plugin-dir "$TSU_TMP/plugins" --staff nurse1 -c 'memo P99 x'
ok "and it reports a bad id as the host does" \
	eval 'test "$rc" -eq 1 && contains "$err" "memo:"'

warn() {
	for m in tsunagu-scheme.7 tsunagu-plugin.3; do
		man --warnings -l "$top_srcdir/man/$m" 2>&1 >/dev/null
	done
}
if command -v man >/dev/null 2>&1; then
	w=$(warn)
	ok "man renders both pages without warnings" test -z "$w"
	printf '%s\n' "$w" | sed -n '1,10s/^/# /p'
else
	skip "man renders both pages without warnings" "man not installed"
fi

tap_done
