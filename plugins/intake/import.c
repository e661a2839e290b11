/* import.c - `import FORM FILE`: bulk intake from the CSV files clerks
 * have (Excel's CP932 or UTF-8, BOM, CRLF, quoted commas and newlines).
 *
 * The header row names the columns: a field's id or label, or --map
 * COL=FIELD.  Each row is validated by the form like an interactive intake
 * (host->form_check); a rejected row is reported with its file and line
 * and the others go in.  Rows are committed in batches, each row inside a
 * savepoint so that a row failing half-way leaves nothing behind.  The
 * reader streams, so memory does not grow with the file.
 *
 * Idempotent: a pregnancy row whose mother is registered (same resident
 * code, or kana name and birth date) and whose pregnancy with the same
 * notified_on is in changes nothing; a row of another form whose subject
 * already has the same answers is skipped.  An interrupted import is
 * completed by running it again. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "intake.h"

/* Rows per commit unless --batch says otherwise: on a register of some
 * 100,000 persons a commit writes each index page it touched, so larger
 * batches write far less; a cut-off import redoes at most one. */
#define IMPORT_BATCH 5000
#define IMPORT_BATCH_MAX 100000
#define IMPORT_MAX_COLS 256

struct import_state {
	const char *form;
	const char *file;
	int is_pregnancy;
	int dry_run;
	int ncols;
	const char *field[IMPORT_MAX_COLS]; /* per column, or NULL */
	int subject_col;		    /* column of the subject id */
	long rows, imported, matched, already, rejected;
	long long record_id; /* the intake_import row */
	long batch_from;     /* the Excel row of the batch's first row */
	long last_row;       /* the Excel row of the last row read */
	long batch;          /* rows per commit */
	int batched_audit;   /* the host gathers the audit per batch */
	struct tsu_stmt *savepoint[3]; /* prepared once: see import_savepoint */
};

/* Remarks that are not data (stderr in the json and tsv formats), on a
 * host that has them. */
#define import_note(h)                                                         \
	(TSU_HOST_HAS(h, note) && (h)->note ? (h)->note : (h)->info)

/* Report a rejected row on standard error: "tsunagu: import: FILE: line
 * N: REASON", the form the shell uses for errors, N being the row as
 * Excel numbers it; when a line break in a quoted cell above makes the
 * file's line another number (what a text editor shows), that too. */
static void import_reject(struct import_state *st, long row, long line,
			  const char *reason)
{
	st->rejected++;
	if (row == line)
		fprintf(stderr, _("tsunagu: import: %s: line %ld: %s\n"),
			st->file, row, reason ? reason : _("rejected"));
	else
		fprintf(stderr,
			_("tsunagu: import: %s: line %ld (line %ld in a text "
			  "editor): %s\n"),
			st->file, row, line, reason ? reason : _("rejected"));
}

/* 1 when every cell of the row is empty or blank (ASCII blanks and the
 * full-width U+3000), as a row Excel leaves empty is written: ",,,,". */
static int import_blank_row(char **fields, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		const char *p = fields[i];

		while (*p) {
			if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
				p++;
			else if (strncmp(p, "\xe3\x80\x80", 3) == 0)
				p += 3;
			else
				return 0;
		}
	}
	return 1;
}

/* Index of the column headed COL among the N headers FIELDS, compared as
 * they are, else folded as the form's labels are (full-width and
 * half-width alike, blanks ignored); -1 when none, -2 when two are (both
 * positions in AT[0], AT[1]). */
static int import_column(struct tsu_ctx *ctx, const char *col, size_t len,
			 char **fields, int n, int at[2])
{
	const struct tsu_host *h = intake_host;
	char *want = strndup(col, len);
	const char *fwant;
	int pass, i, found;

	if (!want)
		return -1;
	for (pass = 0; pass < 2; pass++) {
		found = 0;
		fwant = pass == 0 ? want : h->fold(ctx, want);
		for (i = 0; i < n && found < 2; i++) {
			const char *f =
			    pass == 0 ? fields[i] : h->fold(ctx, fields[i]);

			if (*fwant && f && strcmp(f, fwant) == 0)
				at[found++] = i;
		}
		if (found)
			break;
	}
	free(want);
	return found == 0 ? -1 : found == 1 ? at[0] : -2;
}

/* The header nearest to COL (LEN bytes) among FIELDS, for an error;
 * its index in *AT. */
static const char *import_nearest(const char *col, size_t len, char **fields,
				  int n, int *at)
{
	const struct tsu_host *h = intake_host;
	char *want = strndup(col, len);
	const char *best = NULL;
	int i, d, bestd = 1 << 30;

	for (i = 0; want && i < n; i++) {
		if (!*fields[i])
			continue;
		d = h->edit_distance(want, fields[i]);
		if (d < bestd) {
			bestd = d;
			best = fields[i];
			*at = i;
		}
	}
	free(want);
	return best;
}

/* Map the header FIELDS to form fields.  MAPS ("COL=FIELD") come first
 * and win: a column they name must be in the header, and a column whose
 * label names a field a --map already feeds is left out, with a note.
 * Two columns that would feed one field otherwise (the same heading
 * twice, or a label and an id) are an error: which one is meant cannot
 * be guessed, and taking either would lose the other's values silently.
 * Returns 0, or -1 (reported). */
static int import_header(struct tsu_ctx *ctx, struct import_state *st,
			 char **fields, int n, char **maps, int nmaps)
{
	const struct tsu_host *h = intake_host;
	int bymap[IMPORT_MAX_COLS]; /* the --map naming the column, or -1 */
	int i, j, k, mapped = 0;

	if (n > IMPORT_MAX_COLS)
		return h->error(ctx, _("%s: line 1: %d columns; at most %d"), st->file,
				n, IMPORT_MAX_COLS);
	st->ncols = n;
	st->subject_col = -1;
	for (i = 0; i < n; i++) {
		bymap[i] = -1;
		st->field[i] = NULL;
	}
	for (j = 0; j < nmaps; j++) {
		const char *eq = strchr(maps[j], '=');
		const char *f;
		int at[2];

		if (!eq)
			return h->error(ctx,
					_("--map \"%s\": write COLUMN=FIELD, e.g. "
					"--map 氏名カナ=family_name_kana"),
					maps[j]);
		f = eq + 1;
		if (strcmp(f, "subject") != 0) {
			f = h->form_field_for(ctx, st->form, f);
			if (!f)
				return h->error(ctx,
						_("--map \"%s\": the form %s has "
						"no field \"%s\""),
						maps[j], st->form, eq + 1);
		}
		i = import_column(ctx, maps[j], (size_t)(eq - maps[j]), fields,
				  n, at);
		if (i == -2)
			return h->error(ctx,
					_("--map \"%s\": the header of %s has "
					"\"%.*s\" twice, as columns %d and %d"),
					maps[j], st->file, (int)(eq - maps[j]),
					maps[j], at[0] + 1, at[1] + 1);
		if (i < 0) {
			const char *near = import_nearest(
			    maps[j], (size_t)(eq - maps[j]), fields, n, &k);

			if (near)
				return h->error(
				    ctx,
				    _("--map \"%s\": the header of %s has no "
				    "column \"%.*s\" (the nearest is column %d "
				    "\"%s\")"),
				    maps[j], st->file, (int)(eq - maps[j]),
				    maps[j], k + 1, near);
			return h->error(ctx,
					_("--map \"%s\": the header of %s has no "
					"column \"%.*s\""),
					maps[j], st->file, (int)(eq - maps[j]),
					maps[j]);
		}
		if (bymap[i] >= 0)
			return h->error(ctx,
					_("--map \"%s\" and --map \"%s\" name "
					"the same column %d"),
					maps[bymap[i]], maps[j], i + 1);
		for (k = 0; k < n; k++)
			if (st->field[k] && strcmp(st->field[k], f) == 0)
				return h->error(
				    ctx,
				    _("--map \"%s\" and --map \"%s\" both "
				    "feed %s"),
				    maps[bymap[k]], maps[j], f);
		bymap[i] = j;
		st->field[i] = f;
	}
	for (i = 0; i < n; i++) {
		const char *f;

		if (bymap[i] >= 0)
			continue;
		if (strcmp(fields[i], "subject") == 0 ||
		    strcmp(fields[i], "id") == 0)
			f = "subject";
		else
			f = h->form_field_for(ctx, st->form, fields[i]);
		if (!f) {
			if (*fields[i])
				import_note(h)(ctx,
					       _("column %d \"%s\" is not a "
					       "field of %s: ignored (use --map "
					       "COL=FIELD)"),
					       i + 1, fields[i], st->form);
			continue;
		}
		for (k = 0; k < n; k++)
			if (k != i && st->field[k] &&
			    strcmp(st->field[k], f) == 0)
				break;
		if (k < n && bymap[k] >= 0) {
			import_note(h)(ctx,
				       _("column %d \"%s\" is left out: %s is "
				       "taken from column %d \"%s\" (--map "
				       "%s)"),
				       i + 1, fields[i], f, k + 1, fields[k],
				       maps[bymap[k]]);
			continue;
		}
		if (k < n)
			return h->error(
			    ctx,
			    _("%s: line 1: columns %d \"%s\" and %d \"%s\" "
			    "both name %s; remove one, or say which with "
			    "--map COL=FIELD"),
			    st->file, k + 1, fields[k], i + 1, fields[i], f);
		st->field[i] = f;
	}
	for (i = 0; i < n; i++) {
		if (st->field[i] && strcmp(st->field[i], "subject") == 0) {
			st->subject_col = i;
			st->field[i] = NULL;
		} else if (st->field[i]) {
			mapped++;
		}
	}
	if (mapped == 0)
		return h->error(ctx,
				_("%s: line 1: no column names a field of %s (the "
				"header must hold field ids or labels; or use "
				"--map COL=FIELD)"),
				st->file, st->form);
	if (!st->is_pregnancy && st->subject_col < 0)
		return h->error(ctx,
				_("%s: line 1: a column \"subject\" with the "
				"person's or family's id is needed for the "
				"form %s"),
				st->file, st->form);
	return 0;
}

enum { ROW_BEGIN, ROW_RELEASE, ROW_UNDO };

/* Open (ROW_BEGIN), release or roll back (ROW_UNDO, which also releases)
 * the savepoint of one row, with statements prepared on first use.
 * 0, or -1 (reported). */
static int import_savepoint(struct tsu_ctx *ctx, struct import_state *st,
			    int what)
{
	static const char *const sql[] = {"SAVEPOINT import_row",
					  "RELEASE import_row",
					  "ROLLBACK TO import_row"};
	const struct tsu_host *h = intake_host;
	struct tsu_stmt **s = &st->savepoint[what];
	int rc;

	if (!*s && !(*s = h->prepare(ctx, sql[what])))
		return -1;
	rc = h->step(*s);
	h->reset(*s);
	if (rc < 0)
		return -1;
	return what == ROW_UNDO ? import_savepoint(ctx, st, ROW_RELEASE) : 0;
}

/* Finalize the statements of import_savepoint. */
static void import_savepoint_end(struct import_state *st)
{
	int i;

	for (i = 0; i < 3; i++)
		if (st->savepoint[i])
			intake_host->finalize(st->savepoint[i]);
}

/* Validate and store one data row.  Returns 1 stored, 0 rejected (the
 * reason is reported), -1 on an error that stops the import. */
static int import_row(struct tsu_ctx *ctx, struct import_state *st,
		      char **fields, int n, long row, long line)
{
	const struct tsu_host *h = intake_host;
	const char *names[IMPORT_MAX_COLS], *values[IMPORT_MAX_COLS];
	const char *answers;
	int i, k = 0, version, already, rc = 1;
	long mark = h->keep_mark(ctx);

	st->rows++;
	if (n != st->ncols) {
		char msg[128];

		snprintf(msg, sizeof(msg), _("%d columns where the header has %d"),
			 n, st->ncols);
		import_reject(st, row, line, msg);
		return 0;
	}
	for (i = 0; i < n && i < st->ncols; i++)
		if (st->field[i]) {
			names[k] = st->field[i];
			values[k++] = fields[i];
		}
	if (import_savepoint(ctx, st, ROW_BEGIN) < 0)
		return -1;
	if (h->form_check(ctx, st->form, names, values, k, &answers,
			  &version) < 0)
		goto reject;
	if (st->is_pregnancy) {
		struct intake_result r;

		if (intake_pregnancy_store(ctx, answers, version, &r) < 0)
			goto reject;
		if (r.already)
			st->already++;
		else
			st->imported++;
		if (r.matched && !r.already)
			st->matched++;
	} else {
		char subject[TSU_ID_LEN], id[TSU_ID_LEN];
		const char *kind = NULL;

		h->form_exists(ctx, st->form, &kind);
		if (h->resolve(ctx, fields[st->subject_col],
			       kind && strcmp(kind, "family") == 0 ? "family"
								    : NULL,
			       subject) < 0 ||
		    intake_response_store(ctx, subject, st->form, version,
					  answers, h->today(ctx), id,
					  &already) < 0)
			goto reject;
		if (already)
			st->already++;
		else
			st->imported++;
	}
	if (import_savepoint(ctx, st, ROW_RELEASE) < 0)
		rc = -1;
	h->keep_release(ctx, mark);
	return rc;
reject:
	{
		const char *why = h->error_take(ctx);

		if (import_savepoint(ctx, st, ROW_UNDO) < 0)
			rc = -1;
		else if (h->interrupted(ctx))
			rc = -1; /* Ctrl-C, not the row: the loop says so */
		else
			import_reject(st, row, line, why);
	}
	h->keep_release(ctx, mark);
	return rc < 0 ? -1 : 0;
}

/* Record the finished import in intake_import and the audit trail. */
static int import_record(struct tsu_ctx *ctx, struct import_state *st)
{
	static const char sql[] =
	    "INSERT INTO intake_import(form, file, staff, rows, imported,"
	    " already, rejected, finished_at)"
	    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, CURRENT_TIMESTAMP)";
	const struct tsu_host *h = intake_host;
	struct tsu_stmt *s = h->prepare(ctx, sql);
	char detail[512];
	int rc;

	if (!s)
		return -1;
	h->bind_text(s, 1, st->form);
	h->bind_text(s, 2, st->file);
	h->bind_text(s, 3, h->staff(ctx));
	h->bind_int(s, 4, st->rows);
	h->bind_int(s, 5, st->imported);
	h->bind_int(s, 6, st->already);
	h->bind_int(s, 7, st->rejected);
	rc = h->step(s);
	h->finalize(s);
	if (rc < 0)
		return -1;
	st->record_id = h->last_insert_id(ctx);
	snprintf(detail, sizeof(detail),
		 "import %s %s: %ld imported, %ld already in, %ld rejected",
		 st->form, st->file, st->imported, st->already, st->rejected);
	return h->audit(ctx, "create", NULL, detail);
}

/* Print the summary as one record. */
static int import_summary(struct tsu_ctx *ctx, const struct import_state *st)
{
	static const char *const keys[] = {N_("id"),      N_("form"),	  N_("file"),
					   N_("rows"),    N_("imported"), N_("matched"),
					   N_("already"), N_("rejected"), N_("dry_run")};
	const struct tsu_host *h = intake_host;
	struct tsu_table *t = h->table_new(9, keys, NULL);
	char id[TSU_ID_LEN] = "";

	if (!st->dry_run)
		snprintf(id, sizeof(id), "IM%lld", st->record_id);
	import_note(h)(ctx,
		       _("%s%ld imported (%ld of them for a registered "
			 "person), %ld already in, %ld rejected."),
		       st->dry_run ? _("dry run, nothing written: ") : "",
		       st->imported, st->matched, st->already, st->rejected);
	h->table_row(t);
	h->table_text(t, *id ? id : NULL);
	h->table_text(t, st->form);
	h->table_text(t, st->file);
	h->table_int(t, st->rows);
	h->table_int(t, st->imported);
	h->table_int(t, st->matched);
	h->table_int(t, st->already);
	h->table_int(t, st->rejected);
	h->table_bool(t, st->dry_run);
	return h->table_emit_record(ctx, t);
}

/* Commit the batch (unless a dry run), with its one audit row naming
 * the rows it holds as Excel numbers them, and open the next one. */
static int import_batch_end(struct tsu_ctx *ctx, struct import_state *st,
			    int more)
{
	const struct tsu_host *h = intake_host;
	char what[512];

	if (st->dry_run)
		return 0;
	snprintf(what, sizeof(what), "%s %s lines %ld-%ld", st->form, st->file,
		 st->batch_from, st->last_row);
	if (h->search_refresh(ctx) < 0 ||
	    (st->batched_audit && h->audit_batch(ctx, what, more) < 0) ||
	    h->commit(ctx) < 0)
		return -1;
	return more ? h->begin(ctx) : 0;
}

/* import FORM FILE [--encoding E] [--map COL=FIELD]... [--dry-run]
 * [--batch ROWS] */
static int import_run(struct tsu_ctx *ctx, int argc, char **argv)
{
	static const struct tsu_opt opts[] = {
	    {"--encoding", TSU_OPT_VALUE},
	    {"--map", TSU_OPT_REPEAT},
	    {"--dry-run", TSU_OPT_FLAG},
	    {"--batch", TSU_OPT_VALUE},
	};
	const struct tsu_host *h = intake_host;
	struct import_state st;
	struct tsu_csv_reader *r;
	struct tsu_args a;
	char **fields, *msg = NULL, what[256];
	int n, rc, inbatch = 0, header = 1;
	long line = 0, row = 0;

	memset(&st, 0, sizeof(st));
	if (h->parse_options(ctx, argc, argv, opts, 4, &a) < 0)
		return -1;
	if (!intake_has_forms())
		return h->error(ctx, _("forms are not available in this program"));
	if (a.npos != 2)
		return h->error(ctx, _("usage: import FORM FILE [--encoding "
				     "auto|utf-8|cp932] [--map COL=FIELD]... "
				     "[--dry-run] [--batch ROWS]"));
	st.batch = IMPORT_BATCH;
	if (a.value[3]) {
		char *end;

		st.batch = strtol(a.value[3], &end, 10);
		if (end == a.value[3] || *end || st.batch < 1 ||
		    st.batch > IMPORT_BATCH_MAX)
			return h->error(ctx,
					_("--batch: \"%s\" is not a number of "
					"rows from 1 to %d (e.g. --batch 500)"),
					a.value[3], IMPORT_BATCH_MAX);
	}
	st.form = a.pos[0];
	st.file = a.pos[1];
	st.dry_run = a.value[2] != NULL;
	st.is_pregnancy = strcmp(st.form, "pregnancy") == 0;
	if (!h->form_exists(ctx, st.form, NULL))
		return h->error(ctx, _("no form \"%s\" (try pregnancy)"), st.form);
	if (a.value[0] && strcmp(a.value[0], "auto") != 0 &&
	    strcmp(a.value[0], "utf-8") != 0 &&
	    strcmp(a.value[0], "utf8") != 0 &&
	    strcmp(a.value[0], "cp932") != 0 &&
	    strcmp(a.value[0], "sjis") != 0)
		return h->error(ctx,
				_("--encoding: \"%s\" is not auto, utf-8 or "
				"cp932"),
				a.value[0]);
	snprintf(what, sizeof(what), _("import %s"), st.file);
	r = h->csv_open(st.file, a.value[0] ? a.value[0] : "auto", &msg);
	if (!r) {
		h->error(ctx, "%s", msg ? msg : st.file);
		free(msg);
		return -1;
	}
	st.batched_audit = TSU_HOST_HAS(h, audit_batch);
	if ((!st.dry_run && TSU_HOST_HAS(h, bulk_load) &&
	     h->bulk_load(ctx, 1) < 0) ||
	    h->begin(ctx) < 0 ||
	    (st.batched_audit && h->audit_batch(ctx, NULL, 1) < 0)) {
		h->csv_close(r);
		return -1;
	}
	while ((rc = h->csv_read(r, &fields, &n, &line, &msg)) != 0) {
		row = TSU_HOST_HAS(h, csv_row) && h->csv_row ? h->csv_row(r)
							     : line;
		if (h->interrupted(ctx)) {
			rc = -3;
			break;
		}
		if (rc == -2)
			break;
		if (rc == -1) {
			if (header) {
				rc = -2;
				break;
			}
			st.rows++;
			st.rejected++;
			fprintf(stderr, _("tsunagu: import: %s\n"), msg);
			free(msg);
			msg = NULL;
			continue;
		}
		if (header) {
			header = 0;
			if (import_header(ctx, &st, fields, n, a.repeat[1],
					  a.nrepeat[1]) < 0) {
				rc = -4;
				break;
			}
			continue;
		}
		/* A row left empty in Excel (",,,,") is no row to take in. */
		if (import_blank_row(fields, n))
			continue;
		if (inbatch == 0)
			st.batch_from = row;
		st.last_row = row;
		if (import_row(ctx, &st, fields, n, row, line) < 0) {
			rc = -4;
			break;
		}
		if (++inbatch == st.batch) {
			inbatch = 0;
			if (import_batch_end(ctx, &st, 1) < 0) {
				rc = -4;
				break;
			}
		}
		/* On a terminal only; the host keeps it to a few a second. */
		h->progress(ctx, what, st.rows, 0);
	}
	h->progress(ctx, what, -1, 0);
	h->csv_close(r);
	import_savepoint_end(&st);
	if (rc != 0 || st.dry_run)
		h->rollback(ctx);
	if (rc == -2) {
		h->error(ctx, "%s", msg ? msg : _("cannot read the file"));
		free(msg);
		return -1;
	}
	/* Ctrl-C stopped a statement of the row: say so, not the
	 * statement's "interrupted". */
	if (rc == -4 && h->interrupted(ctx)) {
		h->error_take(ctx);
		rc = -3;
	}
	if (rc == -3)
		return h->error(ctx, _("interrupted at %s line %ld; the rows "
				     "before this batch are in: run the same "
				     "import again to complete it"),
				st.file, row);
	if (rc == -4)
		return -1;
	if (header)
		return h->error(ctx, _("%s: the file is empty (a header row "
				     "naming the fields is needed)"),
				st.file);
	if (!st.dry_run &&
	    (import_record(ctx, &st) < 0 ||
	     (st.imported > 0 && h->store_analyze(ctx) < 0) ||
	     import_batch_end(ctx, &st, 0) < 0))
		return -1;
	if (import_summary(ctx, &st) < 0)
		return -1;
	/* Some rows rejected is a success (the others went in, and the
	 * rejected ones were named); all of them is a failed command. */
	if (st.rejected > 0 && st.rejected == st.rows)
		return h->error(ctx,
				_("%s: every row was rejected (%ld); nothing was "
				"imported"),
				st.file, st.rejected);
	return 0;
}

static int import_cmd(struct tsu_ctx *ctx, int argc, char **argv, void *data)
{
	int rc = import_run(ctx, argc, argv);

	(void)data;
	/* Whatever stopped it, the session goes on as it was (the batches
	 * committed stay, durable). */
	if (rc < 0)
		intake_host->rollback(ctx);
	if (TSU_HOST_HAS(intake_host, bulk_load) &&
	    intake_host->bulk_load(ctx, 0) < 0)
		rc = -1;
	return rc;
}

static const struct tsu_command_spec import_specs[] = {
    {
	.name = "import",
	.topic = "register",
	.summary = N_("bulk intake from a CSV file (Excel CP932 or UTF-8)"),
	.usage = N_("import FORM FILE [--encoding auto|utf-8|cp932] "
		 "[--map COL=FIELD]... [--dry-run] [--batch ROWS]"),
	.help = N_("Reads FILE, a CSV file as Excel writes it (CP932 or UTF-8, "
		"with or without\nBOM, CRLF, quoted commas and newlines), and "
		"takes each row in as an intake\nof FORM.  The header row names "
		"the columns: a field's id or its label\n(e.g. 氏名カナ), or "
		"--map COL=FIELD.  Dates may be 和暦 or full-width.\n"
		"Every row is validated like an interactive intake; a rejected "
		"row is\nreported with its line as Excel numbers it (the header "
		"is line 1) and the\nreason, and the others go in, committed in "
		"batches of 5000 (--batch ROWS);\nrows left empty are skipped.  "
		"When every row is rejected, the command fails.\nImporting the "
		"same rows again changes nothing, so an interrupted import is\n"
		"completed by running it again.  --dry-run reports without "
		"writing.  "
		"Forms other than pregnancy need a column \"subject\"\nwith the "
		"person's or family's id.\n"
		"Example: import pregnancy 届出一覧.csv --map 届出日=notified_on\n\n"
		"See also: help forms, intake, export, find"),
	.words = "2=<file> --encoding=auto|utf-8|cp932 --map= --dry-run "
		 "--batch=",
	.perm = TSU_PERM_REGISTER,
	.flags = TSU_CMD_NO_TRANSACTION,
	.fn = import_cmd,
    },
};

int intake_import_register(struct tsu_plugin *self, char **errmsg)
{
	return intake_register_specs(self, import_specs, 1, errmsg);
}
