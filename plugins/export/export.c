/* export.c - the export plugin: data leaving the system as CSV, JSON or
 * Excel files, transfer summaries read back with `import json`, and
 * verified backups; each export is recorded in the audit trail.
 *
 * Built as a loadable module against <tsunagu-plugin.h> only. */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "export.h"
#include "i18n.h"
#include "parts.h"
#include "report.h"

const struct tsu_host *export_host;

static const char export_summary[] =
    N_("exporting records to CSV, JSON or Excel files; backups");

static const char export_topic_text[] =
    N_("Export writes the center's records to a file for the municipality's\n"
    "other systems, for statistics or for a hand-over.  Data leaving the\n"
    "system is personal information: every export is recorded in the\n"
    "audit trail with who made it, when, what it held, how many rows and\n"
    "where it went.\n"
    "\n"
    "Its commands:\n"
    "  export csv|json|xlsx WHAT -o FILE [--encoding utf-8|utf-8-bom|cp932]\n"
    "         [--since D]\n"
    "  import json FILE [--dry-run]\n"
    "  backup FILE [--replace] | backup --keep N DIR | backup --check FILE\n"
    "  restore FILE\n"
    "  report monthly YYYY-MM | report fiscal YYYY [-o FILE.csv|FILE.pdf]\n"
    "\n"
    "Columns are named by the field ids used everywhere else (--set names,\n"
    "JSON keys), and dates are written as ISO YYYY-MM-DD.");

static const char export_usage[] =
    N_("export csv|json|xlsx WHAT -o FILE [--encoding utf-8|utf-8-bom|cp932]\n"
    "       [--since D]\n"
    "export json FAMILY-ID|all -o FILE");

static const char export_help[] =
    N_("WHAT is persons, families, pregnancies, contacts, plans, referrals,\n"
    "flags, the name of a form (its responses, one column per answer), or\n"
    "all.  --since D keeps what was recorded on or after date D (any date\n"
    "form: 2026-04-01, R8.4.1, 令和8年4月1日).  -o - writes to standard\n"
    "output.  Contacts, plans and referrals are exported when the plugin\n"
    "that keeps them has made its tables in this database.\n"
    "\n"
    "csv: RFC 4180 with CRLF line ends.  The encoding is CP932 by default\n"
    "when the locale is Japanese (LANG=ja_JP...), which Excel on Japanese\n"
    "Windows opens; otherwise UTF-8 with a byte order mark, which Excel\n"
    "also recognises.  A character CP932 cannot hold (e.g. 𠮷) fails the\n"
    "export and is named with its row and column; 髙, 﨑 and the wave dash\n"
    "are written as Windows writes them.  A cell starting with = + - @,\n"
    "tab or CR gets a leading apostrophe, so a spreadsheet never runs it\n"
    "as a formula.  With all, -o names a folder: one file per table.\n"
    "\n"
    "xlsx: an Excel workbook, a sheet per table, the header row frozen,\n"
    "dates as real dates, columns as wide as their Japanese text.\n"
    "\n"
    "json: a transfer summary of one family (give the id of the family or\n"
    "of any member) or of all of them: members, pregnancies and births,\n"
    "flags, the timeline, contacts, the current plan and open referrals;\n"
    "the receiving center reads it in with import json.\n"
    "\n"
    "Examples:\n"
    "  export csv persons -o persons.csv --encoding cp932\n"
    "  export csv all -o /media/usb/2026-04 --since R8.4.1\n"
    "  export xlsx all -o 台帳.xlsx\n"
    "  export json F12 -o transfer-F12.json\n"
    "\n"
    "See also: import json, report, backup, audit");

/* export csv|json|xlsx WHAT -o FILE [--encoding E] [--since D] */
static int export_cmd(struct tsu_ctx *ctx, int argc, char **argv, void *data)
{
	static const struct tsu_opt opts[] = {{"--output", TSU_OPT_VALUE},
					      {"--encoding", TSU_OPT_VALUE},
					      {"--since", TSU_OPT_VALUE}};
	static const char *const formats[] = {"csv", "json", "xlsx"};
	const struct tsu_host *h = export_host;
	char since[TSU_DATE_LEN];
	const char *fmt, *what, *out;
	struct tsu_args a;
	size_t i;

	char **words = malloc((size_t)(argc + 1) * sizeof(*words));
	int rc, k;

	/* -o FILE is --output FILE (the host parses long options only). */
	for (k = 0; k < argc; k++)
		words[k] = strcmp(argv[k], "-o") == 0 ? "--output" : argv[k];
	words[argc] = NULL;
	rc = h->parse_options(ctx, argc, words, opts, 3, &a);
	free(words);
	if (rc < 0)
		return -1;
	if (a.npos < 1)
		return h->error(ctx, _("usage: %s"),
				"export csv|json|xlsx WHAT -o FILE");
	fmt = a.pos[0];
	for (i = 0; i < 3; i++)
		if (strcasecmp(fmt, formats[i]) == 0)
			break;
	if (i == 3)
		return h->error(ctx,
				_("\"%s\": not an export format (did you mean "
				"%s?)"),
				fmt,
				fmt[0] == 'j' ? "json"
				: fmt[0] == 'x' || fmt[0] == 'e' ? "xlsx"
								 : "csv");
	if (a.npos != 2)
		return h->error(ctx, _("usage: export %s WHAT -o FILE (WHAT: "
				     "persons, families, pregnancies, "
				     "contacts, plans, referrals, flags, a "
				     "form, or all)"),
				formats[i]);
	what = a.pos[1];
	out = a.value[0];
	if (!out || !*out)
		return h->error(ctx, _("-o FILE is missing: where should the %s "
				     "go? (-o - for standard output)"),
				formats[i]);
	if (a.value[1] && i != 0)
		return h->error(ctx, _("--encoding is for csv only (%s is "
				     "always UTF-8)"),
				formats[i]);
	if (a.value[2] && i == 1)
		return h->error(ctx, _("--since is for csv and xlsx; json "
				     "hands over whole families"));
	if (a.value[2] && h->parse_date(ctx, "--since", a.value[2], since) < 0)
		return -1;
	if (i == 1)
		return export_json_run(ctx, what, out);
	if (strcmp(what, "all") != 0 && !export_what_check(ctx, what))
		return -1;
	if (i == 0)
		return export_csv_run(ctx, what, out, a.value[1],
				      a.value[2] ? since : NULL);
	return export_xlsx(ctx, what, out, a.value[2] ? since : NULL);
}

/* import json FILE [--dry-run] */
static int export_import_cmd(struct tsu_ctx *ctx, int argc, char **argv,
			     void *data)
{
	static const struct tsu_opt opts[] = {{"--dry-run", TSU_OPT_FLAG}};
	const struct tsu_host *h = export_host;
	struct tsu_args a;
	int rc;

	if (h->parse_options(ctx, argc, argv, opts, 1, &a) < 0)
		return -1;
	if (a.npos != 1)
		return h->error(ctx, _("usage: import json FILE [--dry-run]"));
	if (!a.value[0])
		return export_json_import(ctx, a.pos[0], 0);
	/* A dry run imports inside a savepoint and rolls back to it, so it
	 * changes nothing even when it runs inside another command. */
	if (h->exec(ctx, "SAVEPOINT import_json_dry_run") < 0)
		return -1;
	rc = export_json_import(ctx, a.pos[0], 1);
	if (h->exec(ctx, "ROLLBACK TO import_json_dry_run") < 0 ||
	    h->exec(ctx, "RELEASE import_json_dry_run") < 0)
		rc = -1;
	return rc;
}

static const struct tsu_command_spec export_specs[] = {
    {.name = "export",
     .topic = "export",
     .summary = N_("write records to a CSV, JSON or Excel file"),
     .usage = export_usage,
     .help = export_help,
     .words = "csv json xlsx "
	      "2=persons|families|pregnancies|contacts|plans|referrals|flags|"
	      "all -o= --output= "
	      "--encoding=utf-8|utf-8-bom|cp932 --since=",
     .perm = TSU_PERM_EXPORT,
     .flags = TSU_CMD_AUDITS_ACT,
     .fn = export_cmd},
    {.name = "import json",
     .topic = "export",
     .summary = N_("read in a transfer summary made by export json"),
     .usage = N_("import json FILE [--dry-run]"),
     .help = N_("Reads a file written by `export json` at another center (or\n"
	     "this one): families, their members, pregnancies and births,\n"
	     "flags and the timeline.  A person already here is matched by\n"
	     "resident code, or by kana name and birth date, and kept;\n"
	     "the others are added.  Contacts, plans and referrals of the\n"
	     "sending center come in as timeline entries.  --dry-run shows\n"
	     "what would be added and changes nothing.\n"
	     "\n"
	     "Example:\n"
	     "  import json transfer-F12.json --dry-run\n"
	     "\n"
	     "See also: export, import, show"),
     .words = "1=<file> --dry-run",
     .perm = TSU_PERM_REGISTER,
     .flags = 0,
     .fn = export_import_cmd},
    {.name = "report",
     .topic = "export",
     .summary = N_("the counts of a month or a fiscal year, for reporting"),
     .usage = N_("report monthly YYYY-MM [-o FILE.csv] [--encoding E]\n"
	      "report fiscal YYYY [-o FILE.csv|FILE.pdf] [--encoding E]"),
     .help = N_("Counts what the center reports for a month or a fiscal year\n"
	     "(April to March): pregnancy notifications and interviews,\n"
	     "interviews at 8 months, births, newborn visits and 乳児家庭\n"
	     "全戸訪問 with their coverage (visited / eligible), checkups,\n"
	     "plans made, reviewed and closed, self-plans, referrals by kind\n"
	     "of agency and designations, and what was overdue at the end of\n"
	     "the period.  The counts and how each is made are defined in\n"
	     "Scheme with define-report (reports.scm); a municipality adds\n"
	     "its own in local.d.  A month is YYYY-MM or R8.4; a fiscal year\n"
	     "YYYY, R8 or 令和8年度.  Shown as a table (or JSON with --format\n"
	     "json); -o FILE.csv writes CSV (--encoding as for export csv),\n"
	     "and for the fiscal report -o FILE.pdf writes one A4 page with a\n"
	     "bar chart of the twelve months.  Each report is recorded in the\n"
	     "audit trail.\n"
	     "\n"
	     "Examples:\n"
	     "  report monthly 2026-04\n"
	     "  report fiscal R8 -o 令和8年度報告.pdf\n"
	     "  report fiscal 2026 -o report-2026.csv --encoding cp932\n"
	     "\n"
	     "See also: export, due, help scheme"),
     .words = "monthly fiscal -o= --output= "
	      "--encoding=utf-8|utf-8-bom|cp932",
     .perm = TSU_PERM_READ,
     .flags = TSU_CMD_AUDITS_ACT,
     .fn = export_report_cmd},
    {.name = "backup",
     .topic = "export",
     .summary = N_("an online, verified copy of the whole database"),
     .usage = N_("backup FILE [--replace]\nbackup --keep N DIR\nbackup --check FILE"),
     .help = N_("Copies the database to FILE while others keep working (the\n"
	     "copy is one consistent moment), checks the copy with SQLite's\n"
	     "integrity check and only then puts it in place, readable by\n"
	     "its owner only (mode 0600).  --keep N DIR writes a dated copy\n"
	     "tsunagu-YYYYMMDD-HHMMSS.db into DIR and removes all but the\n"
	     "newest N of them.  --check FILE only checks FILE.  Each backup\n"
	     "is recorded in the audit trail.  A FILE that exists is replaced\n"
	     "only with --replace: an older backup is not lost unasked.\n"
	     "\n"
	     "Examples:\n"
	     "  backup /media/usb/tsunagu.db\n"
	     "  backup --keep 7 /srv/backup/tsunagu\n"
	     "\n"
	     "See also: restore, export, audit"),
     .words = "1=<file> --keep= --check --replace",
     .perm = TSU_PERM_EXPORT,
     .flags = TSU_CMD_NO_TRANSACTION,
     .fn = export_backup_cmd},
    {.name = "restore",
     .topic = "administer",
     .summary = N_("replace the database with a backup"),
     .usage = N_("restore FILE"),
     .help = N_("Replaces the whole database with the copy in FILE.  FILE\n"
	     "must be a tsunagu database that passes the integrity check;\n"
	     "anything else is refused and the database stays as it was.\n"
	     "Take a backup of the present state first.  The restore is\n"
	     "recorded in the restored audit trail.\n"
	     "\n"
	     "Example:\n"
	     "  restore /srv/backup/tsunagu/tsunagu-20260401-020000.db\n"
	     "\n"
	     "See also: backup, audit"),
     .words = "1=<file>",
     .perm = TSU_PERM_ADMIN,
     .flags = TSU_CMD_NO_TRANSACTION,
     .fn = export_restore_cmd},
};

/* Register the commands and the help topic.  0, or -1 with *ERRMSG. */
static int export_init(const struct tsu_host *host, struct tsu_plugin *self,
		       char **errmsg)
{
	size_t i;

	if (!TSU_HOST_HAS(host, scheme_call)) {
		*errmsg = strdup(_("the program is older than this plugin (no "
				 "CSV, backup or Scheme-call entries)"));
		return -1;
	}
	export_host = host;
	for (i = 0; i < sizeof(export_specs) / sizeof(export_specs[0]); i++)
		if (host->register_command(self, &export_specs[i], NULL,
					   NULL) < 0) {
			*errmsg = strdup(_("cannot register the export commands"));
			return -1;
		}
	if (host->register_topic(self, "export", export_summary,
				 export_topic_text) < 0) {
		*errmsg = strdup(_("help topic \"export\" is already taken"));
		return -1;
	}
	return 0;
}

static void export_shutdown(struct tsu_plugin *self)
{
	export_host = NULL;
}

static const struct tsu_plugin_info export_info = {
    .abi_major = TSU_PLUGIN_ABI_MAJOR,
    .abi_minor = TSU_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(struct tsu_plugin_info),
    .name = "export",
    .version = "0.2.0",
    .description = "CSV, JSON and Excel export, transfer import, backups",
    .init = export_init,
    .shutdown = export_shutdown,
};

TSU_PLUGIN_DEFINE(export_info)
