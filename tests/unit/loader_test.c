/* loader_test.c - the plugin loader with the real core: a good plugin
 * loads and its commands appear; a duplicate, a plugin for another ABI, a
 * shared object without the entry symbol, a junk file, a group/world-
 * writable file and a directory are each refused with one message naming
 * the file; unloading removes what the plugin registered.
 *
 * The test plugins are found under $top_builddir/tests/plugin/.libs. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <libguile.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "command.h"
#include "plugin.h"
#include "store.h"
#include "tap.h"

static char tmpdir[] = "/tmp/tsu-loader-XXXXXX";

/* PATH of test plugin NAME ("example") in the build tree (malloc'd). */
static char *test_plugin(const char *name)
{
	const char *top = getenv("top_builddir");

	return tsu_strdup_printf("%s/tests/plugin/.libs/%s.so",
				 top && *top ? top : ".", name);
}

static char *tmp_path(const char *name)
{
	return tsu_strdup_printf("%s/%s", tmpdir, name);
}

/* Copy FROM to TO with MODE; 0 or -1. */
static int copy_file(const char *from, const char *to, mode_t mode)
{
	char buf[65536];
	ssize_t n;
	int in = open(from, O_RDONLY), out, rc = 0;

	if (in < 0)
		return -1;
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (out < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n)
			rc = -1;
	if (n < 0)
		rc = -1;
	close(in);
	close(out);
	return rc == 0 ? chmod(to, mode) : -1;
}

/* A file of NBYTES pseudo-random bytes (the same each run), mode 0644. */
static int write_junk(const char *path, size_t nbytes)
{
	FILE *f = fopen(path, "wb");
	unsigned long x = 2463534242UL;
	size_t i;

	if (!f)
		return -1;
	for (i = 0; i < nbytes; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		fputc((int)(x & 0xff), f);
	}
	fclose(f);
	return chmod(path, 0644);
}

/* Load PATH, which must be refused with a message containing PATH and
 * each of the NULL-terminated WORDS.  Returns the message (malloc'd). */
static char *refused(const char *path, const char *what, ...)
{
	char *msg = NULL, name[256];
	const char *word;
	va_list ap;
	int n = plugin_count();

	snprintf(name, sizeof(name), "%s is refused", what);
	ok(plugin_load(path, &msg) == -1, name);
	snprintf(name, sizeof(name), "%s: the message names the file", what);
	ok(msg && strstr(msg, path), name);
	va_start(ap, what);
	while ((word = va_arg(ap, const char *)) != NULL) {
		snprintf(name, sizeof(name), "%s: the message says: %s", what,
			 word);
		ok(msg && strstr(msg, word), name);
	}
	va_end(ap);
	snprintf(name, sizeof(name), "%s: nothing more is loaded", what);
	is_int(plugin_count(), n, name);
	if (msg)
		printf("# %s\n", msg);
	return msg;
}

static void test_good(const char *example)
{
	char *msg = NULL;
	const struct tsu_plugin *p;

	ok(plugin_load(example, &msg) == 0, "example.so loads");
	if (msg)
		printf("# %s\n", msg);
	free(msg);
	is_int(plugin_count(), 1, "one plugin loaded");
	p = plugin_at(0);
	ok(p && p->info, "plugin_at(0) gives it");
	if (p && p->info) {
		is_str(p->info->name, "example", "its name");
		is_str(p->info->version, "0.1.0", "its version");
		is_str(p->path, example, "its path");
	}
	ok(plugin_at(1) == NULL, "plugin_at past the end is NULL");
	ok(command_find("hello") != NULL, "command hello is registered");
	ok(command_find("note") != NULL, "command note is registered");
	is_int(store_schema_version("example"), 1,
	       "its schema was applied to the store");
}

static void test_refusals(const char *example)
{
	char abi_new[32], abi_host[32];
	char *wrongabi = test_plugin("wrongabi");
	char *noentry = test_plugin("noentry");
	char *missing = tmp_path("missing.so");
	char *junk = tmp_path("junk.so");
	char *writable = tmp_path("example-writable.so");
	char *dir = tmp_path("x.so");

	free(refused(example, "the same plugin again", "\"example\"",
		     "already loaded", (char *)NULL));

	snprintf(abi_new, sizeof(abi_new), "ABI %d.0",
		 TSU_PLUGIN_ABI_MAJOR + 1);
	snprintf(abi_host, sizeof(abi_host), "%d.%d", TSU_PLUGIN_ABI_MAJOR,
		 TSU_PLUGIN_ABI_MINOR);
	free(refused(wrongabi, "a plugin for another ABI", abi_new, abi_host,
		     (char *)NULL));
	ok(command_find("wrongabi") == NULL, "... and it was not started");

	free(refused(noentry, "a library without the entry symbol",
		     TSU_PLUGIN_ENTRY_NAME, (char *)NULL));

	free(refused(missing, "a file that does not exist", "cannot be read",
		     (char *)NULL));

	ok(write_junk(junk, 4096) == 0, "junk.so written");
	free(refused(junk, "a junk file", "not a loadable plugin",
		     (char *)NULL));

	ok(copy_file(example, writable, 0666) == 0,
	   "a copy of example.so, mode 0666");
	free(refused(writable, "a group/world-writable plugin",
		     "writable by group or others", "666", (char *)NULL));
	ok(chmod(writable, 0664) == 0, "made group-writable only");
	free(refused(writable, "a group-writable plugin",
		     "writable by group or others", (char *)NULL));

	ok(mkdir(dir, 0755) == 0, "a directory named x.so");
	free(refused(dir, "a directory", "not a regular file", (char *)NULL));

	/* A folder of bad plugins: each is reported, none stops the rest. */
	is_int(plugin_load_dir(tmpdir), 3,
	       "plugin_load_dir reports the three bad *.so in the folder");
	is_int(plugin_count(), 1, "... and loads none of them");
	is_int(plugin_load_dir(missing), -1,
	       "plugin_load_dir of a missing folder gives -1");

	ok(command_find("hello") != NULL, "the good plugin is still there");

	unlink(junk);
	unlink(writable);
	rmdir(dir);
	free(wrongabi);
	free(noentry);
	free(missing);
	free(junk);
	free(writable);
	free(dir);
}

static void test_unload(const char *example)
{
	char *msg = NULL;

	plugin_unload_all();
	is_int(plugin_count(), 0, "unload_all leaves no plugin");
	ok(command_find("hello") == NULL, "hello is gone");
	ok(command_find("note") == NULL, "note is gone");

	ok(plugin_load(example, &msg) == 0, "example.so loads again");
	free(msg);
	ok(command_find("hello") != NULL, "hello is back");
	is_int(store_schema_version("example"), 1,
	       "the schema is not applied twice");
	plugin_unload_all();
	ok(command_find("hello") == NULL, "and gone again");
}

int main(void)
{
	char *example = test_plugin("example");
	char *db, *msg = NULL;
	struct stat st;

	scm_init_guile();
	if (!mkdtemp(tmpdir)) {
		printf("Bail out! cannot make a temporary folder: %s\n",
		       strerror(errno));
		return 1;
	}
	if (stat(example, &st) < 0) {
		printf("Bail out! %s: %s (run from the build tree, or set "
		       "top_builddir)\n",
		       example, strerror(errno));
		return 1;
	}
	db = tmp_path("t.db");
	if (!ok(store_open(db, &msg) == 0, "a store on a temporary database")) {
		printf("# %s\n", msg ? msg : "");
		return tap_done();
	}

	test_good(example);
	test_refusals(example);
	test_unload(example);

	store_close();
	unlink(db);
	{
		char *wal = tsu_strdup_printf("%s-wal", db);
		char *shm = tsu_strdup_printf("%s-shm", db);

		unlink(wal);
		unlink(shm);
		free(wal);
		free(shm);
	}
	rmdir(tmpdir);
	free(db);
	free(example);
	return tap_done();
}
