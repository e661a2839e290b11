/* prompt.c - the shell's prompt: who is acting, and how much of the due
 * list is overdue, refreshed after every command.  Counting asks every
 * due provider, which costs time on a large database, so the count is
 * kept until the database's data version moves (a commit by anyone). */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "command.h"
#include "date.h"
#include "due.h"
#include "i18n.h"
#include "prompt.h"
#include "store.h"

struct prompt_state {
	char *name;           /* the staff member's name, or NULL */
	long overdue;         /* entries due before today; -1 unknown */
	int version_known;    /* VERSION holds a data version */
	unsigned int version; /* SQLite's data version when counted */
	char today[TSU_DATE_LEN];
	int force;            /* count again whatever the version */
};

static struct prompt_state state = {.overdue = -1};
static long counting; /* entries seen by count_entry */

/* The emit() of the due providers: count what is overdue. */
static int count_entry(struct tsu_ctx *ctx, const struct tsu_due_item *item,
		       const char *name)
{
	(void)ctx;
	(void)name;
	if (item && item->due_on && strcmp(item->due_on, app.today) < 0)
		counting++;
	return 0;
}

/* Read the name of the acting staff member into STATE. */
static void read_name(void)
{
	static const char sql[] = "SELECT name FROM staff WHERE id = ?";
	sqlite3_stmt *st;
	char *msg = NULL;
	const char *s;

	free(state.name);
	state.name = NULL;
	st = store_cached(sql, &msg);
	if (!st) {
		free(msg);
		return;
	}
	sqlite3_bind_text(st, 1, app.staff, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    (s = (const char *)sqlite3_column_text(st, 0)) && *s)
		state.name = tsu_strdup(s);
	sqlite3_reset(st);
}

/* Inside a read transaction: the name, then the count if it is stale. */
static int prompt_refresh(struct tsu_ctx *ctx, void *data)
{
	char yesterday[TSU_DATE_LEN];
	unsigned int version = 0;
	int known;

	(void)data;
	read_name(); /* also takes the read lock the version needs */
	known = sqlite3_file_control(store_db(), "main",
				     SQLITE_FCNTL_DATA_VERSION,
				     &version) == SQLITE_OK;
	if (!state.force && known && state.version_known &&
	    version == state.version && state.overdue >= 0 &&
	    strcmp(state.today, app.today) == 0)
		return 0;
	if (tsu_date_add(app.today, -1, yesterday) < 0)
		return -1;
	counting = 0;
	if (due_collect(ctx, yesterday, count_entry) < 0) {
		state.overdue = -1;
		return -1;
	}
	state.overdue = counting;
	state.version = version;
	state.version_known = known;
	state.force = 0;
	snprintf(state.today, sizeof(state.today), "%s", app.today);
	return 0;
}

char *prompt_text(int changed_definitions)
{
	const char *who;

	if (changed_definitions)
		state.force = 1;
	command_run_silent("prompt", prompt_refresh, NULL);
	who = state.name ? state.name : app.staff;
	if (state.overdue > 0)
		return tsu_strdup_printf(_("tsunagu %s [overdue %ld]> "), who,
					 state.overdue);
	return tsu_strdup_printf(_("tsunagu %s> "), who);
}
