/* scm_api.c - the core's Scheme procedures in C: commands, dates, and the
 * running command's context.  Each procedure starts with its usage. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "command.h"
#include "date.h"
#include "scm.h"
#include "scm_api.h"
#include "tsunagu-plugin.h"

/* A command defined in Scheme: the procedure is protected while the
 * command exists. */
static int scheme_command(struct tsu_ctx *ctx, int argc, char **argv,
			  void *data)
{
	SCM args = SCM_EOL, result;
	char *msg = NULL;
	int i;

	for (i = argc - 1; i >= 1; i--)
		args = scm_cons(tsuscm_from_utf8(argv[i]), args);
	if (tsuscm_safe_apply(SCM_PACK((scm_t_bits)data), args, &result,
			      &msg) < 0) {
		ctx_error(ctx, "%s", msg);
		free(msg);
		return -1;
	}
	if (scm_is_string(result)) {
		char *s = scm_to_utf8_string(result);

		fprintf(ctx->out, "%s\n", s);
		free(s);
	}
	return 0;
}

static void scheme_command_free(void *data)
{
	scm_gc_unprotect_object(SCM_PACK((scm_t_bits)data));
}

static unsigned perm_from_role_name(const char *name)
{
	static const struct {
		const char *name;
		unsigned perm;
	} names[] = {
		{"read", TSU_PERM_READ},         {"register", TSU_PERM_REGISTER},
		{"export", TSU_PERM_EXPORT},     {"casework", TSU_PERM_CASEWORK},
		{"script", TSU_PERM_SCRIPT},     {"admin", TSU_PERM_ADMIN},
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].name, name) == 0)
			return names[i].perm;
	return 0;
}

/* (%register-command name help usage role proc) -> #t */
static SCM register_command_x(SCM name, SCM help, SCM usage, SCM role,
			      SCM proc)
{
	struct tsu_command_spec spec = {0};
	char *cname, *chelp, *cusage, *crole, *msg = NULL;
	int rc;

	SCM_VALIDATE_STRING(1, name);
	SCM_VALIDATE_STRING(2, help);
	SCM_VALIDATE_STRING(3, usage);
	SCM_VALIDATE_STRING(4, role);
	SCM_VALIDATE_PROC(5, proc);
	cname = scm_to_utf8_string(name);
	chelp = scm_to_utf8_string(help);
	cusage = scm_to_utf8_string(usage);
	crole = scm_to_utf8_string(role);
	spec.name = cname;
	spec.topic = "local";
	spec.summary = chelp;
	spec.usage = cusage;
	spec.perm = perm_from_role_name(crole);
	spec.fn = scheme_command;
	if (!spec.perm) {
		free(cname), free(chelp), free(cusage), free(crole);
		scm_misc_error("define-command",
			       "#:role must be one of read register export "
			       "casework script admin, not ~S",
			       scm_list_1(role));
	}
	/* A later definition replaces an earlier Scheme one. */
	{
		const struct command *old = command_find(cname);

		if (old && old->spec.fn == scheme_command)
			command_unregister_data(old->data);
	}
	scm_gc_protect_object(proc);
	rc = command_register(NULL, &spec, (void *)SCM_UNPACK(proc),
			      scheme_command_free, &msg);
	free(cname), free(chelp), free(cusage), free(crole);
	if (rc < 0) {
		SCM m = tsuscm_from_utf8(msg);

		scm_gc_unprotect_object(proc);
		free(msg);
		scm_misc_error("define-command", "~A", scm_list_1(m));
	}
	return SCM_BOOL_T;
}

/* (%run-command line) -> #t or #f */
static SCM run_command(SCM line)
{
	char *s;
	int rc;

	SCM_VALIDATE_STRING(1, line);
	s = scm_to_utf8_string(line);
	rc = command_run_line(s);
	free(s);
	return scm_from_bool(rc == 0);
}

/* (today) -> "2026-04-01" */
static SCM today(void)
{
	return tsuscm_from_utf8(app.today);
}

static const struct tsu_scheme_proc core_procs[] = {
	{"%register-command", 5, 0, 0, (void *)register_command_x,
	 "Register a command defined in Scheme."},
	{"%run-command", 1, 0, 0, (void *)run_command, "Run a shell line."},
	{"today", 0, 0, 0, (void *)today, "The date taken as today, ISO."},
};

void scm_api_define(void)
{
	size_t i;

	for (i = 0; i < sizeof(core_procs) / sizeof(core_procs[0]); i++) {
		scm_c_define_gsubr(core_procs[i].name, core_procs[i].req,
				   core_procs[i].opt, core_procs[i].rest,
				   (scm_t_subr)core_procs[i].fn);
		scm_c_export(core_procs[i].name, NULL);
	}
}
