/* mock_host.h - a host API table for testing one plugin without the
 * program.
 *
 * The mock records everything a plugin registers (commands, help topics,
 * due providers, hooks, schema steps, Scheme procedures), runs commands on
 * an in-memory SQLite database (":memory:") with a transaction around each
 * one, captures what they print in a memory buffer and what they report as
 * error strings.  A test initialises the plugin with mock_plugin_init(),
 * runs lines with mock_run(), looks at mock_output() and mock_error(), and
 * ends with mock_plugin_unload() and mock_close().
 *
 * The database has the mock's own tables for what the core would keep:
 *   mock_audit(staff, action, subject, detail)
 *   mock_person(id, family_name, given_name, ..., status)
 *   mock_family(id, contact_staff), mock_member(family, person, role)
 *   mock_event(subject, kind, date, summary, ref, staff)
 *   mock_flag(subject, name, reason)
 *   mock_setting(name, value)
 * Person ids are "P1", "P2"...; family ids "F1", "F2"...
 *
 * Output: a record prints "key: value" lines; a listing prints a line of
 * tab-separated keys, then one line of tab-separated values per row (or
 * "(none)").  With mock_set_json(1) both print JSON instead, as the program
 * does with --format json.  Null cells print as empty text (null in JSON). */
#ifndef TSU_MOCK_HOST_H
#define TSU_MOCK_HOST_H

#include "tsunagu-plugin.h"

/* The handle the mock gives to a plugin's init(). */
struct tsu_plugin {
	const struct tsu_plugin_info *info;
};

/* The table handed to plugins. */
extern const struct tsu_host mock_host;

/* Open the in-memory database with the mock's tables and reset the acting
 * staff ("tester", every permission), today ("2026-04-01") and the
 * format.  Returns 0, or -1 with the reason in mock_error(). */
int mock_open(void);
/* Release every registration (calling the free functions), close the
 * database and forget the last output and error. */
void mock_close(void);

/* The acting staff id and the enum tsu_perm bits they hold. */
void mock_set_staff(const char *id, unsigned perms);
void mock_set_today(const char *iso);
/* 1: tables print as JSON, and host->info() prints nothing. */
void mock_set_json(int on);
/* Give setting NAME the value VALUE (NULL removes it). */
void mock_set_config(const char *name, const char *value);

/* Check INFO's ABI as the loader does, then run its init() with the mock
 * host and P as the plugin's handle.  Returns init's result; on failure
 * the reason is in mock_error() and what the plugin registered is
 * released. */
int mock_plugin_init(struct tsu_plugin *p, const struct tsu_plugin_info *info);
/* Call P's shutdown() (if any), then release what P registered. */
void mock_plugin_unload(struct tsu_plugin *p);

/* ---- what was registered ---- */

int mock_command_count(void);
/* The spec of command NAME as registered, or NULL. */
const struct tsu_command_spec *mock_command(const char *name);
int mock_topic_count(void);
/* The summary or text of help topic NAME, or NULL. */
const char *mock_topic_summary(const char *name);
const char *mock_topic_text(const char *name);
int mock_due_provider_count(void);
/* Number of C hooks registered for HOOK ("intake"...), NULL for all. */
int mock_hook_count(const char *hook);
/* The schema version of OWNER (steps applied), 0 when none. */
int mock_schema_version(const char *owner);
int mock_scheme_count(void);
/* How many free functions the mock has called on released data. */
int mock_freed_count(void);

/* ---- running ---- */

/* Run one command line: words separated by blanks, "..." quoting.  The
 * permission of the command is checked against the acting staff, and the
 * command runs in a transaction committed only when it succeeds.  Returns
 * the command's result (0, or -1). */
int mock_run(const char *line);
int mock_run_argv(int argc, char **argv);
/* What the last command printed ("" when nothing), and the first error it
 * reported, or NULL.  Valid until the next run or mock_close(). */
const char *mock_output(void);
const char *mock_error(void);

/* Ask every due provider for the entries due on or before UNTIL.
 * Returns the number of entries collected, or -1 (see mock_error()). */
int mock_collect_due(const char *until);
/* Entry I of the last collection, or NULL. */
const struct tsu_due_item *mock_due_item(int i);

/* Run the C hooks named HOOK as host->run_hook() does.  Returns 0 or -1. */
int mock_run_hook(const char *hook, const char *subject, const char *json);

/* ---- looking into the database ---- */

/* The first column of the first row of SQL as an integer; -1 on error or
 * when there is no row. */
long long mock_query_int(const char *sql);
/* The same as text (malloc'd; the caller frees it), or NULL. */
char *mock_query_text(const char *sql);

#endif
