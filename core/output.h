/* output.h - the one way every command prints records.
 *
 * A command fills a struct tsu_table, row by row and cell by cell, and
 * prints it in the format the user chose with --format:
 *
 *   table  aligned columns for people (headings may be Japanese),
 *   json   an array of objects (or one object) with ASCII snake_case keys,
 *   tsv    a header line of keys and one line per row, for scripts.
 *
 * Functions returning int return 0 on success and a negative errno value on
 * failure. The cell functions cannot fail: when memory runs out the table
 * remembers it and tsu_table_print() returns -ENOMEM. */
#ifndef TSU_OUTPUT_H
#define TSU_OUTPUT_H

#include <stdio.h>

enum tsu_format { TSU_FORMAT_TABLE, TSU_FORMAT_JSON, TSU_FORMAT_TSV };

/* Set *F from NAME ("table", "json" or "tsv"). Returns 0, or -1 for any
 * other name (*F is then unchanged). */
int tsu_format_parse(const char *name, enum tsu_format *f);

/* What a column holds. INT and BOOL cells print unquoted in JSON and INT
 * columns are right-aligned in the table format. A text cell in an INT
 * column that is a plain decimal integer counts as that integer, and one in
 * a BOOL column that reads "true"/"1" or "false"/"0" as that boolean; other
 * text stays a (quoted) string, so the JSON is always valid. */
enum tsu_cell_type { TSU_CELL_TEXT, TSU_CELL_INT, TSU_CELL_BOOL };

struct tsu_table;

/* A new table with NCOLS columns. KEYS are the JSON keys and TSV header
 * (ASCII snake_case); HEADINGS are what the table format shows, message
 * ids of the "tsunagu" text domain (mark them N_()), shown translated in
 * the user's language; a heading without a translation shows as it is.
 * HEADINGS, or any one heading, NULL means use the key as the heading's
 * message id (the key itself stays as it is). Both arrays and their
 * strings are copied. Returns NULL if NCOLS < 1, a key is
 * NULL, or memory runs out. Free with tsu_table_free(). */
struct tsu_table *tsu_table_new(int ncols, const char *const *keys,
				const char *const *headings);

/* Set the type of column COL (0-based); every column starts as TEXT. */
void tsu_table_set_type(struct tsu_table *t, int col, enum tsu_cell_type type);

/* Start a new row; its cells are then added left to right. A cell added
 * before the first tsu_table_row() starts the first row. */
void tsu_table_row(struct tsu_table *t);

/* Add the next cell of the current row: text S (copied; NULL is a null
 * value, empty in table and TSV, null in JSON), an integer, or a boolean
 * (printed true/false in JSON and TSV, yes/no in the table format). Cells
 * past the last column are ignored; cells missing at the end of a row are
 * null. */
void tsu_table_text(struct tsu_table *t, const char *s);
void tsu_table_int(struct tsu_table *t, long long v);
void tsu_table_bool(struct tsu_table *t, int v);

/* Add text S as the next cell without copying it: S must stay as it is
 * until the table is freed.  For long listings of strings the caller
 * keeps anyway. */
void tsu_table_text_ref(struct tsu_table *t, const char *s);

/* Number of rows added so far. */
int tsu_table_rows(const struct tsu_table *t);

/* Print every row to OUT as a listing.
 *   TABLE: a heading line, a rule of '-', then the rows; columns are
 *          separated by two spaces and padded by display width, INT columns
 *          right-aligned, cells wider than 40 columns cut with "…", control
 *          characters (newlines, tabs) shown as spaces, no trailing blanks.
 *          A table without rows prints "(none)".
 *   JSON:  one array with one object per row (one a line), keys in column
 *          order; "[]" without rows.
 *   TSV:   a header line of keys, then one line per row; a backslash, tab,
 *          newline and carriage return in a cell are written \\ \t \n \r.
 * Output ends with a newline and is flushed. Returns 0, -ENOMEM if the
 * table lost cells for want of memory, or -EIO on a write error. */
int tsu_table_print(const struct tsu_table *t, enum tsu_format f, FILE *out);

/* Print row 0 as one record.
 *   TABLE: "heading: value" lines, headings padded to one display width so
 *          the values line up; a value's further lines are indented to the
 *          same place.
 *   JSON:  one object.
 *   TSV:   the header line and one row.
 * Returns as tsu_table_print(), or -EINVAL (printing nothing) if the table
 * has no rows. */
int tsu_table_print_record(const struct tsu_table *t, enum tsu_format f,
			   FILE *out);

/* Free T and everything in it; NULL is allowed. */
void tsu_table_free(struct tsu_table *t);

/* Write S to OUT as a JSON string literal: '"' and '\' are escaped with a
 * backslash, control characters (and DEL) as \u00XX, other UTF-8 is kept as
 * it is, and a byte that is not valid UTF-8 becomes \ufffd. NULL writes
 * null. */
void tsu_json_string(FILE *out, const char *s);

#endif
