/* settings.c - the settings kept in the database (table config), their
 * defaults and validation, and the `config` command. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit.h"
#include "command.h"
#include "i18n.h"
#include "output.h"
#include "settings.h"
#include "store.h"

#define SETTING_TEXT_MAX 200

enum setting_kind { SETTING_CHOICE, SETTING_TEXT, SETTING_INTEGER };

struct setting {
	const char *name;
	enum setting_kind kind;
	const char *def;
	const char *description;
	const char *const *choices; /* CHOICE: NULL-terminated */
	long min, max;              /* INTEGER */
};

static const char *const date_styles[] = {"iso", "wareki", "wareki-short",
					  NULL};

static const struct setting settings[] = {
	{"date-style", SETTING_CHOICE, "iso",
	 N_("how dates are shown: iso (2026-04-01), wareki (令和8年4月1日) or "
	 "wareki-short (R8.4.1)"),
	 date_styles, 0, 0},
	{"center-name", SETTING_TEXT, "", N_("the center's name, as printed on "
	 "plans"), NULL, 0, 0},
	{"center-phone", SETTING_TEXT, "", N_("the center's phone number, as "
	 "printed on plans"), NULL, 0, 0},
	{"due-window-days", SETTING_INTEGER, "30", N_("days ahead that `due` "
	 "looks by default (1 to 365)"), NULL, 1, 365},
	{"query-timeout-ms", SETTING_INTEGER, "2000", N_("longest run of a "
	 "Scheme (query ...) in milliseconds (10 to 60000)"), NULL, 10, 60000},
};
#define NSETTINGS ((int)(sizeof(settings) / sizeof(settings[0])))

static const char sql_get[] = "SELECT value FROM config WHERE name = ?";
static const char sql_set[] =
	"INSERT INTO config(name, value) VALUES(?1, ?2) "
	"ON CONFLICT(name) DO UPDATE SET value = ?2";

/* The known setting NAME, or NULL. */
static const struct setting *setting_find(const char *name)
{
	int i;

	for (i = 0; i < NSETTINGS; i++)
		if (strcmp(settings[i].name, name) == 0)
			return &settings[i];
	return NULL;
}

/* The known setting nearest to NAME, or NULL when none is close. */
static const char *setting_nearest(const char *name)
{
	const char *best = NULL;
	int i, d, bestd = 4;

	for (i = 0; i < NSETTINGS; i++) {
		d = tsu_edit_distance(name, settings[i].name);
		if (*name && strncmp(name, settings[i].name, strlen(name)) == 0)
			d = 1;
		if (d < bestd) {
			bestd = d;
			best = settings[i].name;
		}
	}
	return best;
}

/* The stored value of NAME (malloc'd), or NULL when unset or unreadable. */
static char *setting_stored(const char *name)
{
	char *msg = NULL, *v = NULL;
	sqlite3_stmt *st = store_cached(sql_get, &msg);

	if (!st) {
		free(msg);
		return NULL;
	}
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = tsu_strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_reset(st);
	return v;
}

char *settings_get(const char *name)
{
	const struct setting *s = name ? setting_find(name) : NULL;
	char *v;

	if (!s)
		return NULL;
	v = store_db() ? setting_stored(name) : NULL;
	return v ? v : tsu_strdup(s->def);
}

/* The date style named TEXT into *STYLE; 0, or -1 for another name. */
static int setting_date_style(const char *text, enum tsu_date_style *style)
{
	if (strcmp(text, "iso") == 0)
		*style = TSU_DATE_ISO;
	else if (strcmp(text, "wareki") == 0)
		*style = TSU_DATE_WAREKI;
	else if (strcmp(text, "wareki-short") == 0)
		*style = TSU_DATE_WAREKI_SHORT;
	else
		return -1;
	return 0;
}

void settings_apply(void)
{
	char *v = settings_get("date-style");

	if (!v || setting_date_style(v, &app.date_style) < 0)
		app.date_style = TSU_DATE_ISO;
	free(v);
}

/* Check VALUE for setting S; returns it normalized (malloc'd), or NULL
 * with the reason reported on CTX. */
static char *setting_check(struct tsu_ctx *ctx, const struct setting *s,
			   const char *value)
{
	const unsigned char *p;
	const char *best = NULL;
	char *end;
	long n;
	int i, d, bestd = 3;

	switch (s->kind) {
	case SETTING_CHOICE:
		for (i = 0; s->choices[i]; i++) {
			if (strcmp(value, s->choices[i]) == 0)
				return tsu_strdup(value);
			d = tsu_edit_distance(value, s->choices[i]);
			if (d < bestd) {
				bestd = d;
				best = s->choices[i];
			}
		}
		if (best)
			ctx_error(ctx, _("%s: \"%s\" is not a choice (did you "
				  "mean %s?)"), s->name, value, best);
		else
			ctx_error(ctx, _("%s: \"%s\" is not a choice"), s->name,
				  value);
		return NULL;
	case SETTING_INTEGER:
		errno = 0;
		n = strtol(value, &end, 10);
		if (!*value || *end || errno || value[0] == ' ' ||
		    value[0] == '+') {
			ctx_error(ctx, _("%s: \"%s\" is not a whole number"),
				  s->name, value);
			return NULL;
		}
		if (n < s->min || n > s->max) {
			ctx_error(ctx, _("%s: %ld is out of range (%ld to %ld)"),
				  s->name, n, s->min, s->max);
			return NULL;
		}
		return tsu_strdup_printf("%ld", n);
	case SETTING_TEXT:
		if (strlen(value) > SETTING_TEXT_MAX) {
			ctx_error(ctx, _("%s: longer than %d bytes"), s->name,
				  SETTING_TEXT_MAX);
			return NULL;
		}
		for (p = (const unsigned char *)value; *p; p++) {
			if (*p < 0x20 || *p == 0x7f) {
				ctx_error(ctx, _("%s: the value holds a control "
					  "character"), s->name);
				return NULL;
			}
		}
		return tsu_strdup(value);
	}
	return NULL;
}

/* Add setting S's row (name, value, default, description) to T. */
static void setting_row(struct tsu_table *t, const struct setting *s)
{
	char *v = settings_get(s->name);

	tsu_table_row(t);
	tsu_table_text(t, s->name);
	tsu_table_text(t, v);
	tsu_table_text(t, s->def);
	tsu_table_text(t, _(s->description));
	free(v);
}

/* Print every setting (S NULL) as a listing, or S as a record. */
static int settings_print(struct tsu_ctx *ctx, const struct setting *s)
{
	static const char *const keys[] = {N_("name"), N_("value"), N_("default"),
					   N_("description")};
	struct tsu_table *t = tsu_table_new(4, keys, NULL);
	int i, rc;

	if (!t)
		return ctx_error(ctx, _("out of memory"));
	if (s) {
		setting_row(t, s);
		rc = tsu_table_print_record(t, app.format, ctx->out);
	} else {
		for (i = 0; i < NSETTINGS; i++)
			setting_row(t, &settings[i]);
		rc = tsu_table_print(t, app.format, ctx->out);
	}
	tsu_table_free(t);
	return rc < 0 ? ctx_error(ctx, _("cannot print the settings")) : 0;
}

/* Store VALUE for setting S, audited; 0 or -1 (reported). */
static int settings_set(struct tsu_ctx *ctx, const struct setting *s,
			const char *value)
{
	char *v, *msg = NULL, *detail;
	sqlite3_stmt *st;
	int rc = 0;

	if (ctx_require(ctx, TSU_PERM_ADMIN) < 0)
		return -1;
	v = setting_check(ctx, s, value);
	if (!v)
		return -1;
	st = store_cached(sql_set, &msg);
	if (st) {
		sqlite3_bind_text(st, 1, s->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, v, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			msg = tsu_strdup(sqlite3_errmsg(store_db()));
			rc = -1;
		}
		sqlite3_reset(st);
	} else {
		rc = -1;
	}
	detail = tsu_strdup_printf("%s=%s", s->name, v);
	if (rc == 0 && audit_add("change", NULL, detail, &msg) < 0)
		rc = -1;
	free(detail);
	free(v);
	if (rc < 0) {
		ctx_error(ctx, "%s", msg ? msg : _("cannot save the setting"));
		free(msg);
		return -1;
	}
	settings_apply();
	return settings_print(ctx, s);
}

/* config [NAME [VALUE]] */
static int settings_command(struct tsu_ctx *ctx, int argc, char **argv,
			    void *data)
{
	const struct setting *s;
	const char *near;
	struct tsu_args a;

	(void)data;
	if (ctx_parse_options(ctx, argc, argv, NULL, 0, &a) < 0)
		return -1;
	if (a.npos == 0)
		return settings_print(ctx, NULL);
	if (a.npos > 2)
		return ctx_error(ctx, _("too many words (config [NAME [VALUE]]; "
				 "quote a value with blanks)"));
	s = setting_find(a.pos[0]);
	if (!s) {
		near = setting_nearest(a.pos[0]);
		if (near)
			return ctx_error(ctx, _("unknown setting \"%s\" (did you "
					 "mean %s?)"), a.pos[0], near);
		return ctx_error(ctx, _("unknown setting \"%s\" (`config` lists "
				 "them)"), a.pos[0]);
	}
	if (a.npos == 1)
		return settings_print(ctx, s);
	return settings_set(ctx, s, a.pos[1]);
}

void settings_commands_register(void)
{
	static const struct tsu_command_spec spec = {
		.name = "config",
		.topic = "administer",
		.summary = N_("show or change the settings kept in the database"),
		.usage = N_("config\nconfig NAME\nconfig NAME VALUE"),
		.help = N_("Without words, lists every setting with its value and "
			"default.\n"
			"With NAME, shows that setting; with NAME VALUE, changes "
			"it\n"
			"(admins only; recorded in the audit trail).\n"
			"Settings:\n"
			"  date-style        iso, wareki or wareki-short\n"
			"  center-name       the center's name\n"
			"  center-phone      the center's phone number\n"
			"  due-window-days   1 to 365 (default 30)\n"
			"  query-timeout-ms  10 to 60000 (default 2000)\n"
			"\n"
			"Example:\n"
			"  config date-style wareki\n"
			"\n"
			"See also: staff, due, audit"),
		.words = "date-style center-name center-phone due-window-days "
			 "query-timeout-ms 2=iso|wareki|wareki-short",
		.perm = TSU_PERM_READ,
		.fn = settings_command,
	};
	char *msg = NULL;

	if (command_register(NULL, &spec, NULL, NULL, &msg) < 0) {
		tsu_warn("config", "%s", msg);
		free(msg);
	}
}
