/* report.c - `report monthly YYYY-MM` and `report fiscal YYYY`: the
 * counts a center reports for a month or a fiscal year (April to March).
 * The counts are defined in Scheme (define-report, scripts/scheme/
 * reports.scm) so that a municipality can add its own; this file works
 * out the period, asks the scripts for the rows through the host, and
 * prints them as a table (or JSON), or writes them to a CSV file, or for
 * a fiscal year to a one-page PDF with the months as a bar chart. */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "export.h"
#include "i18n.h"
#include "parts.h"
#include "report.h"

/* The usage line, for errors. */
static const char report_usage[] =
    N_("report monthly YYYY-MM | report fiscal YYYY [-o FILE.csv|FILE.pdf] "
    "[--encoding utf-8|utf-8-bom|cp932]");

/* Free the rows of R. */
static void report_free(struct report *r)
{
	int i;

	for (i = 0; i < r->nrows; i++)
		free(r->rows[i].line);
	free(r->rows);
	r->rows = NULL;
	r->nrows = 0;
}

/* Split the text of report-rows (lines NAME TAB SECTION TAB LABEL TAB
 * VALUE TAB NOTE) into R's rows, taking TEXT.  0 or -1 (reported). */
static int report_parse(struct tsu_ctx *ctx, struct report *r, char *text)
{
	char *line = text, *next;
	int cap = 0;

	while (line && *line) {
		struct report_row *row;
		char *f[5];
		int k;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (r->nrows == cap) {
			struct report_row *p;

			cap = cap ? cap * 2 : 32;
			p = realloc(r->rows, (size_t)cap * sizeof(*p));
			if (!p) {
				free(text);
				return export_host->error(ctx, _("out of memory"));
			}
			r->rows = p;
		}
		row = &r->rows[r->nrows];
		row->line = strdup(line);
		if (!row->line) {
			free(text);
			return export_host->error(ctx, _("out of memory"));
		}
		f[0] = row->line;
		for (k = 1; k < 5; k++) {
			f[k] = f[k - 1] ? strchr(f[k - 1], '\t') : NULL;
			if (f[k])
				*f[k]++ = '\0';
		}
		if (!f[4]) {
			free(row->line);
			free(text);
			return export_host->error(
			    ctx,
			    _("report-rows gave a line without five fields: "
			    "\"%s\""),
			    line);
		}
		row->name = f[0];
		row->section = f[1];
		row->label = f[2];
		row->value = f[3];
		row->note = f[4];
		r->nrows++;
		line = next;
	}
	free(text);
	return 0;
}

int report_rows(struct tsu_ctx *ctx, struct report *r)
{
	const char *args[2] = {r->from, r->to};
	char *text = NULL;

	if (export_host->scheme_call(ctx, "report-rows", 2, args, &text) < 0)
		return -1;
	return report_parse(ctx, r, text);
}

long report_value(struct tsu_ctx *ctx, const char *name, const char *from,
		  const char *to)
{
	const char *args[3] = {name, from, to};
	char *text = NULL, *end;
	long v;

	if (export_host->scheme_call(ctx, "report-value", 3, args, &text) < 0)
		return -1;
	v = strtol(text, &end, 10);
	if (end == text || v < 0) {
		export_host->error(
		    ctx, _("report-value %s: \"%s\" is not a count"), name, text);
		v = -1;
	}
	free(text);
	return v;
}

/* The last day of month YEAR-MONTH as ISO in OUT.  0 or -1. */
static int report_month_end(int year, int month, char out[TSU_DATE_LEN])
{
	char first[TSU_DATE_LEN];

	if (month == 12)
		snprintf(first, sizeof(first), "%04u-01-01",
			 (unsigned)(year + 1) % 10000u);
	else
		snprintf(first, sizeof(first), "%04u-%02u-01",
			 (unsigned)year % 10000u, (unsigned)(month + 1) % 100u);
	return export_host->date_add(first, -1, out);
}

int report_month_period(int year, int month, char from[TSU_DATE_LEN],
			char to[TSU_DATE_LEN])
{
	snprintf(from, TSU_DATE_LEN, "%04d-%02d-01", year, month);
	return report_month_end(year, month, to);
}

/* Try TEXT followed by each of SUFFIXES as a date; the first that parses
 * goes to ISO.  0, or -1 with nothing reported. */
static int report_try_date(struct tsu_ctx *ctx, const char *text,
			   const char *const *suffixes, int n,
			   char iso[TSU_DATE_LEN])
{
	char buf[128];
	int i;

	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "%s%s", text, suffixes[i]);
		if (export_host->parse_date(ctx, "period", buf, iso) == 0)
			return 0;
		export_host->error_take(ctx);
	}
	return -1;
}

/* The month that TEXT names: 2026-04, 2026/4, R8.4, 令和8年4月.  Sets
 * R's period.  0 or -1 (reported). */
static int report_parse_month(struct tsu_ctx *ctx, const char *text,
			      struct report *r)
{
	static const char *const suffixes[] = {".1", "/1", "-01", "1日"};
	char iso[TSU_DATE_LEN];
	int year, month, n = 0;

	if (sscanf(text, "%4d%*[-/]%2d%n", &year, &month, &n) == 2 &&
	    text[n] == '\0' && year >= 1900 && month >= 1 && month <= 12) {
		/* as given */
	} else if (strlen(text) > 4 && !isdigit((unsigned char)text[4]) &&
		   isdigit((unsigned char)text[0]) &&
		   sscanf(text, "%4d", &year) == 1) {
		return export_host->error(
		    ctx,
		    _("\"%s\": not a month (give YYYY-MM, e.g. %04d-04, "
		    "or R8.4)"),
		    text, year);
	} else if (report_try_date(ctx, text, suffixes, 4, iso) == 0) {
		year = atoi(iso);
		month = atoi(iso + 5);
	} else {
		return export_host->error(ctx,
					  _("\"%s\": not a month (give YYYY-MM, "
					  "e.g. 2026-04, or R8.4)"),
					  text);
	}
	r->fiscal = 0;
	r->year = year;
	snprintf(r->title, sizeof(r->title), "%04d-%02d", year, month);
	return report_month_period(year, month, r->from, r->to);
}

/* The fiscal year that TEXT names: 2026, R8, 令和8 (April to March).
 * Sets R's period.  0 or -1 (reported). */
static int report_parse_year(struct tsu_ctx *ctx, const char *text,
			     struct report *r)
{
	static const char *const suffixes[] = {".4.1", "年4月1日"};
	char iso[TSU_DATE_LEN], buf[64];
	const char *nendo = strstr(text, "年度");
	int year, n = 0;

	/* "2026年度", "令和8年度": the year before 年度. */
	if (nendo && nendo[strlen("年度")] == '\0' &&
	    (size_t)(nendo - text) < sizeof(buf)) {
		snprintf(buf, sizeof(buf), "%.*s", (int)(nendo - text), text);
		text = buf;
	}
	if (sscanf(text, "%4d%n", &year, &n) == 1 && text[n] == '\0' &&
	    n == 4 && year >= 1900) {
		/* as given */
	} else if (report_try_date(ctx, text, suffixes, 2, iso) == 0) {
		year = atoi(iso);
	} else {
		return export_host->error(ctx,
					  _("\"%s\": not a fiscal year (give "
					  "YYYY, e.g. 2026 for April 2026 to "
					  "March 2027, or R8)"),
					  text);
	}
	r->fiscal = 1;
	r->year = year;
	snprintf(r->title, sizeof(r->title), "%04d", year);
	snprintf(r->from, sizeof(r->from), "%04u-04-01", (unsigned)year % 10000u);
	snprintf(r->to, sizeof(r->to), "%04u-03-31",
		 (unsigned)(year + 1) % 10000u);
	return 0;
}

/* The encoding for the CSV file: NAME as given, or CP932 where the
 * locale is Japanese (what Excel on Japanese Windows opens), else UTF-8
 * with a byte order mark.  The writer checks the name. */
static const char *report_encoding(const char *name)
{
	static const char *const vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
	size_t i;

	if (name)
		return name;
	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return strncmp(v, "ja", 2) == 0 ? "cp932" : "utf-8-bom";
	}
	return "utf-8-bom";
}

/* Write R to PATH as CSV: a header row, then one row per count. */
static int report_csv(struct tsu_ctx *ctx, const struct report *r,
		      const char *path, const char *encoding)
{
	static const char *const head[] = {"id",   "section", "label", "value",
					   "note", "from",    "to"};
	struct tsu_csv_writer *w;
	char *msg = NULL;
	int i, rc = 0;

	w = export_host->csv_create(path, report_encoding(encoding), 1, &msg);
	if (!w) {
		export_host->error(ctx, "%s", msg ? msg : path);
		free(msg);
		return -1;
	}
	if (export_host->csv_write(w, head, 7, &msg) < 0)
		rc = -1;
	for (i = 0; i < r->nrows && rc == 0; i++) {
		const struct report_row *row = &r->rows[i];
		const char *f[7] = {row->name,	row->section, row->label,
				    row->value, row->note,    r->from,
				    r->to};

		if (export_host->csv_write(w, f, 7, &msg) < 0)
			rc = -1;
	}
	if (rc < 0) {
		export_host->error(ctx, "%s", msg ? msg : path);
		free(msg);
		export_host->csv_finish(w, NULL);
		if (strcmp(path, "-") != 0)
			unlink(path);
		return -1;
	}
	if (export_host->csv_finish(w, &msg) < 0) {
		export_host->error(ctx, "%s", msg ? msg : path);
		free(msg);
		return -1;
	}
	return 0;
}

/* 1 when S is an integer written in digits. */
static int report_is_int(const char *s)
{
	if (*s == '-')
		s++;
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* Print R as a listing: id, section, label, value, note. */
static int report_print(struct tsu_ctx *ctx, const struct report *r)
{
	static const char *const keys[] = {"id", "section", "label", "value",
					   "note"};
	static const char *const heads[] = {N_("id"), N_("区分"), N_("項目"), N_("値"), N_("備考")};
	const struct tsu_host *h = export_host;
	struct tsu_table *t = h->table_new(5, keys, heads);
	int i;

	for (i = 0; i < r->nrows; i++) {
		const struct report_row *row = &r->rows[i];

		h->table_row(t);
		h->table_text(t, row->name);
		h->table_text(t, row->section);
		h->table_text(t, row->label);
		if (report_is_int(row->value))
			h->table_int(t, strtoll(row->value, NULL, 10));
		else
			h->table_text(t, *row->value ? row->value : NULL);
		h->table_text(t, *row->note ? row->note : NULL);
	}
	return h->table_emit(ctx, t);
}

/* 1 when PATH ends in EXT (case-insensitive). */
static int report_ends_with(const char *path, const char *ext)
{
	size_t n = strlen(path), e = strlen(ext);

	return n > e && strcasecmp(path + n - e, ext) == 0;
}

/* report monthly|fiscal PERIOD [-o FILE] [--encoding E] */
int export_report_cmd(struct tsu_ctx *ctx, int argc, char **argv, void *data)
{
	static const struct tsu_opt opts[] = {{"--output", TSU_OPT_VALUE},
					      {"--encoding", TSU_OPT_VALUE}};
	const struct tsu_host *h = export_host;
	struct report r;
	struct tsu_args a;
	const char *out, *kind;
	char detail[512], **words;
	int rc, k;

	memset(&r, 0, sizeof(r));
	words = malloc((size_t)(argc + 1) * sizeof(*words));
	if (!words)
		return h->error(ctx, _("out of memory"));
	/* -o FILE is --output FILE (the host parses long options only). */
	for (k = 0; k < argc; k++)
		words[k] = strcmp(argv[k], "-o") == 0 ? "--output" : argv[k];
	words[argc] = NULL;
	rc = h->parse_options(ctx, argc, words, opts, 2, &a);
	free(words);
	if (rc < 0)
		return -1;
	if (a.npos != 2)
		return h->error(ctx, _("usage: %s"), report_usage);
	kind = a.pos[0];
	if (strcasecmp(kind, "monthly") == 0)
		rc = report_parse_month(ctx, a.pos[1], &r);
	else if (strcasecmp(kind, "fiscal") == 0)
		rc = report_parse_year(ctx, a.pos[1], &r);
	else
		return h->error(ctx,
				_("\"%s\": not a kind of report (did you mean "
				"%s?)"),
				kind,
				tolower((unsigned char)kind[0]) == 'f' ||
					tolower((unsigned char)kind[0]) == 'y'
				    ? _("fiscal")
				    : _("monthly"));
	if (rc < 0)
		return -1;
	out = a.value[0];
	if (out && !*out)
		return h->error(ctx, _("-o: give a file (FILE.csv or, for the "
				     "fiscal report, FILE.pdf)"));
	if (a.value[1] && !(out && report_ends_with(out, ".csv")))
		return h->error(ctx, _("--encoding is for -o FILE.csv only"));
	if (out && !report_ends_with(out, ".csv") &&
	    !report_ends_with(out, ".pdf") && strcmp(out, "-") != 0)
		return h->error(ctx,
				_("-o %s: write FILE.csv or FILE.pdf (did you "
				"mean %s.csv?)"),
				out, out);
	if (out && report_ends_with(out, ".pdf") && !r.fiscal)
		return h->error(ctx,
				_("-o %s: the PDF is made for the fiscal "
				"report (report fiscal %d -o %s)"),
				out, r.year, out);
	if (report_rows(ctx, &r) < 0) {
		report_free(&r);
		return -1;
	}
	if (!out)
		rc = report_print(ctx, &r);
	else if (report_ends_with(out, ".pdf"))
		rc = export_report_pdf(ctx, &r, out);
	else
		rc = report_csv(ctx, &r, out, a.value[1]);
	if (rc == 0) {
		snprintf(detail, sizeof(detail),
			 "report %s %s (%s..%s): %d row%s to %s",
			 r.fiscal ? "fiscal" : "monthly", r.title, r.from, r.to,
			 r.nrows, r.nrows == 1 ? "" : "s",
			 !out || strcmp(out, "-") == 0 ? "standard output"
						       : out);
		rc = h->audit(ctx, "export", NULL, detail);
	}
	if (rc == 0 && out && strcmp(out, "-") != 0)
		h->info(ctx,
			P_("report %s %s: %d row written to %s",
			   "report %s %s: %d rows written to %s", r.nrows),
			r.fiscal ? _("fiscal") : _("monthly"), r.title, r.nrows,
			out);
	report_free(&r);
	if (rc < 0 && out && strcmp(out, "-") != 0)
		unlink(out);
	return rc < 0 ? -1 : 0;
}
