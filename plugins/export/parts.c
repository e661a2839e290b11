/* parts.c - the plugin's side of its parts (parts.h): the functions it
 * lends them, and loading each part when a command first needs it. */
#include <stdlib.h>

#include "i18n.h"
#include "parts.h"

static const struct export_imports export_imports = {
    .size = sizeof(struct export_imports),
    .table = export_table,
    .all_names = export_all_names,
    .names_free = export_names_free,
    .text_width = export_text_width,
    .report_value = report_value,
    .report_month_period = report_month_period,
};

/* The table of part NAME, at least SIZE bytes; NULL (reported) when the
 * part is missing or older than this plugin. */
static const void *export_part(struct tsu_ctx *ctx, const char *name,
			       size_t size)
{
	const size_t *table;

	if (!TSU_HOST_HAS(export_host, part_load)) {
		export_host->error(ctx, _("this program cannot load the %s "
					  "part of the export plugin (it is "
					  "older than the plugin)"),
				   name);
		return NULL;
	}
	table = export_host->part_load(ctx, "export", name, &export_imports);
	if (table && *table < size) {
		export_host->error(ctx, _("the %s part of the export plugin "
					  "is older than the plugin; reinstall "
					  "them together"),
				   name);
		return NULL;
	}
	return table;
}

int export_xlsx(struct tsu_ctx *ctx, const char *what, const char *out,
		const char *since)
{
	const struct export_xlsx_part *part =
	    export_part(ctx, "xlsx", sizeof(*part));

	return part ? part->run(ctx, what, out, since) : -1;
}

int export_report_pdf(struct tsu_ctx *ctx, const struct report *r,
		      const char *path)
{
	const struct export_pdf_part *part =
	    export_part(ctx, "pdf", sizeof(*part));

	return part ? part->report(ctx, r, path) : -1;
}
