/* scm.h - the embedded Guile: boot, scripts, safe calls, Scheme lines. */
#ifndef TSU_SCM_H
#define TSU_SCM_H

#include <libguile.h>

/* Define module (tsunagu) and load its Scheme part from SCHEME_DIR (the
 * compiled files in GO_DIR when present).  Returns 0 or -1 with *errmsg. */
int scm_boot(const char *scheme_dir, const char *go_dir, char **errmsg);

/* Finalizers run on this thread between commands (scm_run_pending), never
 * on a Guile thread of their own: such a thread still starting up while
 * the process exits makes Guile abort in its exit handler. */
void scm_finalize_on_main_thread(void);
void scm_run_pending(void);

/* Load the shipped defaults, the site's local.d, the user's init.scm
 * (unless NO_INIT) and then each of EXTRA.  Errors are reported with file
 * and line; returns the number of files that failed. */
int scm_load_scripts(const char *scheme_dir, const char *go_dir, int no_init,
		     char **extra, int nextra);

/* Evaluate TEXT (one or more expressions) in (tsunagu user), printing
 * each value as `write` would to the command's output.  Returns 0 or -1
 * with the error on CTX. */
struct tsu_ctx;
int scm_eval_line(struct tsu_ctx *ctx, const char *text);

/* Call PROC with ARGS through the one safe path: a Scheme error becomes
 * a message with file:line and a short backtrace in *errmsg, and -1.
 * On success *RESULT (may be NULL) receives the value. */
int tsuscm_safe_apply(SCM proc, SCM args, SCM *result, char **errmsg);

/* Run FN(DATA) so that a Scheme error thrown from C code on the way (a
 * wrong type given to Guile's API: a bug) ends there as -1 with the
 * message in *errmsg, instead of unwinding through its callers.
 * Returns FN's value otherwise. */
int tsuscm_safe_c(int (*fn)(void *data), void *data, char **errmsg);

/* The public variable NAME of module (tsunagu). */
SCM tsuscm_ref(const char *name);

/* Install procedures from a table into module (tsunagu) and export them. */
struct tsu_scheme_proc;
void tsuscm_install(const struct tsu_scheme_proc *procs, int n);

/* Scheme string from UTF-8 C text (NULL gives #f), and back (malloc'd). */
SCM tsuscm_from_utf8(const char *s);
char *tsuscm_to_utf8(SCM s);

/* Whether the Scheme hook named NAME ("intake-hook"...) has procedures
 * to run: its arguments need not be made when it has none. */
int tsuscm_hook_active(const char *name);

/* Run the Scheme hook named NAME with ARGS. */
int tsuscm_run_hook(const char *name, SCM args, char **errmsg);

#endif
