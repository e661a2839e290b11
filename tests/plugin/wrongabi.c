/* wrongabi.c - a plugin built for a future major plugin ABI.  The loader
 * must refuse it, naming the file and both versions, without calling
 * init(). */
#include <stdlib.h>

#include <tsunagu-plugin.h>

/* Never called: a host of another major ABI must not start this plugin. */
static int wrongabi_init(const struct tsu_host *host, struct tsu_plugin *self,
			 char **errmsg)
{
	abort();
}

static const struct tsu_plugin_info wrongabi_info = {
    .abi_major = TSU_PLUGIN_ABI_MAJOR + 1,
    .abi_minor = 0,
    .struct_size = sizeof(struct tsu_plugin_info),
    .name = "wrongabi",
    .version = "9.9.9",
    .description = "built for the next major plugin ABI (a test)",
    .init = wrongabi_init,
    .shutdown = NULL,
};

TSU_PLUGIN_DEFINE(wrongabi_info)
