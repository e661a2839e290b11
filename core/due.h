/* due.h - the due-list registry: providers of milestones, plan reviews
 * and unanswered referrals. */
#ifndef TSU_DUE_H
#define TSU_DUE_H

#include "tsunagu-plugin.h"

int due_register(struct tsu_plugin *owner, const char *name, tsu_due_fn fn,
		 void *data, void (*free_data)(void *), char **errmsg);
void due_unregister_owner(struct tsu_plugin *owner);
void due_unregister_all(void);

/* Ask every provider for what is due on or before UNTIL; CB gets each
 * entry.  Returns 0 or -1 (the error is on CTX). */
int due_collect(struct tsu_ctx *ctx, const char *until,
		int (*cb)(struct tsu_ctx *ctx, const struct tsu_due_item *item));

/* Register the `due` command (core/due_cmd.c). */
void due_commands_register(void);

#endif
