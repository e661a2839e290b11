/* command.h - the command registry and the running of one shell line. */
#ifndef TSU_COMMAND_H
#define TSU_COMMAND_H

#include <stdio.h>

#include "spool.h"
#include "tsunagu-plugin.h"

struct tsu_ctx {
	const char *command; /* name, for messages */
	FILE *out;           /* what the command prints, into spool */
	struct spool spool;
	char *error; /* the first error reported */
	void **keep; /* strings freed when the command ends */
	int nkeep, capkeep;
	struct tsu_ctx *outer; /* the command that ran this one */
	unsigned flags;        /* the command's enum tsu_command_flags */
};

struct command {
	struct tsu_command_spec spec; /* strings owned */
	struct tsu_plugin *owner;     /* NULL for the core and Scheme */
	void *data;
	void (*free_data)(void *);
};

/* Add a command; a name already taken is refused. Returns 0 or -1. */
int command_register(struct tsu_plugin *owner,
		     const struct tsu_command_spec *spec, void *data,
		     void (*free_data)(void *), char **errmsg);
/* Remove every command OWNER registered, freeing their data. */
void command_unregister_owner(struct tsu_plugin *owner);
void command_unregister_all(void);
/* Remove the command whose data is DATA (a Scheme command redefined). */
void command_unregister_data(void *data);
const struct command *command_find(const char *name);
/* Words a command's name may have: "import json" is a command of its own,
 * found before "import" (whose first argument would be "json"). */
#define COMMAND_MAX_WORDS 3
/* The command that the first words of ARGV name, the longest name first
 * ("import json FILE" is `import json`, "import pregnancy FILE" is
 * `import`); *NWORDS (may be NULL) gets how many words the name took.
 * NULL when none. */
const struct command *command_resolve(int argc, char *const *argv,
				      int *nwords);
/* Call ADD with each word that follows WORDS[0..NWORDS-1] in a longer
 * command name ("json" after "import"), for Tab completion. */
void command_next_words(char *const *words, int nwords,
			void (*add)(const char *word, void *data), void *data);
/* The registered command nearest to NAME, or NULL. */
const char *command_nearest(const char *name);
int command_count(void);
const struct command *command_at(int i); /* sorted by name */

/* Help topics that are not commands. */
int topic_register(struct tsu_plugin *owner, const char *name,
		   const char *summary, const char *text);
void topic_unregister_owner(struct tsu_plugin *owner);
int topic_count(void);
void topic_at(int i, const char **name, const char **summary,
	      const char **text);

/* Run one shell line (a command, or Scheme when it starts with '(').
 * Prints its output and errors.  Returns 0, or -1 when the line failed. */
int command_run_line(const char *line);

/* Run FN(CTX, DATA) as a command that nobody sees (the prompt's figures):
 * in a read transaction of its own, rolled back; what it prints and any
 * error are dropped.  Returns what FN returns, or -1. */
int command_run_silent(const char *name,
		       int (*fn)(struct tsu_ctx *ctx, void *data), void *data);

/* Run LINE as a command inside the running command or transaction
 * (e.g. to fill the --demo database through the commands that record
 * real data): what it prints is dropped, its error reported as
 * command_run_line does.  Returns 0, or -1 when the line failed. */
int command_run_quiet(const char *line);

/* The command running now (innermost), or NULL. */
struct tsu_ctx *command_current(void);
/* 1 when the running command, or one that ran it, records its act in
 * one audit row of its own (TSU_CMD_AUDITS_ACT). */
int command_audits_act(void);

/* Keep P until the command ends; returns P. */
void *ctx_keep(struct tsu_ctx *ctx, void *p);
int ctx_error(struct tsu_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int ctx_verror(struct tsu_ctx *ctx, const char *fmt, va_list ap);
/* Refuse unless the acting staff holds PERM; returns 0 or -1. */
int ctx_require(struct tsu_ctx *ctx, unsigned perm);

int ctx_parse_options(struct tsu_ctx *ctx, int argc, char **argv,
		      const struct tsu_opt *opts, int nopts,
		      struct tsu_args *out);

/* Permissions of ROLE ("admin", "nurse", "clerk", "viewer"); 0 if unknown. */
unsigned role_perms(const char *role);
const char *perm_name(unsigned perm);

#endif
