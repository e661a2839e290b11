/* csv.c - `export csv`: one CSV file per table (RFC 4180, CRLF, the
 * formula guard on) in UTF-8 with a byte order mark, plain UTF-8 or CP932.
 * A character CP932 cannot hold fails the export, naming every row and
 * column where it was found; nothing is dropped silently. */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export.h"
#include "i18n.h"

/* Rows refused by the writer named in the error, at most. */
#define CSV_MAX_REFUSED 20

struct csv_state {
	const char *path;     /* "-" for standard output */
	const char *encoding; /* "utf-8", "utf-8-bom", "cp932" */
	struct tsu_csv_writer *w;
	const char *const *keys;
	int ncols;
	char *refused; /* the messages of refused rows, '\n'-separated */
	int nrefused;
	long row; /* data rows written or refused */
};

/* Append MSG about data row ROW (whose id is ID) to the refused list. */
static void csv_refuse(struct csv_state *st, const char *id, const char *msg)
{
	size_t old = st->refused ? strlen(st->refused) : 0;
	size_t add = strlen(st->path) + strlen(msg) + (id ? strlen(id) : 0) + 64;
	char *p;

	st->nrefused++;
	if (st->nrefused > CSV_MAX_REFUSED)
		return;
	p = realloc(st->refused, old + add);
	if (!p)
		return;
	st->refused = p;
	snprintf(p + old, add, _("%s%s: row %ld%s%s%s: %s"), old ? "\n" : "",
		 st->path, st->row, id ? " (" : "", id ? id : "", id ? ")" : "",
		 msg);
}

/* Create the file and write the header row.  0 or -1. */
static int csv_begin(struct export_sink *s, struct tsu_ctx *ctx,
		     const char *name, int ncols, const char *const *keys,
		     const char *types)
{
	struct csv_state *st = s->state;
	char *msg = NULL;

	st->w = export_host->csv_create(st->path, st->encoding, 1, &msg);
	if (!st->w) {
		export_host->error(ctx, "%s", msg ? msg : st->path);
		free(msg);
		return -1;
	}
	st->keys = keys;
	st->ncols = ncols;
	st->row = 0;
	if (export_host->csv_write(st->w, keys, ncols, &msg) < 0) {
		export_host->error(ctx, "%s", msg ? msg : st->path);
		free(msg);
		return -1;
	}
	return 0;
}

/* The column number N (1-based) of "...column N: ..." in MSG, or 0. */
static int csv_msg_column(const char *msg)
{
	const char *p = strstr(msg, "column ");

	return p ? atoi(p + 7) : 0;
}

/* Write one row.  A row the encoding cannot hold is remembered, not
 * fatal, so that every such row is named at the end. */
static int csv_row(struct export_sink *s, struct tsu_ctx *ctx,
		   const char *const *values)
{
	struct csv_state *st = s->state;
	char *msg = NULL;
	int rc;

	st->row++;
	rc = export_host->csv_write(st->w, values, st->ncols, &msg);
	if (rc == -1) {
		const char *m = msg ? msg : _("cannot be written");
		const char *rest = strstr(m, "column ");
		int col = csv_msg_column(m);
		char *text;

		/* "record N: column M: X" -> "column M (key): X" */
		if (rest && col >= 1 && col <= st->ncols &&
		    strchr(rest, ':')) {
			rest = strchr(rest, ':') + 2;
			text = malloc(strlen(rest) +
				      strlen(st->keys[col - 1]) + 32);
			sprintf(text, _("column %d (%s): %s"), col,
				st->keys[col - 1], rest);
		} else {
			text = strdup(m);
		}
		csv_refuse(st, values[0], text);
		free(text);
		rc = 0;
	} else if (rc < 0) {
		export_host->error(ctx, "%s", msg ? msg : st->path);
	}
	free(msg);
	return rc;
}

/* Close the file; fail (removing it) when rows were refused. */
static int csv_end(struct export_sink *s, struct tsu_ctx *ctx)
{
	struct csv_state *st = s->state;
	char *msg = NULL;
	int rc = export_host->csv_finish(st->w, &msg);

	st->w = NULL;
	if (rc < 0) {
		export_host->error(ctx, "%s", msg ? msg : st->path);
		free(msg);
		return -1;
	}
	if (st->nrefused) {
		if (strcmp(st->path, "-") != 0)
			unlink(st->path);
		export_host->error(
		    ctx,
		    P_("%s: %d row cannot be written in %s; nothing was "
		       "exported (correct the record, or use --encoding "
		       "utf-8-bom):\n%s%s",
		       "%s: %d rows cannot be written in %s; nothing was "
		       "exported (correct the records, or use --encoding "
		       "utf-8-bom):\n%s%s",
		       st->nrefused),
		    st->path, st->nrefused, st->encoding, st->refused ? st->refused : "",
		    st->nrefused > CSV_MAX_REFUSED ? "\n..." : "");
		return -1;
	}
	return 0;
}

/* The encoding for a locale: CP932 where it is Japanese (what Excel on
 * Japanese Windows opens), else UTF-8 with a byte order mark. */
static const char *csv_default_encoding(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_CTYPE", "LANG"};
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return strncmp(v, "ja", 2) == 0 ? "cp932" : "utf-8-bom";
	}
	return "utf-8-bom";
}

/* Canonical name of encoding NAME, or NULL (reported) when it is not one
 * export writes. */
static const char *csv_encoding_name(struct tsu_ctx *ctx, const char *name)
{
	static const char *const names[][2] = {
	    {"utf-8", "utf-8"},	    {"utf8", "utf-8"},
	    {"utf-8-bom", "utf-8-bom"}, {"utf8-bom", "utf-8-bom"},
	    {"cp932", "cp932"},	    {"sjis", "cp932"},
	    {"shift_jis", "cp932"},	    {"ms932", "cp932"},
	    {"windows-31j", "cp932"}};
	size_t i;

	if (!name)
		return csv_default_encoding();
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcasecmp(name, names[i][0]) == 0)
			return names[i][1];
	export_host->error(ctx,
			   _("--encoding \"%s\": not an encoding export writes "
			   "(use utf-8, utf-8-bom or cp932)"),
			   name);
	return NULL;
}

/* Export WHAT to PATH, its row count in *ROWS.  1 done, 0 skipped, -1
 * failed. */
static int csv_one(struct tsu_ctx *ctx, const char *what, const char *path,
		   const char *encoding, const char *since, long *rows)
{
	struct csv_state st = {.path = path, .encoding = encoding};
	struct export_sink sink = {.begin = csv_begin,
				   .row = csv_row,
				   .end = csv_end,
				   .state = &st};
	int rc;

	*rows = 0;
	rc = export_table(ctx, what, since, &sink, rows);

	if (st.w) { /* failed half-way: no partial file stays */
		export_host->csv_finish(st.w, NULL);
		if (strcmp(path, "-") != 0)
			unlink(path);
	}
	free(st.refused);
	if (rc <= 0)
		return rc;
	if (strcmp(path, "-") != 0)
		export_host->info(ctx,
				  P_("%s: %ld row written to %s (%s)",
				     "%s: %ld rows written to %s (%s)", *rows),
				  what, *rows, path, encoding);
	return 1;
}

/* Record the export in one audit row: what, how many rows, where, in
 * which encoding, since when, and for `all` the rows of each table
 * (TABLES, "persons 3, families 2"; may be NULL).  0 or -1. */
static int csv_audit(struct tsu_ctx *ctx, const char *what, long rows,
		     const char *out, const char *encoding, const char *since,
		     const char *tables)
{
	size_t len = strlen(what) + strlen(out) +
		     (tables ? strlen(tables) : 0) + 128;
	char *detail = malloc(len);
	int rc;

	if (!detail)
		return export_host->error(ctx, _("out of memory"));
	snprintf(detail, len, "csv %s: %ld row%s to %s (%s%s%s)%s%s", what,
		 rows, rows == 1 ? "" : "s",
		 strcmp(out, "-") == 0 ? "standard output" : out, encoding,
		 since ? ", since " : "", since ? since : "",
		 tables ? ": " : "", tables ? tables : "");
	rc = export_host->audit(ctx, "export", NULL, detail);
	free(detail);
	return rc;
}

/* DIR/NAME.csv, a '/' in NAME made '_'.  Malloc'd. */
static char *csv_path(const char *dir, const char *name)
{
	size_t len = strlen(dir) + strlen(name) + 8;
	char *path = malloc(len), *p;

	snprintf(path, len, "%s/", dir);
	p = path + strlen(path);
	snprintf(p, len - (size_t)(p - path), "%s.csv", name);
	for (; *p; p++)
		if (*p == '/')
			*p = '_';
	return path;
}

int export_csv_run(struct tsu_ctx *ctx, const char *what, const char *out,
		   const char *encoding, const char *since)
{
	const char **names;
	const char *enc = csv_encoding_name(ctx, encoding);
	struct stat sb;
	char *tables = NULL;
	size_t len = 0;
	long rows, total = 0;
	int rc = 0, i;

	if (!enc)
		return -1;
	if (strcmp(what, "all") != 0) {
		rc = csv_one(ctx, what, out, enc, since, &rows);
		if (rc > 0 &&
		    csv_audit(ctx, what, rows, out, enc, since, NULL) < 0) {
			if (strcmp(out, "-") != 0)
				unlink(out);
			return -1;
		}
		return rc < 0 ? -1 : 0;
	}
	if (strcmp(out, "-") == 0)
		return export_host->error(ctx, _("all: -o needs a folder (one "
					       "file per table), not -"));
	if (stat(out, &sb) == 0 && !S_ISDIR(sb.st_mode))
		return export_host->error(ctx, _("all: %s: not a folder (all "
					       "writes one file per table)"),
					  out);
	if (stat(out, &sb) < 0 && mkdir(out, 0700) < 0)
		return export_host->error(ctx, _("all: cannot create folder %s: %s"),
					  out, strerror(errno));
	names = export_all_names(ctx);
	if (!names)
		return -1;
	for (i = 0; names[i] && rc >= 0; i++) {
		char *path = csv_path(out, names[i]);
		char *p;

		rc = csv_one(ctx, names[i], path, enc, since, &rows);
		free(path);
		if (rc <= 0)
			continue;
		total += rows;
		p = realloc(tables, len + strlen(names[i]) + 32);
		if (!p) {
			rc = export_host->error(ctx, _("out of memory"));
			continue;
		}
		tables = p;
		len += (size_t)sprintf(tables + len, "%s%s %ld", len ? ", " : "",
				       names[i], rows);
	}
	if (rc >= 0 &&
	    csv_audit(ctx, "all", total, out, enc, since, tables) < 0)
		rc = -1;
	free(tables);
	/* A failed command leaves no audit row: nor does it leave files. */
	while (rc < 0 && --i >= 0) {
		char *path = csv_path(out, names[i]);

		unlink(path);
		free(path);
	}
	export_names_free(names);
	return rc < 0 ? -1 : 0;
}
