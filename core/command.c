/* command.c - the command registry, options, permissions, and running a
 * line: one command is one transaction, committed only when it succeeds,
 * and its output is shown only once it is committed. */
#include <config.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "audit.h"
#include "command.h"
#include "i18n.h"
#include "line.h"
#include "progress.h"
#include "scm.h"
#include "store.h"

static struct command *commands;
static int ncommands, capcommands;

struct topic {
	char *name, *summary, *text;
	struct tsu_plugin *owner;
};
static struct topic *topics;
static int ntopics;

static struct tsu_ctx *current;

static char *dup_or_null(const char *s)
{
	return s ? tsu_strdup(s) : NULL;
}

/* 1 when NAME is one to COMMAND_MAX_WORDS words separated by single
 * blanks ("import", "import json"). */
static int command_name_valid(const char *name)
{
	const char *p;
	int words = 1;

	if (name[0] == ' ' || name[strlen(name) - 1] == ' ' ||
	    strpbrk(name, "\t\n") || strstr(name, "  "))
		return 0;
	for (p = name; *p; p++)
		if (*p == ' ')
			words++;
	return words <= COMMAND_MAX_WORDS;
}

int command_register(struct tsu_plugin *owner,
		     const struct tsu_command_spec *spec, void *data,
		     void (*free_data)(void *), char **errmsg)
{
	struct command *c;
	int i;

	if (!spec->name || !*spec->name || !spec->fn) {
		*errmsg = tsu_strdup(_("a command needs a name and a function"));
		return -1;
	}
	if (!command_name_valid(spec->name)) {
		*errmsg = tsu_strdup_printf(
			_("command \"%s\": a name is one word, or up to %d "
			  "words separated by single blanks"),
			spec->name, COMMAND_MAX_WORDS);
		return -1;
	}
	if (command_find(spec->name)) {
		*errmsg = tsu_strdup_printf(_("command \"%s\" is already defined"),
					    spec->name);
		return -1;
	}
	if (ncommands == capcommands) {
		capcommands = capcommands ? capcommands * 2 : 32;
		commands = tsu_realloc(commands, capcommands * sizeof(*c));
	}
	for (i = ncommands; i > 0; i--) {
		if (strcmp(commands[i - 1].spec.name, spec->name) < 0)
			break;
		commands[i] = commands[i - 1];
	}
	c = &commands[i];
	c->spec = *spec;
	c->spec.name = tsu_strdup(spec->name);
	c->spec.topic = dup_or_null(spec->topic);
	c->spec.summary = dup_or_null(spec->summary);
	c->spec.usage = dup_or_null(spec->usage);
	c->spec.help = dup_or_null(spec->help);
	c->spec.words = dup_or_null(spec->words);
	c->owner = owner;
	c->data = data;
	c->free_data = free_data;
	ncommands++;
	return 0;
}

static void command_release(struct command *c)
{
	if (c->free_data)
		c->free_data(c->data);
	free((char *)c->spec.name);
	free((char *)c->spec.topic);
	free((char *)c->spec.summary);
	free((char *)c->spec.usage);
	free((char *)c->spec.help);
	free((char *)c->spec.words);
}

void command_unregister_owner(struct tsu_plugin *owner)
{
	int i, j = 0;

	for (i = 0; i < ncommands; i++) {
		if (commands[i].owner == owner)
			command_release(&commands[i]);
		else
			commands[j++] = commands[i];
	}
	ncommands = j;
}

void command_unregister_data(void *data)
{
	int i, j = 0;

	for (i = 0; i < ncommands; i++) {
		if (commands[i].data == data && data)
			command_release(&commands[i]);
		else
			commands[j++] = commands[i];
	}
	ncommands = j;
}

void command_unregister_all(void)
{
	int i;

	for (i = 0; i < ncommands; i++)
		command_release(&commands[i]);
	free(commands);
	commands = NULL;
	ncommands = capcommands = 0;
	for (i = 0; i < ntopics; i++) {
		free(topics[i].name);
		free(topics[i].summary);
		free(topics[i].text);
	}
	free(topics);
	topics = NULL;
	ntopics = 0;
}

const struct command *command_find(const char *name)
{
	int lo = 0, hi = ncommands - 1;

	while (lo <= hi) {
		int mid = (lo + hi) / 2, cmp = strcmp(name, commands[mid].spec.name);

		if (cmp == 0)
			return &commands[mid];
		if (cmp < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return NULL;
}

const struct command *command_resolve(int argc, char *const *argv,
				      int *nwords)
{
	int n = argc < COMMAND_MAX_WORDS ? argc : COMMAND_MAX_WORDS;

	for (; n > 0; n--) {
		const struct command *c;
		size_t len = 0;
		char *name;
		int i;

		for (i = 0; i < n; i++)
			len += strlen(argv[i]) + 1;
		name = tsu_alloc(len);
		for (i = 0; i < n; i++) {
			if (i)
				strcat(name, " ");
			strcat(name, argv[i]);
		}
		c = command_find(name);
		free(name);
		if (c) {
			if (nwords)
				*nwords = n;
			return c;
		}
	}
	return NULL;
}

void command_next_words(char *const *words, int nwords,
			void (*add)(const char *word, void *data), void *data)
{
	size_t len = 0;
	char *lead;
	int i;

	for (i = 0; i < nwords; i++)
		len += strlen(words[i]) + 1;
	lead = tsu_alloc(len + 1);
	for (i = 0; i < nwords; i++) {
		strcat(lead, words[i]);
		strcat(lead, " ");
	}
	len = strlen(lead);
	for (i = 0; i < ncommands; i++) {
		const char *name = commands[i].spec.name, *next;
		char *word;

		if (strncmp(name, lead, len) != 0 || !name[len])
			continue;
		next = name + len;
		word = tsu_strdup_printf("%.*s", (int)strcspn(next, " "), next);
		add(word, data);
		free(word);
	}
	free(lead);
}

const char *command_nearest(const char *name)
{
	const char *best = NULL;
	int i, bestd = 3;

	for (i = 0; i < ncommands; i++) {
		int d = tsu_edit_distance(name, commands[i].spec.name);

		if (strncmp(name, commands[i].spec.name, strlen(name)) == 0)
			d = 1;
		if (d < bestd) {
			bestd = d;
			best = commands[i].spec.name;
		}
	}
	return best;
}

int command_count(void)
{
	return ncommands;
}

const struct command *command_at(int i)
{
	return i >= 0 && i < ncommands ? &commands[i] : NULL;
}

int topic_register(struct tsu_plugin *owner, const char *name,
		   const char *summary, const char *text)
{
	int i;

	if (!name || !*name || !text)
		return -1;
	for (i = 0; i < ntopics; i++)
		if (strcmp(topics[i].name, name) == 0)
			return -1;
	topics = tsu_realloc(topics, (ntopics + 1) * sizeof(*topics));
	topics[ntopics].name = tsu_strdup(name);
	topics[ntopics].summary = dup_or_null(summary);
	topics[ntopics].text = tsu_strdup(text);
	topics[ntopics].owner = owner;
	ntopics++;
	return 0;
}

void topic_unregister_owner(struct tsu_plugin *owner)
{
	int i, j = 0;

	for (i = 0; i < ntopics; i++) {
		if (topics[i].owner == owner) {
			free(topics[i].name);
			free(topics[i].summary);
			free(topics[i].text);
		} else {
			topics[j++] = topics[i];
		}
	}
	ntopics = j;
}

int topic_count(void)
{
	return ntopics;
}

void topic_at(int i, const char **name, const char **summary,
	      const char **text)
{
	*name = topics[i].name;
	*summary = topics[i].summary;
	*text = topics[i].text;
}

/* ---- permissions ---- */

unsigned role_perms(const char *role)
{
	const unsigned read = TSU_PERM_READ;
	const unsigned clerk = read | TSU_PERM_REGISTER | TSU_PERM_EXPORT;
	const unsigned nurse = clerk | TSU_PERM_CASEWORK | TSU_PERM_SCRIPT;

	if (!role)
		return 0;
	if (strcmp(role, "admin") == 0)
		return nurse | TSU_PERM_ADMIN;
	if (strcmp(role, "nurse") == 0)
		return nurse;
	if (strcmp(role, "clerk") == 0)
		return clerk;
	if (strcmp(role, "viewer") == 0)
		return read;
	return 0;
}

const char *perm_name(unsigned perm)
{
	switch (perm) {
	case TSU_PERM_READ:
		return _("reading records");
	case TSU_PERM_REGISTER:
		return _("registering (intake, contacts, import)");
	case TSU_PERM_EXPORT:
		return _("exporting");
	case TSU_PERM_CASEWORK:
		return _("casework (plans, referrals, flags)");
	case TSU_PERM_SCRIPT:
		return _("Scheme");
	case TSU_PERM_ADMIN:
		return _("administration (staff, settings)");
	}
	return _("this");
}

int ctx_require(struct tsu_ctx *ctx, unsigned perm)
{
	unsigned bit;

	for (bit = 1; bit <= TSU_PERM_ADMIN; bit <<= 1)
		if ((perm & bit) && !(app.perms & bit))
			return ctx_error(ctx,
					 _("%s (role %s) may not do %s"),
					 app.staff, app.role, perm_name(bit));
	return 0;
}

/* ---- the running command ---- */

struct tsu_ctx *command_current(void)
{
	return current;
}

int command_audits_act(void)
{
	const struct tsu_ctx *c;

	for (c = current; c; c = c->outer)
		if (c->flags & TSU_CMD_AUDITS_ACT)
			return 1;
	return 0;
}

void *ctx_keep(struct tsu_ctx *ctx, void *p)
{
	if (ctx->nkeep == ctx->capkeep) {
		ctx->capkeep = ctx->capkeep ? ctx->capkeep * 2 : 16;
		ctx->keep = tsu_realloc(ctx->keep, ctx->capkeep * sizeof(void *));
	}
	ctx->keep[ctx->nkeep++] = p;
	return p;
}

int ctx_verror(struct tsu_ctx *ctx, const char *fmt, va_list ap)
{
	char *msg;

	if (vasprintf(&msg, fmt, ap) < 0)
		return -1;
	if (ctx->error)
		free(msg); /* the first error is the one that counts */
	else
		ctx->error = msg;
	return -1;
}

int ctx_error(struct tsu_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ctx_verror(ctx, fmt, ap);
	va_end(ap);
	return -1;
}

static const struct tsu_opt *opt_find(const struct tsu_opt *opts, int nopts,
				      const char *name, size_t len)
{
	int i;

	for (i = 0; i < nopts; i++)
		if (strlen(opts[i].name) == len &&
		    strncmp(opts[i].name, name, len) == 0)
			return &opts[i];
	return NULL;
}

int ctx_parse_options(struct tsu_ctx *ctx, int argc, char **argv,
		      const struct tsu_opt *opts, int nopts,
		      struct tsu_args *out)
{
	int i, nrep;

	memset(out, 0, sizeof(*out));
	out->pos = ctx_keep(ctx, tsu_alloc((argc + 1) * sizeof(char *)));
	out->value = ctx_keep(ctx, tsu_alloc((nopts + 1) * sizeof(char *)));
	out->repeat = ctx_keep(ctx, tsu_alloc((nopts + 1) * sizeof(char **)));
	out->nrepeat = ctx_keep(ctx, tsu_alloc((nopts + 1) * sizeof(int)));
	for (i = 1; i < argc; i++) {
		const char *w = argv[i], *eq, *val;
		const struct tsu_opt *o;
		int k;

		if (strcmp(w, "--") == 0) {
			while (++i < argc)
				out->pos[out->npos++] = argv[i];
			break;
		}
		if (strncmp(w, "--", 2) != 0 || w[2] == '\0') {
			out->pos[out->npos++] = argv[i];
			continue;
		}
		eq = strchr(w, '=');
		o = opt_find(opts, nopts, w, eq ? (size_t)(eq - w) : strlen(w));
		if (!o) {
			const char *best = NULL;
			int d, bestd = 4;

			for (k = 0; k < nopts; k++) {
				d = tsu_edit_distance(w, opts[k].name);
				if (d < bestd) {
					bestd = d;
					best = opts[k].name;
				}
			}
			if (best)
				return ctx_error(ctx,
						 _("unknown option %.*s (did you "
						 "mean %s?)"),
						 (int)(eq ? eq - w : (long)strlen(w)),
						 w, best);
			return ctx_error(ctx, _("unknown option %.*s"),
					 (int)(eq ? eq - w : (long)strlen(w)), w);
		}
		k = (int)(o - opts);
		if (o->kind == TSU_OPT_FLAG) {
			if (eq)
				return ctx_error(ctx, _("option %s takes no value"),
						 o->name);
			out->value[k] = "1";
			continue;
		}
		if (eq) {
			val = eq + 1;
		} else {
			if (i + 1 >= argc)
				return ctx_error(ctx, _("option %s needs a value"),
						 o->name);
			val = argv[++i];
		}
		if (o->kind == TSU_OPT_VALUE) {
			out->value[k] = val;
			continue;
		}
		nrep = out->nrepeat[k]++;
		if (!out->repeat[k])
			out->repeat[k] = ctx_keep(
				ctx, tsu_alloc((argc + 1) * sizeof(char *)));
		out->repeat[k][nrep] = (char *)val;
		out->value[k] = val;
	}
	return 0;
}

static void ctx_begin(struct tsu_ctx *ctx, const char *name)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->command = name;
	ctx->out = spool_open(&ctx->spool);
	if (!ctx->out)
		abort();
	ctx->outer = current;
	current = ctx;
}

/* Show what the command printed, then release it. */
static void ctx_end(struct tsu_ctx *ctx, int ok)
{
	int i;

	FILE *dest = ctx->outer ? ctx->outer->out : stdout;

	if (spool_close(&ctx->spool, ctx->out, ok ? dest : NULL) < 0 && ok)
		tsu_warn(ctx->command, "%s",
			 _("part of the output was lost (out of memory or "
			   "a write error)"));
	free(ctx->error);
	for (i = 0; i < ctx->nkeep; i++)
		free(ctx->keep[i]);
	free(ctx->keep);
	current = ctx->outer;
}

/* Report a failure as "tsunagu: COMMAND: message". */
static void report(const struct tsu_ctx *ctx, const char *fallback)
{
	tsu_warn(ctx->command, "%s", ctx->error ? ctx->error : fallback);
}

/* Scheme at the prompt runs like a command of its own. */
static int scheme_line(struct tsu_ctx *ctx, int argc, char **argv, void *data)
{
	return scm_eval_line(ctx, data);
}

static const struct command scheme_command = {
	.spec = {.name = "scheme", .perm = TSU_PERM_SCRIPT, .fn = scheme_line},
};

/* Run command C with its words in a transaction of its own (or in the
 * one of the command that called it). */
/* A command's function and its arguments, for tsuscm_safe_c(). */
struct command_call {
	const struct command *c;
	struct tsu_ctx *ctx;
	int argc;
	char **argv;
	void *data;
};

static int command_call(void *data)
{
	struct command_call *cc = data;

	return cc->c->spec.fn(cc->ctx, cc->argc, cc->argv, cc->data);
}

static int run_command(const struct command *c, int argc, char **argv,
		       void *data)
{
	struct command_call cc = {c, NULL, argc, argv, data};
	struct tsu_ctx ctx;
	int nested = store_in_transaction(), rc, txn;
	char *msg = NULL;

	ctx_begin(&ctx, c->spec.name);
	ctx.flags = c->spec.flags;
	if (ctx_require(&ctx, c->spec.perm) < 0) {
		report(&ctx, "not allowed");
		ctx_end(&ctx, 0);
		return -1;
	}
	txn = !nested && !(c->spec.flags & TSU_CMD_NO_TRANSACTION);
	if (txn && store_begin(!(c->spec.flags & TSU_CMD_READONLY), &msg) < 0) {
		tsu_warn(c->spec.name, _("cannot start: %s"), msg);
		free(msg);
		ctx_end(&ctx, 0);
		return -1;
	}
	app.interrupted = 0;
	cc.ctx = &ctx;
	rc = tsuscm_safe_c(command_call, &cc, &msg);
	if (rc < 0 && msg) {
		/* An error thrown past the command's own code: a bug, but
		 * the shell goes on and the transaction is undone. */
		ctx_error(&ctx, _("internal error: %s"), msg);
		free(msg);
		msg = NULL;
	}
	progress_end();
	if (rc >= 0 && app.interrupted)
		rc = ctx_error(&ctx, _("interrupted; nothing was changed"));
	if (rc >= 0 && ctx.error)
		rc = -1;
	if (!nested && audit_gathering()) {
		/* A bulk command's last batch goes in with its commit; a
		 * failed one's with nothing. */
		if (rc >= 0 && audit_gather_flush("import", c->spec.name, 0,
						  &msg) < 0) {
			rc = ctx_error(&ctx, "%s", msg);
			free(msg);
		}
		audit_gather_stop();
	}
	if (txn) {
		if (rc >= 0 && store_commit(&msg) < 0) {
			rc = ctx_error(&ctx, _("could not save: %s"), msg);
			free(msg);
		} else if (rc < 0) {
			store_rollback();
		}
	}
	if (rc < 0)
		report(&ctx, "failed");
	ctx_end(&ctx, rc >= 0);
	if (!nested)
		scm_run_pending();
	return rc < 0 ? -1 : 0;
}

int command_run_silent(const char *name,
		       int (*fn)(struct tsu_ctx *ctx, void *data), void *data)
{
	struct tsu_ctx ctx;
	char *msg = NULL;
	int rc, txn = !store_in_transaction();

	ctx_begin(&ctx, name);
	if (txn && store_begin(0, &msg) < 0) {
		free(msg);
		ctx_end(&ctx, 0);
		return -1;
	}
	rc = fn(&ctx, data);
	if (txn)
		store_rollback();
	ctx_end(&ctx, 0);
	return rc < 0 ? -1 : rc;
}

int command_run_quiet(const char *line)
{
	struct tsu_ctx sink;
	int rc;

	/* The line's command prints into SINK's spool, dropped at its end. */
	ctx_begin(&sink, "quiet");
	rc = command_run_line(line);
	ctx_end(&sink, 0);
	return rc;
}

int command_run_line(const char *line)
{
	const struct command *c;
	char **argv, *msg = NULL;
	int argc, rc, nwords;

	if (line_is_scheme(line)) {
		/* Guile would throw on bytes that are not UTF-8. */
		if (line_check(line, strlen(line), &msg) < 0) {
			tsu_warn("scheme", "%s", msg);
			free(msg);
			return -1;
		}
		return run_command(&scheme_command, 0, NULL, (void *)line);
	}
	argc = line_split(line, strlen(line), &argv, &msg);
	if (argc < 0) {
		tsu_warn("line", "%s", msg);
		free(msg);
		return -1;
	}
	if (argc == 0 || argv[0][0] == '#') {
		line_free(argv);
		return 0;
	}
	c = command_resolve(argc, argv, &nwords);
	if (c) {
		/* The function sees the command's whole name as ARGV[0]. */
		char **args = argv + nwords - 1, *first = args[0];

		args[0] = (char *)c->spec.name;
		rc = run_command(c, argc - nwords + 1, args, c->data);
		args[0] = first;
	} else {
		const char *near = command_nearest(argv[0]);

		if (near)
			tsu_warn(argv[0], _("unknown command (did you mean %s?)"),
				 near);
		else
			tsu_warn(argv[0], _("unknown command (try help)"));
		rc = -1;
	}
	line_free(argv);
	return rc;
}
