/* date_show.h - dates as a person reads them.
 *
 * Records keep ISO dates.  Whatever a person reads (tables, records,
 * timelines, notes, messages) shows them in the date-style setting: iso
 * (2026-04-01), wareki (令和8年4月1日) or wareki-short (R8.4.1).  JSON, TSV
 * and files keep ISO.  Every place that prints a date goes through here
 * (plugins through the host's table_date and date_text). */
#ifndef TSU_DATE_SHOW_H
#define TSU_DATE_SHOW_H

#include "date.h"

/* A buffer this large holds any date as shown, with a time after it. */
#define TSU_DATE_SHOW_MAX (TSU_DATE_FORMAT_MAX + 16)

/* ISO per the date-style into BUF: a date "YYYY-MM-DD", which may be
 * followed by a time ("T10:30:00Z" or " 10:30:00"), kept after a blank as
 * "HH:MM:SS".  Text that is not a date comes back as it is; NULL stays
 * NULL.  Returns BUF, ISO or NULL. */
const char *date_show(const char *iso, char buf[TSU_DATE_SHOW_MAX]);

/* A table cell: date_show in the table format, ISO as it is in JSON and
 * TSV. */
const char *date_cell(const char *iso, char buf[TSU_DATE_SHOW_MAX]);

/* TEXT with every ISO date in it ("birth_date 2026-04-01", "2026-04-01
 * sent (nurse1)") shown per the date-style; malloc'd, NULL for NULL. */
char *date_show_text(const char *text);

#endif
