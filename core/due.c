/* due.c - the due-list registry.  Providers come from plugins, from the
 * core and from Scheme; each is asked in turn. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "command.h"
#include "due.h"
#include "i18n.h"

struct provider {
	char *name;
	struct tsu_plugin *owner;
	tsu_due_fn fn;
	void *data;
	void (*free_data)(void *);
};

static struct provider *providers;
static int nproviders;

int due_register(struct tsu_plugin *owner, const char *name, tsu_due_fn fn,
		 void *data, void (*free_data)(void *), char **errmsg)
{
	int i;

	if (!name || !fn) {
		*errmsg = tsu_strdup(_("a due provider needs a name and a function"));
		return -1;
	}
	for (i = 0; i < nproviders; i++)
		if (strcmp(providers[i].name, name) == 0) {
			*errmsg = tsu_strdup_printf(_("due provider \"%s\" is "
						    "already defined"),
						    name);
			return -1;
		}
	providers = tsu_realloc(providers, (nproviders + 1) * sizeof(*providers));
	providers[nproviders++] = (struct provider){
		tsu_strdup(name), owner, fn, data, free_data};
	return 0;
}

static void release(struct provider *p)
{
	if (p->free_data)
		p->free_data(p->data);
	free(p->name);
}

void due_unregister_owner(struct tsu_plugin *owner)
{
	int i, j = 0;

	for (i = 0; i < nproviders; i++) {
		if (providers[i].owner == owner)
			release(&providers[i]);
		else
			providers[j++] = providers[i];
	}
	nproviders = j;
}

void due_unregister_all(void)
{
	int i;

	for (i = 0; i < nproviders; i++)
		release(&providers[i]);
	free(providers);
	providers = NULL;
	nproviders = 0;
}

int due_collect(struct tsu_ctx *ctx, const char *until,
		int (*cb)(struct tsu_ctx *ctx, const struct tsu_due_item *item))
{
	int i;

	for (i = 0; i < nproviders; i++)
		if (providers[i].fn(ctx, until, cb, providers[i].data) < 0) {
			if (!ctx->error)
				ctx_error(ctx, _("due list \"%s\" failed"),
					  providers[i].name);
			return -1;
		}
	return 0;
}
