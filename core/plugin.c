/* plugin.c - the plugin loader: dlopen() with RTLD_NOW | RTLD_LOCAL, one
 * entry symbol, ABI checks, and the release of everything a plugin
 * registered when it is unloaded or its init fails. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "command.h"
#include "complete.h"
#include "due.h"
#include "hook.h"
#include "part.h"
#include "i18n.h"
#include "plugin.h"
#include "trust.h"

static struct tsu_plugin **plugins;
static int nplugins;

/* Forget everything P registered. */
static void plugin_release(struct tsu_plugin *p)
{
	command_unregister_owner(p);
	topic_unregister_owner(p);
	due_unregister_owner(p);
	hook_unregister_owner(p);
	complete_unregister_owner(p);
}

static void plugin_free(struct tsu_plugin *p)
{
	int close = p->handle && !p->has_scheme && !app.no_dlclose;

	part_release_owner(p, close); /* its parts go first, the same way */
	if (close)
		dlclose(p->handle);
	free(p->path);
	free(p);
}

int plugin_load(const char *path, char **errmsg)
{
	const struct tsu_plugin_info *info;
	tsu_plugin_entry_fn entry;
	struct tsu_plugin *p;
	char *msg = NULL;
	int i;

	if (tsu_trusted_file(path, errmsg) < 0)
		return -1;
	p = tsu_alloc(sizeof(*p));
	p->path = tsu_strdup(path);
	p->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!p->handle) {
		*errmsg = tsu_strdup_printf(_("%s: not a loadable plugin (%s)"),
					    path, dlerror());
		plugin_free(p);
		return -1;
	}
	*(void **)&entry = dlsym(p->handle, TSU_PLUGIN_ENTRY_NAME);
	if (!entry) {
		*errmsg = tsu_strdup_printf(_("%s: no %s symbol; not a tsunagu "
					    "plugin"),
					    path, TSU_PLUGIN_ENTRY_NAME);
		plugin_free(p);
		return -1;
	}
	info = entry();
	if (!info || info->abi_major != TSU_PLUGIN_ABI_MAJOR ||
	    info->abi_minor > TSU_PLUGIN_ABI_MINOR ||
	    info->struct_size < offsetof(struct tsu_plugin_info, shutdown) ||
	    !info->name || !info->init) {
		if (info)
			*errmsg = tsu_strdup_printf(
				_("%s: built for plugin ABI %d.%d, this tsunagu "
				"has %d.%d; rebuild it"),
				path, info->abi_major, info->abi_minor,
				TSU_PLUGIN_ABI_MAJOR, TSU_PLUGIN_ABI_MINOR);
		else
			*errmsg = tsu_strdup_printf(_("%s: gave no plugin "
						    "description"),
						    path);
		plugin_free(p);
		return -1;
	}
	for (i = 0; i < nplugins; i++)
		if (strcmp(plugins[i]->info->name, info->name) == 0) {
			*errmsg = tsu_strdup_printf(
				_("%s: plugin \"%s\" %s is already loaded from %s "
				"(version %s); skipped"),
				path, info->name, info->version ? info->version : "",
				plugins[i]->path,
				plugins[i]->info->version ? plugins[i]->info->version
							  : "");
			plugin_free(p);
			return -1;
		}
	p->info = info;
	if (info->init(&tsu_host_api, p, &msg) < 0) {
		*errmsg = tsu_strdup_printf(_("%s: plugin \"%s\" failed to start: "
					    "%s"),
					    path, info->name,
					    msg ? msg : _("no reason given"));
		free(msg);
		plugin_release(p);
		plugin_free(p);
		return -1;
	}
	plugins = tsu_realloc(plugins, (nplugins + 1) * sizeof(*plugins));
	plugins[nplugins++] = p;
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int plugin_load_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	int n = 0, i, failed = 0;

	if (!d) {
		tsu_warn("plugins", _("%s: cannot be read (%s); its plugins "
				      "are not loaded"),
			 dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);

		if (e->d_name[0] == '.' || len < 4 ||
		    strcmp(e->d_name + len - 3, ".so") != 0)
			continue;
		names = tsu_realloc(names, (n + 1) * sizeof(char *));
		names[n++] = tsu_strdup_printf("%s/%s", dir, e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(char *), name_cmp);
	for (i = 0; i < n; i++) {
		char *msg = NULL;

		if (plugin_load(names[i], &msg) < 0) {
			fprintf(stderr, _("tsunagu: plugins: %s\n"), msg);
			free(msg);
			failed++;
		}
		free(names[i]);
	}
	free(names);
	return failed;
}

void plugin_unload_all(void)
{
	while (nplugins > 0) {
		struct tsu_plugin *p = plugins[--nplugins];

		if (p->info->shutdown)
			p->info->shutdown(p);
		plugin_release(p);
		plugin_free(p);
	}
	free(plugins);
	plugins = NULL;
}

int plugin_count(void)
{
	return nplugins;
}

const struct tsu_plugin *plugin_at(int i)
{
	return i >= 0 && i < nplugins ? plugins[i] : NULL;
}
