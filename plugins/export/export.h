/* export.h - what the parts of the export plugin share: the host table,
 * the tables that can be exported, and the sinks that write them (CSV,
 * Excel). */
#ifndef TSU_EXPORT_H
#define TSU_EXPORT_H

#include <tsunagu-plugin.h>

/* The host table, valid from init() to shutdown(). */
extern const struct tsu_host *export_host;

/* Column kinds, for sinks that keep types (Excel). */
enum export_type {
	EXPORT_TEXT = 't',
	EXPORT_DATE = 'd', /* ISO YYYY-MM-DD */
	EXPORT_INT = 'i',
};

/* Where rows go.  BEGIN is called once per table with its name (also the
 * file or sheet name), its column keys and kinds; ROW once per row with
 * NCOLS values (NULL = empty); END when the table is complete.  Each
 * returns 0 or -1 (reported on CTX). */
struct export_sink {
	int (*begin)(struct export_sink *s, struct tsu_ctx *ctx,
		     const char *name, int ncols, const char *const *keys,
		     const char *types);
	int (*row)(struct export_sink *s, struct tsu_ctx *ctx,
		   const char *const *values);
	int (*end)(struct export_sink *s, struct tsu_ctx *ctx);
	void *state;
	long rows; /* rows written to the current table */
};

/* Write the table WHAT ("persons", "families", "pregnancies", "contacts",
 * "plans", "referrals", "flags", or a form's name) to SINK, keeping rows
 * recorded on or after SINCE (ISO, or NULL for all).  *ROWS gets the row
 * count.  Returns 1 done, 0 when WHAT's table is not in this database
 * (reported with host->info), -1 on error (reported). */
int export_table(struct tsu_ctx *ctx, const char *what, const char *since,
		 struct export_sink *sink, long *rows);

/* 1 when WHAT names an exportable table or a form with responses (or a
 * defined form); else 0, with an error naming the nearest choice. */
int export_what_check(struct tsu_ctx *ctx, const char *what);

/* The names `export ... all` writes, in order: the fixed tables first,
 * then one per form with responses.  Returns a NULL-terminated malloc'd
 * array to free with export_names_free(), or NULL (reported). */
const char **export_all_names(struct tsu_ctx *ctx);
void export_names_free(const char **names);

/* 1 when the database has table NAME. */
int export_has_table(struct tsu_ctx *ctx, const char *name);

/* Commands of the other files. */
int export_csv_run(struct tsu_ctx *ctx, const char *what, const char *out,
		   const char *encoding, const char *since);
/* In the part "xlsx" (parts.h); the plugin calls export_xlsx(). */
int export_xlsx_run(struct tsu_ctx *ctx, const char *what, const char *out,
		    const char *since);
int export_json_run(struct tsu_ctx *ctx, const char *what, const char *out);
int export_json_import(struct tsu_ctx *ctx, const char *path, int dry_run);
int export_backup_cmd(struct tsu_ctx *ctx, int argc, char **argv, void *data);
int export_restore_cmd(struct tsu_ctx *ctx, int argc, char **argv,
		       void *data);

/* Display width of UTF-8 text: 2 for East Asian wide characters. */
int export_text_width(const char *s);

#endif
