/* width_test.c - UTF-8 decoding, character widths and truncation. */
#include <string.h>

#include "tap.h"
#include "width.h"

/* Truncate S to COLS columns in a roomy buffer; check the text and width. */
static void check_cut(const char *s, int cols, const char *want, int want_w,
		      const char *name)
{
	char buf[256];
	int w = tsu_text_truncate(s, cols, buf, sizeof(buf));

	is_str(buf, want, name);
	is_int(w, want_w, name);
	ok(tsu_utf8_valid(buf, strlen(buf)) || !tsu_utf8_valid(s, strlen(s)),
	   "truncated text is still valid UTF-8");
	ok(tsu_text_width(buf) == w && w <= (cols > 0 ? cols : 0),
	   "width reported matches and stays within the limit");
}

int main(void)
{
	unsigned cp = 0;
	char buf[16];
	int w;

	/* Decoding. */
	is_int(tsu_utf8_decode("A", 1, &cp), 1, "decode ASCII length");
	is_int(cp, 'A', "decode ASCII value");
	is_int(tsu_utf8_decode("\xC3\xA9", 2, &cp), 2, "decode 2 bytes");
	is_int(cp, 0xE9, "decode U+00E9");
	is_int(tsu_utf8_decode("山", 3, &cp), 3, "decode 3 bytes");
	is_int(cp, 0x5C71, "decode 山");
	is_int(tsu_utf8_decode("\xF0\x9F\x98\x80", 4, &cp), 4,
	       "decode 4 bytes");
	is_int(cp, 0x1F600, "decode U+1F600");
	is_int(tsu_utf8_decode("", 0, &cp), -1, "nothing to decode");
	is_int(tsu_utf8_decode("\x80", 1, &cp), -1, "lone continuation byte");
	is_int(tsu_utf8_decode("\xC0\xAF", 2, &cp), -1, "overlong 2 bytes");
	is_int(tsu_utf8_decode("\xE0\x80\xAF", 3, &cp), -1, "overlong 3 bytes");
	is_int(tsu_utf8_decode("\xF0\x80\x80\xAF", 4, &cp), -1,
	       "overlong 4 bytes");
	is_int(tsu_utf8_decode("\xED\xA0\x80", 3, &cp), -1, "surrogate");
	is_int(tsu_utf8_decode("\xF4\x90\x80\x80", 4, &cp), -1,
	       "beyond U+10FFFF");
	is_int(tsu_utf8_decode("\xE5\xB1", 2, &cp), -1, "truncated sequence");
	is_int(tsu_utf8_decode("\xE5\x41\xB1", 3, &cp), -1,
	       "bad continuation byte");
	is_int(tsu_utf8_decode("\xFF", 1, &cp), -1, "byte 0xFF");
	ok(tsu_utf8_valid("山田 花子 abc", strlen("山田 花子 abc")),
	   "valid Japanese and ASCII text");
	ok(tsu_utf8_valid("", 0), "empty buffer is valid");
	ok(!tsu_utf8_valid("ab\xE5\xB1", 4), "text cut inside a character");
	ok(!tsu_utf8_valid("\x83\x52", 2), "CP932 bytes are not UTF-8");

	/* Character widths. */
	is_int(tsu_char_width('a'), 1, "ASCII letter");
	is_int(tsu_char_width('\t'), 0, "tab is a control character");
	is_int(tsu_char_width(0x7F), 0, "DEL");
	is_int(tsu_char_width(0x85), 0, "C1 control");
	is_int(tsu_char_width(0x5C71), 2, "kanji 山");
	is_int(tsu_char_width(0x9AD9), 2, "kanji 髙");
	is_int(tsu_char_width(0xFA11), 2, "compatibility ideograph 﨑");
	is_int(tsu_char_width(0x20B9F), 2, "CJK extension B 𠮟");
	is_int(tsu_char_width(0x3042), 2, "hiragana あ");
	is_int(tsu_char_width(0x30A2), 2, "katakana ア");
	is_int(tsu_char_width(0x3000), 2, "ideographic space");
	is_int(tsu_char_width(0x301C), 2, "wave dash");
	is_int(tsu_char_width(0xAC00), 2, "hangul syllable");
	is_int(tsu_char_width(0xFF71), 1, "half-width katakana ｱ");
	is_int(tsu_char_width(0xFF9F), 1, "half-width semi-voiced mark");
	is_int(tsu_char_width(0xFF11), 2, "full-width digit １");
	is_int(tsu_char_width(0xFF01), 2, "full-width exclamation mark");
	is_int(tsu_char_width(0xFF5E), 2, "full-width tilde");
	is_int(tsu_char_width(0xFFE5), 2, "full-width yen sign");
	is_int(tsu_char_width(0x0301), 0, "combining acute accent");
	is_int(tsu_char_width(0x3099), 0, "combining kana voiced mark");
	is_int(tsu_char_width(0x309A), 0, "combining kana semi-voiced mark");
	is_int(tsu_char_width(0x309B), 2, "spacing kana voiced mark");
	is_int(tsu_char_width(0x200B), 0, "zero width space");
	is_int(tsu_char_width(0x200D), 0, "zero width joiner");
	is_int(tsu_char_width(0x200F), 0, "right-to-left mark");
	is_int(tsu_char_width(0xFE0F), 0, "variation selector 16");
	is_int(tsu_char_width(0xE0100), 0, "ideographic variation selector");
	is_int(tsu_char_width(0xFEFF), 0, "byte order mark");
	is_int(tsu_char_width(0x1F600), 2, "emoji 😀");
	is_int(tsu_char_width(0x1F476), 2, "emoji 👶");
	is_int(tsu_char_width(0x1FAE0), 2, "emoji in U+1FAxx");
	is_int(tsu_char_width(0x2026), 1, "ellipsis");
	is_int(tsu_char_width(0x2500), 1, "box drawing");
	is_int(tsu_char_width(0x00E9), 1, "Latin-1 letter");
	is_int(tsu_char_width(0x00AD), 1, "soft hyphen");

	/* Text widths. */
	is_int(tsu_text_width(NULL), 0, "NULL text");
	is_int(tsu_text_width(""), 0, "empty text");
	is_int(tsu_text_width("hello"), 5, "ASCII text");
	is_int(tsu_text_width("山田 花子"), 9, "kanji name with a space");
	is_int(tsu_text_width("やまだ はなこ"), 13, "hiragana");
	is_int(tsu_text_width("ヤマダ"), 6, "katakana");
	is_int(tsu_text_width("ﾔﾏﾀﾞ ﾊﾅｺ"), 8, "half-width katakana");
	is_int(tsu_text_width("０９０－１２３４"), 16, "full-width digits");
	is_int(tsu_text_width("e\xCC\x81"), 1, "e and a combining accent");
	is_int(tsu_text_width("か\xE3\x82\x99"), 2,
	       "か and a combining voiced mark");
	is_int(tsu_text_width("ok😀"), 4, "ASCII and an emoji");
	is_int(tsu_text_width("a\xFF\xFE" "b"), 4,
	       "invalid bytes count one each");
	is_int(tsu_text_width("\xE5\xB1"), 2, "cut character counts per byte");

	/* Truncation. */
	check_cut("hello", 10, "hello", 5, "short text is kept");
	check_cut("hello", 5, "hello", 5, "text exactly as wide is kept");
	check_cut("hello world", 8, "hello w…", 8, "ASCII cut with …");
	check_cut("山田 花子", 9, "山田 花子", 9, "name exactly as wide");
	check_cut("山田 花子", 8, "山田 花…", 8, "kanji cut with …");
	check_cut("山田 花子", 7, "山田 …", 6,
		  "no half a kanji: one column stays empty");
	check_cut("山田", 1, "…", 1, "only the ellipsis fits");
	check_cut("山田", 0, "", 0, "zero columns");
	check_cut("abc", -3, "", 0, "negative columns");
	check_cut("ｱｲｳｴｵ", 3, "ｱｲ…", 3, "half-width katakana cut");
	check_cut("e\xCC\x81" "e\xCC\x81" "e\xCC\x81", 2,
		  "e\xCC\x81…", 2, "combining mark stays with its letter");
	check_cut("😀😀😀", 4, "😀…", 3, "emoji are never split");
	check_cut(NULL, 5, "", 0, "NULL text");

	/* A small buffer limits the bytes as well. */
	w = tsu_text_truncate("山田花子", 20, buf, 8);
	is_str(buf, "山…", "byte limit cuts whole characters and adds …");
	is_int(w, 3, "byte-limited width");
	w = tsu_text_truncate("山田花子", 20, buf, 3);
	is_str(buf, "", "no room for a kanji or the ellipsis");
	is_int(w, 0, "nothing copied");
	w = tsu_text_truncate("abcdef", 20, buf, 4);
	is_str(buf, "…", "a cut text ends with … whenever it fits");
	is_int(w, 1, "ellipsis-only width");
	w = tsu_text_truncate("abcdef", 20, buf, 3);
	is_str(buf, "ab", "no room for the ellipsis: plain cut");
	is_int(w, 2, "plain cut width");
	buf[0] = 'x';
	is_int(tsu_text_truncate("abc", 5, buf, 0), 0, "zero-size buffer");
	is_int(buf[0], 'x', "zero-size buffer is not written");

	return tap_done();
}
