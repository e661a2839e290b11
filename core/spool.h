/* spool.h - what a command prints, held in memory until the command ends:
 * shown when it succeeds, dropped when it fails.  The text is kept in a
 * chain of blocks, so a long listing is never copied to grow a buffer. */
#ifndef TSU_SPOOL_H
#define TSU_SPOOL_H

#include <stdio.h>

struct spool_block;

struct spool {
	struct spool_block *head, *tail;
	int lost; /* memory ran out: part of the text is missing */
};

/* A stream writing into S (zeroed by the call).  NULL if memory runs
 * out. */
FILE *spool_open(struct spool *s);

/* Close OUT, the stream of S, then write what it holds to DEST (NULL:
 * drop it) and flush DEST; S is empty after.  Returns 0, or -1 if the
 * text could not all be held or written. */
int spool_close(struct spool *s, FILE *out, FILE *dest);

#endif
