/* csv.c - fuzz target for the CSV reader (core/csv.c): encoding
 * detection, CP932 conversion, quoting, and its refusals.
 *
 * The first byte picks the encoding asked for (auto, utf-8, cp932); the
 * rest is the file.  Every record read must hold valid UTF-8 fields, no
 * longer than the reader allows; a bad record must come with a message
 * naming the file and a line.  The records read are written again with
 * the UTF-8 writer (and, for a CP932 file, the CP932 writer) and read
 * back: they must come back the same, but for a CR LF inside a field,
 * which reads back as LF (as any line break in a quoted field does). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "csv.h"
#include "fuzz.h"
#include "width.h"

#define MAX_RECORDS 64 /* records kept to compare after the round trip */

/* The records of one read, joined with \x1f; NULL for a record refused
 * by the reader or holding a field too long to be read back in UTF-8. */
struct records {
	char *text[MAX_RECORDS];
	int n;
};

static int in_fd = -1, utf8_fd = -1, cp932_fd = -1;
static char in_path[64], utf8_path[64], cp932_path[64];

/* A file in memory named by a path the reader can open. */
static int memory_file(const char *name, char path[64])
{
	int fd = memfd_create(name, 0);

	if (fd < 0)
		abort();
	snprintf(path, 64, "/proc/self/fd/%d", fd);
	return fd;
}

/* Replace the content of FD with SIZE bytes at DATA. */
static void put_file(int fd, const void *data, size_t size)
{
	if (ftruncate(fd, 0) != 0 ||
	    (size && pwrite(fd, data, size, 0) != (ssize_t)size))
		abort();
}

static void records_add(struct records *rs, char *text)
{
	if (rs->n < MAX_RECORDS)
		rs->text[rs->n++] = text;
	else
		free(text);
}

static void records_free(struct records *rs)
{
	int i;

	for (i = 0; i < rs->n; i++)
		free(rs->text[i]);
	rs->n = 0;
}

/* Join FIELDS (N of them) with \x1f into a malloc'd text, each CR LF
 * made LF when CRLF_TO_LF (as writing and reading a field does: CSV has
 * no way to tell a CR LF in a value from a line break); NULL when a field
 * is longer than the reader takes. */
static char *join(char **fields, int n, int crlf_to_lf)
{
	size_t len = 1, o = 0, start, k;
	char *s, *p;
	int i;

	for (i = 0; i < n; i++)
		len += strlen(fields[i]) + 1;
	s = malloc(len);
	if (!s)
		abort();
	for (i = 0; i < n; i++) {
		if (i)
			s[o++] = '\x1f';
		start = o;
		for (p = fields[i]; *p; p++)
			if (!(crlf_to_lf && p[0] == '\r' && p[1] == '\n'))
				s[o++] = *p;
		k = o - start;
		if (k > TSU_CSV_FIELD_MAX) {
			free(s);
			return NULL;
		}
	}
	s[o] = '\0';
	return s;
}

/* Read PATH in ENC, checking each record, into RS; write the good ones
 * to the writers that are not NULL.  For a COPY made by the writers,
 * refused records go to RS as NULL; for the original, CR LF in fields is
 * made LF, as the copy will have it.  Returns the encoding used ("utf-8" or
 * "cp932"), or NULL when the file was refused at open. */
static const char *read_all(const char *path, enum tsu_csv_encoding enc,
			    struct records *rs, int copy,
			    struct tsu_csv_writer *w1,
			    struct tsu_csv_writer *w2)
{
	struct tsu_csv_reader *r;
	const char *used;
	char **fields, *msg = NULL;
	long line = 0, last = 0;
	int n, rc, i;

	r = tsu_csv_open(path, enc, &msg);
	if (!r) {
		FUZZ_CHECK(msg != NULL && strstr(msg, path) != NULL);
		free(msg);
		return NULL;
	}
	used = tsu_csv_encoding_name(r);
	while ((rc = tsu_csv_read(r, &fields, &n, &line, &msg)) != 0) {
		FUZZ_CHECK(line >= 1 && line >= last);
		last = line;
		if (rc < 0) {
			FUZZ_CHECK(fields == NULL && n == 0);
			FUZZ_CHECK(msg != NULL && strstr(msg, path) != NULL &&
				   strstr(msg, ": line ") != NULL);
			free(msg);
			msg = NULL;
			if (rc == -2)
				break;
			if (copy)
				records_add(rs, NULL);
			continue;
		}
		FUZZ_CHECK(rc == 1 && n >= 1);
		for (i = 0; i < n; i++) {
			size_t len = strlen(fields[i]);

			/* A CP932 character of 2 bytes takes up to 3 in
			 * UTF-8. */
			FUZZ_CHECK(len <=
				   3 * (size_t)TSU_CSV_FIELD_MAX / 2 + 1);
			FUZZ_CHECK(tsu_utf8_valid(fields[i], len));
		}
		records_add(rs, join(fields, n, !copy));
		if (w1)
			FUZZ_CHECK(tsu_csv_write(w1,
						 (const char *const *)fields, n,
						 NULL) == 0);
		if (w2 && strcmp(used, "cp932") == 0) {
			rc = tsu_csv_write(w2, (const char *const *)fields, n,
					   &msg);
			if (rc != 0)
				fprintf(stderr, "%s\n", msg);
			FUZZ_CHECK(rc == 0);
		}
	}
	free(msg);
	tsu_csv_close(r);
	return used;
}

/* Returns 1 when A and B hold the same records.  A record of A that is
 * NULL (too long for UTF-8) must be NULL in B too when STRICT, and may be
 * anything when not. */
static int records_same(const struct records *a, const struct records *b,
			int strict)
{
	int i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++) {
		if (!a->text[i] && !strict)
			continue;
		if (!a->text[i] != !b->text[i])
			return 0;
		if (a->text[i] && strcmp(a->text[i], b->text[i]) != 0)
			return 0;
	}
	return 1;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	in_fd = memory_file("csv-in", in_path);
	utf8_fd = memory_file("csv-utf8", utf8_path);
	cp932_fd = memory_file("csv-cp932", cp932_path);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum tsu_csv_encoding asked[] = {
	    TSU_CSV_AUTO, TSU_CSV_UTF8, TSU_CSV_CP932, TSU_CSV_AUTO};
	struct records first = {0}, again = {0};
	struct tsu_csv_writer *w1, *w2 = NULL;
	const char *used, *copy;

	if (size == 0)
		return 0;
	put_file(in_fd, data + 1, size - 1);
	put_file(utf8_fd, "", 0);
	w1 = tsu_csv_create(utf8_path, TSU_CSV_UTF8, 0, NULL);
	FUZZ_CHECK(w1 != NULL);
	if (data[0] & 4) {
		w2 = tsu_csv_create(cp932_path, TSU_CSV_CP932, 0, NULL);
		FUZZ_CHECK(w2 != NULL);
	}
	used = read_all(in_path, asked[data[0] & 3], &first, 0, w1, w2);
	FUZZ_CHECK(tsu_csv_finish(w1, NULL) == 0);
	if (w2)
		FUZZ_CHECK(tsu_csv_finish(w2, NULL) == 0);
	if (!used) {
		records_free(&first);
		return 0;
	}

	/* What was read comes back the same from the UTF-8 copy, which is
	 * taken for UTF-8... */
	copy = read_all(utf8_path, TSU_CSV_AUTO, &again, 1, NULL, NULL);
	FUZZ_CHECK(copy && strcmp(copy, "utf-8") == 0);
	FUZZ_CHECK(records_same(&first, &again, 1));
	records_free(&again);

	/* ...and from the CP932 copy of a CP932 file. */
	if (w2 && strcmp(used, "cp932") == 0) {
		FUZZ_CHECK(
		    read_all(cp932_path, TSU_CSV_CP932, &again, 1, NULL, NULL));
		FUZZ_CHECK(records_same(&first, &again, 0));
		records_free(&again);
	}
	records_free(&first);
	return 0;
}
