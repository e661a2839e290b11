/* greet.c - the part "greet" of the test plugin "parted": its entry
 * keeps the host and what the plugin lent, and gives the greeter. */
#include <stddef.h>

#include "parted.h"

static const struct tsu_host *greet_host;
static const struct parted_imports *greet_imports;
static int greet_calls;

static int greet(struct tsu_ctx *ctx, const char *name)
{
	greet_host->info(ctx, "%s %s (call %d)", greet_imports->word, name,
			 ++greet_calls);
	return 0;
}

static const struct greet_part greet_part = {
    .size = sizeof(struct greet_part),
    .greet = greet,
};

const void *TSU_PART_ENTRY(const struct tsu_host *host, const void *lent);

const void *TSU_PART_ENTRY(const struct tsu_host *host, const void *lent)
{
	const struct parted_imports *imp = lent;

	if (!imp || imp->size < sizeof(*imp))
		return NULL;
	greet_host = host;
	greet_imports = imp;
	return &greet_part;
}
