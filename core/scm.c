/* scm.c - the embedded Guile 3.0: module (tsunagu), loading scripts in
 * their documented order, evaluating Scheme lines, and the one safe path
 * for every call from C into Scheme. */
#include <config.h>

#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "command.h"
#include "i18n.h"
#include "scm.h"
#include "scm_api.h"
#include "store.h"
#include "trust.h"
#include "tsunagu-plugin.h"

static SCM tsunagu_module, user_module;

SCM tsuscm_from_utf8(const char *s)
{
	return s ? scm_from_utf8_string(s) : SCM_BOOL_F;
}

char *tsuscm_to_utf8(SCM s)
{
	return scm_is_string(s) ? scm_to_utf8_string(s) : NULL;
}

SCM tsuscm_ref(const char *name)
{
	return scm_variable_ref(scm_c_module_lookup(tsunagu_module, name));
}

void tsuscm_install(const struct tsu_scheme_proc *procs, int n)
{
	SCM old = scm_set_current_module(tsunagu_module);
	int i;

	for (i = 0; i < n; i++) {
		scm_c_define_gsubr(procs[i].name, procs[i].req, procs[i].opt,
				   procs[i].rest, (scm_t_subr)procs[i].fn);
		scm_c_export(procs[i].name, NULL);
	}
	scm_set_current_module(old);
}

/* ---- the safe path ---- */

struct safe_call {
	SCM proc, args, result;
	SCM key, error_args, stack;
	int failed;
	int (*cfn)(void *data); /* or C code, with: */
	void *cdata;
	int crc;
};

static SCM safe_body(void *data)
{
	struct safe_call *sc = data;

	if (sc->cfn) {
		sc->crc = sc->cfn(sc->cdata);
		return SCM_UNSPECIFIED;
	}
	return scm_apply_0(sc->proc, sc->args);
}

/* Runs where the error happened, before the stack unwinds: keep it. */
static SCM safe_pre_unwind(void *data, SCM key, SCM args)
{
	struct safe_call *sc = data;

	sc->stack = scm_make_stack(SCM_BOOL_T, SCM_EOL);
	return SCM_UNSPECIFIED;
}

static SCM safe_handler(void *data, SCM key, SCM args)
{
	struct safe_call *sc = data;

	sc->failed = 1;
	sc->key = key;
	sc->error_args = args;
	return SCM_UNSPECIFIED;
}

/* Describe a caught error with %describe-error from tsunagu.scm; if even
 * that fails, fall back to the bare key. */
static char *describe_error(struct safe_call *sc)
{
	struct safe_call inner = {0};
	char *msg;

	inner.proc = tsuscm_ref("%describe-error");
	inner.args = scm_list_3(sc->key, sc->error_args,
				sc->stack ? sc->stack : SCM_BOOL_F);
	inner.stack = SCM_BOOL_F;
	inner.result = scm_c_catch(SCM_BOOL_T, safe_body, &inner, safe_handler,
				   &inner, NULL, NULL);
	if (!inner.failed && scm_is_string(inner.result))
		return scm_to_utf8_string(inner.result);
	msg = scm_is_symbol(sc->key)
		      ? scm_to_utf8_string(scm_symbol_to_string(sc->key))
		      : tsu_strdup("error");
	return msg;
}

/* (%interrupt SIGNAL): Ctrl-C while Scheme runs. Guile delivers it
 * between two steps of the running code, where throwing is safe. */
static SCM interrupt_scheme(SCM sig)
{
	app.interrupted = 1;
	store_interrupt();
	scm_throw(scm_from_utf8_symbol("interrupted"),
		  scm_list_1(tsuscm_from_utf8(_("interrupted (Ctrl-C)"))));
	return SCM_UNSPECIFIED;
}

/* Guile's own SIGINT handler, saved while Scheme runs. */
static struct sigaction guile_sigint;

/* SIGINT while Scheme runs: stop a running SQL statement at once, then
 * let Guile queue the Scheme-level interruption. */
static void on_sigint_in_scheme(int sig)
{
	app.interrupted = 1;
	store_interrupt();
	if (guile_sigint.sa_handler != SIG_DFL &&
	    guile_sigint.sa_handler != SIG_IGN)
		guile_sigint.sa_handler(sig);
}

int tsuscm_safe_apply(SCM proc, SCM args, SCM *result, char **errmsg)
{
	static SCM on_interrupt = SCM_BOOL_F;
	static int depth;
	struct safe_call sc = {0};
	struct sigaction saved;
	int watch = app.interactive && depth == 0;
	SCM value;

	sc.proc = proc;
	sc.args = args;
	sc.stack = SCM_BOOL_F;
	/* On a terminal, Ctrl-C must stop a busy Scheme loop: let Guile
	 * take SIGINT while Scheme runs, then give it back to the shell. */
	if (watch) {
		if (scm_is_false(on_interrupt))
			on_interrupt = scm_permanent_object(scm_c_make_gsubr(
				"%interrupt", 1, 0, 0,
				(scm_t_subr)interrupt_scheme));
		struct sigaction ours = {0};

		sigaction(SIGINT, NULL, &saved);
		scm_sigaction(scm_from_int(SIGINT), on_interrupt, SCM_UNDEFINED);
		sigaction(SIGINT, NULL, &guile_sigint);
		ours.sa_handler = on_sigint_in_scheme;
		sigemptyset(&ours.sa_mask);
		sigaction(SIGINT, &ours, NULL);
	}
	depth++;
	value = scm_c_catch(SCM_BOOL_T, safe_body, &sc, safe_handler, &sc,
			    safe_pre_unwind, &sc);
	depth--;
	if (watch)
		sigaction(SIGINT, &saved, NULL);
	if (sc.failed) {
		if (errmsg)
			*errmsg = describe_error(&sc);
		return -1;
	}
	if (result)
		*result = value;
	return 0;
}

int tsuscm_safe_c(int (*fn)(void *data), void *data, char **errmsg)
{
	struct safe_call sc = {0};

	sc.cfn = fn;
	sc.cdata = data;
	sc.stack = SCM_BOOL_F;
	scm_c_catch(SCM_BOOL_T, safe_body, &sc, safe_handler, &sc,
		    safe_pre_unwind, &sc);
	if (sc.failed) {
		*errmsg = describe_error(&sc);
		return -1;
	}
	return sc.crc;
}

/* ---- boot and scripts ---- */

static void define_tsunagu(void *unused)
{
	scm_api_define();
}

static void define_user(void *unused)
{
	scm_c_use_module("tsunagu");
}

/* Load FILE.scm, from its compiled twin in GO_DIR when that is newer,
 * into MODULE.  Returns 0 or -1 with *errmsg (with file and line). */
static int load_file(const char *file, const char *go_dir, SCM module,
		     char **errmsg)
{
	char *go = NULL;
	struct stat s_src, s_go;
	SCM proc, old;
	int rc;

	if (go_dir) {
		const char *base = strrchr(file, '/');
		size_t n;

		base = base ? base + 1 : file;
		n = strlen(base);
		if (n > 4 && strcmp(base + n - 4, ".scm") == 0)
			go = tsu_strdup_printf("%s/%.*s.go", go_dir, (int)(n - 4),
					       base);
	}
	if (go && stat(go, &s_go) == 0 &&
	    (stat(file, &s_src) != 0 || s_go.st_mtime >= s_src.st_mtime)) {
		if (tsu_trusted_file(go, errmsg) < 0) {
			free(go);
			return -1;
		}
		proc = scm_c_public_ref("guile", "load-compiled");
		old = scm_set_current_module(module);
		rc = tsuscm_safe_apply(proc, scm_list_1(tsuscm_from_utf8(go)),
				       NULL, errmsg);
		scm_set_current_module(old);
	} else {
		if (tsu_trusted_file(file, errmsg) < 0) {
			free(go);
			return -1;
		}
		proc = tsuscm_ref("%load-script");
		rc = tsuscm_safe_apply(
			proc, scm_list_2(tsuscm_from_utf8(file), module), NULL,
			errmsg);
	}
	free(go);
	return rc;
}

void scm_finalize_on_main_thread(void)
{
	scm_set_automatic_finalization_enabled(0);
}

void scm_run_pending(void)
{
	scm_run_finalizers();
}

int scm_boot(const char *scheme_dir, const char *go_dir, char **errmsg)
{
	char *file = tsu_strdup_printf("%s/tsunagu.scm", scheme_dir);
	char *go = tsu_strdup_printf("%s/tsunagu.go", go_dir);
	struct stat st;
	SCM old;
	int rc = 0;

	tsunagu_module = scm_c_define_module("tsunagu", define_tsunagu, NULL);
	scm_gc_protect_object(tsunagu_module);
	old = scm_set_current_module(tsunagu_module);
	/* The loader itself lives in tsunagu.scm: load it directly. */
	{
		struct safe_call sc = {0};
		int compiled = stat(go, &st) == 0;

		sc.proc = scm_c_public_ref("guile", compiled ? "load-compiled"
							     : "primitive-load");
		sc.args = scm_list_1(tsuscm_from_utf8(compiled ? go : file));
		scm_c_catch(SCM_BOOL_T, safe_body, &sc, safe_handler, &sc,
			    NULL, NULL);
	}
	scm_set_current_module(old);
	if (scm_is_false(scm_module_variable(tsunagu_module,
					     scm_from_utf8_symbol(
						     "%describe-error")))) {
		*errmsg = tsu_strdup_printf(_("%s: could not be loaded"), file);
		rc = -1;
	}
	user_module = scm_c_define_module("tsunagu user", define_user, NULL);
	scm_gc_protect_object(user_module);
	free(file);
	free(go);
	return rc;
}

static int has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Load every *.scm of DIR in name order; returns the number that failed. */
static int load_dir(const char *dir, const char *go_dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	int n = 0, i, failed = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !has_suffix(e->d_name, ".scm"))
			continue;
		names = tsu_realloc(names, (n + 1) * sizeof(char *));
		names[n++] = tsu_strdup_printf("%s/%s", dir, e->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(char *), name_cmp);
	for (i = 0; i < n; i++) {
		char *msg = NULL;

		if (has_suffix(names[i], "/tsunagu.scm"))
			; /* the module itself, loaded at boot */
		else if (load_file(names[i], go_dir, user_module, &msg) < 0) {
			fprintf(stderr, _("tsunagu: %s\n"), msg);
			free(msg);
			failed++;
		}
		free(names[i]);
	}
	free(names);
	return failed;
}

/* Load FILE if it exists; returns 1 if it failed. */
static int load_optional(const char *file, int must_exist)
{
	struct stat st;
	char *msg = NULL;

	if (stat(file, &st) != 0) {
		if (!must_exist)
			return 0;
		fprintf(stderr, _("tsunagu: -l %s: no such file\n"), file);
		return 1;
	}
	if (load_file(file, NULL, user_module, &msg) < 0) {
		fprintf(stderr, _("tsunagu: %s\n"), msg);
		free(msg);
		return 1;
	}
	return 0;
}

int scm_load_scripts(const char *scheme_dir, const char *go_dir, int no_init,
		     char **extra, int nextra)
{
	int failed = load_dir(scheme_dir, go_dir), i;

	if (!no_init) {
		const char *xdg = getenv("XDG_CONFIG_HOME");
		const char *home = getenv("HOME");
		char *site = tsu_strdup_printf("%s/tsunagu/local.d", SYSCONFDIR);
		char *user = NULL;

		failed += load_dir(site, NULL);
		if (xdg && *xdg)
			user = tsu_strdup_printf("%s/tsunagu/init.scm", xdg);
		else if (home)
			user = tsu_strdup_printf("%s/.config/tsunagu/init.scm",
						 home);
		if (user)
			failed += load_optional(user, 0);
		free(site);
		free(user);
	}
	for (i = 0; i < nextra; i++) {
		/* Absolute, so that (load "x") inside it finds its neighbours. */
		char *abs = realpath(extra[i], NULL);

		failed += load_optional(abs ? abs : extra[i], 1);
		free(abs);
	}
	return failed;
}

int scm_eval_line(struct tsu_ctx *ctx, const char *text)
{
	char *msg = NULL;
	SCM values;

	if (tsuscm_safe_apply(tsuscm_ref("%eval-line"),
			      scm_list_2(tsuscm_from_utf8(text), user_module),
			      &values, &msg) < 0) {
		ctx_error(ctx, "%s", msg);
		free(msg);
		return -1;
	}
	for (; scm_is_pair(values); values = scm_cdr(values)) {
		char *s = tsuscm_to_utf8(scm_car(values));

		fprintf(ctx->out, "%s\n", s ? s : "");
		free(s);
	}
	return 0;
}

/* Whether hook NAME has procedures; see scm.h. */
int tsuscm_hook_active(const char *name)
{
	SCM var = scm_module_variable(tsunagu_module,
				      scm_from_utf8_symbol(name));
	SCM hook;

	if (scm_is_false(var))
		return 0;
	hook = scm_variable_ref(var);
	return scm_is_true(scm_hook_p(hook)) &&
	       scm_is_false(scm_hook_empty_p(hook));
}

/* ARGS are (EVENT SUBJECT JSON) from hook.c; %run-hook in tsunagu.scm
 * turns the JSON into an alist and runs the hook with (FORM-OR-EVENT
 * SUBJECT ALIST). */
int tsuscm_run_hook(const char *name, SCM args, char **errmsg)
{
	if (!tsuscm_hook_active(name))
		return 0;
	return tsuscm_safe_apply(tsuscm_ref("%run-hook"),
				 scm_cons(tsuscm_from_utf8(name), args), NULL,
				 errmsg);
}
