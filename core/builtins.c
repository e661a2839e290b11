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
#include "help_topics.h"
#include "i18n.h"
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

/* Each group's heading in `help`, and one line of it to try. */
static const struct {
	const char *topic, *heading, *example;
} topic_texts[] = {
	{"register", N_("Register families"),
	 N_("contact P1 --kind visit --note \"新生児訪問、体重の増えは良好\"")},
	{"follow up", N_("Follow up (continuous grasp)"),
	 N_("due --within 14")},
	{"plan", N_("Support plans"), N_("plan new F1 --next-review 2026-07-01")},
	{"refer", N_("Referrals and agencies"),
	 N_("refer P1 AG1 --reason \"育児不安が強い\" --consent yes")},
	{"export", N_("Export, reports, backups"),
	 N_("report monthly 2026-04")},
	{"administer", N_("Administer"),
	 N_("staff add sato --name \"佐藤 恵\" --role nurse")},
	{"local", N_("Local commands (Scheme)"), NULL},
};

static const char *topic_heading(const char *topic)
{
	size_t i;

	for (i = 0; i < sizeof(topic_texts) / sizeof(topic_texts[0]); i++)
		if (strcmp(topic_texts[i].topic, topic) == 0)
			return _(topic_texts[i].heading);
	return topic;
}

/* The example line of TOPIC's group, or NULL. */
static const char *topic_example(const char *topic)
{
	size_t i;

	for (i = 0; i < sizeof(topic_texts) / sizeof(topic_texts[0]); i++)
		if (strcmp(topic_texts[i].topic, topic) == 0)
			return topic_texts[i].example ? _(topic_texts[i].example)
						      : NULL;
	return NULL;
}

/* S in the user's language: registered help texts are message ids of the
 * "tsunagu" domain (a text not in the catalogue shows as it is).  NULL and
 * "" stay as they are ("" would be the catalogue's header). */
static const char *help_text(const char *s)
{
	return s && *s ? _(s) : s;
}

/* Print one line "  NAME  summary" padded to WIDTH display columns. */
static void help_line(FILE *out, const char *name, const char *summary,
		      int width)
{
	fprintf(out, "  %s%*s  %s\n", name, width - tsu_text_width(name), "",
		summary ? help_text(summary) : "");
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
	fputs(_("Commands by task (help COMMAND for details):\n"), out);
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
					topic ? topic_heading(topic) : _("Other"));
			help_line(out, c->spec.name, c->spec.summary, width);
		}
		if (shown && topic && topic_example(topic))
			fprintf(out, _("  Example: %s\n"), topic_example(topic));
	}
	fputs(_("\nTopics (help TOPIC):\n"), out);
	help_line(out, "scheme",
		  N_("the Scheme API for a municipality's own forms, "
		     "milestones, commands"),
		  width);
	help_line(out, "forms", N_("the forms defined now, with their fields"),
		  width);
	{
		for (i = 0; i < topic_count(); i++) {
			const char *name, *summary, *text;

			topic_at(i, &name, &summary, &text);
			help_line(out, name, summary, width);
		}
	}
	fputs(_("\nA line starting with ( is Scheme. Ctrl-C cancels a line, "
		"Ctrl-D or quit leaves.\n"),
	      out);
}

/* The commands whose names begin with NAME and go on ("import json"
 * after "import"), one line each. */
static void help_longer_names(FILE *out, const char *name)
{
	size_t len = strlen(name);
	int i, shown = 0;

	for (i = 0; i < command_count(); i++) {
		const struct command *c = command_at(i);

		if (strncmp(c->spec.name, name, len) != 0 ||
		    c->spec.name[len] != ' ')
			continue;
		if (!shown++)
			fprintf(out, "\n%s\n", _("Also:"));
		fprintf(out, "  %s - %s\n", c->spec.name,
			c->spec.summary ? help_text(c->spec.summary) : "");
	}
}

static void help_command(FILE *out, const struct command *c)
{
	fprintf(out, "%s - %s\n", c->spec.name,
		c->spec.summary ? help_text(c->spec.summary) : "");
	if (c->spec.usage) {
		const char *p = help_text(c->spec.usage);

		fputs(_("\nUsage:\n"), out);
		while (*p) {
			size_t n = strcspn(p, "\n");

			fprintf(out, "  %.*s\n", (int)n, p);
			p += n + (p[n] == '\n');
		}
	}
	if (c->spec.help)
		fprintf(out, "\n%s\n", help_text(c->spec.help));
	fprintf(out, _("\nNeeds: %s.\n"), perm_name(c->spec.perm));
	help_longer_names(out, c->spec.name);
}

/* The permission bits of PERM as words ("read", "casework admin"), the
 * names Scheme's define-command takes, into OUT. */
static void perm_words(unsigned perm, char *out, size_t size)
{
	static const char *const words[] = {"read",	"register", "export",
					    "casework", "script",   "admin"};
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (perm & (1u << i))
			len += snprintf(out + len, size - len, "%s%s",
					len ? " " : "", words[i]);
}

/* help in JSON or TSV: every registered command with the permission it
 * declares, so that scripts and tests see each one. */
static int help_list(struct tsu_ctx *ctx)
{
	static const char *const keys[] = {N_("name"), N_("topic"), N_("summary"),
					   N_("needs")};
	struct tsu_table *t = tsu_table_new(4, keys, NULL);
	char needs[64];
	int i, rc;

	if (!t)
		return ctx_error(ctx, _("out of memory"));
	for (i = 0; i < command_count(); i++) {
		const struct command *c = command_at(i);

		perm_words(c->spec.perm, needs, sizeof(needs));
		tsu_table_row(t);
		tsu_table_text(t, c->spec.name);
		tsu_table_text(t, c->spec.topic);
		tsu_table_text(t, c->spec.summary);
		tsu_table_text(t, needs);
	}
	rc = tsu_table_print(t, app.format, ctx->out);
	tsu_table_free(t);
	return rc < 0 ? ctx_error(ctx, _("could not print")) : 0;
}

/* help [COMMAND|TOPIC] */
static int cmd_help(struct tsu_ctx *ctx, int argc, char **argv, void *data)
{
	const struct command *c;
	int i, nwords;

	if (argc < 2 && app.format != TSU_FORMAT_TABLE)
		return help_list(ctx);
	if (argc < 2) {
		help_overview(ctx->out);
		return 0;
	}
	/* A command's name may be several words: help import json. */
	/* Topics of the core, made from the running program. */
	if (argc == 2 && strcmp(argv[1], "scheme") == 0)
		return help_scheme(ctx);
	if (argc == 2 && strcmp(argv[1], "forms") == 0) {
		/* The command first, then the forms it would list. */
		if ((c = command_find("forms")) != NULL) {
			help_command(ctx->out, c);
			fputc('\n', ctx->out);
		}
		return help_forms(ctx);
	}
	c = command_resolve(argc - 1, argv + 1, &nwords);
	if (argc > 2 && (!c || nwords != argc - 1))
		return ctx_error(ctx, _("give one command or topic, e.g. help due"));
	if (c)
		help_command(ctx->out, c);
	/* A plugin's topic may share its name with a command: show both. */
	for (i = 0; i < topic_count(); i++) {
		const char *name, *summary, *text;

		topic_at(i, &name, &summary, &text);
		if (strcmp(name, argv[1]) == 0) {
			fprintf(ctx->out, "%s%s\n", c ? "\n" : "",
				help_text(text));
			return 0;
		}
	}
	if (c)
		return 0;
	{
		const char *near = command_nearest(argv[1]);

		if (near)
			return ctx_error(ctx, _("no command or topic \"%s\" (did "
					      "you mean %s?)"),
					 argv[1], near);
	}
	return ctx_error(ctx, _("no command or topic \"%s\" (try help)"), argv[1]);
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
	static const char *const headings[] = {N_("plugin"), N_("version"),
					       N_("description"), N_("file")};
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
	return rc < 0 ? ctx_error(ctx, _("could not print")) : 0;
}

static const struct tsu_command_spec builtin_specs[] = {
	{
		.name = "help",
		.topic = "administer",
		.summary = N_("the commands, or one command or topic in detail"),
		.usage = N_("help\nhelp COMMAND\nhelp TOPIC"),
		.help = N_("Without a word, the commands grouped by task with "
			   "one example each;\nwith a command, its usage, "
			   "options, an example and related commands;\n"
			   "help scheme: the Scheme API; help forms: the forms "
			   "and their fields.\n\n"
			   "Examples:\n  help due\n  help forms\n\n"
			   "See also: plugins, forms"),
		.perm = TSU_PERM_READ,
		.flags = TSU_CMD_READONLY,
		.fn = cmd_help,
	},
	{
		.name = "quit",
		.topic = "administer",
		.summary = N_("leave the shell (also Ctrl-D)"),
		.usage = N_("quit"),
		.help = N_("Leaves the shell; everything done was already "
			   "saved, command by command.\n\n"
			   "Example:\n  quit\n\n"
			   "See also: help, backup"),
		.perm = TSU_PERM_READ,
		.flags = TSU_CMD_NO_TRANSACTION,
		.fn = cmd_quit,
	},
	{
		.name = "plugins",
		.topic = "administer",
		.summary = N_("the loaded plugins with their versions"),
		.usage = N_("plugins"),
		.help = N_("Lists the plugins loaded at start (from the "
			   "program's plugin folder,\n--plugin-dir and "
			   "$TSUNAGU_PLUGIN_PATH) with their versions and "
			   "files.\n\n"
			   "Example:\n  plugins\n\n"
			   "See also: help, config"),
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
