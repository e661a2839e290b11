/* part_glue.c - the part's side of the export plugin's parts (parts.h),
 * built into each part with EXPORT_PART_XLSX or EXPORT_PART_PDF defined:
 * the entry the host calls, and the plugin's functions that xlsx.c and
 * report_pdf.c call, forwarded to the ones the plugin lent, so those
 * files read the same as they would inside the plugin. */
#include <stdlib.h>

#include "parts.h"

const struct tsu_host *export_host;
static const struct export_imports *imports;

int export_table(struct tsu_ctx *ctx, const char *what, const char *since,
		 struct export_sink *sink, long *rows)
{
	return imports->table(ctx, what, since, sink, rows);
}

const char **export_all_names(struct tsu_ctx *ctx)
{
	return imports->all_names(ctx);
}

void export_names_free(const char **names)
{
	imports->names_free(names);
}

int export_text_width(const char *s)
{
	return imports->text_width(s);
}

long report_value(struct tsu_ctx *ctx, const char *name, const char *from,
		  const char *to)
{
	return imports->report_value(ctx, name, from, to);
}

int report_month_period(int year, int month, char from[TSU_DATE_LEN],
			char to[TSU_DATE_LEN])
{
	return imports->report_month_period(year, month, from, to);
}

#if defined(EXPORT_PART_XLSX)
static const struct export_xlsx_part export_part = {
    .size = sizeof(struct export_xlsx_part),
    .run = export_xlsx_run,
};
#elif defined(EXPORT_PART_PDF)
static const struct export_pdf_part export_part = {
    .size = sizeof(struct export_pdf_part),
    .report = report_pdf,
};
#else
#error "build with EXPORT_PART_XLSX or EXPORT_PART_PDF defined"
#endif

const void *TSU_PART_ENTRY(const struct tsu_host *host, const void *lent);

/* Keep the host and what the plugin lent; give this part's table, or
 * NULL when the plugin lends less than this part calls. */
const void *TSU_PART_ENTRY(const struct tsu_host *host, const void *lent)
{
	const struct export_imports *imp = lent;

	if (!imp || imp->size < sizeof(*imp))
		return NULL;
	export_host = host;
	imports = imp;
	return &export_part;
}
