/* parted.c - a test plugin with a part: `greet-part [NAME]` loads the
 * part "greet" (greet.c) through host->part_load on first use and lets it
 * print the greeting.  tests/shell/parts.sh lays the two files out as
 * they are installed, DIR/parted.so and DIR/parted/greet.so, or leaves
 * the part out. */
#include <string.h>

#include "parted.h"

static const struct tsu_host *parted_host;

static const struct parted_imports parted_imports = {
    .size = sizeof(struct parted_imports),
    .word = "Hello",
};

/* greet-part [NAME] */
static int parted_greet(struct tsu_ctx *ctx, int argc, char **argv,
			void *data)
{
	const struct greet_part *part;

	part = parted_host->part_load(ctx, "parted", "greet", &parted_imports);
	if (!part)
		return -1;
	return part->greet(ctx, argc > 1 ? argv[1] : "world");
}

static const struct tsu_command_spec parted_spec = {
    .name = "greet-part",
    .summary = "a greeting printed by a part loaded on first use",
    .usage = "greet-part [NAME]",
    .perm = TSU_PERM_READ,
    .fn = parted_greet,
};

static int parted_init(const struct tsu_host *host, struct tsu_plugin *self,
		       char **errmsg)
{
	if (!TSU_HOST_HAS(host, part_load)) {
		*errmsg = strdup("the program cannot load parts");
		return -1;
	}
	parted_host = host;
	return host->register_command(self, &parted_spec, NULL, NULL);
}

static const struct tsu_plugin_info parted_info = {
    .abi_major = TSU_PLUGIN_ABI_MAJOR,
    .abi_minor = TSU_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(struct tsu_plugin_info),
    .name = "parted",
    .version = "1.0",
    .description = "a plugin with a part, for the tests",
    .init = parted_init,
};

TSU_PLUGIN_DEFINE(parted_info)
