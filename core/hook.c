/* hook.c - hooks: C functions from plugins and Scheme procedures added to
 * the hooks of module (tsunagu).  A failing hook fails the command, which
 * rolls back the change it was part of. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "command.h"
#include "hook.h"
#include "i18n.h"
#include "scm.h"

struct hook {
	char *name;
	struct tsu_plugin *owner;
	tsu_hook_fn fn;
	void *data;
	void (*free_data)(void *);
};

static struct hook *hooks;
static int nhooks;

int hook_register(struct tsu_plugin *owner, const char *name, tsu_hook_fn fn,
		  void *data, void (*free_data)(void *), char **errmsg)
{
	if (!name || !fn) {
		*errmsg = tsu_strdup(_("a hook needs a name and a function"));
		return -1;
	}
	hooks = tsu_realloc(hooks, (nhooks + 1) * sizeof(*hooks));
	hooks[nhooks++] =
		(struct hook){tsu_strdup(name), owner, fn, data, free_data};
	return 0;
}

static void release(struct hook *h)
{
	if (h->free_data)
		h->free_data(h->data);
	free(h->name);
}

void hook_unregister_owner(struct tsu_plugin *owner)
{
	int i, j = 0;

	for (i = 0; i < nhooks; i++) {
		if (hooks[i].owner == owner)
			release(&hooks[i]);
		else
			hooks[j++] = hooks[i];
	}
	nhooks = j;
}

void hook_unregister_all(void)
{
	int i;

	for (i = 0; i < nhooks; i++)
		release(&hooks[i]);
	free(hooks);
	hooks = NULL;
	nhooks = 0;
}

int hook_run(struct tsu_ctx *ctx, const char *name, const char *subject,
	     const char *json)
{
	char *scm_name, *msg = NULL;
	int i, rc;

	for (i = 0; i < nhooks; i++)
		if (strcmp(hooks[i].name, name) == 0 &&
		    hooks[i].fn(ctx, name, subject, json, hooks[i].data) < 0) {
			if (!ctx->error)
				ctx_error(ctx, _("%s hook failed"), name);
			return -1;
		}
	scm_name = tsu_strdup_printf("%s-hook", name);
	rc = !tsuscm_hook_active(scm_name)
		 ? 0
		 : tsuscm_run_hook(scm_name,
				   scm_list_3(tsuscm_from_utf8(name),
					      tsuscm_from_utf8(subject),
					      tsuscm_from_utf8(json)),
				   &msg);
	if (rc < 0) {
		ctx_error(ctx, "%s: %s", scm_name, msg);
		free(msg);
	}
	free(scm_name);
	return rc;
}
