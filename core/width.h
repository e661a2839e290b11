/* width.h - display width of UTF-8 text, independent of the locale.
 *
 * Terminal columns are counted the way East Asian terminals show them:
 * kanji, kana, hangul, full-width forms and emoji take two columns,
 * combining marks and zero-width characters none, everything else one.
 * East Asian "ambiguous" characters count as one column. */
#ifndef TSU_WIDTH_H
#define TSU_WIDTH_H

#include <stddef.h>

/* Decode the UTF-8 character at the start of S (LEN bytes available) into
 * *CP. Returns the number of bytes it takes (1..4), or -1 when the bytes are
 * not valid UTF-8 (truncated, overlong, a surrogate, beyond U+10FFFF) or
 * LEN is 0; *CP is then left untouched. */
int tsu_utf8_decode(const char *s, size_t len, unsigned *cp);

/* Returns 1 if the LEN bytes at S are all valid UTF-8, 0 otherwise. */
int tsu_utf8_valid(const char *s, size_t len);

/* Number of columns code point CP takes: 0 for control characters,
 * combining marks and zero-width characters (U+200B-200F, variation
 * selectors, the kana voicing marks U+3099/309A), 2 for East Asian Wide and
 * Fullwidth characters and the emoji in U+1F300-1FAFF, 1 otherwise
 * (half-width katakana U+FF61-FF9F included). */
int tsu_char_width(unsigned cp);

/* Display width of the NUL-terminated UTF-8 string S (0 for NULL). Each byte
 * that is not part of a valid character counts as one column. */
int tsu_text_width(const char *s);

/* Copy S into BUF (SIZE bytes, always NUL-terminated when SIZE > 0),
 * truncated to at most COLS display columns and SIZE - 1 bytes without ever
 * splitting a character. When S had to be cut, the copy ends with "…"
 * (one column), still within COLS. Returns the display width of the copy. */
int tsu_text_truncate(const char *s, int cols, char *buf, size_t size);

#endif
