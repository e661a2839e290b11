/* date.c - dates in ISO and Japanese era (和暦) form, day arithmetic and
 * fiscal years (年度). */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "i18n.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define STR_(x) #x
#define STR(x) STR_(x)

#define YEAR_MIN 1 /* range of a valid ISO date */
#define YEAR_MAX 9999
#define INPUT_YEAR_MIN 1868 /* range of a typed date */

#define QUOTE_SIZE (4 * TSU_DATE_INPUT_MAX + 8)
#define QUOTE_LONG 32 /* bytes shown of an over-long input */

struct era {
	char name[TSU_ERA_NAME_MAX + 1];
	char abbrev; /* upper-case ASCII letter */
	int y, m, d; /* first day */
};

static const struct era builtin_eras[] = {
	{ "明治", 'M', 1868, 10, 23 }, { "大正", 'T', 1912, 7, 30 },
	{ "昭和", 'S', 1926, 12, 25 }, { "平成", 'H', 1989, 1, 8 },
	{ "令和", 'R', 2019, 5, 1 },
};

/* Eras defined at run time, sorted by start; NULL means the built-in ones. */
static struct era *era_tab;
static size_t era_len, era_cap;

/* ---- Calendar ---------------------------------------------------------- */

/* Returns 1 if Y is a Gregorian leap year. */
static int is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Number of days in month M (1..12) of year Y. */
static int month_days(long y, int m)
{
	static const int len[12] = { 31, 28, 31, 30, 31, 30,
				     31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* Days from 1970-01-01 to Y-M-D (proleptic Gregorian, any Y). */
static long days_from_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Split DAYS since 1970-01-01 into *Y, *M, *D. */
static void civil_from_days(long z, long *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Write Y-M-D (Y within 0..9999) into OUT as "YYYY-MM-DD". */
static void put_iso(char out[TSU_DATE_LEN], long y, int m, int d)
{
	out[0] = (char)('0' + y / 1000 % 10);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

/* Split ISO ("YYYY-MM-DD", a real date) into *Y, *M, *D.  Returns 0, or
 * -EINVAL if ISO is anything else. */
static int iso_split(const char *iso, long *y, int *m, int *d)
{
	static const char shape[] = "dddd-dd-dd";
	int i;

	if (!iso)
		return -EINVAL;
	for (i = 0; shape[i]; i++) {
		if (shape[i] == 'd' ? iso[i] < '0' || iso[i] > '9'
				    : iso[i] != shape[i])
			return -EINVAL;
	}
	if (iso[i])
		return -EINVAL;
	*y = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 +
	     (iso[2] - '0') * 10 + (iso[3] - '0');
	*m = (iso[5] - '0') * 10 + (iso[6] - '0');
	*d = (iso[8] - '0') * 10 + (iso[9] - '0');
	if (*y < YEAR_MIN || *m < 1 || *m > 12 || *d < 1 ||
	    *d > month_days(*y, *m))
		return -EINVAL;
	return 0;
}

/* ---- Messages ---------------------------------------------------------- */

/* Set *ERRMSG (if ERRMSG is not NULL) to a malloc'd printf-style message,
 * or to NULL when memory runs out. */
static void set_err(char **errmsg, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void set_err(char **errmsg, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!errmsg)
		return;
	*errmsg = NULL;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	*errmsg = malloc((size_t)n + 1);
	if (!*errmsg)
		return;
	va_start(ap, fmt);
	vsnprintf(*errmsg, (size_t)n + 1, fmt, ap);
	va_end(ap);
}

/* Decode the UTF-8 character at S (N bytes available) into *CP.  Returns
 * its length in bytes, or 0 if the bytes there are not valid UTF-8
 * (truncated, overlong, a surrogate, beyond U+10FFFF). */
static size_t utf8_get(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len, i;
	uint32_t c;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	if (s[0] < 0xe0) {
		len = 2;
		c = s[0] & 0x1f;
	} else if (s[0] < 0xf0) {
		len = 3;
		c = s[0] & 0x0f;
	} else {
		len = 4;
		c = s[0] & 0x07;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Write TEXT into OUT (QUOTE_SIZE bytes) in double quotes, with quotes,
 * backslashes, control characters and bytes that are not valid UTF-8
 * escaped.  Only the first LIMIT bytes are shown, followed by "..." when
 * TEXT is longer. */
static void quote(const char *text, size_t limit, char out[QUOTE_SIZE])
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text), i = 0, o = 0, len;
	uint32_t cp;

	out[o++] = '"';
	while (i < n) {
		len = utf8_get(s + i, n - i, &cp);
		if (i + (len ? len : 1) > limit) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (len == 0 || cp < 0x20 || cp == 0x7f) {
			o += (size_t)snprintf(out + o, 5, "\\x%02x", s[i]);
			i++;
			continue;
		}
		if (cp == '"' || cp == '\\')
			out[o++] = '\\';
		memcpy(out + o, s + i, len);
		o += len;
		i += len;
	}
	out[o++] = '"';
	out[o] = '\0';
}

/* ---- Eras -------------------------------------------------------------- */

/* The eras in force, sorted by start; *N is set to their number. */
static const struct era *eras(size_t *n)
{
	if (era_tab) {
		*n = era_len;
		return era_tab;
	}
	*n = ARRAY_SIZE(builtin_eras);
	return builtin_eras;
}

/* Days from 1970-01-01 to the first day of era E. */
static long era_start(const struct era *e)
{
	return days_from_civil(e->y, e->m, e->d);
}

/* The era DAYS falls in, or NULL if it is before the first one. */
static const struct era *era_at(long days)
{
	const struct era *tab, *found = NULL;
	size_t n, i;

	tab = eras(&n);
	for (i = 0; i < n && era_start(&tab[i]) <= days; i++)
		found = &tab[i];
	return found;
}

/* The era whose letter is C (either case), or NULL. */
static const struct era *era_by_letter(char c)
{
	const struct era *tab;
	size_t n, i;

	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	tab = eras(&n);
	for (i = 0; i < n; i++)
		if (tab[i].abbrev == c)
			return &tab[i];
	return NULL;
}

/* The era whose name begins S, the longest if several do, or NULL. */
static const struct era *era_by_name(const char *s)
{
	const struct era *tab, *found = NULL;
	size_t n, i, len, best = 0;

	tab = eras(&n);
	for (i = 0; i < n; i++) {
		len = strlen(tab[i].name);
		if (len > best && strncmp(s, tab[i].name, len) == 0) {
			found = &tab[i];
			best = len;
		}
	}
	return found;
}

/* Make the era table a malloc'd copy with room for one more era.  Returns
 * 0 or -ENOMEM. */
static int era_grow(void)
{
	struct era *tab;
	size_t cap;

	if (!era_tab) {
		cap = 2 * ARRAY_SIZE(builtin_eras);
		era_tab = malloc(cap * sizeof(*era_tab));
		if (!era_tab)
			return -ENOMEM;
		memcpy(era_tab, builtin_eras, sizeof(builtin_eras));
		era_len = ARRAY_SIZE(builtin_eras);
		era_cap = cap;
	}
	if (era_len < era_cap)
		return 0;
	cap = 2 * era_cap;
	tab = realloc(era_tab, cap * sizeof(*era_tab));
	if (!tab)
		return -ENOMEM;
	era_tab = tab;
	era_cap = cap;
	return 0;
}

/* Returns 1 if era E would be replaced by an era called NAME with letter
 * ABBREV. */
static int era_replaced(const struct era *e, const char *name, char abbrev)
{
	return strcmp(e->name, name) == 0 || e->abbrev == abbrev;
}

/* Check that NAME can be an era name.  Returns NULL, or why it cannot. */
static const char *era_name_problem(const char *name)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t n = strlen(name), i, len;
	uint32_t cp;

	if (n == 0)
		return _("is empty");
	if (n > TSU_ERA_NAME_MAX)
		return _("is too long (at most 32 bytes)");
	for (i = 0; i < n; i += len) {
		len = utf8_get(s + i, n - i, &cp);
		if (len == 0)
			return _("is not valid UTF-8");
		if (cp < 0x80 || cp == 0x3000 ||
		    (cp >= 0xff01 && cp <= 0xff5e))
			return _("may not contain ASCII, full-width forms or "
			       "blanks");
		if (cp == 0x5e74 || cp == 0x6708 || cp == 0x65e5 ||
		    cp == 0x5143)
			return _("may not contain 年, 月, 日 or 元");
	}
	return NULL;
}

/* Register an era, replacing any with the same name or letter. */
int tsu_era_define(const char *name, const char *abbrev, const char *start_iso,
		   char **errmsg)
{
	char q[QUOTE_SIZE];
	const struct era *tab;
	const char *why;
	struct era e;
	size_t n, i, j;
	long y;
	int m, d;

	if (!name || !abbrev || !start_iso) {
		set_err(errmsg, _("define-era: name, letter and start are needed"));
		return -EINVAL;
	}
	why = era_name_problem(name);
	if (why) {
		quote(name, TSU_DATE_INPUT_MAX, q);
		set_err(errmsg, _("define-era: era name %s %s"), q, why);
		return -EINVAL;
	}
	if (!((abbrev[0] >= 'A' && abbrev[0] <= 'Z') ||
	      (abbrev[0] >= 'a' && abbrev[0] <= 'z')) ||
	    abbrev[1] != '\0') {
		quote(abbrev, TSU_DATE_INPUT_MAX, q);
		set_err(errmsg,
			_("define-era: %s: letter %s is not a single ASCII letter"),
			name, q);
		return -EINVAL;
	}
	if (iso_split(start_iso, &y, &m, &d) < 0 || y < INPUT_YEAR_MIN) {
		quote(start_iso, TSU_DATE_INPUT_MAX, q);
		set_err(errmsg,
			_("define-era: %s: start %s is not a date written "
			"YYYY-MM-DD in 1868 to 9999"),
			name, q);
		return -EINVAL;
	}

	memset(&e, 0, sizeof(e));
	memcpy(e.name, name, strlen(name) + 1);
	e.abbrev = abbrev[0] >= 'a' ? (char)(abbrev[0] - 'a' + 'A')
				    : abbrev[0];
	e.y = (int)y;
	e.m = m;
	e.d = d;

	tab = eras(&n);
	for (i = 0; i < n; i++) {
		if (!era_replaced(&tab[i], e.name, e.abbrev) &&
		    era_start(&tab[i]) == era_start(&e)) {
			set_err(errmsg,
				_("define-era: %s: %s already starts on %s"),
				name, tab[i].name, start_iso);
			return -EINVAL;
		}
	}
	if (era_grow() < 0) {
		set_err(errmsg, _("define-era: %s: out of memory"), name);
		return -ENOMEM;
	}

	for (i = j = 0; i < era_len; i++)
		if (!era_replaced(&era_tab[i], e.name, e.abbrev))
			era_tab[j++] = era_tab[i];
	era_len = j;
	for (i = era_len; i > 0 && era_start(&era_tab[i - 1]) > era_start(&e);
	     i--)
		era_tab[i] = era_tab[i - 1];
	era_tab[i] = e;
	era_len++;
	return 0;
}

/* Drop the eras defined at run time. */
void tsu_era_reset(void)
{
	free(era_tab);
	era_tab = NULL;
	era_len = era_cap = 0;
}

/* Number of eras in force. */
size_t tsu_era_count(void)
{
	size_t n;

	eras(&n);
	return n;
}

/* Copy out era I. */
int tsu_era_get(size_t i, char name[TSU_ERA_NAME_MAX + 1], char *abbrev,
		char start[TSU_DATE_LEN])
{
	const struct era *tab;
	size_t n;

	tab = eras(&n);
	if (i >= n)
		return -ERANGE;
	if (name)
		memcpy(name, tab[i].name, strlen(tab[i].name) + 1);
	if (abbrev)
		*abbrev = tab[i].abbrev;
	if (start)
		put_iso(start, tab[i].y, tab[i].m, tab[i].d);
	return 0;
}

/* ---- Parsing ----------------------------------------------------------- */

/* Copy TEXT into OUT (as large as TEXT) with full-width digits, letters,
 * "/", "-", "." and the ideographic space made ASCII.  Returns 0, or -1
 * with *BAD set to the offset of the first byte that is not valid UTF-8. */
static int normalise(const char *text, char *out, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = strlen(text), i, len, o = 0;
	uint32_t cp;

	for (i = 0; i < n; i += len) {
		len = utf8_get(s + i, n - i, &cp);
		if (len == 0) {
			*bad = i;
			return -1;
		}
		if (cp >= 0xff10 && cp <= 0xff19)
			out[o++] = (char)('0' + cp - 0xff10);
		else if (cp >= 0xff21 && cp <= 0xff3a)
			out[o++] = (char)('A' + cp - 0xff21);
		else if (cp >= 0xff41 && cp <= 0xff5a)
			out[o++] = (char)('a' + cp - 0xff41);
		else if (cp == 0xff0f)
			out[o++] = '/';
		else if (cp == 0xff0d)
			out[o++] = '-';
		else if (cp == 0xff0e)
			out[o++] = '.';
		else if (cp == 0x3000)
			out[o++] = ' ';
		else {
			memcpy(out + o, s + i, len);
			o += len;
		}
	}
	out[o] = '\0';
	return 0;
}

/* Returns 1 for an ASCII blank (space, tab, line ends). */
static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

/* Returns 1 for an ASCII digit. */
static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Returns 1 for an ASCII letter. */
static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Returns 1 for a date separator. */
static int is_sep(char c)
{
	return c == '-' || c == '/' || c == '.';
}

/* Move *P past blanks. */
static void skip_blanks(const char **p)
{
	while (is_blank(**p))
		(*p)++;
}

/* If *P begins with WORD, move past it and return 1; else return 0. */
static int eat(const char **p, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(*p, word, n) != 0)
		return 0;
	*p += n;
	return 1;
}

/* Read the digits at *P into *VAL (saturating at 10^9) and move past them.
 * Returns how many there were. */
static int read_num(const char **p, long *val)
{
	int n = 0;

	*val = 0;
	while (is_digit(**p)) {
		if (*val < 1000000000L)
			*val = *val * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n;
}

#define TAIL_SIZE (QUOTE_SIZE + 200)
#define NOT_A_DATE                                                          \
	_("is not a date (expected a date such as 2026-04-01, R8.4.1 or "   \
	  "令和8年4月1日)")

/* The reason S is not a date, for the message: WHAT ("(no day)") when it
 * ends early, the examples when something else comes. */
static const char *missing(const char *s, const char *what)
{
	return *s ? _("(expected a date such as 2026-04-01, R8.4.1 or "
		      "令和8年4月1日)")
		  : what;
}

/* Parse S (normalised, trimmed) into *Y, *M, *D.  Returns 0, or -1 with
 * the rest of the message (what follows the quoted input) in TAIL. */
static int parse_text(const char *s, long *y, int *m, int *d, char *tail)
{
	const char *p = s, *q;
	const struct era *era = NULL;
	char sep = 0, rest[QUOTE_SIZE], alt[TSU_DATE_FORMAT_MAX];
	char iso[TSU_DATE_LEN];
	long ey = 0, v = 0, mon = 0, day = 0;
	int n, kanji = 0;

#define FAIL(...)                                                           \
	do {                                                                \
		snprintf(tail, TAIL_SIZE, __VA_ARGS__);                     \
		return -1;                                                  \
	} while (0)

	if (!*p)
		FAIL(_("is not a date (empty)"));

	/* The era, by letter or by name. */
	if (is_alpha(*p) && (is_digit(p[1]) || strncmp(p + 1, "元", 3) == 0)) {
		era = era_by_letter(*p);
		if (!era)
			FAIL(_("is not a date (unknown era letter %c)"), *p);
		p++;
	} else if ((unsigned char)*p >= 0x80) {
		era = era_by_name(p);
		if (era) {
			p += strlen(era->name);
		} else {
			for (q = p; (unsigned char)*q >= 0x80 &&
				    strncmp(q, "元", 3) != 0;
			     q++)
				;
			if (q > p && (is_digit(*q) || is_blank(*q) ||
				      strncmp(q, "元", 3) == 0))
				FAIL(_("is not a date (unknown era %.*s)"),
				     (int)(q - p), p);
			FAIL("%s", NOT_A_DATE);
		}
		skip_blanks(&p);
	}

	/* The year. */
	if (era) {
		if (eat(&p, "元")) {
			ey = 1;
		} else {
			q = p;
			n = read_num(&p, &ey);
			if (n == 0)
				FAIL(_("is not a date (no year after %s)"),
				     era->name);
			if (n > 4)
				FAIL(_("is not a date (year %.*s of %s)"), n, q,
				     era->name);
			if (ey == 0)
				FAIL(_("is not a date (year 0 of %s)"),
				     era->name);
		}
		*y = era->y + ey - 1;
	} else {
		q = p;
		n = read_num(&p, &v);
		if (n == 0)
			FAIL("%s", NOT_A_DATE);
		if (n == 8 && !*p) {
			*y = v / 10000;
			mon = v / 100 % 100;
			day = v % 100;
			goto check;
		}
		if (n < 4 && (is_sep(*p) || strncmp(p, "年", 3) == 0))
			FAIL(_("is not a date (year %.*s: write the year with 4 "
			     "digits or with an era, e.g. R8.4.1)"),
			     n, q);
		if (n > 4 && (is_sep(*p) || strncmp(p, "年", 3) == 0))
			FAIL(_("is not a date (year %.*s; only 1868 to 9999 are "
			     "accepted)"),
			     n, q);
		if (n != 4)
			FAIL("%s", NOT_A_DATE);
		*y = v;
	}

	/* 年 or the separator. */
	skip_blanks(&p);
	if (eat(&p, "年"))
		kanji = 1;
	else if (is_sep(*p))
		sep = *p++;
	else
		FAIL(_("is not a date %s"), missing(p, _("(no month)")));

	/* The month. */
	skip_blanks(&p);
	q = p;
	n = read_num(&p, &mon);
	if (n == 0)
		FAIL(_("is not a date %s"), missing(p, _("(no month)")));
	if (n > 2)
		FAIL(_("is not a date (month %.*s)"), n, q);
	skip_blanks(&p);
	if (kanji) {
		if (!eat(&p, "月"))
			FAIL(_("is not a date %s"), missing(p, _("(no day)")));
	} else if (*p == sep) {
		p++;
	} else if (is_sep(*p)) {
		FAIL(_("is not a date (mixed separators %c and %c)"), sep, *p);
	} else {
		FAIL(_("is not a date %s"), missing(p, _("(no day)")));
	}

	/* The day. */
	skip_blanks(&p);
	q = p;
	n = read_num(&p, &day);
	if (n == 0)
		FAIL(_("is not a date %s"), missing(p, _("(no day)")));
	if (n > 2)
		FAIL(_("is not a date (day %.*s)"), n, q);
	skip_blanks(&p);
	if (kanji && eat(&p, "日"))
		skip_blanks(&p);
	if (*p) {
		quote(p, TSU_DATE_INPUT_MAX, rest);
		FAIL(_("is not a date (%s after the day)"), rest);
	}

check:
	if (*y < INPUT_YEAR_MIN || *y > YEAR_MAX)
		FAIL(_("is not a date (year %ld; only 1868 to 9999 are "
		     "accepted)"),
		     *y);
	if (mon < 1 || mon > 12)
		FAIL(_("is not a date (month %ld)"), mon);
	if (day < 1 || day > 31)
		FAIL(_("is not a date (day %ld)"), day);
	if (day > month_days(*y, (int)mon))
		FAIL(_("is not a date (day %ld; %04ld-%02ld has %d days)"), day,
		     *y, mon, month_days(*y, (int)mon));
	*m = (int)mon;
	*d = (int)day;

	if (era && days_from_civil(*y, *m, *d) < era_start(era)) {
		put_iso(iso, *y, *m, *d);
		tsu_date_format(iso, TSU_DATE_WAREKI, alt, sizeof(alt));
		if (strcmp(alt, iso) == 0)
			FAIL(_("is before %s began (%04d-%02d-%02d): that day is "
			     "%s"),
			     era->name, era->y, era->m, era->d, iso);
		FAIL(_("is before %s began (%04d-%02d-%02d): that day is %s "
		     "(%s)"),
		     era->name, era->y, era->m, era->d, iso, alt);
	}
	return 0;
#undef FAIL
}

/* Parse TEXT in any accepted form into ISO OUT. */
int tsu_date_parse(const char *text, char out[TSU_DATE_LEN], char **errmsg)
{
	char norm[TSU_DATE_INPUT_MAX + 1], q[QUOTE_SIZE], tail[TAIL_SIZE];
	char *s, *e;
	size_t bad, len;
	long y;
	int m, d;

	out[0] = '\0';
	if (!text) {
		set_err(errmsg, _("no date given"));
		return -EINVAL;
	}
	for (len = 0; len <= TSU_DATE_INPUT_MAX && text[len]; len++)
		;
	if (len > TSU_DATE_INPUT_MAX) {
		quote(text, QUOTE_LONG, q);
		set_err(errmsg,
			_("%s is too long for a date (%zu bytes; at most %d)"), q,
			strlen(text), TSU_DATE_INPUT_MAX);
		return -EINVAL;
	}
	quote(text, TSU_DATE_INPUT_MAX, q);
	if (normalise(text, norm, &bad) < 0) {
		set_err(errmsg,
			_("%s is not a date (not valid UTF-8 at byte %zu)"), q,
			bad + 1);
		return -EINVAL;
	}
	for (s = norm; is_blank(*s); s++)
		;
	for (e = s + strlen(s); e > s && is_blank(e[-1]); e--)
		;
	*e = '\0';
	if (parse_text(s, &y, &m, &d, tail) < 0) {
		set_err(errmsg, "%s %s", q, tail);
		return -EINVAL;
	}
	put_iso(out, y, m, d);
	return 0;
}

/* ---- Formatting -------------------------------------------------------- */

/* Format ISO into BUF in STYLE. */
int tsu_date_format(const char *iso, enum tsu_date_style style, char *buf,
		    size_t size)
{
	const struct era *era = NULL;
	long y;
	int m, d, n;

	if (size > 0)
		buf[0] = '\0';
	if (iso_split(iso, &y, &m, &d) < 0)
		return -EINVAL;
	if (style == TSU_DATE_WAREKI || style == TSU_DATE_WAREKI_SHORT)
		era = era_at(days_from_civil(y, m, d));
	else if (style != TSU_DATE_ISO)
		return -EINVAL;

	if (!era)
		n = snprintf(buf, size, "%s", iso);
	else if (style == TSU_DATE_WAREKI_SHORT)
		n = snprintf(buf, size, "%c%ld.%d.%d", era->abbrev,
			     y - era->y + 1, m, d);
	else if (y == era->y)
		n = snprintf(buf, size, "%s元年%d月%d日", era->name, m, d);
	else
		n = snprintf(buf, size, "%s%ld年%d月%d日", era->name,
			     y - era->y + 1, m, d);
	if (n < 0 || (size_t)n >= size) {
		if (size > 0)
			buf[0] = '\0';
		return -ERANGE;
	}
	return 0;
}

/* ---- Arithmetic -------------------------------------------------------- */

/* Returns 1 for a real YYYY-MM-DD date. */
int tsu_date_is_valid_iso(const char *iso)
{
	long y;
	int m, d;

	return iso_split(iso, &y, &m, &d) == 0;
}

/* Days from 1970-01-01 to ISO. */
int tsu_date_to_days(const char *iso, long *days)
{
	long y;
	int m, d;

	if (iso_split(iso, &y, &m, &d) < 0)
		return -EINVAL;
	*days = days_from_civil(y, m, d);
	return 0;
}

/* The date DAYS after 1970-01-01, kept within 0001-01-01..9999-12-31. */
void tsu_days_to_date(long days, char out[TSU_DATE_LEN])
{
	long lo = days_from_civil(YEAR_MIN, 1, 1);
	long hi = days_from_civil(YEAR_MAX, 12, 31);
	long y;
	int m, d;

	if (days < lo)
		days = lo;
	if (days > hi)
		days = hi;
	civil_from_days(days, &y, &m, &d);
	put_iso(out, y, m, d);
}

/* ISO plus DAYS days. */
int tsu_date_add(const char *iso, long days, char out[TSU_DATE_LEN])
{
	long lo = days_from_civil(YEAR_MIN, 1, 1);
	long hi = days_from_civil(YEAR_MAX, 12, 31);
	long start;

	out[0] = '\0';
	if (tsu_date_to_days(iso, &start) < 0)
		return -EINVAL;
	if (days < lo - start || days > hi - start)
		return -ERANGE;
	tsu_days_to_date(start + days, out);
	return 0;
}

/* ISO plus MONTHS months, the day kept within the month. */
int tsu_date_add_months(const char *iso, int months, char out[TSU_DATE_LEN])
{
	long y, total;
	int m, d, len;

	out[0] = '\0';
	if (iso_split(iso, &y, &m, &d) < 0)
		return -EINVAL;
	total = y * 12 + (m - 1) + (long)months;
	if (total < YEAR_MIN * 12L || total > YEAR_MAX * 12L + 11)
		return -ERANGE;
	y = total / 12;
	m = (int)(total % 12) + 1;
	len = month_days(y, m);
	put_iso(out, y, m, d > len ? len : d);
	return 0;
}

/* B minus A in days. */
int tsu_days_between(const char *a, const char *b, long *days)
{
	long da, db;

	if (tsu_date_to_days(a, &da) < 0 || tsu_date_to_days(b, &db) < 0)
		return -EINVAL;
	*days = db - da;
	return 0;
}

/* Completed years from BIRTH to AT. */
int tsu_age_in_years(const char *birth, const char *at, int *years)
{
	long by, ay;
	int bm, bd, am, ad;

	if (iso_split(birth, &by, &bm, &bd) < 0 ||
	    iso_split(at, &ay, &am, &ad) < 0)
		return -EINVAL;
	if (strcmp(at, birth) < 0)
		return -ERANGE;
	if (bm == 2 && bd == 29 && !is_leap(ay)) {
		bm = 3;
		bd = 1;
	}
	*years = (int)(ay - by);
	if (am < bm || (am == bm && ad < bd))
		(*years)--;
	return 0;
}

/* The fiscal year of ISO, or -1. */
int tsu_fiscal_year(const char *iso)
{
	long y;
	int m, d;

	if (iso_split(iso, &y, &m, &d) < 0)
		return -1;
	return (int)(m >= 4 ? y : y - 1);
}

/* First and last day of fiscal year FY. */
void tsu_fiscal_range(int fy, char from[TSU_DATE_LEN], char to[TSU_DATE_LEN])
{
	if (fy < YEAR_MIN)
		fy = YEAR_MIN;
	if (fy > YEAR_MAX - 1)
		fy = YEAR_MAX - 1;
	put_iso(from, fy, 4, 1);
	put_iso(to, fy + 1, 3, 31);
}
