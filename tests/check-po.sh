#!/bin/sh
# check-po.sh [SRCDIR] - is every message of the sources translated?
#
#   1. Every source file with a marked message (_( or N_( in C, (G_ in
#      Scheme) is listed in po/POTFILES.in, and every file listed exists.
#   2. The template made afresh from those files with xgettext (with the
#      options of po/Makevars), merged with po/ja.po, has no untranslated
#      and no fuzzy message, and passes msgfmt --check.
#
# Prints each problem and exits 1 when there is one, 0 otherwise.
# Needs xgettext, msgmerge and msgfmt (gettext).
set -u
srcdir=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$srcdir" || exit 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-po.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
status=0

listed=$tmp/listed
sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' po/POTFILES.in |
	sort -u >"$listed"

# 1. The list of files.
while read -r f; do
	[ -f "$f" ] || {
		echo "po/POTFILES.in: $f: no such file"
		status=1
	}
done <"$listed"
for f in core/*.c plugins/*/*.c core/*.scm scripts/scheme/*.scm; do
	[ -f "$f" ] || continue
	case $f in
	*.c) grep -Eq '(^|[^A-Za-z0-9_])N?_\(' "$f" || continue ;;
	*.scm) grep -q '(G_ ' "$f" || continue ;;
	esac
	grep -qxF "$f" "$listed" || {
		echo "$f: has messages but is missing from po/POTFILES.in"
		status=1
	}
done

# 2. The catalogue against the sources as they are now.
opts=$(sed -n '/^XGETTEXT_OPTIONS/,/[^\\]$/p' po/Makevars |
	sed -e 's/^XGETTEXT_OPTIONS[[:space:]]*=//' -e 's/\\$//' | tr '\n' ' ')
# shellcheck disable=SC2086
if ! xgettext $opts -o "$tmp/tsunagu.pot" -f "$listed" 2>"$tmp/xgettext.err"
then
	cat "$tmp/xgettext.err"
	echo "xgettext failed"
	exit 1
fi
if ! msgmerge --quiet -o "$tmp/ja.po" po/ja.po "$tmp/tsunagu.pot" \
	2>"$tmp/msgmerge.err"; then
	cat "$tmp/msgmerge.err"
	echo "msgmerge failed"
	exit 1
fi
if ! msgfmt --check --statistics -o /dev/null "$tmp/ja.po" \
	2>"$tmp/stats"; then
	cat "$tmp/stats"
	echo "po/ja.po: msgfmt --check fails"
	exit 1
fi
if grep -Eq 'untranslated|fuzzy' "$tmp/stats"; then
	echo "po/ja.po: $(cat "$tmp/stats")"
	# Name the messages, so that the translator sees what to do.
	msgattrib --no-wrap --untranslated --no-obsolete "$tmp/ja.po" 2>/dev/null |
		sed -n 's/^msgid "\([^"].*\)/  untranslated: "\1/p' | head -40
	msgattrib --no-wrap --only-fuzzy --no-obsolete "$tmp/ja.po" 2>/dev/null |
		sed -n 's/^msgid "\([^"].*\)/  fuzzy: "\1/p' | head -40
	status=1
fi
exit $status
