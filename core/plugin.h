/* plugin.h - loading plugins: checks, registrations, unloading. */
#ifndef TSU_PLUGIN_LOADER_H
#define TSU_PLUGIN_LOADER_H

#include "tsunagu-plugin.h"

struct tsu_plugin {
	char *path;
	void *handle; /* from dlopen */
	const struct tsu_plugin_info *info;
	int has_scheme; /* registered Scheme procedures: never dlclose()d */
};

/* Load the plugin at PATH.  Refused (with one line naming the file in
 * *errmsg): a file that is not regular or is group/world-writable, no
 * entry symbol, another major ABI or a newer minor one, a name already
 * loaded, a failing init.  Returns 0 or -1. */
int plugin_load(const char *path, char **errmsg);

/* Load every *.so in DIR, reporting each failure on standard error and
 * going on.  Returns the number that failed (-1 if DIR cannot be read). */
int plugin_load_dir(const char *dir);

void plugin_unload_all(void);
int plugin_count(void);
const struct tsu_plugin *plugin_at(int i);

/* The host API table given to every plugin. */
extern const struct tsu_host tsu_host_api;

#endif
