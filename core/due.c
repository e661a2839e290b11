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
	tsu_due_fn fn;	/* or: */
	due_core_fn core_fn;
	void *data;
	void (*free_data)(void *);
};

static struct provider *providers;
static int nproviders;

/* The sink of the collection under way, for the emit() of providers
 * that give no names. */
static due_sink sinking;

/* The emit() given to plugin providers: their entries, without names. */
static int emit_unnamed(struct tsu_ctx *ctx, const struct tsu_due_item *item)
{
	return sinking(ctx, item, NULL);
}

/* Register provider NAME: a plugin's FN or the core's CORE_FN. */
static int due_add(struct tsu_plugin *owner, const char *name, tsu_due_fn fn,
		   due_core_fn core_fn, void *data,
		   void (*free_data)(void *), char **errmsg)
{
	int i;

	if (!name || (!fn && !core_fn)) {
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
		tsu_strdup(name), owner, fn, core_fn, data, free_data};
	return 0;
}

int due_register(struct tsu_plugin *owner, const char *name, tsu_due_fn fn,
		 void *data, void (*free_data)(void *), char **errmsg)
{
	return due_add(owner, name, fn, NULL, data, free_data, errmsg);
}

int due_register_core(const char *name, due_core_fn fn, char **errmsg)
{
	return due_add(NULL, name, NULL, fn, NULL, NULL, errmsg);
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

int due_kind_known(const char *kind)
{
	int i;

	for (i = 0; i < nproviders; i++)
		if (strcmp(providers[i].name, kind) == 0)
			return 1;
	return 0;
}

char *due_kinds(const char *near)
{
	const char *best = NULL;
	char *list = tsu_strdup(""), *s;
	int i, bestd = 3;

	for (i = 0; i < nproviders; i++) {
		int d = tsu_edit_distance(near, providers[i].name);

		if (d < bestd) {
			bestd = d;
			best = providers[i].name;
		}
		s = tsu_strdup_printf("%s%s%s", list, i ? ", " : "",
				      providers[i].name);
		free(list);
		list = s;
	}
	if (best) {
		s = tsu_strdup_printf(_("%s; did you mean %s?"), list, best);
		free(list);
		list = s;
	}
	return list;
}

int due_collect(struct tsu_ctx *ctx, const char *until, due_sink sink)
{
	due_sink outer = sinking; /* a provider may run `due` itself */
	int i, rc = 0;

	for (i = 0; i < nproviders && rc >= 0; i++) {
		const struct provider *p = &providers[i];

		sinking = sink;
		rc = p->core_fn ? p->core_fn(ctx, until, sink)
				: p->fn(ctx, until, emit_unnamed, p->data);
		if (rc < 0 && !ctx->error)
			ctx_error(ctx, _("due list \"%s\" failed"), p->name);
	}
	sinking = outer;
	return rc < 0 ? -1 : 0;
}
