/* staff.c - who is acting and with which role, and the `staff` command.
 * The first identity on an empty database becomes its admin; after that
 * only staff an admin added may act. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app.h"
#include "audit.h"
#include "command.h"
#include "complete.h"
#include "i18n.h"
#include "output.h"
#include "staff.h"
#include "store.h"

#define STAFF_ID_MAX 32
#define STAFF_TEXT_MAX 200
#define STAFF_PHONE_MAX 32
#define KNOWN_SHOWN 5 /* ids named when an unknown one is refused */

static const char *const roles[] = {"admin", "nurse", "clerk", "viewer"};
#define NROLES ((int)(sizeof(roles) / sizeof(roles[0])))

static const char sql_count[] = "SELECT count(*) FROM staff";
static const char sql_role[] = "SELECT role FROM staff WHERE id = ?";
static const char sql_ids[] = "SELECT id FROM staff ORDER BY id";
static const char sql_same[] =
	"SELECT id, role FROM staff WHERE lower(id) = lower(?)";
static const char sql_insert[] =
	"INSERT INTO staff(id, name, role, center, phone, created_at) "
	"VALUES(?, ?, ?, ?, ?, ?)";
static const char sql_one[] =
	"SELECT id, name, role, center, phone FROM staff WHERE id = ?";
static const char sql_list[] =
	"SELECT id, name, role, center, phone FROM staff ORDER BY id";

static const char *const staff_keys[] = {N_("id"), N_("name"), N_("role"), N_("center"),
					 N_("phone")};

/* 1 when ID is 1 to 32 ASCII letters, digits, '.', '_' or '-'. */
static int staff_id_valid(const char *id)
{
	size_t n = strlen(id), i;

	if (n == 0 || n > STAFF_ID_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		char c = id[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return 0;
	}
	return 1;
}

/* The current time as "YYYY-MM-DDTHH:MM:SSZ" (UTC). */
static void staff_now(char out[32])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The role of staff ID into ROLE; 1 found, 0 unknown, -1 on error. */
static int staff_lookup(const char *id, char role[16], char **errmsg)
{
	sqlite3_stmt *st = store_cached(sql_role, errmsg);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(role, 16, "%s", (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		return 1;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		*errmsg = tsu_strdup_printf("staff: %s",
					    sqlite3_errmsg(store_db()));
		return -1;
	}
	return 0;
}

/* Number of staff members, or -1 on error. */
static long long staff_count(char **errmsg)
{
	sqlite3_stmt *st = store_cached(sql_count, errmsg);
	long long n = -1;

	if (!st)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	else
		*errmsg = tsu_strdup_printf("staff: %s",
					    sqlite3_errmsg(store_db()));
	sqlite3_reset(st);
	return n;
}

/* A malloc'd message refusing the unknown ID: the nearest known id when
 * one is close, and the first few known ids. */
static char *staff_unknown_message(const char *id)
{
	sqlite3_stmt *st;
	char *known = tsu_strdup(""), *near = NULL, *msg, *more;
	int n = 0, bestd = strlen(id) > 3 ? 3 : 2;

	st = store_cached(sql_ids, &msg);
	if (!st) {
		free(known);
		return msg;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 0);
		int d = tsu_edit_distance(id, s);

		if (strcasecmp(id, s) == 0)
			d = 0;
		if (d < bestd) {
			bestd = d;
			free(near);
			near = tsu_strdup(s);
		}
		if (n < KNOWN_SHOWN) {
			more = tsu_strdup_printf("%s%s%s", known, n ? ", " : "",
						 s);
			free(known);
			known = more;
		} else if (n == KNOWN_SHOWN) {
			more = tsu_strdup_printf("%s…", known);
			free(known);
			known = more;
		}
		n++;
	}
	sqlite3_reset(st);
	if (near)
		msg = tsu_strdup_printf(_("unknown staff id \"%s\" (did you mean "
					"%s? known: %s)"),
					id, near, known);
	else
		msg = tsu_strdup_printf(_("unknown staff id \"%s\" (known: %s)"),
					id, known);
	free(near);
	free(known);
	return msg;
}

/* Insert staff ID with its fields; 0, or -1 with *errmsg. */
static int staff_insert(const char *id, const char *name, const char *role,
			const char *center, const char *phone, char **errmsg)
{
	sqlite3_stmt *st = store_cached(sql_insert, errmsg);
	char now[32];

	if (!st)
		return -1;
	staff_now(now);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, center, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		*errmsg = tsu_strdup_printf("staff: %s",
					    sqlite3_errmsg(store_db()));
		sqlite3_reset(st);
		return -1;
	}
	sqlite3_reset(st);
	return 0;
}

/* Act as ID with ROLE from now on. */
static void staff_act_as(const char *id, const char *role)
{
	snprintf(app.staff, sizeof(app.staff), "%s", id);
	snprintf(app.role, sizeof(app.role), "%s", role);
	app.perms = role_perms(role);
}

/* Make ID the first staff member, an admin, if the database still has
 * none (checked again under the write lock).  Returns 1 when it did, 0
 * when someone else already exists, -1 on error. */
static int staff_make_first(const char *id, char **errmsg)
{
	long long n;
	char *detail;

	if (store_begin(1, errmsg) < 0)
		return -1;
	n = staff_count(errmsg);
	if (n != 0) {
		store_rollback();
		return n < 0 ? -1 : 0;
	}
	staff_act_as(id, "admin");
	detail = tsu_strdup_printf("staff %s admin (first identity)", id);
	if (staff_insert(id, id, "admin", NULL, NULL, errmsg) < 0 ||
	    audit_add("create", NULL, detail, errmsg) < 0) {
		free(detail);
		store_rollback();
		staff_act_as("", "");
		return -1;
	}
	free(detail);
	if (store_commit(errmsg) < 0) {
		staff_act_as("", "");
		return -1;
	}
	fprintf(stderr, _("tsunagu: %s is the first staff member and now an admin\n"),
		id);
	return 1;
}

int staff_identify(const char *id, char **errmsg)
{
	char role[16];
	int rc;

	if (!staff_id_valid(id)) {
		*errmsg = tsu_strdup_printf(
			_("staff id \"%s\" is not valid: use 1 to %d ASCII "
			"letters, digits, '.', '_' or '-' (choose one with "
			"--staff)"),
			id, STAFF_ID_MAX);
		return -1;
	}
	rc = staff_lookup(id, role, errmsg);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		rc = staff_make_first(id, errmsg);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			*errmsg = staff_unknown_message(id);
			return -1;
		}
		return 0;
	}
	if (!role_perms(role)) {
		*errmsg = tsu_strdup_printf(_("staff %s has an unknown role \"%s\""),
					    id, role);
		return -1;
	}
	staff_act_as(id, role);
	return 0;
}

/* ---- the staff command ---- */

/* The role nearest to TEXT, or NULL when none is close. */
static const char *staff_nearest_role(const char *text)
{
	const char *best = NULL;
	int i, d, bestd = 3;

	for (i = 0; i < NROLES; i++) {
		d = tsu_edit_distance(text, roles[i]);
		if (*text && strncasecmp(text, roles[i], strlen(text)) == 0)
			d = 1;
		if (d < bestd) {
			bestd = d;
			best = roles[i];
		}
	}
	return best;
}

/* 0 when TEXT is one line of at most MAX bytes without control
 * characters; -1 (reported, naming FIELD) otherwise. */
static int staff_check_text(struct tsu_ctx *ctx, const char *field,
			    const char *text, size_t max)
{
	const unsigned char *p;

	if (strlen(text) > max)
		return ctx_error(ctx, _("%s: longer than %zu bytes"), field, max);
	for (p = (const unsigned char *)text; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return ctx_error(ctx, _("%s: \"%s\" holds a control "
					 "character"), field, text);
	return 0;
}

/* 0 when PHONE has digits and only digits, blanks, '-', '+', '(' and
 * ')'; -1 (reported) otherwise. */
static int staff_check_phone(struct tsu_ctx *ctx, const char *phone)
{
	const char *p;
	int digits = 0;

	if (strlen(phone) > STAFF_PHONE_MAX)
		return ctx_error(ctx, _("--phone: longer than %d characters"),
				 STAFF_PHONE_MAX);
	for (p = phone; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!strchr(" -+()", *p))
			return ctx_error(ctx, _("--phone: \"%s\" is not a phone "
					 "number (digits, '-', '+', '(' "
					 "and ')' only)"), phone);
	}
	if (!digits)
		return ctx_error(ctx, _("--phone: \"%s\" has no digits"), phone);
	return 0;
}

/* Print the staff rows of ST (id, name, role, center, phone): all of
 * them as a listing, or the first as a record. */
static int staff_print(struct tsu_ctx *ctx, sqlite3_stmt *st, int record)
{
	struct tsu_table *t = tsu_table_new(5, staff_keys, NULL);
	int rc, i;

	if (!t)
		return ctx_error(ctx, _("out of memory"));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		tsu_table_row(t);
		for (i = 0; i < 5; i++)
			tsu_table_text(t, (const char *)sqlite3_column_text(st, i));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		tsu_table_free(t);
		return ctx_error(ctx, "%s", sqlite3_errmsg(store_db()));
	}
	rc = record ? tsu_table_print_record(t, app.format, ctx->out)
		    : tsu_table_print(t, app.format, ctx->out);
	tsu_table_free(t);
	return rc < 0 ? ctx_error(ctx, _("cannot print the staff")) : 0;
}

/* Refuse ID when it, or the same id in another case, is taken; 0 when
 * free, -1 (reported) otherwise. */
static int staff_taken(struct tsu_ctx *ctx, const char *id)
{
	char *msg = NULL;
	sqlite3_stmt *st = store_cached(sql_same, &msg);
	int rc;

	if (!st) {
		ctx_error(ctx, "%s", msg);
		free(msg);
		return -1;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		ctx_error(ctx, _("add: staff id \"%s\" already exists (role %s)"),
			  (const char *)sqlite3_column_text(st, 0),
			  (const char *)sqlite3_column_text(st, 1));
	else if (rc != SQLITE_DONE)
		ctx_error(ctx, "%s", sqlite3_errmsg(store_db()));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* staff add ID --name N --role R [--center C] [--phone P] */
static int staff_add(struct tsu_ctx *ctx, int argc, char **argv)
{
	static const struct tsu_opt opts[] = {
		{"--name", TSU_OPT_VALUE},
		{"--role", TSU_OPT_VALUE},
		{"--center", TSU_OPT_VALUE},
		{"--phone", TSU_OPT_VALUE},
	};
	struct tsu_args a;
	const char *id, *name, *role, *center, *phone, *near;
	char *msg = NULL, *detail;
	sqlite3_stmt *st;
	int rc;

	if (ctx_require(ctx, TSU_PERM_ADMIN) < 0)
		return -1;
	if (ctx_parse_options(ctx, argc, argv, opts, 4, &a) < 0)
		return -1;
	if (a.npos == 0)
		return ctx_error(ctx, _("add: which staff id? (staff add ID "
				 "--name N --role R)"));
	if (a.npos > 1)
		return ctx_error(ctx, _("add: one staff id at a time (\"%s\" "
				 "is one too many)"), a.pos[1]);
	id = a.pos[0];
	name = a.value[0], role = a.value[1];
	center = a.value[2], phone = a.value[3];
	if (!staff_id_valid(id))
		return ctx_error(ctx, _("add: staff id \"%s\" is not valid: use 1 "
				 "to %d ASCII letters, digits, '.', '_' or '-'"),
				 id, STAFF_ID_MAX);
	if (!name || !*name)
		return ctx_error(ctx, _("add: --name is needed"));
	if (!role)
		return ctx_error(ctx, _("add: --role is needed (admin, nurse, "
				 "clerk or viewer)"));
	if (!role_perms(role)) {
		near = staff_nearest_role(role);
		if (near)
			return ctx_error(ctx, _("--role: \"%s\" is not one of "
					 "admin, nurse, clerk, viewer (did "
					 "you mean %s?)"), role, near);
		return ctx_error(ctx, _("--role: \"%s\" is not one of admin, "
				 "nurse, clerk, viewer"), role);
	}
	if (staff_check_text(ctx, "--name", name, STAFF_TEXT_MAX) < 0 ||
	    (center && staff_check_text(ctx, "--center", center,
					STAFF_TEXT_MAX) < 0) ||
	    (phone && *phone && staff_check_phone(ctx, phone) < 0))
		return -1;
	if (center && !*center)
		center = NULL;
	if (phone && !*phone)
		phone = NULL;
	if (staff_taken(ctx, id) < 0)
		return -1;
	rc = staff_insert(id, name, role, center, phone, &msg);
	detail = tsu_strdup_printf("staff %s %s", id, role);
	if (rc == 0 && audit_add("create", NULL, detail, &msg) < 0)
		rc = -1;
	free(detail);
	if (rc < 0) {
		ctx_error(ctx, "%s", msg);
		free(msg);
		return -1;
	}
	st = store_cached(sql_one, &msg);
	if (!st) {
		ctx_error(ctx, "%s", msg);
		free(msg);
		return -1;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	return staff_print(ctx, st, 1);
}

/* staff list */
static int staff_list(struct tsu_ctx *ctx, int argc, char **argv)
{
	struct tsu_args a;
	sqlite3_stmt *st;
	char *msg = NULL;

	if (ctx_parse_options(ctx, argc, argv, NULL, 0, &a) < 0)
		return -1;
	if (a.npos)
		return ctx_error(ctx, _("list: unexpected \"%s\""), a.pos[0]);
	st = store_cached(sql_list, &msg);
	if (!st) {
		ctx_error(ctx, "%s", msg);
		free(msg);
		return -1;
	}
	return staff_print(ctx, st, 0);
}

/* The `staff` command: dispatch to its sub-commands. */
static int staff_command(struct tsu_ctx *ctx, int argc, char **argv,
			 void *data)
{
	static const char *const subs[] = {"add", "list"};
	const char *best = NULL;
	int i, d, bestd = 3;

	(void)data;
	if (argc < 2)
		return staff_list(ctx, 1, argv);
	if (strcmp(argv[1], "add") == 0)
		return staff_add(ctx, argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0)
		return staff_list(ctx, argc - 1, argv + 1);
	for (i = 0; i < 2; i++) {
		d = tsu_edit_distance(argv[1], subs[i]);
		if (d < bestd) {
			bestd = d;
			best = subs[i];
		}
	}
	if (best)
		return ctx_error(ctx, _("unknown sub-command \"%s\" (did you mean "
				 "%s?)"), argv[1], best);
	return ctx_error(ctx, _("unknown sub-command \"%s\" (add or list)"),
			 argv[1]);
}

/* Tab after --staff: the staff ids that start with PREFIX. */
static int staff_complete(struct tsu_ctx *ctx, const char *prefix,
			  void (*add)(struct tsu_ctx *ctx, const char *word),
			  void *data)
{
	static const char sql[] =
	    "SELECT id FROM staff WHERE substr(id, 1, length(?1)) = ?1"
	    " ORDER BY id LIMIT 200";
	sqlite3 *db = store_db();
	sqlite3_stmt *st;

	(void)data;
	if (!db || sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, prefix, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		add(ctx, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return 0;
}

void staff_commands_register(void)
{
	static const struct tsu_command_spec spec = {
		.name = "staff",
		.topic = "administer",
		.summary = N_("list the staff, or add a staff member (admin)"),
		.usage = N_("staff add ID --name N --role admin|nurse|clerk|viewer "
			 "[--center C] [--phone P]\n"
			 "staff list"),
		.help = N_("Staff act under their id (--staff, $TSUNAGU_STAFF or "
			"the login name).\n"
			"The role decides what they may do:\n"
			"  viewer  look at records\n"
			"  clerk   also intake, contacts, import and export\n"
			"  nurse   also plans, referrals, flags and Scheme\n"
			"  admin   also staff and settings\n"
			"An id is 1 to 32 ASCII letters, digits, '.', '_' or "
			"'-'.\n"
			"The first id used on a new database becomes its admin.\n"
			"`staff add` is for admins and is recorded in the audit "
			"trail.\n"
			"\n"
			"Example:\n"
			"  staff add sato --name \"佐藤 恵\" --role nurse "
			"--center 中央\n"
			"\n"
			"See also: family, audit, config"),
		.words = "add list --name= --role=admin|nurse|clerk|viewer --center= "
			 "--phone=",
		.perm = TSU_PERM_READ,
		.fn = staff_command,
	};
	/* The options after which Tab offers staff ids. */
	static const char *const staff_options[][2] = {{"due", "--staff"},
						       {"audit", "--staff"},
						       {"contact", "--staff"},
						       {"family", "--contact"},
						       {"plan", "--contact"}};
	char *msg = NULL;
	size_t i;

	if (command_register(NULL, &spec, NULL, NULL, &msg) < 0) {
		tsu_warn("staff", "%s", msg);
		free(msg);
	}
	for (i = 0; i < sizeof(staff_options) / sizeof(staff_options[0]); i++)
		if (complete_register(NULL, staff_options[i][0],
				      staff_options[i][1], staff_complete, NULL,
				      NULL, &msg) < 0) {
			tsu_warn("staff", "%s", msg);
			free(msg);
		}
}
