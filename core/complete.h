/* complete.h - completers that plugins register for a place of a command
 * line (an option's value, the Nth word), used by the shell's Tab. */
#ifndef TSU_COMPLETE_H
#define TSU_COMPLETE_H

#include "tsunagu-plugin.h"

/* Let FN complete the word at POSITION ("--agency", or "2" for the second
 * word after the command name) of COMMAND.  Returns 0, or -1 with
 * *ERRMSG (malloc'd) for a bad position. */
int complete_register(struct tsu_plugin *owner, const char *command,
		      const char *position, tsu_complete_fn fn, void *data,
		      void (*free_data)(void *), char **errmsg);
void complete_unregister_owner(struct tsu_plugin *owner);

/* Offer through ADD the words the completers give for the word that
 * starts at START of LINE and begins with PREFIX.  Returns how many. */
int complete_words(const char *line, int start, const char *prefix,
		   void (*add)(const char *word));

/* While a completer runs: the words of the line before the one being
 * completed in *ARGV, the command's first word first.  Returns their
 * count, or 0 (and NULL) outside a completer. */
int complete_args(struct tsu_ctx *ctx, const char *const **argv);

/* 1 when a completer offers the values of OPTION ("--agency") of
 * COMMAND (its first word). */
int complete_has_option(const char *command, const char *option);

#endif
