/* progress.c - the progress line of long operations (see progress.h). */
#include <config.h>

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "progress.h"

#define PROGRESS_INTERVAL_MS 100

static int shown;             /* a line is on the terminal */
static long long last_ms = -1; /* when it was last drawn */
static int tty = -1;          /* standard error is a terminal: 1, 0 */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void progress_end(void)
{
	if (!shown)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
	shown = 0;
	last_ms = -1;
}

void progress_show(const char *what, long done, long total)
{
	long long now;

	if (tty < 0)
		tty = isatty(STDERR_FILENO);
	if (!tty)
		return;
	if (done < 0) {
		progress_end();
		return;
	}
	now = now_ms();
	/* The first state and the last are always drawn; between them, a
	 * few times a second is enough for a person. */
	if (last_ms >= 0 && now - last_ms < PROGRESS_INTERVAL_MS &&
	    !(total > 0 && done >= total))
		return;
	last_ms = now;
	fputs("\r\033[K", stderr);
	if (total > 0)
		fprintf(stderr, _("%s: %ld of %ld (%d%%)"), what ? what : "",
			done, total,
			(int)(done >= total ? 100 : done * 100 / total));
	else
		fprintf(stderr, _("%s: %ld so far"), what ? what : "", done);
	fflush(stderr);
	shown = 1;
}
