/* complete.c - completers registered by plugins for one place of a
 * command's line: the value of an option (`referral list --agency`) or
 * the Nth word after the command name (`refer P1 AGENCY`).  The shell
 * asks them when Tab is pressed there. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "command.h"
#include "complete.h"
#include "i18n.h"
#include "line.h"

struct completer {
	struct tsu_plugin *owner;
	char *command;
	char *option; /* "--agency", or NULL */
	int word;     /* N for the Nth word after the command, or 0 */
	tsu_complete_fn fn;
	void *data;
	void (*free_data)(void *);
};

static struct completer *completers;
static int ncompleters;

/* Where the shell's words go while a completer runs, and their count;
 * the words of the line before the one completed. */
static void (*offer)(const char *word);
static int offered;
static char **line_argv;
static int line_argc;

int complete_register(struct tsu_plugin *owner, const char *command,
		      const char *position, tsu_complete_fn fn, void *data,
		      void (*free_data)(void *), char **errmsg)
{
	struct completer c = {owner, NULL, NULL, 0, fn, data, free_data};
	char *end;
	long n;

	if (!command || !*command || !position || !fn) {
		*errmsg = tsu_strdup(_("a completer needs a command, a position "
				       "and a function"));
		return -1;
	}
	if (strncmp(position, "--", 2) == 0 && position[2]) {
		c.option = tsu_strdup(position);
	} else {
		n = strtol(position, &end, 10);
		if (end == position || *end || n < 1 || n > 64) {
			*errmsg = tsu_strdup_printf(
			    _("completer of %s: position \"%s\" is neither an "
			      "option (--name) nor a word number (1, 2...)"),
			    command, position);
			return -1;
		}
		c.word = (int)n;
	}
	c.command = tsu_strdup(command);
	completers =
	    tsu_realloc(completers, (ncompleters + 1) * sizeof(*completers));
	completers[ncompleters++] = c;
	return 0;
}

void complete_unregister_owner(struct tsu_plugin *owner)
{
	int i, j = 0;

	for (i = 0; i < ncompleters; i++) {
		struct completer *c = &completers[i];

		if (c->owner != owner) {
			completers[j++] = *c;
			continue;
		}
		if (c->free_data)
			c->free_data(c->data);
		free(c->command);
		free(c->option);
	}
	ncompleters = j;
	if (!ncompleters) {
		free(completers);
		completers = NULL;
	}
}

static void complete_add(struct tsu_ctx *ctx, const char *word)
{
	(void)ctx;
	if (word && *word) {
		offer(word);
		offered++;
	}
}

/* Run completer C for PREFIX with a context of its own: what it prints
 * and any error it reports are dropped, the Tab simply offers less. */
static void complete_run(const struct completer *c, const char *prefix)
{
	struct tsu_ctx ctx;
	int i;

	memset(&ctx, 0, sizeof(ctx));
	ctx.command = c->command;
	ctx.out = spool_open(&ctx.spool);
	if (!ctx.out)
		return;
	ctx.outer = command_current();
	c->fn(&ctx, prefix, complete_add, c->data);
	spool_close(&ctx.spool, ctx.out, NULL);
	free(ctx.error);
	for (i = 0; i < ctx.nkeep; i++)
		free(ctx.keep[i]);
	free(ctx.keep);
}

int complete_args(struct tsu_ctx *ctx, const char *const **argv)
{
	(void)ctx;
	*argv = (const char *const *)line_argv;
	return line_argv ? line_argc : 0;
}

int complete_has_option(const char *command, const char *option)
{
	int k;

	for (k = 0; k < ncompleters; k++)
		if (completers[k].option &&
		    strcmp(completers[k].command, command) == 0 &&
		    strcmp(completers[k].option, option) == 0)
			return 1;
	return 0;
}

int complete_words(const char *line, int start, const char *prefix,
		   void (*add)(const char *word))
{
	char **argv, *msg = NULL;
	int argc, i, k, options = 0;

	if (!ncompleters || start < 0)
		return 0;
	argc = line_split(line, (size_t)start, &argv, &msg);
	if (argc < 1) {
		free(msg);
		if (argc == 0)
			line_free(argv);
		return 0;
	}
	for (i = 1; i < argc; i++)
		options |= strncmp(argv[i], "--", 2) == 0;
	offer = add;
	offered = 0;
	line_argv = argv;
	line_argc = argc;
	for (k = 0; k < ncompleters; k++) {
		const struct completer *c = &completers[k];

		if (strcmp(c->command, argv[0]) != 0)
			continue;
		if (c->option ? strcmp(argv[argc - 1], c->option) == 0
			      : !options && c->word == argc)
			complete_run(c, prefix);
	}
	line_free(argv);
	line_argv = NULL;
	offer = NULL;
	return offered;
}
