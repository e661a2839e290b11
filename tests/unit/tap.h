/* tap.h - a minimal TAP producer for the C unit tests.
 *
 * Each test program calls ok()/is_str()/is_int() as it goes and ends with
 * `return tap_done();`, which prints the plan and returns the exit status
 * the automake TAP driver expects. */
#ifndef TSU_TAP_H
#define TSU_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_count;
static int tap_failed;

/* Record one check; NAME says what was checked. Returns COND. */
static inline int tap_ok(int cond, const char *name, const char *file, int line)
{
	tap_count++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_count, name);
	if (!cond) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	return cond;
}

#define ok(cond, name) tap_ok(!!(cond), (name), __FILE__, __LINE__)

/* Compare two strings (either may be NULL). */
#define is_str(got, want, name)                                                \
	do {                                                                   \
		const char *g_ = (got), *w_ = (want);                          \
		int same_ = (g_ && w_) ? strcmp(g_, w_) == 0 : g_ == w_;       \
		if (!ok(same_, name))                                          \
			printf("#   got: \"%s\"\n#   expected: \"%s\"\n",      \
			       g_ ? g_ : "(null)", w_ ? w_ : "(null)");        \
	} while (0)

#define is_int(got, want, name)                                                \
	do {                                                                   \
		long long g_ = (got), w_ = (want);                             \
		if (!ok(g_ == w_, name))                                       \
			printf("#   got: %lld\n#   expected: %lld\n", g_, w_); \
	} while (0)

/* Print the plan; the exit status is 0 when every check passed. */
static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
