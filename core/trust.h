/* trust.h - whether a file of code (plugin, site or user script) may be
 * loaded: only files that no one but their owner (the user or root) can
 * change. */
#ifndef TSU_TRUST_H
#define TSU_TRUST_H

/* Check that PATH is a regular file owned by root or by this user, not
 * writable by group or others, in a folder that others cannot change
 * (not group/world-writable, unless sticky).  Returns 0, or -1 with
 * *errmsg saying what is wrong (the caller frees it). */
int tsu_trusted_file(const char *path, char **errmsg);

#endif
