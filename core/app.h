/* app.h - the state of one tsunagu process, shared by the core's areas. */
#ifndef TSU_APP_H
#define TSU_APP_H

#include <signal.h>

#include "date.h"
#include "output.h"

#define TSU_STAFF_LEN 64

struct tsu_app {
	char staff[TSU_STAFF_LEN]; /* acting staff id */
	char role[16];             /* their role */
	unsigned perms;            /* enum tsu_perm granted by the role */
	char today[TSU_DATE_LEN];  /* ISO */
	enum tsu_format format;
	int interactive;   /* the shell talks with a person on a terminal */
	int no_dlclose;    /* keep plugins mapped (valgrind) */
	int script_error;  /* a Scheme script failed to load */
	char *db_path;
	enum tsu_date_style date_style;
	volatile sig_atomic_t interrupted; /* Ctrl-C seen */
};

extern struct tsu_app app;

/* Return a malloc'd string formatted like printf; aborts on no memory. */
char *tsu_strdup_printf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
char *tsu_strdup(const char *s); /* NULL stays NULL */
void *tsu_alloc(size_t size);    /* zeroed; aborts on no memory */
void *tsu_realloc(void *p, size_t size);

/* Print "tsunagu: WHAT: message" on standard error. */
void tsu_warn(const char *what, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Edit distance between two UTF-8 strings, for "did you mean". */
int tsu_edit_distance(const char *a, const char *b);

#endif
