/* example_plugin_test.c - the example plugin, tested alone with the mock
 * host: its source is compiled into this test, so no program, loader or
 * database file is involved. */
#include <stdlib.h>
#include <string.h>

#include "mock_host.h"
#include "tap.h"

#include "../plugin/example.c"

/* A command another plugin could have registered first. */
static int other_hello(struct tsu_ctx *ctx, int argc, char **argv, void *data)
{
	return 0;
}

static void test_init_and_registrations(struct tsu_plugin *self)
{
	const struct tsu_plugin_info *info = tsunagu_plugin_entry();
	const struct tsu_command_spec *spec;

	ok(info != NULL, "the entry point gives a description");
	is_str(info->name, "example", "name");
	is_str(info->version, "0.1.0", "version");
	is_int(info->abi_major, TSU_PLUGIN_ABI_MAJOR, "built for this ABI");
	is_int(mock_plugin_init(self, info), 0, "init succeeds");
	is_str(mock_error(), NULL, "init reports nothing");
	ok(example_host == &mock_host, "the plugin keeps the host table");

	is_int(mock_command_count(), 2, "two commands registered");
	spec = mock_command("hello");
	ok(spec != NULL, "hello is registered");
	if (spec) {
		is_int(spec->perm, TSU_PERM_READ, "hello needs READ");
		is_str(spec->usage, "hello [NAME]", "hello has its usage");
	}
	spec = mock_command("note");
	ok(spec != NULL, "note is registered");
	if (spec)
		is_int(spec->perm, TSU_PERM_REGISTER, "note needs REGISTER");
	is_int(mock_due_provider_count(), 1, "one due provider");
	is_int(mock_hook_count(NULL), 0, "no hooks");
	is_int(mock_scheme_count(), 0, "no Scheme procedures");
	ok(mock_topic_text("example") != NULL, "help topic registered");

	is_int(mock_schema_version("example"), 1, "schema at version 1");
	is_int(mock_query_int("SELECT count(*) FROM sqlite_master "
			      "WHERE type = 'table' AND name = 'example_note'"),
	       1, "schema step created example_note");
}

static void test_hello(void)
{
	is_int(mock_run("hello"), 0, "hello runs");
	is_str(mock_output(), "greeting: Hello, world!\nstaff: tester\n",
	       "hello prints one record with the acting staff");
	is_str(mock_error(), NULL, "hello reports no error");

	is_int(mock_run("hello \"髙橋 﨑子\""), 0, "hello NAME runs");
	is_str(mock_output(), "greeting: Hello, 髙橋 﨑子!\nstaff: tester\n",
	       "hello greets the quoted Japanese name");

	mock_set_json(1);
	is_int(mock_run("hello"), 0, "hello runs in JSON");
	is_str(mock_output(),
	       "{\"greeting\":\"Hello, world!\","
	       "\"staff\":\"tester\"}\n",
	       "hello prints one JSON object");
	mock_set_json(0);

	is_int(mock_run("hello a b"), -1, "hello with two names fails");
	is_str(mock_error(), "usage: hello [NAME]", "... with its usage");
	is_str(mock_output(), "", "... and prints nothing");
}

static void test_note(void)
{
	char *text;

	is_int(mock_run("note \"first visit arranged\""), 0, "note runs");
	is_str(mock_output(), "id: 1\nnotes: 1\n", "note prints id and count");
	text = mock_query_text("SELECT text FROM example_note WHERE id = 1");
	is_str(text, "first visit arranged", "the note is in example_note");
	free(text);
	text = mock_query_text("SELECT action || ' ' || detail || ' by ' || "
			       "staff FROM mock_audit");
	is_str(text, "create example_note 1 by tester", "the note is audited");
	free(text);

	is_int(mock_run("note second"), 0, "a second note");
	is_str(mock_output(), "id: 2\nnotes: 2\n", "the count grows");

	is_int(mock_run("note"), -1, "note without text fails");
	is_str(mock_error(), "usage: note TEXT", "... with its usage");

	mock_set_staff("viewer1", TSU_PERM_READ);
	is_int(mock_run("note third"), -1, "a viewer may not add a note");
	ok(mock_error() && strstr(mock_error(), "viewer1"),
	   "... the refusal names the staff");
	is_int(mock_query_int("SELECT count(*) FROM example_note"), 2,
	       "... and nothing was added");
	is_int(mock_run("hello"), 0, "a viewer may say hello");
	is_str(mock_output(), "greeting: Hello, world!\nstaff: viewer1\n",
	       "... as themselves");
	mock_set_staff("tester", ~0u);

	is_int(mock_run("nosuch"), -1, "an unknown command fails");
}

static void test_due(void)
{
	const struct tsu_due_item *item;

	mock_set_today("2026-05-10");
	is_int(mock_collect_due("2026-05-24"), 1, "one item due");
	item = mock_due_item(0);
	ok(item != NULL, "the item is there");
	if (!item)
		return;
	is_str(item->subject, "F1", "subject");
	is_str(item->milestone, "example", "milestone");
	is_str(item->label, "example item", "label");
	is_str(item->kind, "milestone", "kind");
	is_str(item->due_on, "2026-05-10", "due today");
	ok(mock_due_item(1) == NULL, "and only one");
}

static void test_unload(struct tsu_plugin *self)
{
	mock_plugin_unload(self);
	ok(example_host == NULL, "shutdown ran");
	is_int(mock_freed_count(), 1, "the greeting data was freed");
	is_int(mock_command_count(), 0, "commands released");
	is_int(mock_topic_count(), 0, "topic released");
	is_int(mock_due_provider_count(), 0, "due provider released");
	is_int(mock_run("hello"), -1, "hello is gone");
}

/* Loading again on the same database applies no step twice, and a name
 * taken by another plugin makes init fail cleanly. */
static void test_again(struct tsu_plugin *self)
{
	const struct tsu_command_spec other_spec = {
	    .name = "hello", .fn = other_hello, .perm = TSU_PERM_READ};
	struct tsu_plugin other = {.info = NULL};

	is_int(mock_plugin_init(self, tsunagu_plugin_entry()), 0,
	       "init again on the same database");
	is_int(mock_query_int("SELECT count(*) FROM example_note"), 2,
	       "the notes are kept");
	mock_plugin_unload(self);
	is_int(mock_freed_count(), 2, "the second greeting was freed too");

	ok(mock_host.register_command(&other, &other_spec, NULL, NULL) == 0,
	   "another plugin takes the name hello");
	is_int(mock_plugin_init(self, tsunagu_plugin_entry()), -1,
	       "init fails when hello is taken");
	ok(mock_error() && strstr(mock_error(), "hello"),
	   "... saying which command");
	is_int(mock_freed_count(), 2,
	       "... the host frees no data it refused (the plugin does)");
	is_int(mock_command_count(), 1, "... and keeps none of its own");
	is_int(mock_topic_count(), 0, "... nor its topic");
	is_int(mock_due_provider_count(), 0, "... nor its due provider");
	mock_plugin_unload(&other);
	is_int(mock_command_count(), 0, "the other plugin's command released");
}

int main(void)
{
	struct tsu_plugin self;

	if (!ok(mock_open() == 0, "the mock host opens its database")) {
		printf("# %s\n", mock_error() ? mock_error() : "");
		return tap_done();
	}
	test_init_and_registrations(&self);
	test_hello();
	test_note();
	test_due();
	test_unload(&self);
	test_again(&self);
	mock_close();
	return tap_done();
}
