/* parts.h - the export plugin's parts: the Excel writer (libxlsxwriter)
 * and the fiscal report's PDF (Cairo and Pango), each a shared object of
 * its own that the plugin loads through host->part_load() when a command
 * first needs it, so that starting the program loads neither library.
 *
 * The plugin lends its parts the functions of its own they call (struct
 * export_imports); each part gives back the one function it does. */
#ifndef TSU_EXPORT_PARTS_H
#define TSU_EXPORT_PARTS_H

#include "export.h"
#include "report.h"

/* What the plugin lends its parts: the functions of export.h and
 * report.h that xlsx.c and report_pdf.c call. */
struct export_imports {
	size_t size; /* sizeof(struct export_imports) */
	int (*table)(struct tsu_ctx *ctx, const char *what, const char *since,
		     struct export_sink *sink, long *rows);
	const char **(*all_names)(struct tsu_ctx *ctx);
	void (*names_free)(const char **names);
	int (*text_width)(const char *s);
	long (*report_value)(struct tsu_ctx *ctx, const char *name,
			     const char *from, const char *to);
	int (*report_month_period)(int year, int month,
				   char from[TSU_DATE_LEN],
				   char to[TSU_DATE_LEN]);
};

/* The part "xlsx" (xlsx.c): export_xlsx_run. */
struct export_xlsx_part {
	size_t size;
	int (*run)(struct tsu_ctx *ctx, const char *what, const char *out,
		   const char *since);
};

/* The part "pdf" (report_pdf.c): report_pdf. */
struct export_pdf_part {
	size_t size;
	int (*report)(struct tsu_ctx *ctx, const struct report *r,
		      const char *path);
};

/* In the plugin (parts.c): load the part on first use and run it.  As
 * export_xlsx_run() and report_pdf(); a missing part is reported. */
int export_xlsx(struct tsu_ctx *ctx, const char *what, const char *out,
		const char *since);
int export_report_pdf(struct tsu_ctx *ctx, const struct report *r,
		      const char *path);

#endif
