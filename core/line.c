/* line.c - the shell-line parser: words, quotes, and the balance of
 * Scheme lines that continue over several lines. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "i18n.h"
#include "line.h"
#include "width.h"

/* Length of the blank at S (space, tab, CR, LF or U+3000), or 0. */
static int blank_len(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		return 1;
	if ((unsigned char)s[0] == 0xe3 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] == 0x80)
		return 3;
	return 0;
}

void line_free(char **argv)
{
	char **p;

	if (!argv)
		return;
	for (p = argv; *p; p++)
		free(*p);
	free(argv);
}

/* Number of characters in the LEN bytes at S (valid UTF-8). */
static size_t char_count(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

int line_check(const char *line, size_t len, char **errmsg)
{
	const char *nul;
	size_t i = 0;
	unsigned cp;
	int n;

	if (len > LINE_MAX_BYTES) {
		*errmsg = tsu_strdup_printf(
		    _("the line is too long (%zu bytes; at most %d)"), len,
		    LINE_MAX_BYTES);
		return -1;
	}
	nul = memchr(line, '\0', len);
	while (i < len) {
		n = tsu_utf8_decode(line + i, len - i, &cp);
		if (n < 0 || (nul && line + i == nul))
			break;
		i += (size_t)n;
	}
	if (i == len)
		return 0;
	if (nul && line + i == nul)
		*errmsg = tsu_strdup_printf(
		    _("the line holds a NUL byte at column %zu"),
		    char_count(line, i) + 1);
	else
		*errmsg = tsu_strdup_printf(_("the line is not valid UTF-8 at "
					      "column %zu (byte 0x%02x)"),
					    char_count(line, i) + 1,
					    (unsigned char)line[i]);
	return -1;
}

int line_split(const char *line, size_t len, char ***argv, char **errmsg)
{
	char **words = NULL, *word;
	size_t i = 0, wlen;
	int n = 0, cap = 0;

	if (line_check(line, len, errmsg) < 0)
		return -1;
	word = tsu_alloc(len + 1);
	for (;;) {
		int quoted = 0, in_word = 0, b;

		while (i < len && (b = blank_len(line + i)) > 0)
			i += b;
		if (i >= len)
			break;
		wlen = 0;
		while (i < len) {
			char c = line[i];

			if (quoted) {
				if (c == '"') {
					quoted = 0;
					i++;
					continue;
				}
				if (c == '\\' && i + 1 < len &&
				    (line[i + 1] == '"' || line[i + 1] == '\\'))
					c = line[++i];
				word[wlen++] = c;
				i++;
				continue;
			}
			if (blank_len(line + i))
				break;
			if (c == '"') {
				quoted = in_word = 1;
				i++;
				continue;
			}
			word[wlen++] = c;
			in_word = 1;
			i++;
		}
		if (quoted) {
			*errmsg = tsu_strdup(
			    _("unterminated quote: a \" is missing"));
			free(word);
			words = words ? words : tsu_alloc(sizeof(char *));
			words[n] = NULL;
			line_free(words);
			return -1;
		}
		(void)in_word;
		if (n + 2 > cap) {
			cap = cap ? cap * 2 : 8;
			words = tsu_realloc(words, cap * sizeof(char *));
		}
		word[wlen] = '\0';
		words[n++] = tsu_strdup(word);
	}
	free(word);
	if (!words)
		words = tsu_alloc(sizeof(char *));
	words[n] = NULL;
	*argv = words;
	return n;
}

int line_paren_depth(const char *s)
{
	int depth = 0, in_string = 0;

	for (; *s; s++) {
		if (in_string) {
			if (*s == '\\' && s[1])
				s++;
			else if (*s == '"')
				in_string = 0;
			continue;
		}
		switch (*s) {
		case '"':
			in_string = 1;
			break;
		case ';':
			while (s[1] && s[1] != '\n')
				s++;
			break;
		case '#':
			if (s[1] == '\\' && s[2])
				s += 2; /* a character like #\( */
			break;
		case '(':
		case '[':
			depth++;
			break;
		case ')':
		case ']':
			depth--;
			break;
		}
	}
	return in_string && depth <= 0 ? 1 : depth;
}

int line_is_scheme(const char *line)
{
	while (*line == ' ' || *line == '\t')
		line++;
	return *line == '(';
}
