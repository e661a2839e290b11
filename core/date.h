/* date.h - dates in ISO and Japanese era (和暦) form, day arithmetic and
 * fiscal years (年度).
 *
 * Dates are kept as ISO "YYYY-MM-DD" strings.  Input may be written in any
 * of the forms people use on Japanese forms (see tsu_date_parse); output
 * follows a style (ISO or 和暦).  Arithmetic uses the proleptic Gregorian
 * calendar, counting days from 1970-01-01; an ISO date is valid for years
 * 0001 to 9999, while typed input is accepted for years 1868 to 9999.
 *
 * The era table starts with 明治 to 令和 and may be extended at run time
 * (Scheme's define-era).  It is process-wide and not thread-safe.
 *
 * Errors: functions returning int give 0 on success and a negative errno
 * value on failure.  Where a `char **errmsg` is taken, a failure sets
 * *ERRMSG to a malloc'd message naming the input, which the caller frees
 * (it may be NULL when memory ran out); ERRMSG itself may be NULL.  On
 * success *ERRMSG is left untouched. */
#ifndef TSU_DATE_H
#define TSU_DATE_H

#include <stddef.h>

#ifndef TSU_DATE_LEN
#define TSU_DATE_LEN 11 /* "YYYY-MM-DD" + NUL */
#endif

/* Longest date text tsu_date_parse looks at, in bytes (blanks included). */
#define TSU_DATE_INPUT_MAX 64

/* Longest era name, in bytes (UTF-8). */
#define TSU_ERA_NAME_MAX 32

/* A buffer this large always holds a formatted date, NUL included. */
#define TSU_DATE_FORMAT_MAX 64

enum tsu_date_style {
	TSU_DATE_ISO,          /* 2026-04-01 */
	TSU_DATE_WAREKI,       /* 令和8年4月1日, 令和元年5月1日 */
	TSU_DATE_WAREKI_SHORT, /* R8.4.1 */
};

/* Parse TEXT as a date into ISO form OUT.
 *
 * Accepted: 2026-04-01, 2026-4-1, 2026/4/1, 2026.4.1, 20260401,
 * 2026年4月1日, and an era (full name such as 令和, or its letter such as R
 * or r) followed by the year in that era (a number or 元) and then either
 * 年 M 月 D 日 or separators: 令和8年4月1日, 令和元年5月1日, R8.4.1, R8/4/1,
 * H31.4.30.  Full-width digits, letters and separators (２０２６／４／１,
 * Ｒ８．４．１) count as their ASCII forms; blanks (the ideographic space
 * U+3000 included) may surround the text and the parts of a date.
 *
 * Refused, with a message naming TEXT: impossible dates (2026-02-30, month
 * 13), years outside 1868 to 9999, a date before its era began (R1.4.30,
 * as 令和 began on 2019-05-01; the message gives the western date), invalid
 * UTF-8, and text longer than TSU_DATE_INPUT_MAX bytes.  A date after an
 * era ended but written in it (H31.5.1) is accepted, counting years from
 * the era's first year, so forms printed before an era change stay valid.
 *
 * Returns 0, or -EINVAL with *ERRMSG set and OUT made empty. */
int tsu_date_parse(const char *text, char out[TSU_DATE_LEN], char **errmsg);

/* Format the ISO date ISO into BUF (SIZE bytes) in STYLE: TSU_DATE_ISO
 * copies it, TSU_DATE_WAREKI gives "令和8年4月1日" ("令和元年5月1日" for an
 * era's first year), TSU_DATE_WAREKI_SHORT gives "R8.4.1".  Dates before
 * the first era fall back to ISO.  Returns 0; -EINVAL if ISO is not a valid
 * date or STYLE unknown, -ERANGE if BUF is too small (TSU_DATE_FORMAT_MAX
 * bytes always suffice).  On failure BUF is made empty when SIZE > 0. */
int tsu_date_format(const char *iso, enum tsu_date_style style, char *buf,
		    size_t size);

/* Register an era: NAME in kanji (e.g. "令和"; at most TSU_ERA_NAME_MAX
 * bytes, no ASCII, full-width forms, blanks or 年/月/日/元), ABBREV a single
 * ASCII letter (e.g. "R", taken in either case), START its first day as an
 * ISO date in 1868 to 9999.  An era with the same name or letter is
 * replaced; two eras may not start on the same day.  The built-in eras are
 * 明治 M 1868-10-23, 大正 T 1912-07-30, 昭和 S 1926-12-25, 平成 H
 * 1989-01-08 and 令和 R 2019-05-01.  Returns 0, -EINVAL with *ERRMSG set,
 * or -ENOMEM. */
int tsu_era_define(const char *name, const char *abbrev, const char *start_iso,
		   char **errmsg);

/* Go back to the built-in eras, freeing those defined at run time. */
void tsu_era_reset(void);

/* Number of eras known, at least 1. */
size_t tsu_era_count(void);

/* Copy era I (0 is the earliest) into NAME, *ABBREV (upper case) and START;
 * any of them may be NULL.  Returns 0, or -ERANGE if there is no era I. */
int tsu_era_get(size_t i, char name[TSU_ERA_NAME_MAX + 1], char *abbrev,
		char start[TSU_DATE_LEN]);

/* Returns 1 if ISO is a real date written exactly YYYY-MM-DD (years 0001
 * to 9999), 0 otherwise (NULL included). */
int tsu_date_is_valid_iso(const char *iso);

/* Set *DAYS to the number of days from 1970-01-01 to ISO.  Returns 0, or
 * -EINVAL if ISO is not a valid date. */
int tsu_date_to_days(const char *iso, long *days);

/* Write the date DAYS days after 1970-01-01 into OUT.  Days before
 * 0001-01-01 or after 9999-12-31 give those dates. */
void tsu_days_to_date(long days, char out[TSU_DATE_LEN]);

/* Write ISO plus DAYS days (which may be negative) into OUT.  Returns 0,
 * -EINVAL if ISO is not a valid date, -ERANGE if the result is outside
 * 0001 to 9999. */
int tsu_date_add(const char *iso, long days, char out[TSU_DATE_LEN]);

/* Write ISO plus MONTHS calendar months (which may be negative) into OUT,
 * keeping the day of the month or, where that month is shorter, using its
 * last day (2026-01-31 + 1 gives 2026-02-28).  Returns as tsu_date_add. */
int tsu_date_add_months(const char *iso, int months, char out[TSU_DATE_LEN]);

/* Set *DAYS to B minus A in days.  Returns 0, or -EINVAL if either is not
 * a valid date. */
int tsu_days_between(const char *a, const char *b, long *days);

/* Set *YEARS to the age in completed years on AT of someone born on BIRTH.
 * The age rises on the birthday; someone born on 29 February reaches it on
 * 1 March in common years.  Returns 0, -EINVAL if either is not a valid
 * date, -ERANGE if AT is before BIRTH. */
int tsu_age_in_years(const char *birth, const char *at, int *years);

/* The fiscal year (年度, April to March) ISO falls in: 2026-03-31 gives
 * 2025, 2026-04-01 gives 2026.  Returns -1 if ISO is not a valid date. */
int tsu_fiscal_year(const char *iso);

/* Write the first and last days of fiscal year FY, FY-04-01 and
 * FY+1-03-31, into FROM and TO.  FY is taken within 1 to 9998. */
void tsu_fiscal_range(int fy, char from[TSU_DATE_LEN], char to[TSU_DATE_LEN]);

#endif
