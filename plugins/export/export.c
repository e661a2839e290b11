/* export.c - the export plugin: data leaving the system as CSV, JSON or
 * Excel files, each export recorded in the audit trail.
 *
 * Built as a loadable module against <tsunagu-plugin.h> only. */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include <stdlib.h>
#include <string.h>

#include <tsunagu-plugin.h>

static const char export_summary[] =
    "exporting records to CSV, JSON or Excel files";

static const char export_help[] =
    "Export writes the center's records to a file for the municipality's\n"
    "other systems, for statistics or for a hand-over.  Data leaving the\n"
    "system is personal information: every export is recorded in the\n"
    "audit trail with who made it, when, and what it held.\n"
    "\n"
    "Its command:\n"
    "  export csv|json|xlsx WHAT -o FILE [--encoding utf-8|utf-8-bom|cp932]\n"
    "         [--since D]\n"
    "      WHAT: persons, families, pregnancies, contacts, plans,\n"
    "      referrals, the name of a form, or all.  --since keeps what was\n"
    "      recorded on or after date D.\n"
    "\n"
    "Columns are named by the field ids used everywhere else (--set names,\n"
    "JSON keys), and dates are written as ISO YYYY-MM-DD.  CSV is UTF-8 by\n"
    "default; utf-8-bom suits spreadsheet programs, cp932 older systems.\n"
    "\n"
    "Needs the EXPORT permission (clerk, nurse, admin).";

/* Register the export help topic.  Returns 0, or -1 with *ERRMSG. */
static int export_init(const struct tsu_host *host, struct tsu_plugin *self,
		       char **errmsg)
{
	int rc =
	    host->register_topic(self, "export", export_summary, export_help);

	if (rc < 0)
		*errmsg = strdup("help topic \"export\" is already taken");
	return rc < 0 ? -1 : 0;
}

static const struct tsu_plugin_info export_info = {
    .abi_major = TSU_PLUGIN_ABI_MAJOR,
    .abi_minor = TSU_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(struct tsu_plugin_info),
    .name = "export",
    .version = "0.1.0",
    .description = "CSV, JSON and Excel export of the records",
    .init = export_init,
    .shutdown = NULL,
};

TSU_PLUGIN_DEFINE(export_info)
