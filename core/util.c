/* util.c - memory, formatting and messages used across the core. */
#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "i18n.h"

struct tsu_app app;

static void out_of_memory(void)
{
	fputs(_("tsunagu: out of memory\n"), stderr);
	abort();
}

void *tsu_alloc(size_t size)
{
	void *p = calloc(1, size ? size : 1);

	if (!p)
		out_of_memory();
	return p;
}

void *tsu_realloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

char *tsu_strdup(const char *s)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		out_of_memory();
	return d;
}

char *tsu_strdup_printf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		out_of_memory();
	va_end(ap);
	return s;
}

void tsu_warn(const char *what, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, _("tsunagu: %s: "), what);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Decode S into code points; returns their number (at most MAX). */
static int to_codepoints(const char *s, unsigned *cp, int max)
{
	const unsigned char *p = (const unsigned char *)s;
	int n = 0;

	while (*p && n < max) {
		unsigned c = *p++;
		int extra = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;

		c &= extra == 3 ? 0x07 : extra == 2 ? 0x0f : extra ? 0x1f : 0xff;
		while (extra-- > 0 && (*p & 0xc0) == 0x80)
			c = (c << 6) | (*p++ & 0x3f);
		cp[n++] = c;
	}
	return n;
}

int tsu_edit_distance(const char *a, const char *b)
{
	unsigned ca[64], cb[64];
	int na = to_codepoints(a, ca, 64), nb = to_codepoints(b, cb, 64);
	int row[65], i, j;

	for (j = 0; j <= nb; j++)
		row[j] = j;
	for (i = 1; i <= na; i++) {
		int diag = row[0];

		row[0] = i;
		for (j = 1; j <= nb; j++) {
			int up = row[j];
			int best = diag + (ca[i - 1] != cb[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[nb];
}
