/* line.c - fuzz target for the shell-line parser (core/line.c).
 *
 * Any bytes go to line_split().  A line it accepts must give words that
 * are valid UTF-8 without NUL bytes, and quoting those words again must
 * give the same words back (when that line is not over the limit).  The same
 * bytes, cut at the first NUL, also go to line_paren_depth() and
 * line_is_scheme(). */
#include <config.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "line.h"
#include "width.h"

/* ARGV (N words) written as one line: each word in quotes, with " and \
 * escaped.  Returns a malloc'd line and its length in *LEN. */
static char *requote(char **argv, int n, size_t *len)
{
	size_t cap = 1, o = 0;
	char *s, *p;
	int i;

	for (i = 0; i < n; i++)
		cap += 2 * strlen(argv[i]) + 3;
	s = malloc(cap);
	if (!s)
		abort();
	for (i = 0; i < n; i++) {
		if (i)
			s[o++] = ' ';
		s[o++] = '"';
		for (p = argv[i]; *p; p++) {
			if (*p == '"' || *p == '\\')
				s[o++] = '\\';
			s[o++] = *p;
		}
		s[o++] = '"';
	}
	s[o] = '\0';
	*len = o;
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char **argv = NULL, **again = NULL, *msg = NULL, *text, *line;
	size_t len;
	int n, m, i;

	n = line_split((const char *)data, size, &argv, &msg);
	if (n < 0) {
		FUZZ_CHECK(msg != NULL && *msg != '\0');
		FUZZ_CHECK(argv == NULL);
		free(msg);
	} else {
		FUZZ_CHECK(size <= 65536 && memchr(data, 0, size) == NULL);
		FUZZ_CHECK(argv[n] == NULL);
		for (i = 0; i < n; i++)
			FUZZ_CHECK(tsu_utf8_valid(argv[i], strlen(argv[i])));
		line = requote(argv, n, &len);
		if (len <= 65536) {
			m = line_split(line, len, &again, &msg);
			FUZZ_CHECK(m == n);
			for (i = 0; i < n; i++)
				FUZZ_CHECK(strcmp(argv[i], again[i]) == 0);
			line_free(again);
		}
		free(line);
		line_free(argv);
	}

	text = fuzz_text(data, size);
	(void)line_paren_depth(text);
	(void)line_is_scheme(text);
	free(text);
	return 0;
}
