/* parted.h - what the test plugin "parted" and its part "greet" agree
 * on (see tsunagu-plugin.h, "Parts"). */
#ifndef TSU_TEST_PARTED_H
#define TSU_TEST_PARTED_H

#include <tsunagu-plugin.h>

/* What the plugin lends the part. */
struct parted_imports {
	size_t size;
	const char *word; /* the greeting word, "Hello" */
};

/* What the part gives. */
struct greet_part {
	size_t size;
	/* Print "WORD NAME (call N)" on CTX: N counts the calls, so that a
	 * test sees the part is loaded once. */
	int (*greet)(struct tsu_ctx *ctx, const char *name);
};

#endif
