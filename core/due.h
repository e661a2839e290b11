/* due.h - the due-list registry: providers of milestones, plan reviews
 * and unanswered referrals. */
#ifndef TSU_DUE_H
#define TSU_DUE_H

#include "tsunagu-plugin.h"

/* Where the entries go: ITEM, and NAME the subject's display name when
 * its provider knows it (the core's milestones do), else NULL. */
typedef int (*due_sink)(struct tsu_ctx *ctx, const struct tsu_due_item *item,
			const char *name);

/* A provider of the core itself, giving names with its entries.  A
 * provider's name is the kind of its entries (due --kind NAME). */
typedef int (*due_core_fn)(struct tsu_ctx *ctx, const char *until,
			   due_sink sink);

int due_register(struct tsu_plugin *owner, const char *name, tsu_due_fn fn,
		 void *data, void (*free_data)(void *), char **errmsg);
int due_register_core(const char *name, due_core_fn fn, char **errmsg);
void due_unregister_owner(struct tsu_plugin *owner);
void due_unregister_all(void);

/* Whether KIND is the kind of a provider's entries (its name). */
int due_kind_known(const char *kind);

/* The kinds, "milestone, plan-review, referral", with the one nearest to
 * NEAR suggested when there is one; malloc'd. */
char *due_kinds(const char *near);

/* Ask every provider for what is due on or before UNTIL; SINK gets each
 * entry.  Returns 0 or -1 (the error is on CTX). */
int due_collect(struct tsu_ctx *ctx, const char *until, due_sink sink);

/* Register the `due` command (core/due_cmd.c). */
void due_commands_register(void);

#endif
