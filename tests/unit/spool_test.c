/* spool_test.c - a command's output held in blocks: kept whole, in order,
 * whatever its size; dropped when asked. */
#include <stdlib.h>
#include <string.h>

#include "spool.h"
#include "tap.h"

/* What DEST (a temporary file) holds, read back. */
static char *contents(FILE *dest, long *len)
{
	char *buf;

	fflush(dest);
	*len = ftell(dest);
	buf = malloc((size_t)*len + 1);
	rewind(dest);
	if (fread(buf, 1, (size_t)*len, dest) != (size_t)*len)
		*len = -1;
	buf[*len > 0 ? *len : 0] = '\0';
	return buf;
}

int main(void)
{
	struct spool s;
	FILE *out, *dest;
	char *got, *want;
	long len, i, n = 3 * 1024 * 1024 + 17; /* several blocks, one partial */

	/* A few bytes. */
	dest = tmpfile();
	out = spool_open(&s);
	ok(out != NULL, "a spool opens");
	fputs("山田 花子\n", out);
	is_int(spool_close(&s, out, dest), 0, "and closes into its destination");
	got = contents(dest, &len);
	is_str(got, "山田 花子\n", "what was printed arrives as it was");
	free(got);
	fclose(dest);

	/* Megabytes, written in odd pieces: every byte, in order. */
	want = malloc((size_t)n);
	for (i = 0; i < n; i++)
		want[i] = (char)('a' + (i * 7 + i / 4099) % 26);
	dest = tmpfile();
	out = spool_open(&s);
	for (i = 0; i < n;) {
		long k = (i % 5 == 0) ? 1 : 4093;

		if (k > n - i)
			k = n - i;
		fwrite(want + i, 1, (size_t)k, out);
		i += k;
	}
	is_int(spool_close(&s, out, dest), 0, "a long listing closes");
	got = contents(dest, &len);
	ok(len == n && memcmp(got, want, (size_t)n) == 0,
	   "every byte of a 3 MiB listing arrives, in order");
	ok(s.head == NULL && s.tail == NULL, "the spool is empty after");
	free(got);
	fclose(dest);

	/* A failed command: nothing is shown. */
	dest = tmpfile();
	out = spool_open(&s);
	fwrite(want, 1, 100000, out);
	is_int(spool_close(&s, out, NULL), 0, "a spool can be dropped");
	got = contents(dest, &len);
	is_int(len, 0, "and then nothing is written");
	free(got);
	fclose(dest);

	/* Nothing printed. */
	dest = tmpfile();
	out = spool_open(&s);
	is_int(spool_close(&s, out, dest), 0, "an empty spool closes");
	got = contents(dest, &len);
	is_int(len, 0, "and writes nothing");
	free(got);
	fclose(dest);
	free(want);
	return tap_done();
}
