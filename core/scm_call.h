/* scm_call.h - calling a procedure of the scripts from a plugin. */
#ifndef TSU_SCM_CALL_H
#define TSU_SCM_CALL_H

struct tsu_ctx;

/* Call the Scheme procedure NAME of module (tsunagu user) with the
 * strings ARGS; its value must be a string, returned malloc'd in
 * *RESULT.  Returns 0, or -1 with the error (file, line) on CTX. */
int scm_call_text(struct tsu_ctx *ctx, const char *name, int argc,
		  const char *const *args, char **result);

#endif
