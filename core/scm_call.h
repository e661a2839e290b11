/* scm_call.h - calling a procedure of the scripts from a plugin. */
#ifndef TSU_SCM_CALL_H
#define TSU_SCM_CALL_H

struct tsu_ctx;
struct tsu_plugin;
struct tsu_scheme_text_proc;

/* Call the Scheme procedure NAME of module (tsunagu user) with the
 * strings ARGS; its value must be a string, returned malloc'd in
 * *RESULT.  Returns 0, or -1 with the error (file, line) on CTX. */
int scm_call_text(struct tsu_ctx *ctx, const char *name, int argc,
		  const char *const *args, char **result);

/* Install each of PROCS as a Scheme procedure of module (tsunagu) whose
 * arguments the plugin receives as text and whose JSON result becomes
 * Scheme data (see tsu_scheme_text_proc).  SELF (may be NULL for the
 * core) is then never dlclose()d.  Returns 0, or -1 for a bad table. */
int scm_call_register_text(struct tsu_plugin *self,
			   const struct tsu_scheme_text_proc *procs, int n,
			   void *data);

#endif
