/* tables.c - what can be exported, read through the host's SQL: the core's
 * persons, families, pregnancies and flags with typed ids, the tables of
 * other plugins (contacts, plans, referrals) whatever their columns, when
 * they are in this database, and each form's responses with one column per
 * answer field. */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "i18n.h"

/* What the progress line says while a table is written. */
static char export_progress_what[128];

/* Count a row written to SINK and show how far the export has come (on
 * a terminal only). */
static void export_row_written(struct tsu_ctx *ctx, struct export_sink *sink)
{
	sink->rows++;
	export_host->progress(ctx, export_progress_what, sink->rows, 0);
}

/* A table of the core, with its SQL (?1 = the --since date or NULL). */
struct export_fixed {
	const char *what;
	const char *table; /* must exist in the database */
	const char *sql;
	const char *const *keys;
	const char *types;
};

static const char *const person_keys[] = {
    "id",	   "family_name",   "given_name", "family_name_kana",
    "given_name_kana", "birth_date", "sex",	  "phone",
    "address",	   "resident_code", "status",	  "status_on",
    "status_note", "family_id",	    "role",	  "created_at",
    "updated_at"};
static const char person_sql[] =
    "SELECT 'P'||p.id, p.family_name, p.given_name, p.family_name_kana,"
    " p.given_name_kana, p.birth_date, p.sex, p.phone, p.address,"
    " p.resident_code, p.status, p.status_on, p.status_note,"
    " (SELECT 'F'||m.family_id FROM member m WHERE m.person_id=p.id"
    "  ORDER BY m.family_id LIMIT 1),"
    " (SELECT m.role FROM member m WHERE m.person_id=p.id"
    "  ORDER BY m.family_id LIMIT 1),"
    " p.created_at, p.updated_at"
    " FROM person p WHERE ?1 IS NULL OR substr(p.created_at,1,10) >= ?1"
    " OR substr(p.updated_at,1,10) >= ?1 ORDER BY p.id";

static const char *const family_keys[] = {
    "id", "family_name", "contact_staff", "status", "members",
    "member_count", "created_at"};
static const char family_sql[] =
    "SELECT 'F'||f.id,"
    " (SELECT p.family_name FROM member m JOIN person p ON p.id=m.person_id"
    "  WHERE m.family_id=f.id ORDER BY m.person_id LIMIT 1),"
    " f.contact_staff, f.status,"
    " (SELECT group_concat(x, ' ') FROM (SELECT 'P'||m.person_id||':'||"
    "  m.role AS x FROM member m WHERE m.family_id=f.id"
    "  ORDER BY m.person_id)),"
    " (SELECT count(*) FROM member m WHERE m.family_id=f.id), f.created_at"
    " FROM family f WHERE ?1 IS NULL OR substr(f.created_at,1,10) >= ?1"
    " ORDER BY f.id";

static const char *const pregnancy_keys[] = {
    "id",	   "mother_id",  "mother_name", "family_id",
    "notified_on", "due_date",   "handbook_no", "outcome",
    "outcome_on",  "child_id",   "created_at"};
static const char pregnancy_sql[] =
    "SELECT 'PG'||g.id, 'P'||g.mother_id,"
    " (SELECT trim(coalesce(family_name,'')||' '||coalesce(given_name,''))"
    "  FROM person WHERE id=g.mother_id),"
    " CASE WHEN g.family_id IS NULL THEN NULL ELSE 'F'||g.family_id END,"
    " g.notified_on, g.due_date, g.handbook_no, g.outcome, g.outcome_on,"
    " CASE WHEN g.child_id IS NULL THEN NULL ELSE 'P'||g.child_id END,"
    " g.created_at"
    " FROM pregnancy g WHERE ?1 IS NULL OR g.notified_on >= ?1"
    " OR (g.notified_on IS NULL AND substr(g.created_at,1,10) >= ?1)"
    " ORDER BY g.id";

static const char *const flag_keys[] = {"id",	 "subject",   "name",
					"reason", "staff",     "raised_on",
					"cleared_on"};
static const char flag_sql[] =
    "SELECT 'FL'||id, subject, name, reason, staff, raised_on, cleared_on"
    " FROM flag WHERE ?1 IS NULL OR raised_on >= ?1 ORDER BY id";

static const struct export_fixed export_fixed_tables[] = {
    {"persons", "person", person_sql, person_keys, "tttttdtttttdttttt"},
    {"families", "family", family_sql, family_keys, "tttttit"},
    {"pregnancies", "pregnancy", pregnancy_sql, pregnancy_keys,
     "ttttddttdtt"},
    {"flags", "flag", flag_sql, flag_keys, "tttttdd"},
};
#define NFIXED (sizeof(export_fixed_tables) / sizeof(export_fixed_tables[0]))

/* A table another plugin owns: the first of its candidate names present
 * in the database is exported with all its columns. */
struct export_plugin_table {
	const char *table;
	const char *sql; /* SELECT * FROM it, in row order */
};

struct export_foreign {
	const char *what;
	const char *owner; /* the plugin that makes it */
	struct export_plugin_table tables[3];
};

static const struct export_foreign export_foreign_tables[] = {
    {"contacts", "intake",
     {{"contact", "SELECT * FROM contact ORDER BY rowid"}}},
    {"plans", "plan",
     {{"plan", "SELECT * FROM plan ORDER BY rowid"},
      {"plan_version", "SELECT * FROM plan_version ORDER BY rowid"},
      {"support_plan", "SELECT * FROM support_plan ORDER BY rowid"}}},
    {"referrals", "referral",
     {{"referral", "SELECT * FROM referral ORDER BY rowid"}}},
};
#define NFOREIGN (sizeof(export_foreign_tables) / sizeof(export_foreign_tables[0]))

/* Columns whose date decides whether a row of another plugin's table was
 * recorded since --since: the first present is used. */
static const char *const export_since_columns[] = {
    "updated_at", "created_at", "created_on", "date", "contact_date",
    "sent_on",	  "raised_on"};

int export_has_table(struct tsu_ctx *ctx, const char *name)
{
	static const char sql[] = "SELECT 1 FROM sqlite_schema"
				  " WHERE type='table' AND name=?1";
	struct tsu_stmt *s = export_host->prepare(ctx, sql);
	int rc;

	if (!s)
		return 0;
	export_host->bind_text(s, 1, name);
	rc = export_host->step(s);
	export_host->finalize(s);
	return rc == 1;
}

/* Run a fixed table F through SINK.  Returns 1 or -1. */
static int export_run_fixed(struct tsu_ctx *ctx, const struct export_fixed *f,
			    const char *since, struct export_sink *sink)
{
	const struct tsu_host *h = export_host;
	int n = (int)strlen(f->types), i, rc;
	const char *vals[32];
	struct tsu_stmt *s;

	s = h->prepare(ctx, f->sql);
	if (!s)
		return -1;
	if (since)
		h->bind_text(s, 1, since);
	else
		h->bind_null(s, 1);
	if (sink->begin(sink, ctx, f->what, n, f->keys, f->types) < 0) {
		h->finalize(s);
		return -1;
	}
	while ((rc = h->step(s)) == 1) {
		if (h->interrupted(ctx)) {
			rc = -1;
			break;
		}
		for (i = 0; i < n; i++)
			vals[i] = h->column_text(s, i);
		if (sink->row(sink, ctx, vals) < 0) {
			rc = -1;
			break;
		}
		export_row_written(ctx, sink);
	}
	h->finalize(s);
	if (rc < 0)
		return -1;
	return sink->end(sink, ctx) < 0 ? -1 : 1;
}

/* The kind of a column of another plugin's table, from its declared TYPE
 * and its NAME. */
static char export_guess_type(const char *name, const char *type)
{
	size_t n = strlen(name);

	if (type && (strstr(type, "INT") || strstr(type, "int")) &&
	    strcmp(name, "id") != 0 &&
	    !(n > 3 && strcmp(name + n - 3, "_id") == 0))
		return EXPORT_INT;
	if (strcmp(name, "date") == 0 ||
	    (n > 3 && strcmp(name + n - 3, "_on") == 0) ||
	    (n > 5 && strcmp(name + n - 5, "_date") == 0) ||
	    (n > 3 && strcmp(name + n - 3, "_by") == 0))
		return EXPORT_DATE;
	return EXPORT_TEXT;
}

/* Run table T of another plugin through SINK under the name WHAT.
 * Returns 1 or -1. */
static int export_run_foreign(struct tsu_ctx *ctx, const char *what,
			      const struct export_plugin_table *t,
			      const char *since, struct export_sink *sink)
{
	static const char cols_sql[] =
	    "SELECT name, type FROM pragma_table_info(?1) ORDER BY cid";
	const struct tsu_host *h = export_host;
	char **keys = NULL, *types = NULL;
	const char **vals = NULL;
	int n = 0, cap = 0, i, rc, since_col = -1;
	size_t k;
	struct tsu_stmt *s;

	s = h->prepare(ctx, cols_sql);
	if (!s)
		return -1;
	h->bind_text(s, 1, t->table);
	while ((rc = h->step(s)) == 1) {
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			keys = realloc(keys, (size_t)cap * sizeof(*keys));
			types = realloc(types, (size_t)cap + 1);
		}
		keys[n] = strdup(h->column_text(s, 0));
		types[n] = export_guess_type(keys[n], h->column_text(s, 1));
		n++;
	}
	h->finalize(s);
	if (rc < 0 || n == 0) {
		rc = rc < 0 ? -1 : h->error(ctx, _("%s: no columns"), t->table);
		goto done;
	}
	types[n] = '\0';
	for (k = 0; k < sizeof(export_since_columns) /
			    sizeof(export_since_columns[0]) &&
		    since_col < 0;
	     k++)
		for (i = 0; i < n; i++)
			if (strcmp(keys[i], export_since_columns[k]) == 0)
				since_col = i;
	if (since && since_col < 0) {
		rc = h->error(ctx,
			      _("%s: --since: the table %s has no date of "
			      "recording; export it without --since"),
			      what, t->table);
		goto done;
	}
	vals = calloc((size_t)n, sizeof(*vals));
	s = h->prepare(ctx, t->sql);
	if (!s) {
		rc = -1;
		goto done;
	}
	if (sink->begin(sink, ctx, what, n, (const char *const *)keys,
			types) < 0) {
		h->finalize(s);
		rc = -1;
		goto done;
	}
	while ((rc = h->step(s)) == 1) {
		if (h->interrupted(ctx)) {
			rc = -1;
			break;
		}
		for (i = 0; i < n; i++)
			vals[i] = h->column_text(s, i);
		if (since && (!vals[since_col] ||
			      strncmp(vals[since_col], since, 10) < 0))
			continue;
		if (sink->row(sink, ctx, vals) < 0) {
			rc = -1;
			break;
		}
		export_row_written(ctx, sink);
	}
	h->finalize(s);
	rc = rc < 0 ? -1 : (sink->end(sink, ctx) < 0 ? -1 : 1);
done:
	for (i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	free(types);
	free(vals);
	return rc;
}

/* The answer fields of FORM's responses: their keys and kinds (an integer
 * when every value is, a date when every value is an ISO date). */
static int export_form_fields(struct tsu_ctx *ctx, const char *form,
			      const char *since, char ***keys, char **types)
{
	static const char sql[] =
	    "SELECT j.key,"
	    " sum(j.type NOT IN ('integer','null')),"
	    " sum(j.type <> 'null' AND (j.type <> 'text' OR j.atom NOT GLOB"
	    "  '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'))"
	    " FROM response r, json_each(r.answers) j"
	    " WHERE r.form=?1 AND (?2 IS NULL OR r.answered_on >= ?2)"
	    " GROUP BY j.key ORDER BY min(r.id), min(j.id)";
	const struct tsu_host *h = export_host;
	struct tsu_stmt *s = h->prepare(ctx, sql);
	int n = 0, cap = 0, rc;

	*keys = NULL;
	*types = NULL;
	if (!s)
		return -1;
	h->bind_text(s, 1, form);
	if (since)
		h->bind_text(s, 2, since);
	else
		h->bind_null(s, 2);
	while ((rc = h->step(s)) == 1) {
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			*keys = realloc(*keys, (size_t)cap * sizeof(**keys));
			*types = realloc(*types, (size_t)cap + 1);
		}
		(*keys)[n] = strdup(h->column_text(s, 0));
		(*types)[n] = h->column_int(s, 1) == 0	 ? EXPORT_INT
			      : h->column_int(s, 2) == 0 ? EXPORT_DATE
							 : EXPORT_TEXT;
		n++;
	}
	h->finalize(s);
	return rc < 0 ? -1 : n;
}

#define FORM_FIXED 6

/* Run FORM's responses through SINK: the response's own columns, then
 * one column per answer field (multiple choices joined with "; ").
 * Returns 1 or -1. */
static int export_run_form(struct tsu_ctx *ctx, const char *form,
			   const char *since, struct export_sink *sink)
{
	static const char *const fixed_keys[FORM_FIXED] = {
	    "id", "subject", "form", "form_version", "answered_on", "staff"};
	static const char rows_sql[] =
	    "SELECT 'R'||r.id, r.subject, r.form, r.form_version,"
	    " r.answered_on, r.staff, r.answers FROM response r"
	    " WHERE r.form=?1 AND (?2 IS NULL OR r.answered_on >= ?2)"
	    " ORDER BY r.id";
	static const char answer_sql[] =
	    "SELECT j.key, CASE j.type WHEN 'true' THEN 'true'"
	    " WHEN 'false' THEN 'false'"
	    " WHEN 'array' THEN (SELECT group_concat(a.atom, '; ')"
	    "  FROM json_each(j.value) a)"
	    " ELSE j.atom END FROM json_each(?1) j";
	const struct tsu_host *h = export_host;
	char **fields = NULL, *ftypes = NULL, *types = NULL;
	const char **keys = NULL;
	char **vals = NULL;
	struct tsu_stmt *s = NULL, *a = NULL;
	int nf, n, i, rc;

	nf = export_form_fields(ctx, form, since, &fields, &ftypes);
	if (nf < 0)
		goto fail;
	n = FORM_FIXED + nf;
	keys = calloc((size_t)n, sizeof(*keys));
	types = calloc((size_t)n + 1, 1);
	vals = calloc((size_t)n, sizeof(*vals));
	for (i = 0; i < FORM_FIXED; i++)
		keys[i] = fixed_keys[i];
	memcpy(types, "tttitd", FORM_FIXED);
	for (i = 0; i < nf; i++) {
		keys[FORM_FIXED + i] = fields[i];
		types[FORM_FIXED + i] = ftypes[i];
	}
	s = h->prepare(ctx, rows_sql);
	a = h->prepare(ctx, answer_sql);
	if (!s || !a)
		goto fail;
	h->bind_text(s, 1, form);
	if (since)
		h->bind_text(s, 2, since);
	else
		h->bind_null(s, 2);
	if (sink->begin(sink, ctx, form, n, keys, types) < 0)
		goto fail;
	while ((rc = h->step(s)) == 1) {
		for (i = 0; i < n; i++) {
			free(vals[i]);
			vals[i] = NULL;
		}
		for (i = 0; i < FORM_FIXED; i++) {
			const char *v = h->column_text(s, i);

			vals[i] = v ? strdup(v) : NULL;
		}
		h->reset(a);
		h->bind_text(a, 1, h->column_text(s, FORM_FIXED));
		while ((rc = h->step(a)) == 1) {
			const char *k = h->column_text(a, 0);
			const char *v = h->column_text(a, 1);

			for (i = 0; i < nf; i++)
				if (k && strcmp(k, fields[i]) == 0) {
					free(vals[FORM_FIXED + i]);
					vals[FORM_FIXED + i] =
					    v ? strdup(v) : NULL;
				}
		}
		if (rc < 0)
			goto fail;
		if (sink->row(sink, ctx, (const char *const *)vals) < 0)
			goto fail;
		export_row_written(ctx, sink);
	}
	if (rc < 0 || sink->end(sink, ctx) < 0)
		goto fail;
	rc = 1;
	goto done;
fail:
	rc = -1;
done:
	h->finalize(s);
	h->finalize(a);
	for (i = 0; i < nf; i++)
		free(fields[i]);
	if (vals)
		for (i = 0; i < FORM_FIXED + nf; i++)
			free(vals[i]);
	free(fields);
	free(ftypes);
	free(types);
	free(keys);
	free(vals);
	return rc;
}

/* 1 when responses of FORM exist or FORM is defined. */
static int export_form_known(struct tsu_ctx *ctx, const char *form)
{
	static const char sql[] = "SELECT 1 FROM response WHERE form=?1 LIMIT 1";
	const struct tsu_host *h = export_host;
	struct tsu_stmt *s;
	int rc;

	if (TSU_HOST_HAS(h, form_exists) && h->form_exists &&
	    h->form_exists(ctx, form, NULL) == 1)
		return 1;
	s = h->prepare(ctx, sql);
	if (!s)
		return 0;
	h->bind_text(s, 1, form);
	rc = h->step(s);
	h->finalize(s);
	return rc == 1;
}

int export_table(struct tsu_ctx *ctx, const char *what, const char *since,
		 struct export_sink *sink, long *rows)
{
	size_t i, j;
	int rc;

	sink->rows = 0;
	*rows = 0;
	snprintf(export_progress_what, sizeof(export_progress_what),
		 _("export %s"), what);
	for (i = 0; i < NFIXED; i++) {
		const struct export_fixed *f = &export_fixed_tables[i];

		if (strcmp(what, f->what) != 0)
			continue;
		if (!export_has_table(ctx, f->table)) {
			export_host->info(ctx, _("%s: skipped: no table %s in "
					       "this database"),
					  what, f->table);
			return 0;
		}
		rc = export_run_fixed(ctx, f, since, sink);
		*rows = sink->rows;
		return rc;
	}
	for (i = 0; i < NFOREIGN; i++) {
		const struct export_foreign *f = &export_foreign_tables[i];

		if (strcmp(what, f->what) != 0)
			continue;
		for (j = 0; j < 3 && f->tables[j].table; j++) {
			if (!export_has_table(ctx, f->tables[j].table))
				continue;
			rc = export_run_foreign(ctx, what, &f->tables[j], since,
						sink);
			*rows = sink->rows;
			return rc;
		}
		export_host->info(ctx,
				  _("%s: skipped: this database holds none (the "
				  "%s plugin keeps them)"),
				  what, f->owner);
		return 0;
	}
	rc = export_run_form(ctx, what, since, sink);
	*rows = sink->rows;
	return rc;
}

int export_what_check(struct tsu_ctx *ctx, const char *what)
{
	static const char *const names[] = {
	    "persons", "families",  "pregnancies", "contacts",
	    "plans",   "referrals", "flags",       "all"};
	const char *best = NULL;
	int bestd = 4;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int d = export_host->edit_distance(what, names[i]);

		if (d == 0)
			return 1;
		if (d < bestd) {
			bestd = d;
			best = names[i];
		}
	}
	if (export_form_known(ctx, what))
		return 1;
	if (best)
		export_host->error(ctx,
				   _("\"%s\": nothing to export by that name "
				   "(did you mean %s?)"),
				   what, best);
	else
		export_host->error(
		    ctx,
		    _("\"%s\": nothing to export by that name (use persons, "
		    "families, pregnancies, contacts, plans, referrals, "
		    "flags, a form's name, or all)"),
		    what);
	return 0;
}

const char **export_all_names(struct tsu_ctx *ctx)
{
	static const char forms_sql[] =
	    "SELECT DISTINCT form FROM response ORDER BY form";
	static const char *const fixed[] = {"persons",  "families",
					    "pregnancies", "contacts",
					    "plans",	"referrals",
					    "flags"};
	const struct tsu_host *h = export_host;
	size_t n = sizeof(fixed) / sizeof(fixed[0]), cap = n + 8, i;
	const char **names = calloc(cap + 1, sizeof(*names));
	struct tsu_stmt *s;
	int rc;

	for (i = 0; i < n; i++)
		names[i] = strdup(fixed[i]);
	s = h->prepare(ctx, forms_sql);
	if (!s)
		goto fail;
	while ((rc = h->step(s)) == 1) {
		if (n == cap) {
			cap *= 2;
			names = realloc(names, (cap + 1) * sizeof(*names));
		}
		names[n++] = strdup(h->column_text(s, 0));
	}
	h->finalize(s);
	if (rc < 0)
		goto fail;
	names[n] = NULL;
	return names;
fail:
	names[n] = NULL;
	export_names_free(names);
	return NULL;
}

void export_names_free(const char **names)
{
	size_t i;

	if (!names)
		return;
	for (i = 0; names[i]; i++)
		free((char *)names[i]);
	free(names);
}

/* Display width of one code point C: 2 for East Asian wide and
 * full-width ones, 0 for combining marks, else 1. */
static int export_cp_width(unsigned c)
{
	if (c >= 0x300 && c < 0x370)
		return 0;
	if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
	    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	    (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD))
		return 2;
	return 1;
}

int export_text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int w = 0;

	while (p && *p) {
		unsigned c = *p;
		int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		int i;

		if (len > 1)
			c &= 0xFF >> (len + 1);
		for (i = 1; i < len && p[i]; i++)
			c = (c << 6) | (p[i] & 0x3F);
		w += export_cp_width(c);
		p += i;
	}
	return w;
}
