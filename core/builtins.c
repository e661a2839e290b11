/* builtins.c - the core's own commands: help, quit, plugins; and the
 * registration of the commands of the other core areas. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit.h"
#include "builtins.h"
#include "command.h"
#include "due.h"
#include "output.h"
#include "plugin.h"
#include "settings.h"
#include "shell.h"
#include "staff.h"
#include "subject.h"
#include "width.h"

/* The order in which `help` shows the groups of commands. */
static const char *const topic_order[] = {
	"register", "follow up", "plan", "refer", "export", "administer",
	"local",
};

static const char *topic_heading(const char *topic)
{
	static const struct {
		const char *topic, *heading;
	} headings[] = {
		{"register", "Register families"},
		{"follow up", "Follow up (continuous grasp)"},
		{"plan", "Support plans"},
		{"refer", "Referrals and agencies"},
		{"export", "Export, reports, backups"},
		{"administer", "Administer"},
		{"local", "Local commands (Scheme)"},
	};
	size_t i;

	for (i = 0; i < sizeof(headings) / sizeof(headings[0]); i++)
		if (strcmp(headings[i].topic, topic) == 0)
			return headings[i].heading;
	return topic;
}

/* Print one line "  NAME  summary" padded to WIDTH display columns. */
static void help_line(FILE *out, const char *name, const char *summary,
		      int width)
{
	fprintf(out, "  %s%*s  %s\n", name, width - tsu_text_width(name), "",
		summary ? summary : "");
}

static int known_topic(const char *topic)
{
	size_t i;

	for (i = 0; i < sizeof(topic_order) / sizeof(topic_order[0]); i++)
		if (strcmp(topic_order[i], topic) == 0)
			return 1;
	return 0;
}

static void help_overview(FILE *out)
{
	int i, width = 8;
	size_t t;

	for (i = 0; i < command_count(); i++) {
		int w = tsu_text_width(command_at(i)->spec.name);

		if (w > width)
			width = w;
	}
	fputs("Commands (help COMMAND for details):\n", out);
	for (t = 0; t <= sizeof(topic_order) / sizeof(topic_order[0]); t++) {
		const char *topic = t < sizeof(topic_order) / sizeof(topic_order[0])
					    ? topic_order[t]
					    : NULL;
		int shown = 0;

		for (i = 0; i < command_count(); i++) {
			const struct command *c = command_at(i);
			const char *ct = c->spec.topic ? c->spec.topic : "";

			if (topic ? strcmp(ct, topic) != 0 : known_topic(ct))
				continue;
			if (!shown++)
				fprintf(out, "\n%s:\n",
					topic ? topic_heading(topic) : "Other");
			help_line(out, c->spec.name, c->spec.summary, width);
		}
	}
	if (topic_count()) {
		fputs("\nTopics (help TOPIC):\n", out);
		for (i = 0; i < topic_count(); i++) {
			const char *name, *summary, *text;

			topic_at(i, &name, &summary, &text);
			help_line(out, name, summary, width);
		}
	}
	fputs("\nA line starting with ( is Scheme. Ctrl-C cancels a line, "
	      "Ctrl-D or quit leaves.\n",
	      out);
}

static void help_command(FILE *out, const struct command *c)
{
	fprintf(out, "%s - %s\n", c->spec.name,
		c->spec.summary ? c->spec.summary : "");
	if (c->spec.usage) {
		const char *p = c->spec.usage;

		fputs("\nUsage:\n", out);
		while (*p) {
			size_t n = strcspn(p, "\n");

			fprintf(out, "  %.*s\n", (int)n, p);
			p += n + (p[n] == '\n');
		}
	}
	if (c->spec.help)
		fprintf(out, "\n%s\n", c->spec.help);
	fprintf(out, "\nNeeds: %s.\n", perm_name(c->spec.perm));
}

/* help [COMMAND|TOPIC] */
static int cmd_help(struct tsu_ctx *ctx, int argc, char **argv, void *data)
{
	const struct command *c;
	int i;

	if (argc < 2) {
		help_overview(ctx->out);
		return 0;
	}
	if (argc > 2)
		return ctx_error(ctx, "give one command or topic, e.g. help due");
	c = command_find(argv[1]);
	if (c)
		help_command(ctx->out, c);
	/* A plugin's topic may share its name with a command: show both. */
	for (i = 0; i < topic_count(); i++) {
		const char *name, *summary, *text;

		topic_at(i, &name, &summary, &text);
		if (strcmp(name, argv[1]) == 0) {
			fprintf(ctx->out, "%s%s\n", c ? "\n" : "", text);
			return 0;
		}
	}
	if (c)
		return 0;
	{
		const char *near = command_nearest(argv[1]);

		if (near)
			return ctx_error(ctx, "no command or topic \"%s\" (did "
					      "you mean %s?)",
					 argv[1], near);
	}
	return ctx_error(ctx, "no command or topic \"%s\" (try help)", argv[1]);
}

/* quit */
static int cmd_quit(struct tsu_ctx *ctx, int argc, char **argv, void *data)
{
	shell_request_quit();
	return 0;
}

/* plugins */
static int cmd_plugins(struct tsu_ctx *ctx, int argc, char **argv,
		       void *data)
{
	static const char *const keys[] = {"id", "version", "description",
					   "path"};
	static const char *const headings[] = {"plugin", "version",
					       "description", "file"};
	struct tsu_table *t = tsu_table_new(4, keys, headings);
	int i, rc;

	for (i = 0; i < plugin_count(); i++) {
		const struct tsu_plugin *p = plugin_at(i);

		tsu_table_row(t);
		tsu_table_text(t, p->info->name);
		tsu_table_text(t, p->info->version);
		tsu_table_text(t, p->info->description);
		tsu_table_text(t, p->path);
	}
	rc = tsu_table_print(t, app.format, ctx->out);
	tsu_table_free(t);
	return rc < 0 ? ctx_error(ctx, "could not print") : 0;
}

static const struct tsu_command_spec builtin_specs[] = {
	{
		.name = "help",
		.topic = "administer",
		.summary = "the commands, or one command or topic in detail",
		.usage = "help\nhelp COMMAND\nhelp TOPIC",
		.help = "Example: help due",
		.perm = TSU_PERM_READ,
		.flags = TSU_CMD_READONLY,
		.fn = cmd_help,
	},
	{
		.name = "quit",
		.topic = "administer",
		.summary = "leave the shell (also Ctrl-D)",
		.usage = "quit",
		.perm = TSU_PERM_READ,
		.flags = TSU_CMD_NO_TRANSACTION,
		.fn = cmd_quit,
	},
	{
		.name = "plugins",
		.topic = "administer",
		.summary = "the loaded plugins with their versions",
		.usage = "plugins",
		.perm = TSU_PERM_READ,
		.flags = TSU_CMD_READONLY,
		.fn = cmd_plugins,
	},
};

void builtins_register(void)
{
	size_t i;

	for (i = 0; i < sizeof(builtin_specs) / sizeof(builtin_specs[0]); i++) {
		char *msg = NULL;

		if (command_register(NULL, &builtin_specs[i], NULL, NULL,
				     &msg) < 0) {
			tsu_warn("core", "%s", msg);
			free(msg);
		}
	}
	staff_commands_register();
	settings_commands_register();
	audit_commands_register();
	subject_commands_register();
	due_commands_register();
}
