/* hook.h - hooks run on changes (intake, contact, plan, referral). */
#ifndef TSU_HOOK_H
#define TSU_HOOK_H

#include "tsunagu-plugin.h"

int hook_register(struct tsu_plugin *owner, const char *hook, tsu_hook_fn fn,
		  void *data, void (*free_data)(void *), char **errmsg);
void hook_unregister_owner(struct tsu_plugin *owner);
void hook_unregister_all(void);

/* Run the C hooks named HOOK in the order they were added, then the
 * Scheme hook HOOK-hook.  JSON is a flat object describing the change,
 * with "form" (intake), "kind" (contact) or "event" (plan, referral) and
 * for intake an "answers" object; Scheme hooks receive
 * (FORM-OR-EVENT SUBJECT ALIST), the alist made from the object.
 * Returns 0, or -1 with the error on CTX as soon as one fails. */
int hook_run(struct tsu_ctx *ctx, const char *hook, const char *subject,
	     const char *json);

#endif
