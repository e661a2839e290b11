/* host.c - the host API table handed to plugins: thin wrappers over the
 * core's areas, so that a plugin sees one stable, versioned surface. */
#include <config.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit.h"
#include "backup.h"
#include "command.h"
#include "complete.h"
#include "csvhost.h"
#include "date.h"
#include "date_show.h"
#include "form.h"
#include "due.h"
#include "hook.h"
#include "i18n.h"
#include "output.h"
#include "part.h"
#include "plugin.h"
#include "progress.h"
#include "register.h"
#include "scm.h"
#include "scm_call.h"
#include "search.h"
#include "settings.h"
#include "store.h"
#include "subject.h"

struct tsu_stmt {
	sqlite3_stmt *st;
	struct tsu_ctx *ctx;
};

static int host_register_command(struct tsu_plugin *self,
				 const struct tsu_command_spec *spec,
				 void *data, void (*free_data)(void *))
{
	char *msg = NULL;

	if (command_register(self, spec, data, free_data, &msg) < 0) {
		tsu_warn("plugins", "%s: %s", self ? self->info->name : "core",
			 msg);
		free(msg);
		return -1;
	}
	return 0;
}

static int host_register_schema(struct tsu_plugin *self,
				const char *const *steps, int nsteps)
{
	char *msg = NULL;

	if (store_migrate(self->info->name, steps, nsteps, &msg) < 0) {
		tsu_warn("plugins", "%s: %s", self->info->name, msg);
		free(msg);
		return -1;
	}
	return 0;
}

static int host_register_due(struct tsu_plugin *self, const char *name,
			     tsu_due_fn fn, void *data,
			     void (*free_data)(void *))
{
	char *msg = NULL;

	if (due_register(self, name, fn, data, free_data, &msg) < 0) {
		tsu_warn("plugins", "%s: %s", self->info->name, msg);
		free(msg);
		return -1;
	}
	return 0;
}

static int host_register_hook(struct tsu_plugin *self, const char *hook,
			      tsu_hook_fn fn, void *data,
			      void (*free_data)(void *))
{
	char *msg = NULL;

	if (hook_register(self, hook, fn, data, free_data, &msg) < 0) {
		tsu_warn("plugins", "%s: %s", self->info->name, msg);
		free(msg);
		return -1;
	}
	return 0;
}

static int host_register_scheme(struct tsu_plugin *self,
				const struct tsu_scheme_proc *procs, int n)
{
	self->has_scheme = 1;
	tsuscm_install(procs, n);
	return 0;
}

static int host_register_topic(struct tsu_plugin *self, const char *name,
			       const char *summary, const char *text)
{
	return topic_register(self, name, summary, text);
}

static int host_register_completer(struct tsu_plugin *self,
				   const char *command, const char *position,
				   tsu_complete_fn fn, void *data,
				   void (*free_data)(void *))
{
	char *msg = NULL;

	if (complete_register(self, command, position, fn, data, free_data,
			      &msg) < 0) {
		tsu_warn("plugins", "%s: %s", self ? self->info->name : "core",
			 msg);
		free(msg);
		return -1;
	}
	return 0;
}

static const char *host_staff(struct tsu_ctx *ctx)
{
	return app.staff;
}

static const char *host_today(struct tsu_ctx *ctx)
{
	return app.today;
}

static int host_allowed(struct tsu_ctx *ctx, unsigned perm)
{
	return (app.perms & perm) == perm;
}

static int host_interactive(struct tsu_ctx *ctx)
{
	return app.interactive;
}

static int host_interrupted(struct tsu_ctx *ctx)
{
	return app.interrupted != 0;
}

static int host_error(struct tsu_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ctx_verror(ctx, fmt, ap);
	va_end(ap);
	return -1;
}

static void host_info(struct tsu_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	if (app.format == TSU_FORMAT_JSON)
		return;
	va_start(ap, fmt);
	vfprintf(ctx->out, fmt, ap);
	va_end(ap);
	fputc('\n', ctx->out);
}

static void host_note(struct tsu_ctx *ctx, const char *fmt, ...)
{
	FILE *to = app.format == TSU_FORMAT_TABLE ? ctx->out : stderr;
	va_list ap;

	va_start(ap, fmt);
	vfprintf(to, fmt, ap);
	va_end(ap);
	fputc('\n', to);
}

static void host_table_date(struct tsu_ctx *ctx, struct tsu_table *t,
			    const char *iso)
{
	char buf[TSU_DATE_SHOW_MAX];

	tsu_table_text(t, date_cell(iso, buf));
}

static const char *host_date_text(struct tsu_ctx *ctx, const char *iso)
{
	char buf[TSU_DATE_SHOW_MAX];
	const char *s = date_cell(iso, buf);

	return s == buf ? ctx_keep(ctx, tsu_strdup(buf)) : s;
}

static void host_progress(struct tsu_ctx *ctx, const char *what, long done,
			  long total)
{
	progress_show(what, done, total);
}

static int host_table_emit(struct tsu_ctx *ctx, struct tsu_table *t)
{
	int rc = tsu_table_print(t, app.format, ctx->out);

	tsu_table_free(t);
	return rc;
}

static int host_table_emit_record(struct tsu_ctx *ctx, struct tsu_table *t)
{
	int rc = tsu_table_print_record(t, app.format, ctx->out);

	tsu_table_free(t);
	return rc;
}

static struct tsu_stmt *host_prepare(struct tsu_ctx *ctx, const char *sql)
{
	struct tsu_stmt *s = tsu_alloc(sizeof(*s));
	char *msg = NULL;

	if (!(s->st = store_prepare(sql, &msg))) {
		ctx_error(ctx, _("SQL: %s"), msg);
		free(msg);
		free(s);
		return NULL;
	}
	s->ctx = ctx;
	return s;
}

static int host_bind_text(struct tsu_stmt *s, int i, const char *v)
{
	return sqlite3_bind_text(s->st, i, v, -1, SQLITE_TRANSIENT) ==
			       SQLITE_OK
		       ? 0
		       : -1;
}

static int host_bind_int(struct tsu_stmt *s, int i, long long v)
{
	return sqlite3_bind_int64(s->st, i, v) == SQLITE_OK ? 0 : -1;
}

static int host_bind_null(struct tsu_stmt *s, int i)
{
	return sqlite3_bind_null(s->st, i) == SQLITE_OK ? 0 : -1;
}

static int host_step(struct tsu_stmt *s)
{
	int rc = sqlite3_step(s->st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	if (rc == SQLITE_INTERRUPT)
		return ctx_error(s->ctx, _("interrupted"));
	return ctx_error(s->ctx, "%s", sqlite3_errmsg(store_db()));
}

static const char *host_column_text(struct tsu_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s->st, i);
}

static long long host_column_int(struct tsu_stmt *s, int i)
{
	return sqlite3_column_int64(s->st, i);
}

static int host_reset(struct tsu_stmt *s)
{
	sqlite3_reset(s->st);
	return sqlite3_clear_bindings(s->st) == SQLITE_OK ? 0 : -1;
}

static void host_finalize(struct tsu_stmt *s)
{
	if (!s)
		return;
	store_release(s->st);
	free(s);
}

static int host_exec(struct tsu_ctx *ctx, const char *sql)
{
	char *msg = NULL;

	if (store_exec(sql, &msg) < 0) {
		ctx_error(ctx, _("SQL: %s"), msg);
		free(msg);
		return -1;
	}
	return 0;
}

static long long host_last_insert_id(struct tsu_ctx *ctx)
{
	return sqlite3_last_insert_rowid(store_db());
}

static const char *host_config_get(struct tsu_ctx *ctx, const char *name)
{
	char *v = settings_get(name);

	return v ? ctx_keep(ctx, v) : NULL;
}

static int host_parse_date(struct tsu_ctx *ctx, const char *field,
			   const char *text, char out[TSU_DATE_LEN])
{
	char *msg = NULL;

	if (tsu_date_parse(text, out, &msg) < 0) {
		ctx_error(ctx, "%s: %s", field, msg);
		free(msg);
		return -1;
	}
	return 0;
}

static int host_audit(struct tsu_ctx *ctx, const char *action,
		      const char *subject, const char *detail)
{
	char *msg = NULL;

	if (audit_add(action, subject, detail, &msg) < 0) {
		ctx_error(ctx, "%s", msg);
		free(msg);
		return -1;
	}
	return 0;
}

static int host_audit_batch(struct tsu_ctx *ctx, const char *what, int more)
{
	char *msg = NULL;
	int rc = what ? audit_gather_flush("import", what, more, &msg)
		      : audit_gather(&msg);

	if (rc < 0) {
		ctx_error(ctx, "%s", msg);
		free(msg);
	}
	return rc;
}

const struct tsu_host tsu_host_api = {
	.abi_major = TSU_PLUGIN_ABI_MAJOR,
	.abi_minor = TSU_PLUGIN_ABI_MINOR,
	.struct_size = sizeof(struct tsu_host),
	.register_command = host_register_command,
	.register_schema = host_register_schema,
	.register_due = host_register_due,
	.register_hook = host_register_hook,
	.register_scheme = host_register_scheme,
	.register_topic = host_register_topic,
	.staff = host_staff,
	.today = host_today,
	.allowed = host_allowed,
	.interactive = host_interactive,
	.interrupted = host_interrupted,
	.error = host_error,
	.info = host_info,
	.parse_options = ctx_parse_options,
	.table_new = tsu_table_new,
	.table_row = tsu_table_row,
	.table_text = tsu_table_text,
	.table_int = tsu_table_int,
	.table_bool = tsu_table_bool,
	.table_date = host_table_date,
	.table_emit = host_table_emit,
	.table_emit_record = host_table_emit_record,
	.prepare = host_prepare,
	.bind_text = host_bind_text,
	.bind_int = host_bind_int,
	.bind_null = host_bind_null,
	.step = host_step,
	.column_text = host_column_text,
	.column_int = host_column_int,
	.reset = host_reset,
	.finalize = host_finalize,
	.exec = host_exec,
	.last_insert_id = host_last_insert_id,
	.config_get = host_config_get,
	.parse_date = host_parse_date,
	.date_add = tsu_date_add,
	.resolve = subject_resolve,
	.person_add = subject_person_add,
	.person_get = subject_person_get,
	.family_add = subject_family_add,
	.member_add = subject_member_add,
	.event_add = subject_event_add,
	.flag_set = subject_flag_set,
	.audit = host_audit,
	.run_hook = hook_run,
	/* whole-database copies (core/backup.c) */
	.backup_to = backup_to,
	.backup_check = backup_check,
	.backup_restore = backup_restore,
	/* CSV files (core/csvhost.c) */
	.csv_open = csvhost_open,
	.csv_read = csvhost_read,
	.csv_close = csvhost_close,
	.csv_create = csvhost_create,
	.csv_write = csvhost_write,
	.csv_finish = csvhost_finish,
	/* the register and the search index (core/register.c) */
	.person_update = register_person_update,
	.person_match = register_person_match,
	.status_set = register_status_set,
	.family_contact_set = register_family_contact,
	.pregnancy_add = register_pregnancy_add,
	.pregnancy_find = register_pregnancy_find,
	.pregnancy_close = register_pregnancy_close,
	.search_persons = register_search_persons,
	.search_refresh = register_search_refresh,
	.fold = search_fold_kept,
	.begin = register_begin,
	.commit = register_commit,
	.rollback = register_rollback,
	.error_take = register_error_take,
	/* forms and responses (core/form.c) */
	.form_exists = form_exists,
	.form_fill = form_fill,
	.form_check = form_check,
	.form_field_for = form_field_for,
	.response_add = form_response_add,
	.answer = form_answer,
	/* calling the scripts (core/scm_call.c) */
	.scheme_call = scm_call_text,
	.register_scheme_text = scm_call_register_text,
	/* Tab completion (core/complete.c) */
	.register_completer = host_register_completer,
	/* flags (core/subject.c) */
	.flag_clear = subject_flag_clear,
	/* what a person reads (core/date_show.c, core/progress.c) */
	.date_text = host_date_text,
	.progress = host_progress,
	/* parts of plugins, loaded on first use (core/part.c) */
	.part_load = part_load,
	/* memory of a long command (core/register.c) */
	.keep_mark = register_keep_mark,
	.keep_release = register_keep_release,
	.store_analyze = register_analyze,
	/* words (core/util.c) */
	.edit_distance = tsu_edit_distance,
	/* the audit of a bulk command (core/audit.c) */
	.audit_batch = host_audit_batch,
	.bulk_load = register_bulk_load,
	/* a file's rows, and remarks that are not data */
	.csv_row = tsu_csv_row,
	.note = host_note,
	/* Tab completion, continued (core/complete.c, core/form.c) */
	.complete_args = complete_args,
	.form_fields = form_fields,
};
