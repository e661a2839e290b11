#!/bin/sh
# parts.sh - parts of plugins, loaded on first use (host->part_load): a
# test plugin whose command needs its part, laid out as installed
# (DIR/parted.so, DIR/parted/greet.so); the part loaded once; a missing
# part failing only that command, naming the file; and the bundled
# plugins starting without Cairo, Pango or libxlsxwriter.

. "${top_srcdir:-$(dirname "$0")/../..}/tests/shell/lib.sh"
tsu_setup

built=${top_builddir:-.}/tests/part/.libs
if [ ! -f "$built/parted.so" ] || [ ! -f "$built/greet.so" ]; then
	echo "1..0 # SKIP the test plugin is not built (make check builds it)"
	exit 0
fi

tap_plan 8

T=$TSU_TMP
mkdir -p "$T/with/parted" "$T/without"
chmod 755 "$T/with" "$T/with/parted" "$T/without"
cp "$built/parted.so" "$T/with/parted.so"
cp "$built/greet.so" "$T/with/parted/greet.so"
cp "$built/parted.so" "$T/without/parted.so"
chmod 644 "$T/with/parted.so" "$T/with/parted/greet.so" "$T/without/parted.so"

tsu_run --staff admin1 --plugin-dir "$T/with" -c "greet-part 花子" \
	-c "greet-part"
ok "a command of the plugin runs its part" \
	eval '[ "$rc" = 0 ] && contains "$out" "Hello 花子 (call 1)"'
ok "the part is loaded once and kept" contains "$out" "Hello world (call 2)"
ok "the part folder is not taken for plugins" \
	eval '! contains "$err" "greet.so"'

tsu_run --staff admin1 --plugin-dir "$T/without" -c "plugins"
ok "without its part the plugin still loads" \
	eval '[ "$rc" = 0 ] && contains "$out" "parted"'
tsu_run --staff admin1 --plugin-dir "$T/without" -c "greet-part"
ok "the command that needs the part fails, naming the file" \
	eval '[ "$rc" = 1 ] && contains "$err" "tsunagu: greet-part: $T/without/parted/greet.so" && contains "$err" "the greet part of the parted plugin"'

chmod 666 "$T/with/parted/greet.so"
tsu_run --staff admin1 --plugin-dir "$T/with" -c "greet-part"
ok "a part others may change is refused like a plugin" \
	eval '[ "$rc" = 1 ] && contains "$err" "writable by group or others"'

# The bundled plugins: their PDF and Excel writers are parts.
if command -v strace >/dev/null 2>&1; then
	strace -f -e trace=openat -o "$T/trace" "$TSUNAGU" --no-init \
		--staff admin1 -c plugins >/dev/null 2>&1
	ok "starting loads no Cairo, Pango or libxlsxwriter" \
		eval '! grep -E "lib(cairo|pango|xlsxwriter)[^\"]*\.so[^\"]*\", [^)]*\) = [0-9]" "$T/trace" >/dev/null'
else
	skip "starting loads no Cairo, Pango or libxlsxwriter" "no strace"
fi
for p in export/pdf export/xlsx plan/pdf; do
	[ -e "${top_builddir:-.}/plugins/.libs/$p.so" ] || missing="$missing $p"
done
ok "the parts are beside the plugins in the build tree" [ -z "$missing" ]

tap_done
