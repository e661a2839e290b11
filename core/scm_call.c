/* scm_call.c - the host entry scheme_call: a plugin calls a procedure of
 * the loaded scripts by name, with text arguments, and gets text back.
 * The call goes through the one safe path (tsuscm_safe_apply), so a
 * Scheme error becomes a message on the command, never an unwinding. */
#include <config.h>

#include <stdlib.h>

#include "command.h"
#include "scm.h"
#include "scm_call.h"

/* The procedure NAME as the scripts see it (module (tsunagu user)), or
 * #f when it is not bound to a procedure. */
static SCM scm_call_lookup(const char *name)
{
	SCM mod = scm_c_resolve_module("tsunagu user");
	SCM var = scm_module_variable(mod, scm_from_utf8_symbol(name));

	if (scm_is_false(var) || scm_is_false(scm_variable_bound_p(var)))
		return SCM_BOOL_F;
	var = scm_variable_ref(var);
	return scm_is_true(scm_procedure_p(var)) ? var : SCM_BOOL_F;
}

int scm_call_text(struct tsu_ctx *ctx, const char *name, int argc,
		  const char *const *args, char **result)
{
	SCM proc = scm_call_lookup(name), list = SCM_EOL, value;
	char *msg = NULL;
	int i;

	*result = NULL;
	if (scm_is_false(proc))
		return ctx_error(ctx,
				 "Scheme procedure \"%s\" is not defined (is "
				 "its script loaded?)",
				 name);
	for (i = argc - 1; i >= 0; i--)
		list = scm_cons(tsuscm_from_utf8(args[i]), list);
	if (tsuscm_safe_apply(proc, list, &value, &msg) < 0) {
		ctx_error(ctx, "%s", msg ? msg : "Scheme error");
		free(msg);
		return -1;
	}
	if (!scm_is_string(value))
		return ctx_error(ctx,
				 "Scheme procedure \"%s\" gave no text (a "
				 "string is expected)",
				 name);
	*result = tsuscm_to_utf8(value);
	return 0;
}
