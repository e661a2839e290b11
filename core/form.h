/* form.h - forms defined in Scheme: validation, filling, versions and
 * stored responses (the host entries form_* and response_add). */
#ifndef TSU_FORM_H
#define TSU_FORM_H

#include <libguile.h>

#include "tsunagu-plugin.h"

/* The longest form value taken, in bytes (UTF-8): a few thousand
 * characters, more than any note a nurse types. */
#define TSU_FORM_VALUE_MAX 16384

/* Check VALUE (LEN bytes) given for FIELD before the form's own
 * validation: at most TSU_FORM_VALUE_MAX bytes, valid UTF-8, no NUL
 * byte, no control character but tab, CR and LF.  Returns 0, or -1 with
 * *ERRMSG (malloc'd) naming FIELD, the fault and the character where it
 * is.  Needs no Guile. */
int form_value_check(const char *field, const char *value, size_t len,
		     char **errmsg);

int form_exists(struct tsu_ctx *ctx, const char *form,
		const char **subject_kind);
int form_fill(struct tsu_ctx *ctx, const char *form, const char *subject,
	      char *const *sets, int nsets, const char **answers, int *version);
int form_check(struct tsu_ctx *ctx, const char *form,
	       const char *const *fields, const char *const *values, int n,
	       const char **answers, int *version);
const char *form_field_for(struct tsu_ctx *ctx, const char *form,
			   const char *header);
/* The field ids of FORM in *IDS, kept until CTX ends.  Returns their
 * count, or -1 (reported on CTX) when FORM is not defined. */
int form_fields(struct tsu_ctx *ctx, const char *form, const char ***ids);
int form_response_add(struct tsu_ctx *ctx, const char *subject,
		      const char *form, int version, const char *answers,
		      const char *date, char id[TSU_ID_LEN]);
const char *form_answer(struct tsu_ctx *ctx, const char *answers,
			const char *field);

/* Call the (tsunagu) procedure NAME with ARGS through the safe path; a
 * Scheme error is reported on CTX.  Returns 0 or -1. */
int form_call(struct tsu_ctx *ctx, const char *name, SCM args, SCM *result);

/* Ask on the terminal for the fields of FORM missing from *RAW (an alist
 * of ("field" . "text")), one at a time; ASKED lists the ids already
 * asked.  Returns 0, or -1 when abandoned with Ctrl-C (reported). */
int form_prompt(struct tsu_ctx *ctx, const char *form, SCM *raw, SCM *asked);

/* Define the Scheme procedures of forms and register the `forms`
 * command (called while module (tsunagu) is being made). */
void form_define(void);

#endif
