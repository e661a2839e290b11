/* backup.c - the backup and restore commands, on the host's
 * whole-database copies (the store keeps SQLite's backup API behind it):
 *
 *   backup FILE [--replace]  one verified copy (an existing FILE is
 *                            replaced only when asked)
 *   backup --keep N DIR      a dated copy in DIR, keeping the newest N
 *   backup --check FILE      is FILE a sound tsunagu database?
 *   restore FILE             replace the database with a checked copy */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "export.h"
#include "i18n.h"

/* "tsunagu-YYYYMMDD-HHMMSS.db" */
#define GEN_PREFIX "tsunagu-"
#define GEN_LEN 26

/* 1 when NAME is a dated generation made by backup --keep. */
static int backup_is_generation(const char *name)
{
	int i;

	if (strlen(name) != GEN_LEN || strncmp(name, GEN_PREFIX, 8) != 0 ||
	    strcmp(name + GEN_LEN - 3, ".db") != 0 || name[16] != '-')
		return 0;
	for (i = 8; i < GEN_LEN - 3; i++)
		if (i != 16 && (name[i] < '0' || name[i] > '9'))
			return 0;
	return 1;
}

static int backup_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)b, *(char *const *)a); /* newest first */
}

/* Remove the generations in DIR beyond the newest KEEP.  Returns the
 * number removed, or -1 (reported). */
static int backup_prune(struct tsu_ctx *ctx, const char *dir, long keep)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int removed = 0;

	if (!d)
		return export_host->error(ctx, "%s: %s", dir, strerror(errno));
	while ((e = readdir(d))) {
		if (!backup_is_generation(e->d_name))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			names = realloc(names, cap * sizeof(*names));
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), backup_name_cmp);
	for (i = 0; i < n; i++) {
		if ((long)i >= keep) {
			size_t len = strlen(dir) + strlen(names[i]) + 2;
			char *path = malloc(len);

			snprintf(path, len, "%s/%s", dir, names[i]);
			if (unlink(path) == 0) {
				removed++;
				export_host->info(ctx, _("removed %s (older "
						       "than the newest %ld)"),
						  path, keep);
			}
			free(path);
		}
		free(names[i]);
	}
	free(names);
	return removed;
}

/* Print what was written as one record. */
static int backup_emit(struct tsu_ctx *ctx, const char *file, long pages,
		       int removed)
{
	static const char *const keys[] = {"file", "pages", "verified",
					   "removed"};
	static const char *const headings[] = {N_("File"), N_("Pages"), N_("Verified"),
					       N_("Old copies removed")};
	struct tsu_table *t = export_host->table_new(4, keys, headings);

	if (!t)
		return export_host->error(ctx, _("out of memory"));
	export_host->table_row(t);
	export_host->table_text(t, file);
	export_host->table_int(t, pages);
	export_host->table_bool(t, 1);
	export_host->table_int(t, removed);
	return export_host->table_emit_record(ctx, t);
}

int export_backup_cmd(struct tsu_ctx *ctx, int argc, char **argv, void *data)
{
	static const struct tsu_opt opts[] = {{"--keep", TSU_OPT_VALUE},
					      {"--check", TSU_OPT_FLAG},
					      {"--replace", TSU_OPT_FLAG}};
	const struct tsu_host *h = export_host;
	struct tsu_args a;
	const char *target;
	char path[4096], stamp[32], *end;
	long keep = 0, pages;
	int removed = 0;

	if (h->parse_options(ctx, argc, argv, opts, 3, &a) < 0)
		return -1;
	if (a.npos != 1)
		return h->error(ctx, _("usage: backup FILE [--replace] | backup "
				       "--keep N DIR | backup --check FILE"));
	target = a.pos[0];
	if (a.value[1]) {
		if (a.value[0])
			return h->error(ctx, _("--check and --keep do not go "
					     "together"));
		if (h->backup_check(ctx, target) < 0)
			return -1;
		h->info(ctx, _("%s: a sound tsunagu database"), target);
		return 0;
	}
	if (a.value[0]) {
		struct stat sb;
		struct tm tm;
		time_t now = time(NULL);

		errno = 0;
		keep = strtol(a.value[0], &end, 10);
		if (errno || *end || keep < 1 || keep > 10000)
			return h->error(ctx, _("--keep \"%s\": give the number "
					     "of copies to keep, 1 or more"),
					a.value[0]);
		if (stat(target, &sb) < 0) {
			if (mkdir(target, 0700) < 0)
				return h->error(ctx, _("%s: cannot create the "
						     "folder: %s"),
						target, strerror(errno));
		} else if (!S_ISDIR(sb.st_mode)) {
			return h->error(ctx, _("--keep: %s is not a folder"),
					target);
		}
		localtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
		snprintf(path, sizeof(path), "%s/" GEN_PREFIX "%s.db", target,
			 stamp);
		target = path;
	} else {
		struct stat sb;

		if (stat(target, &sb) == 0 && !a.value[2])
			return h->error(ctx,
					_("%s exists: give another name, or "
					  "--replace to replace it"),
					target);
	}
	pages = h->backup_to(ctx, target);
	if (pages < 0)
		return -1;
	if (keep) {
		removed = backup_prune(ctx, a.pos[0], keep);
		if (removed < 0)
			return -1;
	}
	return backup_emit(ctx, target, pages, removed);
}

int export_restore_cmd(struct tsu_ctx *ctx, int argc, char **argv,
		       void *data)
{
	const struct tsu_host *h = export_host;
	struct tsu_args a;

	if (h->parse_options(ctx, argc, argv, NULL, 0, &a) < 0)
		return -1;
	if (a.npos != 1)
		return h->error(ctx, _("usage: restore FILE"));
	if (h->backup_restore(ctx, a.pos[0]) < 0)
		return -1;
	h->info(ctx, _("restored the database from %s"), a.pos[0]);
	return 0;
}
