/* scm_call.c - Scheme and plugins meeting through text, so that plugins
 * need not link libguile.  The host entry scheme_call: a plugin calls a
 * procedure of the loaded scripts by name, with text arguments, and gets
 * text back; the call goes through the one safe path (tsuscm_safe_apply),
 * so a Scheme error becomes a message on the command, never an
 * unwinding.  The host entry register_scheme_text: a plugin's C function
 * becomes a Scheme procedure taking text and giving JSON, which the
 * caller receives as Scheme data. */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "command.h"
#include "i18n.h"
#include "plugin.h"
#include "scm.h"
#include "scm_call.h"
#include "store.h"

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
				 _("Scheme procedure \"%s\" is not defined (is "
				 "its script loaded?)"),
				 name);
	for (i = argc - 1; i >= 0; i--)
		list = scm_cons(tsuscm_from_utf8(args[i]), list);
	if (tsuscm_safe_apply(proc, list, &value, &msg) < 0) {
		ctx_error(ctx, "%s", msg ? msg : _("Scheme error"));
		free(msg);
		return -1;
	}
	if (!scm_is_string(value))
		return ctx_error(ctx,
				 _("Scheme procedure \"%s\" gave no text (a "
				 "string is expected)"),
				 name);
	*result = tsuscm_to_utf8(value);
	return 0;
}

/* ---- Scheme procedures of plugins that do not link libguile ---- */

struct text_proc {
	struct tsu_scheme_text_proc spec; /* the name is kept */
	void *data;
};

static struct text_proc *text_procs;
static int ntext_procs;

/* Raise "NAME: MESSAGE" as a Scheme error (misc-error).  Never returns. */
static void text_raise(const char *name, SCM message) SCM_NORETURN;
static void text_raise(const char *name, SCM message)
{
	if (*name == '%')
		name++; /* the keyword front-end's name */
	scm_error_scm(scm_from_utf8_symbol("misc-error"), SCM_BOOL_F,
		      scm_from_utf8_string("~A: ~A"),
		      scm_list_2(tsuscm_from_utf8(name), message), SCM_BOOL_F);
}

/* 1 when a Scheme line typed at the prompt (or given with -c) is among
 * the running commands: then the acting staff's role counts. */
static int text_from_prompt(void)
{
	struct tsu_ctx *ctx;

	for (ctx = command_current(); ctx; ctx = ctx->outer)
		if (ctx->command && strcmp(ctx->command, "scheme") == 0)
			return 1;
	return 0;
}

/* 1 when ARG can be handed to a plugin as text. */
static int text_arg_ok(SCM arg)
{
	return scm_is_bool(arg) || scm_is_string(arg) || scm_is_symbol(arg) ||
	       scm_is_true(scm_number_p(arg));
}

/* ARG (text_arg_ok) as text for a plugin (see tsu_scheme_text_proc),
 * malloc'd; NULL for #f. */
static char *text_arg(SCM arg)
{
	if (scm_is_false(arg))
		return NULL;
	if (scm_is_eq(arg, SCM_BOOL_T))
		return tsu_strdup("yes");
	if (scm_is_string(arg))
		return scm_to_utf8_string(arg);
	if (scm_is_symbol(arg))
		return scm_to_utf8_string(scm_symbol_to_string(arg));
	return scm_to_utf8_string(scm_number_to_string(arg, SCM_UNDEFINED));
}

/* Run procedure P with the text ARGS as a command of its own (or inside
 * the running command, behind a savepoint).  0 with *JSON, or -1 with
 * the message in *ERROR (both malloc'd). */
static int text_run(const struct text_proc *p, int argc,
		    const char *const *args, char **json, char **error)
{
	struct tsu_ctx ctx;
	char *msg = NULL;
	int own = !store_in_transaction(), rc, i;

	*json = NULL;
	*error = NULL;
	if (own ? store_begin(1, &msg) < 0
		: store_exec("SAVEPOINT tsu_scheme_text", &msg) < 0) {
		*error = msg ? msg : tsu_strdup(_("cannot start"));
		return -1;
	}
	memset(&ctx, 0, sizeof(ctx));
	ctx.command = p->spec.name;
	ctx.out = spool_open(&ctx.spool);
	if (!ctx.out)
		abort();
	ctx.outer = command_current();
	rc = p->spec.fn(&ctx, argc, args, json, p->data);
	if (rc >= 0 && ctx.error)
		rc = -1;
	if (own) {
		if (rc >= 0 && store_commit(&msg) < 0) {
			ctx_error(&ctx, _("could not save: %s"), msg);
			free(msg);
			rc = -1;
		} else if (rc < 0) {
			store_rollback();
		}
	} else {
		if (rc < 0)
			store_exec("ROLLBACK TO tsu_scheme_text", NULL);
		store_exec("RELEASE tsu_scheme_text", NULL);
	}
	if (rc < 0) {
		*error = ctx.error ? ctx.error : tsu_strdup(_("failed"));
		ctx.error = NULL;
		free(*json);
		*json = NULL;
	}
	spool_close(&ctx.spool, ctx.out, NULL);
	free(ctx.error);
	for (i = 0; i < ctx.nkeep; i++)
		free(ctx.keep[i]);
	free(ctx.keep);
	return rc < 0 ? -1 : 0;
}

/* (%plugin-call INDEX ARG...) -> the procedure's value
 * Behind every procedure of register_scheme_text. */
static SCM text_call(SCM index, SCM rest)
{
	const struct text_proc *p;
	char **args, *json = NULL, *error = NULL, msg[160];
	long n = scm_ilength(rest), i;
	int rc, nargs;
	SCM value, l;

	i = scm_to_int(index);
	if (i < 0 || i >= ntext_procs)
		scm_out_of_range("%plugin-call", index);
	p = &text_procs[i];
	nargs = p->spec.req + p->spec.opt;
	if (n < p->spec.req || n > nargs) {
		if (p->spec.opt)
			snprintf(msg, sizeof(msg),
				 _("takes %d to %d arguments, not %ld"),
				 p->spec.req, nargs, n);
		else
			snprintf(msg, sizeof(msg),
				 _("takes %d argument(s), not %ld"),
				 p->spec.req, n);
		text_raise(p->spec.name, scm_from_utf8_string(msg));
	}
	for (i = 0, l = rest; i < n; i++, l = scm_cdr(l))
		if (!text_arg_ok(scm_car(l))) {
			snprintf(msg, sizeof(msg),
				 _("argument %ld: expected a string, a symbol, "
				 "a number or a boolean, not "),
				 i + 1);
			text_raise(p->spec.name,
				   scm_string_append(scm_list_2(
				       scm_from_utf8_string(msg),
				       scm_object_to_string(scm_car(l),
							    SCM_UNDEFINED))));
		}
	if (p->spec.perm && text_from_prompt() &&
	    (app.perms & p->spec.perm) != p->spec.perm) {
		snprintf(msg, sizeof(msg), _("%s (role %s) may not do %s"),
			 app.staff, app.role, perm_name(p->spec.perm));
		text_raise(p->spec.name, tsuscm_from_utf8(msg));
	}
	args = tsu_alloc((size_t)(nargs + 1) * sizeof(char *));
	for (i = 0, l = rest; i < n; i++, l = scm_cdr(l))
		args[i] = text_arg(scm_car(l));
	rc = text_run(p, nargs, (const char *const *)args, &json, &error);
	for (i = 0; i < nargs; i++)
		free(args[i]);
	free(args);
	if (rc < 0) {
		value = tsuscm_from_utf8(error);
		free(error);
		text_raise(p->spec.name, value);
	}
	if (!json)
		return SCM_UNSPECIFIED;
	value = tsuscm_from_utf8(json);
	free(json);
	return scm_call_1(tsuscm_ref("%parse-json"), value);
}

int scm_call_register_text(struct tsu_plugin *self,
			   const struct tsu_scheme_text_proc *procs, int n,
			   void *data)
{
	SCM module = scm_c_resolve_module("tsunagu"), old, form;
	SCM apply = scm_from_utf8_symbol("apply");
	SCM args = scm_from_utf8_symbol("args");
	SCM call = scm_from_utf8_symbol("%plugin-call");
	int i;

	if (n < 0 || (n && !procs))
		return -1;
	for (i = 0; i < n; i++)
		if (!procs[i].name || !procs[i].fn || procs[i].req < 0 ||
		    procs[i].opt < 0)
			return -1;
	if (self)
		self->has_scheme = 1;
	old = scm_set_current_module(module);
	if (!ntext_procs)
		scm_c_define_gsubr("%plugin-call", 1, 0, 1,
				   (scm_t_subr)text_call);
	for (i = 0; i < n; i++) {
		int k = ntext_procs++;

		text_procs = tsu_realloc(text_procs,
					 ntext_procs * sizeof(*text_procs));
		text_procs[k].spec = procs[i];
		text_procs[k].spec.name = tsu_strdup(procs[i].name);
		text_procs[k].data = data;
		/* (lambda args (apply %plugin-call K args)) */
		form = scm_list_3(scm_from_utf8_symbol("lambda"), args,
				  scm_list_4(apply, call, scm_from_int(k),
					     args));
		scm_c_define(procs[i].name, scm_eval(form, module));
		scm_c_export(procs[i].name, NULL);
	}
	scm_set_current_module(old);
	return 0;
}
