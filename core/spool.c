/* spool.c - a command's output held in a chain of blocks (fopencookie). */
#include <config.h> /* _GNU_SOURCE, for fopencookie */

#include <stdlib.h>
#include <string.h>

#include "spool.h"

/* The first block is small (most commands print a line or two); each
 * next one twice the last, up to SPOOL_BLOCK_MAX. */
#define SPOOL_BLOCK_MIN 4096
#define SPOOL_BLOCK_MAX (1 << 20)

struct spool_block {
	struct spool_block *next;
	size_t used, size;
	char data[];
};

/* The stream's write function: append N bytes at BUF to the spool.
 * Returns N, or 0 when memory runs out (what glibc takes as an error;
 * the bytes already copied stay, the spool is marked lost). */
static ssize_t spool_write(void *cookie, const char *buf, size_t n)
{
	struct spool *s = cookie;
	struct spool_block *b = s->tail;
	size_t left = n;

	while (left) {
		size_t room, k;

		if (!b || b->used == b->size) {
			size_t size = b ? b->size * 2 : SPOOL_BLOCK_MIN;
			struct spool_block *nb;

			if (size > SPOOL_BLOCK_MAX)
				size = SPOOL_BLOCK_MAX;
			nb = malloc(sizeof(*nb) + size);
			if (!nb) {
				s->lost = 1;
				return 0;
			}
			nb->next = NULL;
			nb->used = 0;
			nb->size = size;
			if (b)
				b->next = nb;
			else
				s->head = nb;
			s->tail = b = nb;
		}
		room = b->size - b->used;
		k = left < room ? left : room;
		memcpy(b->data + b->used, buf, k);
		b->used += k;
		buf += k;
		left -= k;
	}
	return (ssize_t)n;
}

/* Open a stream into S; see spool.h. */
FILE *spool_open(struct spool *s)
{
	static const cookie_io_functions_t io = {.write = spool_write};
	FILE *f;

	s->head = s->tail = NULL;
	s->lost = 0;
	f = fopencookie(s, "w", io);
	if (f)
		setvbuf(f, NULL, _IOFBF, 65536);
	return f;
}

/* Close OUT and pass on what S holds; see spool.h. */
int spool_close(struct spool *s, FILE *out, FILE *dest)
{
	struct spool_block *b, *next;
	/* fclose() of a cookie stream does not tell an earlier failed
	 * write: the stream's error flag and the spool's own do.  What
	 * was held is shown all the same. */
	int failed = ferror(out) || s->lost;

	if (fclose(out) != 0)
		failed = 1;
	for (b = s->head; b; b = next) {
		next = b->next;
		if (dest && b->used &&
		    fwrite(b->data, 1, b->used, dest) != b->used)
			failed = 1;
		free(b);
	}
	s->head = s->tail = NULL;
	if (dest && fflush(dest) != 0)
		failed = 1;
	return failed ? -1 : 0;
}
