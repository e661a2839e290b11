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
	int lost; /* memory ran out after this block */
	char data[];
};

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
				if (b)
					b->lost = 1;
				return -1;
			}
			nb->next = NULL;
			nb->used = 0;
			nb->size = size;
			nb->lost = 0;
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

FILE *spool_open(struct spool *s)
{
	static const cookie_io_functions_t io = {.write = spool_write};
	FILE *f;

	s->head = s->tail = NULL;
	f = fopencookie(s, "w", io);
	if (f)
		setvbuf(f, NULL, _IOFBF, 65536);
	return f;
}

int spool_close(struct spool *s, FILE *out, FILE *dest)
{
	struct spool_block *b, *next;
	int rc = fclose(out) == 0 ? 0 : -1;

	for (b = s->head; b; b = next) {
		next = b->next;
		if (b->lost)
			rc = -1;
		if (dest && rc == 0 && b->used &&
		    fwrite(b->data, 1, b->used, dest) != b->used)
			rc = -1;
		free(b);
	}
	s->head = s->tail = NULL;
	if (dest && fflush(dest) != 0)
		rc = -1;
	return rc;
}
