/* date_show_test.c - unit tests for core/date_show.c: dates as a person
 * reads them in each date-style, time stamps, dates inside text, and ISO
 * kept in the data formats. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "date_show.h"
#include "tap.h"

int main(void)
{
	char buf[TSU_DATE_SHOW_MAX];
	char *s;

	/* UTC time stamps are shown in local time; pin the zone. */
	setenv("TZ", "JST-9", 1); /* no tzdata needed */
	app.format = TSU_FORMAT_TABLE;

	app.date_style = TSU_DATE_ISO;
	is_str(date_show("2026-04-01", buf), "2026-04-01", "iso stays iso");

	app.date_style = TSU_DATE_WAREKI;
	is_str(date_show("2026-04-01", buf), "令和8年4月1日", "wareki");
	is_str(date_show("2019-05-01", buf), "令和元年5月1日",
	       "wareki, an era's first year");
	is_str(date_show("1996-01-15", buf), "平成8年1月15日",
	       "wareki, an earlier era");
	is_str(date_show("2026-11-25 06:08:13", buf),
	       "令和8年11月25日 06:08:13", "a local time stamp keeps its time");
	is_str(date_show("2026-11-24T21:30:00Z", buf),
	       "令和8年11月25日 06:30:00", "a UTC time stamp in local time");
	is_str(date_show("2026-13-01", buf), "2026-13-01",
	       "no date: as it is");
	is_str(date_show("2026-04-01x", buf), "2026-04-01x",
	       "a date followed by other text: as it is");
	ok(date_show(NULL, buf) == NULL, "NULL stays NULL");

	app.date_style = TSU_DATE_WAREKI_SHORT;
	is_str(date_show("2026-04-01", buf), "R8.4.1", "wareki-short");

	s = date_show_text("birth_date 2026-01-25; 2026-02-01 sent (nurse1)");
	is_str(s, "birth_date R8.1.25; R8.2.1 sent (nurse1)",
	       "every date inside a text");
	free(s);
	s = date_show_text("code 12026-01-255 and 2026-1-5");
	is_str(s, "code 12026-01-255 and 2026-1-5",
	       "digits that are no ISO date stay");
	free(s);
	ok(date_show_text(NULL) == NULL, "text NULL stays NULL");

	app.format = TSU_FORMAT_JSON;
	is_str(date_cell("2026-04-01", buf), "2026-04-01", "JSON keeps ISO");
	app.format = TSU_FORMAT_TSV;
	is_str(date_cell("2026-04-01", buf), "2026-04-01", "TSV keeps ISO");
	app.format = TSU_FORMAT_TABLE;
	is_str(date_cell("2026-04-01", buf), "R8.4.1", "a table shows it");
	return tap_done();
}
