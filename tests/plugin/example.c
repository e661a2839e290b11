/* example.c - a small, complete tsunagu plugin, built for the tests and
 * as a model for plugin authors.  It shows each kind of registration:
 *
 *   hello [NAME]   prints a greeting as a one-row record (READ)
 *   note TEXT      adds a row to the plugin's own table (REGISTER)
 *   a schema       one migration step creating example_note
 *   a due provider one item due today
 *
 * and the ownership rule: the greeting data is malloc'd here, handed to the
 * host with its free function, and freed by the host on unloading.
 *
 * To build it outside the tree and try it:
 *   cc -shared -fPIC $(pkg-config --cflags tsunagu-plugin) \
 *      -o example.so example.c
 *   tsunagu --plugin-dir . -c hello */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tsunagu-plugin.h>

/* The host table, valid from init() to shutdown(). */
static const struct tsu_host *example_host;

/* What the hello command carries: owned by the host once registered. */
struct example_greeting {
	char *word;   /* "Hello" */
	char *nobody; /* the name greeted when none is given */
};

static void example_greeting_free(void *data)
{
	struct example_greeting *g = data;

	if (!g)
		return;
	free(g->word);
	free(g->nobody);
	free(g);
}

/* Return a new greeting, or NULL when memory runs out. */
static struct example_greeting *example_greeting_new(void)
{
	struct example_greeting *g = calloc(1, sizeof(*g));

	if (!g)
		return NULL;
	g->word = strdup("Hello");
	g->nobody = strdup("world");
	if (!g->word || !g->nobody) {
		example_greeting_free(g);
		return NULL;
	}
	return g;
}

/* hello [NAME]: one record with the greeting and the acting staff id. */
static int example_hello(struct tsu_ctx *ctx, int argc, char **argv, void *data)
{
	static const char *const keys[] = {"greeting", "staff"};
	static const char *const headings[] = {"Greeting", "Staff"};
	const struct tsu_host *host = example_host;
	struct example_greeting *g = data;
	struct tsu_table *t;
	char text[256];

	if (argc > 2)
		return host->error(ctx, "usage: hello [NAME]");
	snprintf(text, sizeof(text), "%s, %s!", g->word,
		 argc == 2 ? argv[1] : g->nobody);
	t = host->table_new(2, keys, headings);
	if (!t)
		return host->error(ctx, "out of memory");
	host->table_row(t);
	host->table_text(t, text);
	host->table_text(t, host->staff(ctx));
	return host->table_emit_record(ctx, t);
}

/* note TEXT: store TEXT in example_note, audit it, print the new id and
 * the number of notes. */
static int example_note(struct tsu_ctx *ctx, int argc, char **argv, void *data)
{
	static const char *const keys[] = {"id", "notes"};
	const struct tsu_host *host = example_host;
	struct tsu_stmt *s;
	struct tsu_table *t;
	long long id, count;
	char detail[64];

	if (argc != 2 || !*argv[1])
		return host->error(ctx, "usage: note TEXT");
	s = host->prepare(ctx, "INSERT INTO example_note (text) VALUES (?)");
	if (!s)
		return -1;
	if (host->bind_text(s, 1, argv[1]) < 0 || host->step(s) < 0) {
		host->finalize(s);
		return host->error(ctx, "cannot add the note");
	}
	host->finalize(s);
	id = host->last_insert_id(ctx);
	snprintf(detail, sizeof(detail), "example_note %lld", id);
	if (host->audit(ctx, "create", NULL, detail) < 0)
		return -1;

	s = host->prepare(ctx, "SELECT count(*) FROM example_note");
	if (!s)
		return -1;
	if (host->step(s) != 1) {
		host->finalize(s);
		return host->error(ctx, "cannot count the notes");
	}
	count = host->column_int(s, 0);
	host->finalize(s);

	t = host->table_new(2, keys, NULL);
	if (!t)
		return host->error(ctx, "out of memory");
	host->table_row(t);
	host->table_int(t, id);
	host->table_int(t, count);
	return host->table_emit_record(ctx, t);
}

/* The due provider: one milestone due today, whatever UNTIL is. */
static int example_due(struct tsu_ctx *ctx, const char *until,
		       int (*emit)(struct tsu_ctx *ctx,
				   const struct tsu_due_item *item),
		       void *data)
{
	struct tsu_due_item item = {
	    .subject = "F1",
	    .milestone = "example",
	    .label = "example item",
	    .kind = "milestone",
	    .due_on = example_host->today(ctx),
	    .staff = NULL,
	    .note = NULL,
	};

	return emit(ctx, &item);
}

/* Step i takes the plugin's tables from version i to i + 1. */
static const char *const example_schema[] = {
    "CREATE TABLE example_note (id INTEGER PRIMARY KEY, text TEXT)",
};

static const char example_topic[] =
    "A small plugin that shows how a plugin is made.\n"
    "Its commands: hello [NAME], note TEXT.";

static const struct tsu_command_spec example_hello_spec = {
    .name = "hello",
    .topic = "example",
    .summary = "greet someone (an example plugin command)",
    .usage = "hello [NAME]",
    .help = "Prints a greeting to NAME (default: world) and the acting\n"
	    "staff id, as one record.",
    .words = NULL,
    .perm = TSU_PERM_READ,
    .flags = TSU_CMD_READONLY,
    .fn = example_hello,
};

static const struct tsu_command_spec example_note_spec = {
    .name = "note",
    .topic = "example",
    .summary = "keep a short note (an example plugin command)",
    .usage = "note TEXT",
    .help = "Adds TEXT to the example plugin's own table and prints its\n"
	    "id and the number of notes kept.",
    .words = NULL,
    .perm = TSU_PERM_REGISTER,
    .flags = 0,
    .fn = example_note,
};

/* Register everything.  On failure the host releases what was already
 * registered, so nothing needs undoing here. */
static int example_init(const struct tsu_host *host, struct tsu_plugin *self,
			char **errmsg)
{
	struct example_greeting *g;

	example_host = host;
	if (host->register_schema(self, example_schema,
				  (int)(sizeof(example_schema) /
					sizeof(example_schema[0]))) < 0) {
		*errmsg = strdup("cannot create the example_note table");
		return -1;
	}
	g = example_greeting_new();
	if (!g) {
		*errmsg = strdup("out of memory");
		return -1;
	}
	/* Once registered, the host owns G; a refused one is still ours. */
	if (host->register_command(self, &example_hello_spec, g,
				   example_greeting_free) < 0) {
		example_greeting_free(g);
		*errmsg = strdup("cannot register the hello command");
		return -1;
	}
	if (host->register_command(self, &example_note_spec, NULL, NULL) < 0) {
		*errmsg = strdup("cannot register the note command");
		return -1;
	}
	if (host->register_due(self, "example", example_due, NULL, NULL) < 0) {
		*errmsg = strdup("cannot register the due provider");
		return -1;
	}
	if (host->register_topic(self, "example", "the example plugin",
				 example_topic) < 0) {
		*errmsg = strdup("help topic \"example\" is already taken");
		return -1;
	}
	return 0;
}

static void example_shutdown(struct tsu_plugin *self)
{
	example_host = NULL;
}

static const struct tsu_plugin_info example_info = {
    .abi_major = TSU_PLUGIN_ABI_MAJOR,
    .abi_minor = TSU_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(struct tsu_plugin_info),
    .name = "example",
    .version = "0.1.0",
    .description = "an example plugin: hello, note, a due item",
    .init = example_init,
    .shutdown = example_shutdown,
};

TSU_PLUGIN_DEFINE(example_info)
