/* fuzz.h - what the fuzz targets in tests/fuzz share.
 *
 * Each target defines LLVMFuzzerTestOneInput(); libFuzzer drives it when
 * built with scripts/fuzz, and tests/fuzz/replay.c runs it over the saved
 * corpus in `make check`.  A target checks properties of the code it
 * calls and stops the process with FUZZ_CHECK when one does not hold. */
#ifndef TSU_FUZZ_H
#define TSU_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Stop with a message naming the property that failed. */
#define FUZZ_CHECK(cond)                                                       \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: property failed: %s\n",        \
				__FILE__, __LINE__, #cond);                    \
			abort();                                               \
		}                                                              \
	} while (0)

/* A malloc'd NUL-terminated copy of DATA (SIZE bytes). */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
