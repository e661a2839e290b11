/* replay.c - run a fuzz target over its saved corpus, for `make check`.
 *
 * Built with the normal compiler and the configured sanitizers, linked
 * with one target (FUZZ_TARGET names it).  Every file in the corpus
 * folder tests/fuzz/corpus/FUZZ_TARGET (or the folders and files given
 * as arguments) is fed to LLVMFuzzerTestOneInput() once, in name order;
 * the inputs that once crashed are kept there as regression tests.
 * Prints TAP with the number of inputs run. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* Feed the file PATH to the target.  Returns 0, or -1 when it cannot be
 * read. */
static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? 2 * cap : 4096;
			data = realloc(data, cap);
			if (!data)
				abort();
		}
		n = fread(data + len, 1, cap - len, f);
		if (n == 0)
			break;
		len += n;
	}
	fclose(f);
	/* An exact copy, so that ASan sees any read past its end. */
	{
		unsigned char *copy = malloc(len ? len : 1);

		if (!copy)
			abort();
		memcpy(copy, data, len);
		free(data);
		LLVMFuzzerTestOneInput(copy, len);
		free(copy);
	}
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run every file in folder DIR (or DIR itself when it is a file).
 * Returns the number run, or -1 when DIR cannot be read. */
static long run_path(const char *dir)
{
	struct stat st;
	struct dirent *e;
	char **names = NULL, *path;
	size_t n = 0, i;
	long done = 0;
	DIR *d;

	if (stat(dir, &st) == 0 && S_ISREG(st.st_mode))
		return run_file(dir) == 0 ? 1 : -1;
	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		if (!names || !(names[n++] = strdup(e->d_name)))
			abort();
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		if (asprintf(&path, "%s/%s", dir, names[i]) < 0)
			abort();
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (run_file(path) < 0)
				done = -1;
			else if (done >= 0)
				done++;
		}
		free(path);
		free(names[i]);
	}
	free(names);
	return done;
}

int main(int argc, char **argv)
{
	const char *dflt = TSU_SRCDIR "/tests/fuzz/corpus/" FUZZ_TARGET;
	long total = 0, n;
	int i, failed = 0;

	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	puts("1..1");
	if (argc < 2) {
		total = run_path(dflt);
		failed = total <= 0;
	}
	for (i = 1; i < argc; i++) {
		n = run_path(argv[i]);
		if (n < 0)
			failed = 1;
		else
			total += n;
	}
	printf("%s 1 - %s: %ld corpus inputs run\n", failed ? "not ok" : "ok",
	       FUZZ_TARGET, total);
	return failed;
}
