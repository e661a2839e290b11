/* date.c - fuzz target for the date parser (core/date.c): ISO, 和暦 and
 * full-width input.
 *
 * The bytes, cut at the first NUL, go to tsu_date_parse().  A date it
 * accepts must be a valid ISO date, and each display style of it must
 * parse back to the same day; a refused one must come with a message
 * and an empty result.  The first byte of the input also picks a number
 * of days and months to add, to exercise the arithmetic on the date. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum tsu_date_style styles[] = {
	    TSU_DATE_ISO, TSU_DATE_WAREKI, TSU_DATE_WAREKI_SHORT};
	char iso[TSU_DATE_LEN], back[TSU_DATE_LEN], other[TSU_DATE_LEN];
	char shown[TSU_DATE_FORMAT_MAX], *text, *msg = NULL;
	long days, between;
	size_t i;
	int rc, years;

	text = fuzz_text(data, size);
	rc = tsu_date_parse(text, iso, &msg);
	if (rc < 0) {
		FUZZ_CHECK(msg != NULL && *msg != '\0');
		FUZZ_CHECK(iso[0] == '\0');
		free(msg);
		free(text);
		return 0;
	}
	FUZZ_CHECK(tsu_date_is_valid_iso(iso));
	for (i = 0; i < sizeof(styles) / sizeof(styles[0]); i++) {
		FUZZ_CHECK(
		    tsu_date_format(iso, styles[i], shown, sizeof(shown)) == 0);
		msg = NULL;
		rc = tsu_date_parse(shown, back, &msg);
		if (rc < 0)
			fprintf(stderr, "%s -> %s: %s\n", iso, shown, msg);
		FUZZ_CHECK(rc == 0 && strcmp(back, iso) == 0);
	}

	days = size ? (long)(int8_t)data[0] * 97 : 0;
	if (tsu_date_add(iso, days, other) == 0) {
		FUZZ_CHECK(tsu_days_between(iso, other, &between) == 0);
		FUZZ_CHECK(between == days);
		if (days >= 0)
			FUZZ_CHECK(tsu_age_in_years(iso, other, &years) == 0 &&
				   years >= 0 && years <= days / 365 + 1);
	}
	if (tsu_date_add_months(iso, size ? (int8_t)data[0] : 0, other) == 0)
		FUZZ_CHECK(tsu_date_is_valid_iso(other));
	FUZZ_CHECK(tsu_fiscal_year(iso) >= 1867);
	free(text);
	return 0;
}
