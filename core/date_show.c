/* date_show.c - dates as a person reads them (see date_show.h). */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "date_show.h"

/* 1 when S starts with "DDDD-DD-DD" (digits where D stands). */
static int looks_like_date(const char *s)
{
	static const char shape[] = "DDDD-DD-DD";
	size_t i;

	for (i = 0; shape[i]; i++) {
		if (shape[i] == 'D' ? (s[i] < '0' || s[i] > '9') : s[i] != '-')
			return 0;
	}
	return 1;
}

/* The length of a time "HH:MM" or "HH:MM:SS" at S, or 0. */
static size_t time_length(const char *s)
{
	size_t n = 0;

	while (n < 8 && ((s[n] >= '0' && s[n] <= '9') || s[n] == ':'))
		n++;
	return n == 5 || n == 8 ? n : 0;
}

/* A UTC time stamp "YYYY-MM-DDTHH:MM:SSZ" as local time "YYYY-MM-DD
 * HH:MM:SS" into OUT; 0, or -1 when it is not one. */
static int utc_to_local(const char *at, char out[32])
{
	struct tm tm = {0};
	time_t t;

	if (sscanf(at, "%4d-%2d-%2dT%2d:%2d:%2dZ", &tm.tm_year, &tm.tm_mon,
		   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	if (!localtime_r(&t, &tm) ||
	    strftime(out, 32, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		return -1;
	return 0;
}

const char *date_show(const char *iso, char buf[TSU_DATE_SHOW_MAX])
{
	char day[TSU_DATE_LEN], local[32];
	const char *rest, *given = iso;
	size_t tlen = 0;

	if (!iso || !looks_like_date(iso))
		return iso;
	rest = iso + TSU_DATE_LEN - 1;
	if (*rest == 'T' || *rest == ' ') {
		tlen = time_length(rest + 1);
		if (!tlen)
			return iso;
		if (rest[1 + tlen] && strcmp(rest + 1 + tlen, "Z") != 0)
			return iso;
		if (rest[1 + tlen] == 'Z') {
			if (utc_to_local(iso, local) < 0)
				return iso;
			iso = local;
			rest = iso + TSU_DATE_LEN - 1;
		}
	} else if (*rest) {
		return iso;
	}
	memcpy(day, iso, TSU_DATE_LEN - 1);
	day[TSU_DATE_LEN - 1] = '\0';
	if (tsu_date_format(day, app.date_style, buf, TSU_DATE_FORMAT_MAX) < 0)
		return given;
	if (tlen) {
		size_t n = strlen(buf);

		snprintf(buf + n, TSU_DATE_SHOW_MAX - n, " %.*s", (int)tlen,
			 rest + 1);
	}
	return buf;
}

const char *date_cell(const char *iso, char buf[TSU_DATE_SHOW_MAX])
{
	return app.format == TSU_FORMAT_TABLE ? date_show(iso, buf) : iso;
}

char *date_show_text(const char *text)
{
	char *out, buf[TSU_DATE_SHOW_MAX], day[TSU_DATE_LEN];
	size_t len = 0, cap;
	const char *p;

	if (!text)
		return NULL;
	cap = strlen(text) * 2 + 1;
	out = tsu_alloc(cap);
	for (p = text; *p;) {
		const char *piece = NULL;
		size_t n, skip = 1;

		/* A date standing alone: not inside a longer run of digits. */
		if ((p == text || !(p[-1] >= '0' && p[-1] <= '9')) &&
		    looks_like_date(p) && !(p[10] >= '0' && p[10] <= '9')) {
			memcpy(day, p, TSU_DATE_LEN - 1);
			day[TSU_DATE_LEN - 1] = '\0';
			piece = date_show(day, buf);
			skip = TSU_DATE_LEN - 1;
		}
		n = piece ? strlen(piece) : 1;
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			out = tsu_realloc(out, cap);
		}
		memcpy(out + len, piece ? piece : p, n);
		len += n;
		p += skip;
	}
	out[len] = '\0';
	return out;
}
