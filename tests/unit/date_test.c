/* date_test.c - unit tests for core/date.c: parsing, formatting, eras, day
 * arithmetic and fiscal years. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "tap.h"

/* Write TEXT into NAME (SIZE bytes) with control and non-UTF-8-looking
 * bytes shown as \xNN, so that it can name a test. */
static void label(const char *text, char *name, size_t size)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t o = 0;

	for (; *s && o + 5 < size; s++) {
		if (*s < 0x20 || *s == 0x7f || *s >= 0xf5 || *s == 0xc0 ||
		    *s == 0xc1)
			o += (size_t)snprintf(name + o, size - o, "\\x%02x",
					      *s);
		else
			name[o++] = (char)*s;
	}
	name[o] = '\0';
}

/* Check that TEXT parses to WANT, without a message. */
static void parses(const char *text, const char *want)
{
	char out[TSU_DATE_LEN], shown[200], name[300];
	char *err = NULL;
	int rc;

	label(text, shown, sizeof(shown));
	rc = tsu_date_parse(text, out, &err);
	snprintf(name, sizeof(name), "parse \"%s\" -> %s", shown, want);
	if (rc == 0) {
		is_str(out, want, name);
	} else {
		ok(0, name);
		printf("#   error: %s\n", err ? err : "(null)");
	}
	free(err);
}

/* Check that TEXT is refused with a message containing PART (and, when
 * EXACT, equal to it), and that OUT is left empty. */
static void refuses_msg(const char *text, const char *part, int exact)
{
	char out[TSU_DATE_LEN] = "x", shown[200], name[300];
	char *err = NULL;
	int rc;

	label(text, shown, sizeof(shown));
	rc = tsu_date_parse(text, out, &err);
	snprintf(name, sizeof(name), "refuse \"%s\"", shown);
	if (!ok(rc < 0 && out[0] == '\0', name))
		printf("#   got: rc %d, \"%s\"\n", rc, out);
	snprintf(name, sizeof(name), "refuse \"%s\": message", shown);
	if (exact)
		is_str(err, part, name);
	else if (!ok(err && strstr(err, part), name))
		printf("#   got: %s\n#   expected to contain: %s\n",
		       err ? err : "(null)", part);
	free(err);
}

/* Check that TEXT is refused with a message containing PART. */
static void refuses(const char *text, const char *part)
{
	refuses_msg(text, part, 0);
}

/* Check that ISO formats as WANT in STYLE. */
static void formats(const char *iso, enum tsu_date_style style,
		    const char *want)
{
	char buf[TSU_DATE_FORMAT_MAX], name[200];
	int rc;

	rc = tsu_date_format(iso, style, buf, sizeof(buf));
	snprintf(name, sizeof(name), "format %s style %d -> %s", iso,
		 (int)style, want);
	if (rc == 0)
		is_str(buf, want, name);
	else
		ok(0, name);
}

/* Every accepted form. */
static void test_parse_forms(void)
{
	parses("2026-04-01", "2026-04-01");
	parses("2026-4-1", "2026-04-01");
	parses("2026/4/1", "2026-04-01");
	parses("2026.4.1", "2026-04-01");
	parses("2026/04/01", "2026-04-01");
	parses("20260401", "2026-04-01");
	parses("2026年4月1日", "2026-04-01");
	parses("2026年04月01日", "2026-04-01");

	/* Full-width digits and separators, anywhere. */
	parses("２０２６／４／１", "2026-04-01");
	parses("２０２６－０４－０１", "2026-04-01");
	parses("２０２６．４．１", "2026-04-01");
	parses("２０２６０４０１", "2026-04-01");
	parses("2026／4/1", "2026-04-01");
	parses("２０26-0４-01", "2026-04-01");

	/* Blanks around the date and between its parts. */
	parses("  2026-04-01  ", "2026-04-01");
	parses("\t2026-04-01\n", "2026-04-01");
	parses("\xe3\x80\x80" "2026/4/1" "\xe3\x80\x80", "2026-04-01");
	parses("　令和８年　４月　１日　", "2026-04-01");
	parses("令和 8 年 4 月 1 日", "2026-04-01");

	/* Era names. */
	parses("令和8年4月1日", "2026-04-01");
	parses("令和８年４月１日", "2026-04-01");
	parses("令和元年5月1日", "2019-05-01");
	parses("令和8年4月1", "2026-04-01");
	parses("令和8.4.1", "2026-04-01");
	parses("平成31年4月30日", "2019-04-30");
	parses("平成元年1月8日", "1989-01-08");
	parses("昭和64年1月7日", "1989-01-07");
	parses("昭和元年12月25日", "1926-12-25");
	parses("大正元年7月30日", "1912-07-30");
	parses("大正15年12月24日", "1926-12-24");
	parses("明治元年10月23日", "1868-10-23");
	parses("明治45年7月29日", "1912-07-29");

	/* Era letters, either case, full-width too. */
	parses("R8.4.1", "2026-04-01");
	parses("R8/4/1", "2026-04-01");
	parses("R8-4-1", "2026-04-01");
	parses("r8.4.1", "2026-04-01");
	parses("R08.04.01", "2026-04-01");
	parses("R元.5.1", "2019-05-01");
	parses("R8年4月1日", "2026-04-01");
	parses("Ｒ８．４．１", "2026-04-01");
	parses("ｒ８／４／１", "2026-04-01");
	parses("R1.5.1", "2019-05-01");
	parses("H31.4.30", "2019-04-30");
	parses("h31.4.30", "2019-04-30");
	parses("H1.1.8", "1989-01-08");
	parses("S64.1.7", "1989-01-07");
	parses("S1.12.25", "1926-12-25");
	parses("T1.7.30", "1912-07-30");
	parses("T15.12.24", "1926-12-24");
	parses("M1.10.23", "1868-10-23");
	parses("M45.7.29", "1912-07-29");

	/* After the era ended, written in it: counted from its first year. */
	parses("H31.5.1", "2019-05-01");
	parses("平成31年5月1日", "2019-05-01");
	parses("平成32年1月1日", "2020-01-01");
	parses("S64.1.8", "1989-01-08");

	/* Range limits. */
	parses("1868-01-01", "1868-01-01");
	parses("9999-12-31", "9999-12-31");
	parses("2024-02-29", "2024-02-29");
	parses("2000-02-29", "2000-02-29");
}

/* Refusals and their messages. */
static void test_parse_refusals(void)
{
	char big[201], edge[TSU_DATE_INPUT_MAX + 2], out[TSU_DATE_LEN];
	int rc;

	refuses_msg("2026-13-01", "\"2026-13-01\" is not a date (month 13)", 1);
	refuses_msg("2026-02-29",
		    "\"2026-02-29\" is not a date (day 29; 2026-02 has 28 days)",
		    1);
	refuses("2024-02-30", "(day 30; 2024-02 has 29 days)");
	refuses("1900-02-29", "(day 29; 1900-02 has 28 days)");
	refuses("2026-04-31", "(day 31; 2026-04 has 30 days)");
	refuses("2026-00-10", "(month 0)");
	refuses("2026-04-00", "(day 0)");
	refuses("2026-04-32", "(day 32)");
	refuses("R8.4.32", "(day 32)");
	refuses("令和8年13月1日", "(month 13)");
	refuses("20261301", "(month 13)");
	refuses_msg("R1.4.30",
		    "\"R1.4.30\" is before 令和 began (2019-05-01): that day "
		    "is 2019-04-30 (平成31年4月30日)",
		    1);
	refuses("令和元年4月30日", "that day is 2019-04-30");
	refuses("H1.1.7", "before 平成 began (1989-01-08): that day is "
			  "1989-01-07 (昭和64年1月7日)");
	refuses_msg("M1.1.1",
		    "\"M1.1.1\" is before 明治 began (1868-10-23): that day "
		    "is 1868-01-01",
		    1);
	refuses_msg("", "\"\" is not a date (empty)", 1);
	refuses("   ", "(empty)");
	refuses("\xe3\x80\x80", "(empty)");
	refuses_msg("abc",
		    "\"abc\" is not a date (expected a date such as "
		    "2026-04-01, R8.4.1 or 令和8年4月1日)",
		    1);
	refuses_msg("R8.4", "\"R8.4\" is not a date (no day)", 1);
	refuses("R8", "(no month)");
	refuses("2026-04", "(no day)");
	refuses("令和8年4月", "(no day)");
	refuses("令和", "(no year after 令和)");
	refuses("R0.4.1", "(year 0 of 令和)");
	refuses("R12345.4.1", "(year 12345 of 令和)");
	refuses("X8.4.1", "(unknown era letter X)");
	refuses("慶応3年1月1日", "(unknown era 慶応)");
	refuses("あした", "expected a date");
	refuses("2026-4/1", "(mixed separators - and /)");
	refuses("26/4/1", "(year 26: write the year with 4 digits");
	refuses("1867-12-31", "(year 1867; only 1868 to 9999 are accepted)");
	refuses("0999-01-01", "(year 999;");
	refuses("10000-01-01", "(year 10000;");
	refuses("R8000.1.1", "(year 10018;");
	refuses("2026-004-01", "(month 004)");
	refuses("2026-04-001", "(day 001)");
	refuses("2026-04-01T10:00", "(\"T10:00\" after the day)");
	refuses("R8.4.1.", "(\".\" after the day)");
	refuses("2026--04-01", "expected a date");
	refuses("2026 04 01", "expected a date");
	refuses("202604011", "expected a date");
	refuses("-2026-04-01", "expected a date");

	/* Invalid UTF-8: a stray byte, overlong, surrogate, cut short. */
	refuses_msg("2026-0\xff-01",
		    "\"2026-0\\xff-01\" is not a date (not valid UTF-8 at "
		    "byte 7)",
		    1);
	refuses("\xc0\xaf", "not valid UTF-8 at byte 1");
	refuses("\xe0\x80\xaf", "not valid UTF-8 at byte 1");
	refuses("R8.4.1\xed\xa0\x80", "not valid UTF-8 at byte 7");
	refuses("令和8年4月1\xe6\x97", "not valid UTF-8");
	refuses("\xf4\x90\x80\x80", "not valid UTF-8");

	/* Over-long input: 64 bytes are looked at, 65 are refused. */
	memset(big, '2', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	refuses_msg(big,
		    "\"22222222222222222222222222222222...\" is too long for "
		    "a date (200 bytes; at most 64)",
		    1);
	memset(edge, ' ', sizeof(edge));
	memcpy(edge + 27, "2026-04-01", 10);
	edge[TSU_DATE_INPUT_MAX] = '\0';
	parses(edge, "2026-04-01");
	edge[TSU_DATE_INPUT_MAX] = ' ';
	edge[TSU_DATE_INPUT_MAX + 1] = '\0';
	refuses(edge, "is too long for a date (65 bytes; at most 64)");

	/* No message wanted, and no date at all. */
	rc = tsu_date_parse("2026-13-01", out, NULL);
	ok(rc < 0 && out[0] == '\0', "refusal without errmsg");
	rc = tsu_date_parse(NULL, out, NULL);
	ok(rc < 0 && out[0] == '\0', "NULL text is refused");
}

/* Formatting in every style. */
static void test_format(void)
{
	char buf[TSU_DATE_FORMAT_MAX], small[8], tight[20];

	formats("2026-04-01", TSU_DATE_ISO, "2026-04-01");
	formats("2026-04-01", TSU_DATE_WAREKI, "令和8年4月1日");
	formats("2026-04-01", TSU_DATE_WAREKI_SHORT, "R8.4.1");
	formats("2019-05-01", TSU_DATE_WAREKI, "令和元年5月1日");
	formats("2019-05-01", TSU_DATE_WAREKI_SHORT, "R1.5.1");
	formats("2019-04-30", TSU_DATE_WAREKI, "平成31年4月30日");
	formats("2019-04-30", TSU_DATE_WAREKI_SHORT, "H31.4.30");
	formats("1989-01-07", TSU_DATE_WAREKI, "昭和64年1月7日");
	formats("1989-01-08", TSU_DATE_WAREKI, "平成元年1月8日");
	formats("1989-01-08", TSU_DATE_WAREKI_SHORT, "H1.1.8");
	formats("1926-12-24", TSU_DATE_WAREKI, "大正15年12月24日");
	formats("1926-12-25", TSU_DATE_WAREKI, "昭和元年12月25日");
	formats("1912-07-29", TSU_DATE_WAREKI_SHORT, "M45.7.29");
	formats("1912-07-30", TSU_DATE_WAREKI, "大正元年7月30日");
	formats("1868-10-23", TSU_DATE_WAREKI, "明治元年10月23日");
	formats("1868-10-22", TSU_DATE_WAREKI, "1868-10-22");
	formats("1700-01-01", TSU_DATE_WAREKI_SHORT, "1700-01-01");
	formats("9999-12-31", TSU_DATE_WAREKI, "令和7981年12月31日");

	ok(tsu_date_format("2026-02-30", TSU_DATE_ISO, buf, sizeof(buf)) < 0 &&
		   buf[0] == '\0',
	   "format refuses an impossible date");
	ok(tsu_date_format("2026/04/01", TSU_DATE_WAREKI, buf, sizeof(buf)) <
		   0,
	   "format refuses a non-ISO date");
	ok(tsu_date_format(NULL, TSU_DATE_WAREKI, buf, sizeof(buf)) < 0,
	   "format refuses NULL");
	ok(tsu_date_format("2026-04-01", (enum tsu_date_style)7, buf,
			   sizeof(buf)) < 0,
	   "format refuses an unknown style");
	ok(tsu_date_format("2026-04-01", TSU_DATE_ISO, small, sizeof(small)) <
			   0 &&
		   small[0] == '\0',
	   "format refuses a small buffer (ISO)");
	ok(tsu_date_format("2026-04-01", TSU_DATE_ISO, tight, 11) == 0,
	   "11 bytes hold an ISO date");
	ok(tsu_date_format("2026-04-01", TSU_DATE_WAREKI, tight, 18) < 0,
	   "format refuses a small buffer (wareki)");
	ok(tsu_date_format("2026-04-01", TSU_DATE_WAREKI, tight, 19) == 0,
	   "19 bytes hold 令和8年4月1日");
	ok(tsu_date_format("2026-04-01", TSU_DATE_WAREKI, NULL, 0) < 0,
	   "format with no buffer");
}

/* Every day from Meiji to 2100 prints and reads back in each style. */
static void test_round_trip(void)
{
	static const enum tsu_date_style styles[] = {
		TSU_DATE_ISO, TSU_DATE_WAREKI, TSU_DATE_WAREKI_SHORT
	};
	char iso[TSU_DATE_LEN], buf[TSU_DATE_FORMAT_MAX], back[TSU_DATE_LEN];
	long day, first, last, bad = 0;
	size_t s;

	tsu_date_to_days("1868-10-23", &first);
	tsu_date_to_days("2100-12-31", &last);
	for (day = first; day <= last; day++) {
		tsu_days_to_date(day, iso);
		for (s = 0; s < sizeof(styles) / sizeof(styles[0]); s++) {
			if (tsu_date_format(iso, styles[s], buf, sizeof(buf)) ||
			    tsu_date_parse(buf, back, NULL) ||
			    strcmp(back, iso) != 0) {
				if (!bad)
					printf("#   first failure: %s %s\n",
					       iso, buf);
				bad++;
			}
		}
	}
	is_int(bad, 0, "every day 1868-10-23..2100-12-31 round-trips");
}

/* A fictional era defined at run time. */
static void test_define_era(void)
{
	char name[TSU_ERA_NAME_MAX + 1];
	char start[TSU_DATE_LEN], abbrev;
	char *err = NULL;
	int rc;

	is_int((long long)tsu_era_count(), 5, "five built-in eras");
	rc = tsu_era_get(0, name, &abbrev, start);
	ok(rc == 0 && strcmp(name, "明治") == 0 && abbrev == 'M' &&
		   strcmp(start, "1868-10-23") == 0,
	   "era 0 is 明治 M 1868-10-23");
	rc = tsu_era_get(4, name, &abbrev, start);
	ok(rc == 0 && strcmp(name, "令和") == 0 && abbrev == 'R' &&
		   strcmp(start, "2019-05-01") == 0,
	   "era 4 is 令和 R 2019-05-01");
	ok(tsu_era_get(5, name, &abbrev, start) < 0, "no era 5");

	rc = tsu_era_define("架空", "k", "2031-03-15", &err);
	is_int(rc, 0, "define 架空 k 2031-03-15");
	free(err);
	err = NULL;
	is_int((long long)tsu_era_count(), 6, "six eras");
	rc = tsu_era_get(5, name, &abbrev, start);
	ok(rc == 0 && strcmp(name, "架空") == 0 && abbrev == 'K' &&
		   strcmp(start, "2031-03-15") == 0,
	   "era 5 is 架空 K 2031-03-15");

	parses("K1.3.15", "2031-03-15");
	parses("k2.1.1", "2032-01-01");
	parses("架空元年3月15日", "2031-03-15");
	parses("架空2年1月1日", "2032-01-01");
	parses("Ｋ１．３．１５", "2031-03-15");
	parses("R13.3.15", "2031-03-15");
	parses("令和13年3月14日", "2031-03-14");
	refuses("K1.3.14", "before 架空 began (2031-03-15): that day is "
			   "2031-03-14 (令和13年3月14日)");
	formats("2031-03-15", TSU_DATE_WAREKI, "架空元年3月15日");
	formats("2031-03-15", TSU_DATE_WAREKI_SHORT, "K1.3.15");
	formats("2031-03-14", TSU_DATE_WAREKI, "令和13年3月14日");
	formats("2040-12-31", TSU_DATE_WAREKI, "架空10年12月31日");
	formats("2026-04-01", TSU_DATE_WAREKI, "令和8年4月1日");

	/* An era placed between others keeps the table sorted. */
	ok(tsu_era_define("試験", "Q", "2000-01-01", &err) == 0,
	   "define 試験 Q 2000-01-01");
	formats("1999-12-31", TSU_DATE_WAREKI, "平成11年12月31日");
	formats("2000-01-01", TSU_DATE_WAREKI, "試験元年1月1日");
	formats("2019-05-01", TSU_DATE_WAREKI, "令和元年5月1日");
	rc = tsu_era_get(4, name, &abbrev, start);
	ok(rc == 0 && strcmp(name, "試験") == 0, "試験 sorts before 令和");

	/* A name that begins another era's name: the longest one wins. */
	ok(tsu_era_define("令", "Z", "2050-01-01", &err) == 0,
	   "define 令 Z 2050-01-01");
	parses("令和8年4月1日", "2026-04-01");
	parses("令3年1月1日", "2052-01-01");

	/* The same letter replaces the earlier era. */
	ok(tsu_era_define("空想", "K", "2035-01-01", &err) == 0,
	   "define 空想 K replaces 架空");
	refuses("架空2年1月1日", "(unknown era 架空)");
	parses("K1.1.1", "2035-01-01");
	formats("2031-03-15", TSU_DATE_WAREKI, "令和13年3月15日");
	formats("2035-01-01", TSU_DATE_WAREKI, "空想元年1月1日");

	/* The same name replaces the earlier era. */
	ok(tsu_era_define("空想", "V", "2036-01-01", &err) == 0,
	   "define 空想 V replaces 空想 K");
	refuses("K1.1.1", "(unknown era letter K)");
	parses("V1.1.1", "2036-01-01");
	is_int((long long)tsu_era_count(), 8, "eight eras");

	/* Refusals. */
	rc = tsu_era_define("", "X", "2040-01-01", &err);
	ok(rc < 0, "empty era name refused");
	is_str(err, "define-era: era name \"\" is empty", "empty name message");
	free(err);
	err = NULL;
	rc = tsu_era_define("令和8", "X", "2040-01-01", &err);
	ok(rc < 0 && err && strstr(err, "may not contain ASCII"),
	   "era name with ASCII refused");
	free(err);
	err = NULL;
	rc = tsu_era_define("新元", "X", "2040-01-01", &err);
	ok(rc < 0 && err && strstr(err, "年, 月, 日 or 元"),
	   "era name with 元 refused");
	free(err);
	err = NULL;
	rc = tsu_era_define("\xff\xfe", "X", "2040-01-01", &err);
	ok(rc < 0 && err && strstr(err, "\\xff\\xfe\" is not valid UTF-8"),
	   "era name in invalid UTF-8 refused");
	free(err);
	err = NULL;
	rc = tsu_era_define("長長長長長長長長長長長", "X", "2040-01-01", &err);
	ok(rc < 0 && err && strstr(err, "is too long (at most 32 bytes)"),
	   "over-long era name refused");
	free(err);
	err = NULL;
	rc = tsu_era_define("架空", "KK", "2040-01-01", &err);
	is_str(err,
	       "define-era: 架空: letter \"KK\" is not a single ASCII letter",
	       "two-letter abbreviation refused");
	free(err);
	err = NULL;
	rc = tsu_era_define("架空", "1", "2040-01-01", &err);
	ok(rc < 0, "digit abbreviation refused");
	free(err);
	err = NULL;
	rc = tsu_era_define("架空", "", "2040-01-01", &err);
	ok(rc < 0, "empty abbreviation refused");
	free(err);
	err = NULL;
	rc = tsu_era_define("架空", "Ｋ", "2040-01-01", &err);
	ok(rc < 0, "full-width abbreviation refused");
	free(err);
	err = NULL;
	rc = tsu_era_define("架空", "K", "2031-02-30", &err);
	is_str(err,
	       "define-era: 架空: start \"2031-02-30\" is not a date written "
	       "YYYY-MM-DD in 1868 to 9999",
	       "impossible start refused");
	free(err);
	err = NULL;
	rc = tsu_era_define("架空", "K", "2031/3/15", &err);
	ok(rc < 0, "non-ISO start refused");
	free(err);
	err = NULL;
	rc = tsu_era_define("架空", "K", "1800-01-01", &err);
	ok(rc < 0, "start before 1868 refused");
	free(err);
	err = NULL;
	rc = tsu_era_define("架空", "K", "2019-05-01", &err);
	is_str(err, "define-era: 架空: 令和 already starts on 2019-05-01",
	       "start on another era's first day refused");
	free(err);
	err = NULL;
	ok(tsu_era_define(NULL, "K", "2040-01-01", NULL) < 0,
	   "NULL name refused without errmsg");
	is_int((long long)tsu_era_count(), 8, "refusals left the eras alone");

	/* Redefining a built-in era in place. */
	ok(tsu_era_define("令和", "R", "2019-05-01", &err) == 0,
	   "令和 may be defined again");
	is_int((long long)tsu_era_count(), 8, "still eight eras");

	tsu_era_reset();
	is_int((long long)tsu_era_count(), 5, "reset: five eras");
	refuses("V1.1.1", "(unknown era letter V)");
	refuses("空想元年1月1日", "(unknown era 空想)");
	formats("2036-01-01", TSU_DATE_WAREKI, "令和18年1月1日");
	formats("2000-01-01", TSU_DATE_WAREKI, "平成12年1月1日");
	tsu_era_reset();
	is_int((long long)tsu_era_count(), 5, "a second reset is harmless");

	/* Many eras: the table grows. */
	{
		static const char *const kanji[26] = {
			"一", "二", "三", "四", "五", "六", "七",
			"八", "九", "十", "壱", "弐", "参", "肆",
			"伍", "陸", "漆", "捌", "玖", "拾", "甲",
			"乙", "丙", "丁", "戊", "己",
		};
		char iso[TSU_DATE_LEN], nm[16], letter[2];
		int i, fails = 0;

		for (i = 0; i < 26; i++) {
			snprintf(nm, sizeof(nm), "第%s", kanji[i]);
			letter[0] = (char)('A' + i);
			letter[1] = '\0';
			tsu_days_to_date(30000 + 100 * i, iso);
			if (tsu_era_define(nm, letter, iso, NULL) < 0)
				fails++;
		}
		is_int(fails, 0, "26 eras defined");
		is_int((long long)tsu_era_count(), 26,
		       "26 eras replace all letters");
		parses("A1.2.20", "2052-02-20");
		parses("第一元年2月20日", "2052-02-20");
		tsu_era_reset();
	}
}

/* Day arithmetic. */
static void test_arithmetic(void)
{
	char out[TSU_DATE_LEN];
	long days;
	int rc;

	ok(tsu_date_to_days("1970-01-01", &days) == 0 && days == 0,
	   "1970-01-01 is day 0");
	ok(tsu_date_to_days("2000-03-01", &days) == 0 && days == 11017,
	   "2000-03-01 is day 11017");
	ok(tsu_date_to_days("1969-12-31", &days) == 0 && days == -1,
	   "1969-12-31 is day -1");
	ok(tsu_date_to_days("0001-01-01", &days) == 0 && days == -719162,
	   "0001-01-01 is day -719162");
	ok(tsu_date_to_days("9999-12-31", &days) == 0 && days == 2932896,
	   "9999-12-31 is day 2932896");
	ok(tsu_date_to_days("2026-02-29", &days) < 0, "to_days refuses 02-29");
	ok(tsu_date_to_days("R8.4.1", &days) < 0, "to_days wants ISO");

	tsu_days_to_date(0, out);
	is_str(out, "1970-01-01", "day 0");
	tsu_days_to_date(-1, out);
	is_str(out, "1969-12-31", "day -1");
	tsu_days_to_date(20544, out);
	is_str(out, "2026-04-01", "day 20544");
	tsu_days_to_date(-100000000L, out);
	is_str(out, "0001-01-01", "days before year 1 clamp");
	tsu_days_to_date(100000000L, out);
	is_str(out, "9999-12-31", "days after year 9999 clamp");

	ok(tsu_date_add("2024-02-28", 1, out) == 0, "add 1");
	is_str(out, "2024-02-29", "2024-02-28 + 1");
	tsu_date_add("2024-02-28", 2, out);
	is_str(out, "2024-03-01", "2024-02-28 + 2");
	tsu_date_add("2026-02-28", 1, out);
	is_str(out, "2026-03-01", "2026-02-28 + 1");
	tsu_date_add("2025-12-31", 1, out);
	is_str(out, "2026-01-01", "2025-12-31 + 1");
	tsu_date_add("2026-01-01", -1, out);
	is_str(out, "2025-12-31", "2026-01-01 - 1");
	tsu_date_add("2026-04-01", 27, out);
	is_str(out, "2026-04-28", "2026-04-01 + 27");
	tsu_date_add("2026-04-01", 0, out);
	is_str(out, "2026-04-01", "+ 0");
	tsu_date_add("2000-01-01", 366, out);
	is_str(out, "2001-01-01", "2000 is a leap year");
	rc = tsu_date_add("9999-12-31", 1, out);
	ok(rc < 0 && out[0] == '\0', "add past 9999 refused");
	rc = tsu_date_add("0001-01-01", -1, out);
	ok(rc < 0, "add before year 1 refused");
	ok(tsu_date_add("2026-01-01", 9000000000000000000L, out) < 0,
	   "huge add refused");
	ok(tsu_date_add("2026-01-01", -9000000000000000000L, out) < 0,
	   "huge negative add refused");
	ok(tsu_date_add("2026-13-01", 1, out) < 0, "add refuses a bad date");

	tsu_date_add_months("2026-01-31", 1, out);
	is_str(out, "2026-02-28", "2026-01-31 + 1 month");
	tsu_date_add_months("2024-01-31", 1, out);
	is_str(out, "2024-02-29", "2024-01-31 + 1 month");
	tsu_date_add_months("2026-03-31", -1, out);
	is_str(out, "2026-02-28", "2026-03-31 - 1 month");
	tsu_date_add_months("2026-05-31", 1, out);
	is_str(out, "2026-06-30", "2026-05-31 + 1 month");
	tsu_date_add_months("2025-11-30", 3, out);
	is_str(out, "2026-02-28", "2025-11-30 + 3 months");
	tsu_date_add_months("2026-04-01", 12, out);
	is_str(out, "2027-04-01", "+ 12 months");
	tsu_date_add_months("2026-04-01", -13, out);
	is_str(out, "2025-03-01", "- 13 months");
	tsu_date_add_months("2025-08-31", 18, out);
	is_str(out, "2027-02-28", "2025-08-31 + 18 months (1歳6か月)");
	tsu_date_add_months("2024-02-29", 12, out);
	is_str(out, "2025-02-28", "2024-02-29 + 12 months");
	tsu_date_add_months("2026-04-15", 0, out);
	is_str(out, "2026-04-15", "+ 0 months");
	ok(tsu_date_add_months("9999-12-01", 1, out) < 0 && out[0] == '\0',
	   "months past 9999 refused");
	ok(tsu_date_add_months("0001-01-31", -1, out) < 0,
	   "months before year 1 refused");
	ok(tsu_date_add_months("2026-01-01", 2147483647, out) < 0,
	   "INT_MAX months refused");
	ok(tsu_date_add_months("2026-01-01", -2147483647 - 1, out) < 0,
	   "INT_MIN months refused");
	ok(tsu_date_add_months("2026-02-30", 1, out) < 0,
	   "add_months refuses a bad date");

	ok(tsu_days_between("2026-04-01", "2026-04-29", &days) == 0 &&
		   days == 28,
	   "2026-04-01 .. 2026-04-29 is 28 days");
	ok(tsu_days_between("2026-04-29", "2026-04-01", &days) == 0 &&
		   days == -28,
	   "backwards is -28");
	ok(tsu_days_between("2024-01-01", "2025-01-01", &days) == 0 &&
		   days == 366,
	   "2024 has 366 days");
	ok(tsu_days_between("2026-04-01", "2026-04-01", &days) == 0 &&
		   days == 0,
	   "same day is 0");
	ok(tsu_days_between("2026-04-01", "2026-4-29", &days) < 0,
	   "between refuses non-ISO");
}

/* Ages in completed years. */
static void test_age(void)
{
	int years;

	ok(tsu_age_in_years("2000-04-01", "2026-03-31", &years) == 0 &&
		   years == 25,
	   "age on the day before the birthday");
	ok(tsu_age_in_years("2000-04-01", "2026-04-01", &years) == 0 &&
		   years == 26,
	   "age on the birthday");
	ok(tsu_age_in_years("2026-04-01", "2026-04-01", &years) == 0 &&
		   years == 0,
	   "age on the day of birth");
	ok(tsu_age_in_years("2025-04-02", "2026-04-01", &years) == 0 &&
		   years == 0,
	   "age 0 the day before the first birthday");
	ok(tsu_age_in_years("2024-02-29", "2025-02-28", &years) == 0 &&
		   years == 0,
	   "29 Feb birth: 0 on 28 Feb of a common year");
	ok(tsu_age_in_years("2024-02-29", "2025-03-01", &years) == 0 &&
		   years == 1,
	   "29 Feb birth: 1 on 1 March of a common year");
	ok(tsu_age_in_years("2024-02-29", "2028-02-28", &years) == 0 &&
		   years == 3,
	   "29 Feb birth: 3 on 28 Feb of a leap year");
	ok(tsu_age_in_years("2024-02-29", "2028-02-29", &years) == 0 &&
		   years == 4,
	   "29 Feb birth: 4 on 29 Feb");
	ok(tsu_age_in_years("2023-03-01", "2024-02-29", &years) == 0 &&
		   years == 0,
	   "1 March birth: 0 on 29 Feb");
	ok(tsu_age_in_years("2023-03-01", "2024-03-01", &years) == 0 &&
		   years == 1,
	   "1 March birth: 1 on 1 March");
	ok(tsu_age_in_years("2026-04-02", "2026-04-01", &years) < 0,
	   "age before birth refused");
	ok(tsu_age_in_years("2026-02-29", "2027-04-01", &years) < 0,
	   "age refuses a bad date");
}

/* Fiscal years (年度). */
static void test_fiscal(void)
{
	char from[TSU_DATE_LEN], to[TSU_DATE_LEN];

	is_int(tsu_fiscal_year("2026-03-31"), 2025, "2026-03-31 is FY2025");
	is_int(tsu_fiscal_year("2026-04-01"), 2026, "2026-04-01 is FY2026");
	is_int(tsu_fiscal_year("2026-12-31"), 2026, "2026-12-31 is FY2026");
	is_int(tsu_fiscal_year("2027-01-01"), 2026, "2027-01-01 is FY2026");
	is_int(tsu_fiscal_year("2027-03-31"), 2026, "2027-03-31 is FY2026");
	is_int(tsu_fiscal_year("2026-02-30"), -1, "bad date has no FY");
	is_int(tsu_fiscal_year(NULL), -1, "NULL has no FY");

	tsu_fiscal_range(2026, from, to);
	is_str(from, "2026-04-01", "FY2026 begins 2026-04-01");
	is_str(to, "2027-03-31", "FY2026 ends 2027-03-31");
	tsu_fiscal_range(2019, from, to);
	is_str(from, "2019-04-01", "FY2019 begins 2019-04-01");
	is_str(to, "2020-03-31", "FY2019 ends 2020-03-31");
	tsu_fiscal_range(99999, from, to);
	is_str(to, "9999-03-31", "FY beyond 9998 is kept within range");
}

/* Strict ISO validity. */
static void test_valid_iso(void)
{
	is_int(tsu_date_is_valid_iso("2026-04-01"), 1, "2026-04-01 valid");
	is_int(tsu_date_is_valid_iso("2024-02-29"), 1, "2024-02-29 valid");
	is_int(tsu_date_is_valid_iso("0001-01-01"), 1, "0001-01-01 valid");
	is_int(tsu_date_is_valid_iso("1700-06-15"), 1, "1700-06-15 valid");
	is_int(tsu_date_is_valid_iso("2026-02-29"), 0, "2026-02-29 invalid");
	is_int(tsu_date_is_valid_iso("2100-02-29"), 0, "2100-02-29 invalid");
	is_int(tsu_date_is_valid_iso("0000-01-01"), 0, "year 0 invalid");
	is_int(tsu_date_is_valid_iso("2026-4-1"), 0, "2026-4-1 not ISO");
	is_int(tsu_date_is_valid_iso("2026/04/01"), 0, "slashes not ISO");
	is_int(tsu_date_is_valid_iso("2026-04-01 "), 0, "trailing blank");
	is_int(tsu_date_is_valid_iso("2026-04-0"), 0, "short");
	is_int(tsu_date_is_valid_iso("+026-04-01"), 0, "sign");
	is_int(tsu_date_is_valid_iso(""), 0, "empty");
	is_int(tsu_date_is_valid_iso(NULL), 0, "NULL");
}

int main(void)
{
	test_parse_forms();
	test_parse_refusals();
	test_format();
	test_round_trip();
	test_define_era();
	test_arithmetic();
	test_age();
	test_fiscal();
	test_valid_iso();
	tsu_era_reset();
	return tap_done();
}
