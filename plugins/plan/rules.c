/* rules.c - the plan plugin's way into Scheme: the escalation rule
 * (`plan-escalation`), the words of the printed plan (`plan-print-words`,
 * `plan-print-lines`) and dates in 和暦 (`format-date`).  All of them are
 * defined in scripts/scheme/plan-rules.scm, loaded into (tsunagu user),
 * where a municipality's own scripts may redefine them.
 *
 * Every call goes through plan_scm_call(), which catches any Scheme error
 * (nothing unwinds through SQLite or the host's frames) and turns it
 * into a message. */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include <libguile.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"

struct plan_call {
	SCM proc, args, result;
	char *error; /* malloc'd message when the call failed */
};

static SCM plan_call_body(void *data)
{
	struct plan_call *c = data;

	return scm_apply_0(c->proc, c->args);
}

/* Turn the thrown KEY and ARGS into a message. */
static SCM plan_call_handler(void *data, SCM key, SCM args)
{
	struct plan_call *c = data;
	SCM text;
	char *s;

	if (scm_is_pair(args) && scm_ilength(args) >= 3 &&
	    scm_is_string(scm_cadr(args)))
		text = scm_simple_format(SCM_BOOL_F, scm_cadr(args),
					 scm_caddr(args));
	else
		text = scm_object_to_string(scm_cons(key, args), SCM_UNDEFINED);
	s = scm_to_utf8_string(text);
	c->error = s;
	return SCM_BOOL_F;
}

/* The value of NAME in (tsunagu user) (which sees (tsunagu)), or
 * SCM_UNDEFINED when it is not defined. */
static SCM plan_scm_ref(const char *name)
{
	SCM mod = scm_c_resolve_module("tsunagu user");
	SCM var = scm_module_variable(mod, scm_from_utf8_symbol(name));

	if (scm_is_false(var) || !scm_is_true(scm_variable_bound_p(var)))
		return SCM_UNDEFINED;
	return scm_variable_ref(var);
}

/* Call PROC with ARGS safely.  0 with *RESULT, or -1 with *ERRMSG. */
static int plan_scm_call(SCM proc, SCM args, SCM *result, char **errmsg)
{
	struct plan_call c = {proc, args, SCM_BOOL_F, NULL};

	c.result = scm_c_catch(SCM_BOOL_T, plan_call_body, &c,
			       plan_call_handler, &c, NULL, NULL);
	if (c.error) {
		*errmsg = c.error;
		return -1;
	}
	*result = c.result;
	return 0;
}

int plan_escalations(struct tsu_ctx *ctx, const char *today,
		     struct plan_hint **hints)
{
	/* The facts the rule weighs, per current open plan that has any. */
	static const char sql[] =
	    "SELECT p.id, p.family_id,"
	    " (SELECT min(c.raised_on) FROM plan_concern c"
	    "   WHERE c.plan_id = p.id AND c.whose = 'staff' AND c.shared = 0"
	    "   AND c.resolved_on IS NULL),"
	    " (SELECT count(*) FROM plan_item i WHERE i.plan_id = p.id"
	    "   AND i.who = 'parent' AND i.done_on IS NULL"
	    "   AND i.by_date IS NOT NULL AND i.by_date < ?)"
	    " FROM plan p WHERE p.status = 'open'"
	    " AND NOT EXISTS (SELECT 1 FROM plan n WHERE n.previous_id = p.id)"
	    " ORDER BY p.id";
	SCM proc = plan_scm_ref("plan-escalation"), result;
	struct tsu_stmt *s;
	int n = 0, cap = 0, rc;

	*hints = NULL;
	if (SCM_UNBNDP(proc))
		return 0;
	s = plan_host->prepare(ctx, sql);
	if (!s)
		return -1;
	plan_host->bind_text(s, 1, today);
	while ((rc = plan_host->step(s)) == 1) {
		const char *since = plan_host->column_text(s, 2);
		long long overdue = plan_host->column_int(s, 3);
		char id[TSU_ID_LEN], fam[TSU_ID_LEN], *msg = NULL;
		SCM facts;

		if (!since && overdue == 0)
			continue;
		snprintf(id, sizeof(id), "PL%lld", plan_host->column_int(s, 0));
		snprintf(fam, sizeof(fam), "F%lld",
			 plan_host->column_int(s, 1));
		facts = scm_list_5(
		    scm_cons(scm_from_utf8_symbol("plan"),
			     scm_from_utf8_string(id)),
		    scm_cons(scm_from_utf8_symbol("family"),
			     scm_from_utf8_string(fam)),
		    scm_cons(scm_from_utf8_symbol("today"),
			     scm_from_utf8_string(today)),
		    scm_cons(scm_from_utf8_symbol("unshared-since"),
			     since ? scm_from_utf8_string(since) : SCM_BOOL_F),
		    scm_cons(scm_from_utf8_symbol("overdue-parent-items"),
			     scm_from_long_long(overdue)));
		if (plan_scm_call(proc, scm_list_1(facts), &result, &msg) < 0) {
			plan_host->finalize(s);
			plan_hints_free(*hints, n);
			*hints = NULL;
			plan_host->error(ctx, "plan-escalation: %s: %s", id, msg);
			free(msg);
			return -1;
		}
		if (scm_is_false(result))
			continue;
		if (!scm_is_string(result)) {
			plan_host->finalize(s);
			plan_hints_free(*hints, n);
			*hints = NULL;
			return plan_host->error(ctx,
						"plan-escalation: %s: expected "
						"a hint (a string) or #f",
						id);
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			*hints = realloc(*hints, (size_t)cap * sizeof(**hints));
			if (!*hints)
				abort();
		}
		snprintf((*hints)[n].plan, TSU_ID_LEN, "%s", id);
		(*hints)[n++].text = scm_to_utf8_string(result);
	}
	plan_host->finalize(s);
	if (rc < 0) {
		plan_hints_free(*hints, n);
		*hints = NULL;
		return -1;
	}
	return n;
}

void plan_hints_free(struct plan_hint *hints, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(hints[i].text);
	free(hints);
}

char *plan_word(const char *key, const char *def)
{
	SCM words = plan_scm_ref("plan-print-words"), v;

	if (!SCM_UNBNDP(words) && scm_is_true(scm_list_p(words))) {
		v = scm_assq_ref(words, scm_from_utf8_symbol(key));
		if (scm_is_string(v))
			return scm_to_utf8_string(v);
	}
	return strdup(def);
}

int plan_extra_lines(const char *plan_id, char ***lines)
{
	SCM v = plan_scm_ref("plan-print-lines"), l;
	char *msg = NULL;
	int n = 0;

	*lines = NULL;
	if (SCM_UNBNDP(v))
		return 0;
	if (scm_is_true(scm_procedure_p(v)) &&
	    plan_scm_call(v, scm_list_1(scm_from_utf8_string(plan_id)), &v,
			  &msg) < 0) {
		free(msg);
		return 0;
	}
	if (scm_is_string(v))
		v = scm_list_1(v);
	if (!scm_is_true(scm_list_p(v)))
		return 0;
	*lines = calloc((size_t)scm_ilength(v) + 1, sizeof(char *));
	if (!*lines)
		abort();
	for (l = v; scm_is_pair(l); l = scm_cdr(l))
		if (scm_is_string(scm_car(l)))
			(*lines)[n++] = scm_to_utf8_string(scm_car(l));
	return n;
}

char *plan_wareki(const char *iso)
{
	SCM proc, result;
	char *msg = NULL;

	if (!iso)
		return NULL;
	proc = plan_scm_ref("format-date");
	if (!SCM_UNBNDP(proc) &&
	    plan_scm_call(proc,
			  scm_list_2(scm_from_utf8_string(iso),
				     scm_from_utf8_symbol("wareki")),
			  &result, &msg) == 0 &&
	    scm_is_string(result))
		return scm_to_utf8_string(result);
	free(msg);
	return strdup(iso);
}
