/* mock_host.c - a host API table for testing one plugin without the
 * program: registrations are recorded, the database is SQLite in memory,
 * output goes to a memory buffer and errors become strings. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* vasprintf, open_memstream */
#endif
#include <ctype.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock_host.h"

struct tsu_ctx {
	const char *command;
	FILE *out;
	char *buf;
	size_t len;
	char *error; /* the first error reported */
	void **keep; /* freed when the command ends */
	int nkeep;
};

struct tsu_stmt {
	sqlite3_stmt *st;
	struct tsu_ctx *ctx;
};

enum cell_kind { CELL_TEXT, CELL_INT, CELL_BOOL };

struct cell {
	char *text; /* NULL: a null value */
	enum cell_kind kind;
};

struct tsu_table {
	int ncols;
	char **keys;
	int nrows;
	int col;	    /* next cell of the current row */
	struct cell *cells; /* nrows * ncols */
};

enum reg_kind { REG_COMMAND, REG_TOPIC, REG_DUE, REG_HOOK };

/* One registration, as the host owns it. */
struct reg {
	enum reg_kind kind;
	struct tsu_plugin *owner;
	char *name;
	struct tsu_command_spec spec; /* REG_COMMAND; strings owned */
	char *summary, *text;	      /* REG_TOPIC */
	tsu_due_fn due;		      /* REG_DUE */
	tsu_hook_fn hook;	      /* REG_HOOK */
	void *data;
	void (*free_data)(void *);
};

static sqlite3 *db;
static struct reg *regs;
static int nregs;
static int nscheme, nfreed;
static char staff[64] = "tester";
static unsigned perms;
static char today[TSU_DATE_LEN] = "2026-04-01";
static int json;
static char *last_output, *last_error;
static struct tsu_due_item *due_items;
static int ndue;

static const char mock_schema_sql[] =
    "CREATE TABLE mock_schema (owner TEXT PRIMARY KEY, version INTEGER);"
    "CREATE TABLE mock_audit (n INTEGER PRIMARY KEY, staff TEXT,"
    " action TEXT, subject TEXT, detail TEXT);"
    "CREATE TABLE mock_person (n INTEGER PRIMARY KEY,"
    " id TEXT GENERATED ALWAYS AS ('P' || n) VIRTUAL,"
    " family_name TEXT, given_name TEXT, family_name_kana TEXT,"
    " given_name_kana TEXT, birth_date TEXT, sex TEXT, phone TEXT,"
    " address TEXT, resident_code TEXT, status TEXT);"
    "CREATE TABLE mock_family (n INTEGER PRIMARY KEY,"
    " id TEXT GENERATED ALWAYS AS ('F' || n) VIRTUAL, contact_staff TEXT);"
    "CREATE TABLE mock_member (family TEXT, person TEXT, role TEXT);"
    "CREATE TABLE mock_event (n INTEGER PRIMARY KEY, subject TEXT,"
    " kind TEXT, date TEXT, summary TEXT, ref TEXT, staff TEXT);"
    "CREATE TABLE mock_flag (subject TEXT, name TEXT, reason TEXT,"
    " PRIMARY KEY (subject, name));"
    "CREATE TABLE mock_setting (name TEXT PRIMARY KEY, value TEXT);";

/* ---- small helpers ---- */

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void set_last_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static void set_last_error(const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	free(last_error);
	last_error = msg;
}

static void *ctx_keep(struct tsu_ctx *ctx, void *p)
{
	void **k = realloc(ctx->keep, (ctx->nkeep + 1) * sizeof(void *));

	if (!k) {
		free(p);
		return NULL;
	}
	ctx->keep = k;
	ctx->keep[ctx->nkeep++] = p;
	return p;
}

static int ctx_verror(struct tsu_ctx *ctx, const char *fmt, va_list ap)
{
	char *msg;

	if (vasprintf(&msg, fmt, ap) < 0)
		return -1;
	if (ctx->error)
		free(msg);
	else
		ctx->error = msg;
	return -1;
}

static int ctx_error(struct tsu_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int ctx_error(struct tsu_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ctx_verror(ctx, fmt, ap);
	va_end(ap);
	return -1;
}

/* Start a command context printing into memory.  Returns 0 or -1. */
static int ctx_open(struct tsu_ctx *ctx, const char *command)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->command = command;
	ctx->out = open_memstream(&ctx->buf, &ctx->len);
	return ctx->out ? 0 : -1;
}

/* End CTX, keeping its output and error as the last ones. */
static void ctx_close(struct tsu_ctx *ctx)
{
	int i;

	fclose(ctx->out);
	free(last_output);
	last_output = ctx->buf;
	free(last_error);
	last_error = ctx->error;
	for (i = 0; i < ctx->nkeep; i++)
		free(ctx->keep[i]);
	free(ctx->keep);
}

/* ---- registrations ---- */

static struct reg *reg_find(enum reg_kind kind, const char *name)
{
	int i;

	for (i = 0; i < nregs; i++)
		if (regs[i].kind == kind && strcmp(regs[i].name, name) == 0)
			return &regs[i];
	return NULL;
}

/* A new, zeroed registration at the end of the list, or NULL. */
static struct reg *reg_add(enum reg_kind kind, struct tsu_plugin *owner,
			   const char *name)
{
	struct reg *r = realloc(regs, (nregs + 1) * sizeof(*regs));

	if (!r)
		return NULL;
	regs = r;
	r = &regs[nregs++];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->owner = owner;
	r->name = strdup(name);
	return r;
}

static void reg_release(struct reg *r)
{
	if (r->free_data) {
		r->free_data(r->data);
		nfreed++;
	}
	free(r->name);
	free((char *)r->spec.name);
	free((char *)r->spec.topic);
	free((char *)r->spec.summary);
	free((char *)r->spec.usage);
	free((char *)r->spec.help);
	free((char *)r->spec.words);
	free(r->summary);
	free(r->text);
}

/* Release what OWNER registered; every registration when ALL. */
static void reg_release_owner(struct tsu_plugin *owner, int all)
{
	int i, j = 0;

	for (i = 0; i < nregs; i++) {
		if (all || regs[i].owner == owner)
			reg_release(&regs[i]);
		else
			regs[j++] = regs[i];
	}
	nregs = j;
	if (nregs == 0) {
		free(regs);
		regs = NULL;
	}
}

static int mock_register_command(struct tsu_plugin *self,
				 const struct tsu_command_spec *spec,
				 void *data, void (*free_data)(void *))
{
	struct reg *r;

	if (!spec || !spec->name || !*spec->name || !spec->fn) {
		set_last_error("a command needs a name and a function");
		return -1;
	}
	if (reg_find(REG_COMMAND, spec->name)) {
		set_last_error("command \"%s\" is already defined", spec->name);
		return -1;
	}
	r = reg_add(REG_COMMAND, self, spec->name);
	if (!r)
		return -1;
	r->spec = *spec;
	r->spec.name = strdup(spec->name);
	r->spec.topic = dup_or_null(spec->topic);
	r->spec.summary = dup_or_null(spec->summary);
	r->spec.usage = dup_or_null(spec->usage);
	r->spec.help = dup_or_null(spec->help);
	r->spec.words = dup_or_null(spec->words);
	r->data = data;
	r->free_data = free_data;
	return 0;
}

/* Apply the missing STEPS of SELF's schema in one transaction. */
static int mock_register_schema(struct tsu_plugin *self,
				const char *const *steps, int nsteps)
{
	const char *owner = self->info->name;
	char *msg = NULL;
	int version = mock_schema_version(owner), i;
	sqlite3_stmt *st;

	if (version > nsteps) {
		set_last_error("%s: database schema %d is newer than %d", owner,
			       version, nsteps);
		return -1;
	}
	if (version == nsteps)
		return 0;
	if (sqlite3_exec(db, "SAVEPOINT mock_schema", NULL, NULL, &msg) !=
	    SQLITE_OK)
		goto fail;
	for (i = version; i < nsteps; i++)
		if (sqlite3_exec(db, steps[i], NULL, NULL, &msg) != SQLITE_OK) {
			char *step_msg =
			    sqlite3_mprintf("step %d: %s", i + 1, msg);

			sqlite3_free(msg);
			msg = step_msg;
			sqlite3_exec(db, "ROLLBACK TO mock_schema", NULL, NULL,
				     NULL);
			sqlite3_exec(db, "RELEASE mock_schema", NULL, NULL,
				     NULL);
			goto fail;
		}
	if (sqlite3_prepare_v2(db,
			       "INSERT OR REPLACE INTO mock_schema (owner, "
			       "version) VALUES (?, ?)",
			       -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(st, 1, owner, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, nsteps);
	sqlite3_step(st);
	sqlite3_finalize(st);
	sqlite3_exec(db, "RELEASE mock_schema", NULL, NULL, NULL);
	return 0;
fail:
	set_last_error("%s: schema: %s", owner, msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return -1;
}

/* Completers are for the shell's Tab: taken, and their data freed. */
static int mock_register_completer(struct tsu_plugin *self,
				   const char *command, const char *position,
				   tsu_complete_fn fn, void *data,
				   void (*free_data)(void *))
{
	(void)self;
	if (!command || !position || !fn) {
		set_last_error("a completer needs a command, a position and a "
			       "function");
		return -1;
	}
	if (free_data)
		free_data(data);
	return 0;
}

static int mock_register_due(struct tsu_plugin *self, const char *name,
			     tsu_due_fn fn, void *data,
			     void (*free_data)(void *))
{
	struct reg *r;

	if (!name || !fn) {
		set_last_error("a due provider needs a name and a function");
		return -1;
	}
	if (reg_find(REG_DUE, name)) {
		set_last_error("due provider \"%s\" is already defined", name);
		return -1;
	}
	r = reg_add(REG_DUE, self, name);
	if (!r)
		return -1;
	r->due = fn;
	r->data = data;
	r->free_data = free_data;
	return 0;
}

static int mock_register_hook(struct tsu_plugin *self, const char *hook,
			      tsu_hook_fn fn, void *data,
			      void (*free_data)(void *))
{
	struct reg *r;

	if (!hook || !fn) {
		set_last_error("a hook needs a name and a function");
		return -1;
	}
	r = reg_add(REG_HOOK, self, hook);
	if (!r)
		return -1;
	r->hook = fn;
	r->data = data;
	r->free_data = free_data;
	return 0;
}

static int mock_register_scheme(struct tsu_plugin *self,
				const struct tsu_scheme_proc *procs, int n)
{
	nscheme += n;
	return 0;
}

static int mock_register_topic(struct tsu_plugin *self, const char *name,
			       const char *summary, const char *text)
{
	struct reg *r;

	if (!name || !*name || !text) {
		set_last_error("a help topic needs a name and a text");
		return -1;
	}
	if (reg_find(REG_TOPIC, name)) {
		set_last_error("help topic \"%s\" is already defined", name);
		return -1;
	}
	r = reg_add(REG_TOPIC, self, name);
	if (!r)
		return -1;
	r->summary = dup_or_null(summary);
	r->text = strdup(text);
	return 0;
}

/* ---- the running command ---- */

static const char *mock_staff(struct tsu_ctx *ctx)
{
	return staff;
}

static const char *mock_today(struct tsu_ctx *ctx)
{
	return today;
}

static int mock_allowed(struct tsu_ctx *ctx, unsigned perm)
{
	return (perms & perm) == perm;
}

static int mock_interactive(struct tsu_ctx *ctx)
{
	return 0;
}

static int mock_interrupted(struct tsu_ctx *ctx)
{
	return 0;
}

static int mock_error_fn(struct tsu_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ctx_verror(ctx, fmt, ap);
	va_end(ap);
	return -1;
}

static void mock_info(struct tsu_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	if (json)
		return;
	va_start(ap, fmt);
	vfprintf(ctx->out, fmt, ap);
	va_end(ap);
	fputc('\n', ctx->out);
}

static const struct tsu_opt *opt_find(const struct tsu_opt *opts, int nopts,
				      const char *name, size_t len)
{
	int i;

	for (i = 0; i < nopts; i++)
		if (strlen(opts[i].name) == len &&
		    strncmp(opts[i].name, name, len) == 0)
			return &opts[i];
	return NULL;
}

/* Options as the program parses them, without the "did you mean". */
static int mock_parse_options(struct tsu_ctx *ctx, int argc, char **argv,
			      const struct tsu_opt *opts, int nopts,
			      struct tsu_args *out)
{
	int i;

	memset(out, 0, sizeof(*out));
	out->pos = ctx_keep(ctx, calloc(argc + 1, sizeof(char *)));
	out->value = ctx_keep(ctx, calloc(nopts + 1, sizeof(char *)));
	out->repeat = ctx_keep(ctx, calloc(nopts + 1, sizeof(char **)));
	out->nrepeat = ctx_keep(ctx, calloc(nopts + 1, sizeof(int)));
	if (!out->pos || !out->value || !out->repeat || !out->nrepeat)
		return ctx_error(ctx, "out of memory");
	for (i = 1; i < argc; i++) {
		const char *w = argv[i], *eq, *val;
		const struct tsu_opt *o;
		size_t len;
		int k;

		if (strcmp(w, "--") == 0) {
			while (++i < argc)
				out->pos[out->npos++] = argv[i];
			break;
		}
		if (strncmp(w, "--", 2) != 0 || w[2] == '\0') {
			out->pos[out->npos++] = argv[i];
			continue;
		}
		eq = strchr(w, '=');
		len = eq ? (size_t)(eq - w) : strlen(w);
		o = opt_find(opts, nopts, w, len);
		if (!o)
			return ctx_error(ctx, "unknown option %.*s", (int)len,
					 w);
		k = (int)(o - opts);
		if (o->kind == TSU_OPT_FLAG) {
			if (eq)
				return ctx_error(
				    ctx, "option %s takes no value", o->name);
			out->value[k] = "1";
			continue;
		}
		if (eq)
			val = eq + 1;
		else if (i + 1 < argc)
			val = argv[++i];
		else
			return ctx_error(ctx, "option %s needs a value",
					 o->name);
		out->value[k] = val;
		if (o->kind == TSU_OPT_REPEAT) {
			if (!out->repeat[k])
				out->repeat[k] = ctx_keep(
				    ctx, calloc(argc + 1, sizeof(char *)));
			if (!out->repeat[k])
				return ctx_error(ctx, "out of memory");
			out->repeat[k][out->nrepeat[k]++] = (char *)val;
		}
	}
	return 0;
}

/* ---- output ---- */

static struct tsu_table *mock_table_new(int ncols, const char *const *keys,
					const char *const *headings)
{
	struct tsu_table *t;
	int i;

	if (ncols < 1 || !keys)
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->ncols = ncols;
	t->keys = calloc(ncols, sizeof(char *));
	if (!t->keys) {
		free(t);
		return NULL;
	}
	for (i = 0; i < ncols; i++)
		t->keys[i] = strdup(keys[i] ? keys[i] : "");
	return t;
}

static void table_free(struct tsu_table *t)
{
	int i;

	if (!t)
		return;
	for (i = 0; i < t->ncols; i++)
		free(t->keys[i]);
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i].text);
	free(t->keys);
	free(t->cells);
	free(t);
}

static void mock_table_row(struct tsu_table *t)
{
	struct cell *c;

	c = realloc(t->cells, (size_t)(t->nrows + 1) * t->ncols * sizeof(*c));
	if (!c)
		return;
	t->cells = c;
	memset(&c[t->nrows * t->ncols], 0, t->ncols * sizeof(*c));
	t->nrows++;
	t->col = 0;
}

/* Add the next cell: TEXT (copied, NULL for null) of KIND. */
static void table_cell(struct tsu_table *t, const char *text,
		       enum cell_kind kind)
{
	struct cell *c;

	if (t->nrows == 0)
		mock_table_row(t);
	if (t->nrows == 0 || t->col >= t->ncols)
		return;
	c = &t->cells[(t->nrows - 1) * t->ncols + t->col++];
	c->text = dup_or_null(text);
	c->kind = kind;
}

static void mock_table_text(struct tsu_table *t, const char *s)
{
	table_cell(t, s, CELL_TEXT);
}

static void mock_table_int(struct tsu_table *t, long long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%lld", v);
	table_cell(t, buf, CELL_INT);
}

static void mock_table_bool(struct tsu_table *t, int v)
{
	table_cell(t, v ? "true" : "false", CELL_BOOL);
}

static void mock_table_date(struct tsu_ctx *ctx, struct tsu_table *t,
			    const char *iso)
{
	table_cell(t, iso, CELL_TEXT);
}

static void json_string(FILE *out, const char *s)
{
	const unsigned char *p;

	fputc('"', out);
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", out);
		else if (*p == '\t')
			fputs("\\t", out);
		else if (*p < 0x20)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

static void json_row(FILE *out, const struct tsu_table *t, int row)
{
	int i;

	fputc('{', out);
	for (i = 0; i < t->ncols; i++) {
		const struct cell *c = &t->cells[row * t->ncols + i];

		if (i)
			fputc(',', out);
		json_string(out, t->keys[i]);
		fputc(':', out);
		if (!c->text)
			fputs("null", out);
		else if (c->kind == CELL_TEXT)
			json_string(out, c->text);
		else
			fputs(c->text, out);
	}
	fputc('}', out);
}

static int mock_table_emit(struct tsu_ctx *ctx, struct tsu_table *t)
{
	int r, i;

	if (json) {
		fputc('[', ctx->out);
		for (r = 0; r < t->nrows; r++) {
			fputs(r ? ",\n" : "", ctx->out);
			json_row(ctx->out, t, r);
		}
		fputs("]\n", ctx->out);
	} else if (t->nrows == 0) {
		fputs("(none)\n", ctx->out);
	} else {
		for (i = 0; i < t->ncols; i++)
			fprintf(ctx->out, "%s%s", i ? "\t" : "", t->keys[i]);
		fputc('\n', ctx->out);
		for (r = 0; r < t->nrows; r++) {
			for (i = 0; i < t->ncols; i++) {
				const char *s = t->cells[r * t->ncols + i].text;

				fprintf(ctx->out, "%s%s", i ? "\t" : "",
					s ? s : "");
			}
			fputc('\n', ctx->out);
		}
	}
	table_free(t);
	return 0;
}

static int mock_table_emit_record(struct tsu_ctx *ctx, struct tsu_table *t)
{
	int i;

	if (t->nrows == 0) {
		table_free(t);
		return ctx_error(ctx, "a record without a row");
	}
	if (json) {
		json_row(ctx->out, t, 0);
		fputc('\n', ctx->out);
	} else {
		for (i = 0; i < t->ncols; i++) {
			const char *s = t->cells[i].text;

			fprintf(ctx->out, "%s: %s\n", t->keys[i], s ? s : "");
		}
	}
	table_free(t);
	return 0;
}

/* ---- database ---- */

static struct tsu_stmt *mock_prepare(struct tsu_ctx *ctx, const char *sql)
{
	struct tsu_stmt *s = calloc(1, sizeof(*s));

	if (!s) {
		ctx_error(ctx, "out of memory");
		return NULL;
	}
	if (sqlite3_prepare_v2(db, sql, -1, &s->st, NULL) != SQLITE_OK) {
		ctx_error(ctx, "SQL: %s", sqlite3_errmsg(db));
		sqlite3_finalize(s->st);
		free(s);
		return NULL;
	}
	s->ctx = ctx;
	return s;
}

static int mock_bind_text(struct tsu_stmt *s, int i, const char *v)
{
	return sqlite3_bind_text(s->st, i, v, -1, SQLITE_TRANSIENT) == SQLITE_OK
		   ? 0
		   : -1;
}

static int mock_bind_int(struct tsu_stmt *s, int i, long long v)
{
	return sqlite3_bind_int64(s->st, i, v) == SQLITE_OK ? 0 : -1;
}

static int mock_bind_null(struct tsu_stmt *s, int i)
{
	return sqlite3_bind_null(s->st, i) == SQLITE_OK ? 0 : -1;
}

static int mock_step(struct tsu_stmt *s)
{
	int rc = sqlite3_step(s->st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return ctx_error(s->ctx, "%s", sqlite3_errmsg(db));
}

static const char *mock_column_text(struct tsu_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s->st, i);
}

static long long mock_column_int(struct tsu_stmt *s, int i)
{
	return sqlite3_column_int64(s->st, i);
}

static int mock_reset(struct tsu_stmt *s)
{
	sqlite3_reset(s->st);
	return sqlite3_clear_bindings(s->st) == SQLITE_OK ? 0 : -1;
}

static void mock_finalize(struct tsu_stmt *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->st);
	free(s);
}

static int mock_exec(struct tsu_ctx *ctx, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		ctx_error(ctx, "SQL: %s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static long long mock_last_insert_id(struct tsu_ctx *ctx)
{
	return sqlite3_last_insert_rowid(db);
}

/* Prepare SQL and bind the NULL-terminated text ARGS; NULL on error
 * (reported on CTX). */
static sqlite3_stmt *query(struct tsu_ctx *ctx, const char *sql, ...)
{
	sqlite3_stmt *st;
	const char *arg;
	va_list ap;
	int i = 1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		if (ctx)
			ctx_error(ctx, "SQL: %s", sqlite3_errmsg(db));
		else
			set_last_error("SQL: %s", sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return NULL;
	}
	va_start(ap, sql);
	while ((arg = va_arg(ap, const char *)) != NULL)
		sqlite3_bind_text(st, i++, arg, -1, SQLITE_TRANSIENT);
	va_end(ap);
	return st;
}

/* Run a statement without result rows; 0 or -1 (reported on CTX, or as
 * the last error when CTX is NULL). */
static int query_done(struct tsu_ctx *ctx, sqlite3_stmt *st)
{
	int rc;

	if (!st)
		return -1;
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (ctx)
		ctx_error(ctx, "SQL: %s", sqlite3_errmsg(db));
	else
		set_last_error("SQL: %s", sqlite3_errmsg(db));
	return -1;
}

/* ---- settings and dates ---- */

static const char *mock_config_get(struct tsu_ctx *ctx, const char *name)
{
	sqlite3_stmt *st = query(
	    ctx, "SELECT value FROM mock_setting WHERE name = ?", name, NULL);
	char *v = NULL;

	if (!st)
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v ? ctx_keep(ctx, v) : NULL;
}

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Read ISO TEXT into Y, M, D; 0, or -1 when it is not a real date. */
static int iso_read(const char *text, int *y, int *m, int *d)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};
	int i;

	if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)text[i]))
			return -1;
	*y = atoi(text);
	*m = atoi(text + 5);
	*d = atoi(text + 8);
	if (*y < 1 || *m < 1 || *m > 12 || *d < 1)
		return -1;
	return *d <= mdays[*m - 1] + (*m == 2 && leap(*y)) ? 0 : -1;
}

/* Days since 1970-01-01 of a civil date, and back. */
static long days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* The mock reads ISO dates only; the program reads every accepted form. */
static int mock_parse_date(struct tsu_ctx *ctx, const char *field,
			   const char *text, char out[TSU_DATE_LEN])
{
	int y, m, d;

	if (iso_read(text, &y, &m, &d) < 0)
		return ctx_error(ctx, "%s: \"%s\" is not a date", field,
				 text ? text : "");
	snprintf(out, TSU_DATE_LEN, "%04d-%02d-%02d", y, m, d);
	return 0;
}

static int mock_date_add(const char *iso, long days, char out[TSU_DATE_LEN])
{
	int y, m, d;

	if (iso_read(iso, &y, &m, &d) < 0)
		return -1;
	civil_from_days(days_from_civil(y, m, d) + days, &y, &m, &d);
	if (y < 1 || y > 9999)
		return -1;
	snprintf(out, TSU_DATE_LEN, "%04d-%02d-%02d", y, m, d);
	return 0;
}

/* ---- subjects and the timeline ---- */

/* Copy the first column of ST's first row into OUT; 0, or -1 if none. */
static int first_id(sqlite3_stmt *st, char out[TSU_ID_LEN])
{
	int rc = -1;

	if (st && sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_text(st, 0)) {
		snprintf(out, TSU_ID_LEN, "%s", sqlite3_column_text(st, 0));
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

static int mock_resolve(struct tsu_ctx *ctx, const char *text, const char *kind,
			char out[TSU_ID_LEN])
{
	char id[TSU_ID_LEN];
	size_t i;

	if (!text || !*text || strlen(text) >= sizeof(id))
		return ctx_error(ctx, "\"%s\" is not an id", text ? text : "");
	for (i = 0; text[i]; i++)
		id[i] = (char)toupper((unsigned char)text[i]);
	id[i] = '\0';
	if (id[0] == 'F' && (!kind || strcmp(kind, "person") != 0) &&
	    first_id(
		query(ctx, "SELECT id FROM mock_family WHERE id = ?", id, NULL),
		out) == 0)
		return 0;
	if (id[0] == 'P' && kind && strcmp(kind, "family") == 0 &&
	    first_id(query(ctx,
			   "SELECT family FROM mock_member WHERE person = ? "
			   "ORDER BY rowid LIMIT 1",
			   id, NULL),
		     out) == 0)
		return 0;
	if (id[0] == 'P' && (!kind || strcmp(kind, "person") == 0) &&
	    first_id(
		query(ctx, "SELECT id FROM mock_person WHERE id = ?", id, NULL),
		out) == 0)
		return 0;
	return ctx_error(ctx, "no %s with id %s", kind ? kind : "subject", id);
}

static int mock_person_add(struct tsu_ctx *ctx, const struct tsu_person *p,
			   char id[TSU_ID_LEN])
{
	sqlite3_stmt *st =
	    query(ctx,
		  "INSERT INTO mock_person (family_name, given_name,"
		  " family_name_kana, given_name_kana, birth_date, sex, phone,"
		  " address, resident_code, status)"
		  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, 'active'))",
		  NULL);

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, p->family_name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, p->given_name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, p->family_name_kana, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, p->given_name_kana, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, p->birth_date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, p->sex, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, p->phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 8, p->address, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 9, p->resident_code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 10, p->status, -1, SQLITE_TRANSIENT);
	if (query_done(ctx, st) < 0)
		return -1;
	snprintf(id, TSU_ID_LEN, "P%lld", sqlite3_last_insert_rowid(db));
	return 0;
}

/* A copy of column I kept until the command ends, or NULL. */
static const char *kept_column(struct tsu_ctx *ctx, sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? ctx_keep(ctx, strdup((const char *)s)) : NULL;
}

static int mock_person_get(struct tsu_ctx *ctx, const char *id,
			   struct tsu_person *p)
{
	sqlite3_stmt *st =
	    query(ctx,
		  "SELECT id, family_name, given_name, family_name_kana,"
		  " given_name_kana, birth_date, sex, phone, address,"
		  " resident_code, status FROM mock_person WHERE id = ?",
		  id, NULL);

	if (!st)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return ctx_error(ctx, "no person with id %s", id);
	}
	memset(p, 0, sizeof(*p));
	snprintf(p->id, sizeof(p->id), "%s", sqlite3_column_text(st, 0));
	p->family_name = kept_column(ctx, st, 1);
	p->given_name = kept_column(ctx, st, 2);
	p->family_name_kana = kept_column(ctx, st, 3);
	p->given_name_kana = kept_column(ctx, st, 4);
	p->birth_date = kept_column(ctx, st, 5);
	p->sex = kept_column(ctx, st, 6);
	p->phone = kept_column(ctx, st, 7);
	p->address = kept_column(ctx, st, 8);
	p->resident_code = kept_column(ctx, st, 9);
	p->status = kept_column(ctx, st, 10);
	sqlite3_finalize(st);
	return 0;
}

static int mock_family_add(struct tsu_ctx *ctx, const char *contact_staff,
			   char id[TSU_ID_LEN])
{
	if (query_done(ctx,
		       query(ctx,
			     "INSERT INTO mock_family (contact_staff) "
			     "VALUES (?)",
			     contact_staff ? contact_staff : staff, NULL)) < 0)
		return -1;
	snprintf(id, TSU_ID_LEN, "F%lld", sqlite3_last_insert_rowid(db));
	return 0;
}

static int mock_member_add(struct tsu_ctx *ctx, const char *family,
			   const char *person, const char *role)
{
	return query_done(ctx, query(ctx,
				     "INSERT INTO mock_member (family, person,"
				     " role) VALUES (?, ?, ?)",
				     family, person, role, NULL));
}

static int mock_event_add(struct tsu_ctx *ctx, const char *subject,
			  const char *kind, const char *date,
			  const char *summary, const char *ref)
{
	sqlite3_stmt *st = query(ctx,
				 "INSERT INTO mock_event (subject, kind, date,"
				 " summary, ref, staff)"
				 " VALUES (?, ?, ?, ?, ?, ?)",
				 NULL);

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, subject, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, summary, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, ref, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, staff, -1, SQLITE_TRANSIENT);
	return query_done(ctx, st);
}

static int mock_flag_set(struct tsu_ctx *ctx, const char *subject,
			 const char *name, const char *reason)
{
	return query_done(ctx,
			  query(ctx,
				"INSERT OR REPLACE INTO mock_flag (subject,"
				" name, reason) VALUES (?, ?, ?)",
				subject, name, reason, NULL));
}

static int mock_audit(struct tsu_ctx *ctx, const char *action,
		      const char *subject, const char *detail)
{
	sqlite3_stmt *st = query(ctx,
				 "INSERT INTO mock_audit (staff, action,"
				 " subject, detail) VALUES (?, ?, ?, ?)",
				 NULL);

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, staff, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, action, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, subject, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, detail, -1, SQLITE_TRANSIENT);
	return query_done(ctx, st);
}

static int hook_run(struct tsu_ctx *ctx, const char *hook, const char *subject,
		    const char *json_text)
{
	int i;

	for (i = 0; i < nregs; i++)
		if (regs[i].kind == REG_HOOK &&
		    strcmp(regs[i].name, hook) == 0 &&
		    regs[i].hook(ctx, hook, subject, json_text, regs[i].data) <
			0) {
			if (!ctx->error)
				ctx_error(ctx, "the %s hook failed", hook);
			return -1;
		}
	return 0;
}

const struct tsu_host mock_host = {
    .abi_major = TSU_PLUGIN_ABI_MAJOR,
    .abi_minor = TSU_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(struct tsu_host),
    .register_command = mock_register_command,
    .register_schema = mock_register_schema,
    .register_due = mock_register_due,
    .register_hook = mock_register_hook,
    .register_scheme = mock_register_scheme,
    .register_topic = mock_register_topic,
    .register_completer = mock_register_completer,
    .staff = mock_staff,
    .today = mock_today,
    .allowed = mock_allowed,
    .interactive = mock_interactive,
    .interrupted = mock_interrupted,
    .error = mock_error_fn,
    .info = mock_info,
    .parse_options = mock_parse_options,
    .table_new = mock_table_new,
    .table_row = mock_table_row,
    .table_text = mock_table_text,
    .table_int = mock_table_int,
    .table_bool = mock_table_bool,
    .table_date = mock_table_date,
    .table_emit = mock_table_emit,
    .table_emit_record = mock_table_emit_record,
    .prepare = mock_prepare,
    .bind_text = mock_bind_text,
    .bind_int = mock_bind_int,
    .bind_null = mock_bind_null,
    .step = mock_step,
    .column_text = mock_column_text,
    .column_int = mock_column_int,
    .reset = mock_reset,
    .finalize = mock_finalize,
    .exec = mock_exec,
    .last_insert_id = mock_last_insert_id,
    .config_get = mock_config_get,
    .parse_date = mock_parse_date,
    .date_add = mock_date_add,
    .resolve = mock_resolve,
    .person_add = mock_person_add,
    .person_get = mock_person_get,
    .family_add = mock_family_add,
    .member_add = mock_member_add,
    .event_add = mock_event_add,
    .flag_set = mock_flag_set,
    .audit = mock_audit,
    .run_hook = hook_run,
};

/* ---- the test's side ---- */

int mock_open(void)
{
	char *msg = NULL;

	mock_close();
	perms = TSU_PERM_READ | TSU_PERM_REGISTER | TSU_PERM_EXPORT |
		TSU_PERM_CASEWORK | TSU_PERM_SCRIPT | TSU_PERM_ADMIN;
	snprintf(staff, sizeof(staff), "tester");
	snprintf(today, sizeof(today), "2026-04-01");
	json = 0;
	nfreed = 0;
	nscheme = 0;
	if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
		set_last_error("cannot open the in-memory database");
		sqlite3_close(db);
		db = NULL;
		return -1;
	}
	if (sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) !=
		SQLITE_OK ||
	    sqlite3_exec(db, mock_schema_sql, NULL, NULL, &msg) != SQLITE_OK) {
		set_last_error("mock tables: %s", msg ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static void due_forget(void)
{
	int i;

	for (i = 0; i < ndue; i++) {
		free((char *)due_items[i].subject);
		free((char *)due_items[i].milestone);
		free((char *)due_items[i].label);
		free((char *)due_items[i].kind);
		free((char *)due_items[i].due_on);
		free((char *)due_items[i].staff);
		free((char *)due_items[i].note);
	}
	free(due_items);
	due_items = NULL;
	ndue = 0;
}

void mock_close(void)
{
	reg_release_owner(NULL, 1);
	due_forget();
	if (db)
		sqlite3_close(db);
	db = NULL;
	free(last_output);
	free(last_error);
	last_output = last_error = NULL;
}

void mock_set_staff(const char *id, unsigned p)
{
	snprintf(staff, sizeof(staff), "%s", id);
	perms = p;
}

void mock_set_today(const char *iso)
{
	snprintf(today, sizeof(today), "%s", iso);
}

void mock_set_json(int on)
{
	json = on;
}

void mock_set_config(const char *name, const char *value)
{
	if (value)
		query_done(NULL, query(NULL,
				       "INSERT OR REPLACE INTO mock_setting"
				       " (name, value) VALUES (?, ?)",
				       name, value, NULL));
	else
		query_done(
		    NULL, query(NULL, "DELETE FROM mock_setting WHERE name = ?",
				name, NULL));
}

int mock_plugin_init(struct tsu_plugin *p, const struct tsu_plugin_info *info)
{
	char *msg = NULL;

	p->info = info;
	if (!info || info->abi_major != TSU_PLUGIN_ABI_MAJOR ||
	    info->abi_minor > TSU_PLUGIN_ABI_MINOR ||
	    info->struct_size < offsetof(struct tsu_plugin_info, shutdown) ||
	    !info->name || !info->init) {
		set_last_error("plugin built for another ABI, or incomplete");
		return -1;
	}
	if (info->init(&mock_host, p, &msg) < 0) {
		set_last_error("%s: init failed: %s", info->name,
			       msg ? msg : "no reason given");
		free(msg);
		reg_release_owner(p, 0);
		return -1;
	}
	return 0;
}

void mock_plugin_unload(struct tsu_plugin *p)
{
	if (p->info && p->info->shutdown)
		p->info->shutdown(p);
	reg_release_owner(p, 0);
}

static int reg_count(enum reg_kind kind, const char *name)
{
	int i, n = 0;

	for (i = 0; i < nregs; i++)
		if (regs[i].kind == kind &&
		    (!name || strcmp(regs[i].name, name) == 0))
			n++;
	return n;
}

int mock_command_count(void)
{
	return reg_count(REG_COMMAND, NULL);
}

const struct tsu_command_spec *mock_command(const char *name)
{
	struct reg *r = reg_find(REG_COMMAND, name);

	return r ? &r->spec : NULL;
}

int mock_topic_count(void)
{
	return reg_count(REG_TOPIC, NULL);
}

const char *mock_topic_summary(const char *name)
{
	struct reg *r = reg_find(REG_TOPIC, name);

	return r ? r->summary : NULL;
}

const char *mock_topic_text(const char *name)
{
	struct reg *r = reg_find(REG_TOPIC, name);

	return r ? r->text : NULL;
}

int mock_due_provider_count(void)
{
	return reg_count(REG_DUE, NULL);
}

int mock_hook_count(const char *hook)
{
	return reg_count(REG_HOOK, hook);
}

int mock_schema_version(const char *owner)
{
	sqlite3_stmt *st =
	    query(NULL, "SELECT version FROM mock_schema WHERE owner = ?",
		  owner, NULL);
	int v = 0;

	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

int mock_scheme_count(void)
{
	return nscheme;
}

int mock_freed_count(void)
{
	return nfreed;
}

int mock_run_argv(int argc, char **argv)
{
	const struct reg *r;
	struct tsu_ctx ctx;
	unsigned missing;
	int rc, txn;

	if (argc < 1 || !(r = reg_find(REG_COMMAND, argv[0]))) {
		free(last_output);
		last_output = NULL;
		set_last_error("unknown command \"%s\"",
			       argc < 1 ? "" : argv[0]);
		return -1;
	}
	if (ctx_open(&ctx, r->spec.name) < 0) {
		set_last_error("cannot capture the output");
		return -1;
	}
	missing = r->spec.perm & ~perms;
	if (missing) {
		ctx_error(&ctx, "%s may not run %s (permission bits 0x%x)",
			  staff, r->spec.name, missing);
		ctx_close(&ctx);
		return -1;
	}
	txn = !(r->spec.flags & TSU_CMD_NO_TRANSACTION);
	if (txn &&
	    sqlite3_exec(db,
			 r->spec.flags & TSU_CMD_READONLY ? "BEGIN"
							  : "BEGIN IMMEDIATE",
			 NULL, NULL, NULL) != SQLITE_OK) {
		ctx_error(&ctx, "cannot begin: %s", sqlite3_errmsg(db));
		ctx_close(&ctx);
		return -1;
	}
	rc = r->spec.fn(&ctx, argc, argv, r->data);
	if (rc < 0 && !ctx.error)
		ctx_error(&ctx, "failed without saying why");
	if (rc >= 0 && ctx.error)
		rc = -1; /* an error was reported: the command failed */
	if (txn && rc >= 0 &&
	    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		ctx_error(&ctx, "cannot commit: %s", sqlite3_errmsg(db));
		rc = -1;
	}
	if (txn && rc < 0 && !sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	ctx_close(&ctx);
	return rc < 0 ? -1 : rc;
}

int mock_run(const char *line)
{
	char *copy = strdup(line), *p = copy, **argv;
	int argc = 0, rc;

	argv = calloc(strlen(line) / 2 + 2, sizeof(char *));
	if (!copy || !argv) {
		free(copy);
		free(argv);
		set_last_error("out of memory");
		return -1;
	}
	/* Split in place: blanks separate words, "..." quotes. */
	for (;;) {
		char *w;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		argv[argc++] = w = p;
		while (*p && *p != ' ' && *p != '\t') {
			if (*p == '"') {
				p++;
				while (*p && *p != '"')
					*w++ = *p++;
				if (*p)
					p++;
			} else {
				*w++ = *p++;
			}
		}
		if (*p)
			p++;
		*w = '\0';
	}
	rc = mock_run_argv(argc, argv);
	free(argv);
	free(copy);
	return rc;
}

const char *mock_output(void)
{
	return last_output ? last_output : "";
}

const char *mock_error(void)
{
	return last_error;
}

/* The emit function handed to due providers: copy ITEM. */
static int due_keep(struct tsu_ctx *ctx, const struct tsu_due_item *item)
{
	struct tsu_due_item *items, *d;

	if (!item->subject || !item->milestone || !item->due_on)
		return ctx_error(ctx, "a due item needs a subject, a milestone "
				      "and a date");
	items = realloc(due_items, (ndue + 1) * sizeof(*items));
	if (!items)
		return ctx_error(ctx, "out of memory");
	due_items = items;
	d = &due_items[ndue++];
	d->subject = strdup(item->subject);
	d->milestone = strdup(item->milestone);
	d->label = dup_or_null(item->label);
	d->kind = dup_or_null(item->kind);
	d->due_on = strdup(item->due_on);
	d->staff = dup_or_null(item->staff);
	d->note = dup_or_null(item->note);
	return 0;
}

int mock_collect_due(const char *until)
{
	struct tsu_ctx ctx;
	int i, rc = 0;

	due_forget();
	if (ctx_open(&ctx, "due") < 0)
		return -1;
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	for (i = 0; i < nregs && rc >= 0; i++)
		if (regs[i].kind == REG_DUE &&
		    regs[i].due(&ctx, until, due_keep, regs[i].data) < 0)
			rc = -1;
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (rc < 0 && !ctx.error)
		ctx_error(&ctx, "a due provider failed without saying why");
	ctx_close(&ctx);
	return rc < 0 ? -1 : ndue;
}

const struct tsu_due_item *mock_due_item(int i)
{
	return i >= 0 && i < ndue ? &due_items[i] : NULL;
}

int mock_run_hook(const char *hook, const char *subject, const char *json_text)
{
	struct tsu_ctx ctx;
	int rc;

	if (ctx_open(&ctx, hook) < 0)
		return -1;
	rc = hook_run(&ctx, hook, subject, json_text);
	ctx_close(&ctx);
	return rc;
}

long long mock_query_int(const char *sql)
{
	sqlite3_stmt *st = query(NULL, sql, NULL);
	long long v = -1;

	if (st && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

char *mock_query_text(const char *sql)
{
	sqlite3_stmt *st = query(NULL, sql, NULL);
	char *v = NULL;

	if (st && sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return v;
}
