/* part.c - loading the parts of plugins on first use.  A part is found
 * beside its plugin, in the folder named after it (DIR/plan.so,
 * DIR/plan/pdf.so; the build tree links the same layout), checked like a
 * plugin file, dlopen()ed with RTLD_NOW | RTLD_LOCAL, and its entry is
 * called once; the table it gives is kept until the plugin goes. */
#include <config.h>

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "command.h"
#include "i18n.h"
#include "part.h"
#include "plugin.h"
#include "trust.h"

struct part {
	const struct tsu_plugin *owner;
	char *name;
	void *handle;
	const void *table; /* what its entry returned */
};

static struct part *parts;
static int nparts;

/* 1 when NAME is a part name: lower-case letters, digits, - and _. */
static int part_name_valid(const char *name)
{
	if (!*name)
		return 0;
	for (; *name; name++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789-_", *name))
			return 0;
	return 1;
}

/* The loaded plugin named NAME, or NULL. */
static const struct tsu_plugin *part_plugin(const char *name)
{
	int i;

	for (i = 0; i < plugin_count(); i++)
		if (strcmp(plugin_at(i)->info->name, name) == 0)
			return plugin_at(i);
	return NULL;
}

/* DIR/PLUGIN/PART.so for plugin P loaded from DIR.  Malloc'd. */
static char *part_path(const struct tsu_plugin *p, const char *part)
{
	const char *slash = strrchr(p->path, '/');
	int dirlen = slash ? (int)(slash - p->path) : 1;

	return tsu_strdup_printf("%.*s/%s/%s.so", dirlen,
				 slash ? p->path : ".", p->info->name, part);
}

const void *part_load(struct tsu_ctx *ctx, const char *plugin,
		      const char *part, const void *imports)
{
	const struct tsu_plugin *p = part_plugin(plugin ? plugin : "");
	tsu_part_entry_fn entry;
	struct part *k;
	char *path, *msg = NULL;
	const void *table;
	void *handle;
	int i;

	if (!p || !part || !part_name_valid(part)) {
		ctx_error(ctx, _("no part \"%s\" of a plugin \"%s\""),
			  part ? part : "", plugin ? plugin : "");
		return NULL;
	}
	for (i = 0; i < nparts; i++)
		if (parts[i].owner == p && strcmp(parts[i].name, part) == 0)
			return parts[i].table;
	path = part_path(p, part);
	if (tsu_trusted_file(path, &msg) < 0) {
		ctx_error(ctx,
			  _("%s (the %s part of the %s plugin; install it "
			    "with the plugin)"),
			  msg, part, plugin);
		free(msg);
		free(path);
		return NULL;
	}
	handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!handle) {
		ctx_error(ctx, _("%s: cannot be loaded (%s)"), path, dlerror());
		free(path);
		return NULL;
	}
	*(void **)&entry = dlsym(handle, TSU_PART_ENTRY_NAME);
	if (!entry) {
		ctx_error(ctx, _("%s: no %s symbol; not a part of a tsunagu "
				 "plugin"),
			  path, TSU_PART_ENTRY_NAME);
		dlclose(handle);
		free(path);
		return NULL;
	}
	table = entry(&tsu_host_api, imports);
	if (!table) {
		ctx_error(ctx, _("%s: the part did not start (built for "
				 "another version of its plugin?)"),
			  path);
		dlclose(handle);
		free(path);
		return NULL;
	}
	parts = tsu_realloc(parts, (nparts + 1) * sizeof(*parts));
	k = &parts[nparts++];
	k->owner = p;
	k->name = tsu_strdup(part);
	k->handle = handle;
	k->table = table;
	free(path);
	return table;
}

void part_release_owner(const struct tsu_plugin *p, int close)
{
	int i, j = 0;

	for (i = 0; i < nparts; i++) {
		if (parts[i].owner != p) {
			parts[j++] = parts[i];
			continue;
		}
		if (close)
			dlclose(parts[i].handle);
		free(parts[i].name);
	}
	nparts = j;
	if (!nparts) {
		free(parts);
		parts = NULL;
	}
}
