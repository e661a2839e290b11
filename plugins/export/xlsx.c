/* xlsx.c - `export xlsx`: an Excel workbook written with libxlsxwriter, a
 * sheet per table, the header row bold and frozen, dates as real dates
 * (shown yyyy-mm-dd), integers as numbers, and each column as wide as its
 * widest text counted in East Asian display width.  Cells are written as
 * strings, never as formulas, so "=..." in a record stays text. */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "export.h"
#include "i18n.h"

/* Column widths in characters, at least and at most. */
#define XLSX_MIN_WIDTH 6
#define XLSX_MAX_WIDTH 60

struct xlsx_state {
	const char *path;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold, *date;
	const char *types;
	int ncols;
	int *width;
	lxw_row_t row;
};

/* A sheet name Excel accepts: at most 31 characters, none of []:*?/\. */
static void xlsx_sheet_name(const char *name, char out[32])
{
	size_t i;

	snprintf(out, 32, "%s", name);
	for (i = 0; out[i]; i++)
		if (strchr("[]:*?/\\", out[i]))
			out[i] = '_';
}

/* Add a sheet for table NAME with its header row.  0 or -1. */
static int xlsx_begin(struct export_sink *s, struct tsu_ctx *ctx,
		      const char *name, int ncols, const char *const *keys,
		      const char *types)
{
	struct xlsx_state *st = s->state;
	char sheet[32];
	int i;

	xlsx_sheet_name(name, sheet);
	st->ws = workbook_add_worksheet(st->wb, sheet);
	if (!st->ws)
		return export_host->error(ctx, _("%s: cannot add the sheet %s"),
					  st->path, sheet);
	st->types = types;
	st->ncols = ncols;
	free(st->width);
	st->width = calloc((size_t)ncols, sizeof(*st->width));
	for (i = 0; i < ncols; i++) {
		worksheet_write_string(st->ws, 0, (lxw_col_t)i, keys[i],
				       st->bold);
		st->width[i] = export_text_width(keys[i]);
		if (types[i] == EXPORT_DATE && st->width[i] < 10)
			st->width[i] = 10;
	}
	worksheet_freeze_panes(st->ws, 1, 0);
	st->row = 1;
	return 0;
}

/* 1 when S is an ISO date, filling *DT. */
static int xlsx_parse_date(const char *s, lxw_datetime *dt)
{
	int y, m, d;
	char tail;

	if (strlen(s) != 10 ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 ||
	    m > 12 || d < 1 || d > 31 || y < 1900)
		return 0;
	memset(dt, 0, sizeof(*dt));
	dt->year = y;
	dt->month = m;
	dt->day = d;
	return 1;
}

/* 1 when S is a whole number, filling *V. */
static int xlsx_parse_int(const char *s, double *v)
{
	char *end;
	long long n;

	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno || end == s || *end || n > 999999999999999LL ||
	    n < -999999999999999LL)
		return 0;
	*v = (double)n;
	return 1;
}

static int xlsx_row(struct export_sink *s, struct tsu_ctx *ctx,
		    const char *const *values)
{
	struct xlsx_state *st = s->state;
	lxw_col_t c;
	lxw_error rc = LXW_NO_ERROR;

	for (c = 0; c < (lxw_col_t)st->ncols && rc == LXW_NO_ERROR; c++) {
		const char *v = values[c];
		lxw_datetime dt;
		double num;
		int w;

		if (!v || !*v)
			continue;
		if (st->types[c] == EXPORT_DATE && xlsx_parse_date(v, &dt))
			rc = worksheet_write_datetime(st->ws, st->row, c, &dt,
						      st->date);
		else if (st->types[c] == EXPORT_INT && xlsx_parse_int(v, &num))
			rc = worksheet_write_number(st->ws, st->row, c, num,
						    NULL);
		else
			rc = worksheet_write_string(st->ws, st->row, c, v,
						    NULL);
		w = export_text_width(v);
		if (w > st->width[c])
			st->width[c] = w;
	}
	if (rc != LXW_NO_ERROR)
		return export_host->error(ctx, _("%s: row %u: %s"), st->path,
					  (unsigned)st->row, lxw_strerror(rc));
	st->row++;
	return 0;
}

/* Fit the columns to their text. */
static int xlsx_end(struct export_sink *s, struct tsu_ctx *ctx)
{
	struct xlsx_state *st = s->state;
	int c;

	for (c = 0; c < st->ncols; c++) {
		int w = st->width[c] + 2;

		if (w < XLSX_MIN_WIDTH)
			w = XLSX_MIN_WIDTH;
		if (w > XLSX_MAX_WIDTH)
			w = XLSX_MAX_WIDTH;
		worksheet_set_column(st->ws, (lxw_col_t)c, (lxw_col_t)c, w,
				     NULL);
	}
	return 0;
}

int export_xlsx_run(struct tsu_ctx *ctx, const char *what, const char *out,
		    const char *since)
{
	struct xlsx_state st = {.path = out};
	struct export_sink sink = {.begin = xlsx_begin,
				   .row = xlsx_row,
				   .end = xlsx_end,
				   .state = &st};
	const char *one[2] = {what, NULL};
	const char **names = NULL;
	const char *const *list = one;
	char *tables = NULL, *detail;
	size_t len = 0;
	int rc = 0, i, fd, sheets = 0;
	long rows, total = 0;
	lxw_error err;

	if (strcmp(out, "-") == 0)
		return export_host->error(ctx, _("-o -: a workbook is a binary "
					       "file; give a file name"));
	/* The file holds personal data: readable by its owner only. */
	fd = open(out, O_WRONLY | O_CREAT, 0600);
	if (fd < 0)
		return export_host->error(ctx, _("%s: cannot create: %s"), out,
					  strerror(errno));
	close(fd);
	st.wb = workbook_new(out);
	if (!st.wb)
		return export_host->error(ctx, _("%s: cannot create the workbook"),
					  out);
	st.bold = workbook_add_format(st.wb);
	format_set_bold(st.bold);
	st.date = workbook_add_format(st.wb);
	format_set_num_format(st.date, "yyyy-mm-dd");
	if (strcmp(what, "all") == 0) {
		names = export_all_names(ctx);
		if (!names)
			rc = -1;
		list = names;
	}
	for (i = 0; rc >= 0 && list && list[i]; i++) {
		char *p;

		rc = export_table(ctx, list[i], since, &sink, &rows);
		if (rc <= 0)
			continue;
		sheets++;
		total += rows;
		export_host->info(ctx, P_("%s: %ld row", "%s: %ld rows", rows),
				  list[i], rows);
		p = realloc(tables, len + strlen(list[i]) + 32);
		if (!p) {
			rc = export_host->error(ctx, _("out of memory"));
			continue;
		}
		tables = p;
		len += (size_t)sprintf(tables + len, "%s%s %ld", len ? ", " : "",
				       list[i], rows);
	}
	export_names_free(names);
	free(st.width);
	if (rc >= 0 && sheets == 0)
		rc = export_host->error(ctx, _("%s: nothing to write"), what);
	err = workbook_close(st.wb);
	if (rc >= 0 && err != LXW_NO_ERROR)
		rc = export_host->error(ctx, "%s: %s", out, lxw_strerror(err));
	/* One audit row for the workbook: what, how many rows, where. */
	if (rc >= 0) {
		len = strlen(what) + strlen(out) + strlen(tables) + 128;
		detail = malloc(len);
		if (!detail) {
			rc = export_host->error(ctx, _("out of memory"));
		} else {
			snprintf(detail, len, "xlsx %s: %ld row%s to %s%s%s%s%s",
				 what, total, total == 1 ? "" : "s", out,
				 since ? " since " : "", since ? since : "",
				 strcmp(what, "all") == 0 ? ": " : "",
				 strcmp(what, "all") == 0 ? tables : "");
			rc = export_host->audit(ctx, "export", NULL, detail);
			free(detail);
		}
	}
	free(tables);
	if (rc < 0) {
		unlink(out);
		return -1;
	}
	chmod(out, 0600);
	export_host->info(ctx, _("written to %s (%d sheet%s)"), out, sheets,
			  sheets == 1 ? "" : "s");
	return 0;
}
