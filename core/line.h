/* line.h - splitting a shell line into words. */
#ifndef TSU_LINE_H
#define TSU_LINE_H

#include <stddef.h>

/* The longest line taken, in bytes. */
#define LINE_MAX_BYTES 65536

/* Check the LEN bytes of LINE: at most LINE_MAX_BYTES, no NUL byte,
 * valid UTF-8.  Returns 0, or -1 with *ERRMSG (malloc'd) naming the
 * fault and its column (in characters, 1-based). */
int line_check(const char *line, size_t len, char **errmsg);

/* Split LINE into words: blanks (space, tab, U+3000) separate them,
 * "..." quotes (with \" and \\ inside), and a quoted part may join
 * unquoted text ("--note=a b" stays one word).  On success *ARGV is a
 * NULL-terminated array of malloc'd words (free with line_free) and the
 * count is returned; on error (unterminated quote, invalid UTF-8, a NUL
 * byte, a line over 64 KiB) -1 with *errmsg. */
int line_split(const char *line, size_t len, char ***argv, char **errmsg);
void line_free(char **argv);

/* Depth of unclosed parentheses in Scheme text S (strings, characters
 * and comments skipped); 0 when balanced, negative when too many close. */
int line_paren_depth(const char *s);

/* 1 when LINE (after blanks) starts a Scheme expression. */
int line_is_scheme(const char *line);

#endif
