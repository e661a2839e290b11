/* trust.c - refusing code files that someone other than their owner could
 * have changed: a group- or world-writable plugin or script would let any
 * other account run its code with the records of this one. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "i18n.h"
#include "trust.h"

/* True when UID may own code this process runs. */
static int trusted_owner(uid_t uid)
{
	return uid == 0 || uid == geteuid();
}

int tsu_trusted_file(const char *path, char **errmsg)
{
	struct stat st;
	char *dir, *slash;

	if (stat(path, &st) < 0) {
		*errmsg = tsu_strdup_printf(_("%s: cannot be read: %s"), path,
					    strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		*errmsg = tsu_strdup_printf(_("%s: not a regular file; "
					      "skipped"),
					    path);
		return -1;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		*errmsg = tsu_strdup_printf(
			_("%s: writable by group or others (mode %03o); "
			  "skipped for safety"),
			path, (unsigned)(st.st_mode & 0777));
		return -1;
	}
	if (!trusted_owner(st.st_uid)) {
		*errmsg = tsu_strdup_printf(
			_("%s: owned by another user (uid %u); skipped for "
			  "safety"),
			path, (unsigned)st.st_uid);
		return -1;
	}
	dir = tsu_strdup(path);
	slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	if (stat(slash ? dir : ".", &st) == 0 &&
	    (st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX)) {
		*errmsg = tsu_strdup_printf(
			_("%s: its folder %s is writable by group or others "
			  "(mode %03o); skipped for safety"),
			path, slash ? dir : ".", (unsigned)(st.st_mode & 0777));
		free(dir);
		return -1;
	}
	free(dir);
	return 0;
}
