/* rules.c - the plan plugin's way into Scheme: the escalation rule
 * (`plan-escalation`), the next review (`plan-next-review`), the words
 * of the printed plan (`plan-print-words`, `plan-print-lines`) and dates
 * in 和暦 (`format-date`).  All of them are defined in
 * scripts/scheme/plan-rules.scm, loaded into (tsunagu user), where a
 * municipality's own scripts may redefine them.
 *
 * Every call goes through the host's scheme_call, with text in and text
 * out, through small procedures of plan-rules.scm (`plan-escalation-hint`,
 * `plan-next-review-text`, `plan-print-word`, `plan-print-lines-text`,
 * `plan-date-wareki`); the plugin does not link libguile. */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "plan.h"

/* Call the Scheme procedure NAME with ARGS; its text in *RESULT.  When
 * OPTIONAL, a failure is not reported (the error is taken off CTX) and
 * gives -1 quietly. */
static int plan_scheme(struct tsu_ctx *ctx, const char *name, int argc,
		       const char *const *args, char **result, int optional)
{
	if (plan_host->scheme_call(ctx, name, argc, args, result) == 0)
		return 0;
	if (optional)
		plan_host->error_take(ctx);
	return -1;
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
	struct tsu_stmt *s;
	int n = 0, cap = 0, rc;

	*hints = NULL;
	s = plan_host->prepare(ctx, sql);
	if (!s)
		return -1;
	plan_host->bind_text(s, 1, today);
	while ((rc = plan_host->step(s)) == 1) {
		const char *since = plan_host->column_text(s, 2);
		long long overdue = plan_host->column_int(s, 3);
		char id[TSU_ID_LEN], fam[TSU_ID_LEN], count[24], *hint = NULL;
		const char *args[5];

		if (!since && overdue == 0)
			continue;
		snprintf(id, sizeof(id), "PL%lld", plan_host->column_int(s, 0));
		snprintf(fam, sizeof(fam), "F%lld",
			 plan_host->column_int(s, 1));
		snprintf(count, sizeof(count), "%lld", overdue);
		args[0] = id;
		args[1] = fam;
		args[2] = today;
		args[3] = since ? since : "";
		args[4] = count;
		if (plan_scheme(ctx, "plan-escalation-hint", 5, args, &hint,
				0) < 0) {
			plan_host->finalize(s);
			plan_hints_free(*hints, n);
			*hints = NULL;
			return -1;
		}
		if (!*hint) {
			free(hint);
			continue;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			*hints = realloc(*hints, (size_t)cap * sizeof(**hints));
			if (!*hints)
				abort();
		}
		snprintf((*hints)[n].plan, TSU_ID_LEN, "%s", id);
		(*hints)[n++].text = hint;
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

int plan_next_review(struct tsu_ctx *ctx, const char *today,
		     const char *due_date, const char *birth_date,
		     char out[TSU_DATE_LEN], char basis[PLAN_BASIS_LEN],
		     char label[PLAN_LABEL_LEN])
{
	const char *args[3] = {today, due_date ? due_date : "",
			       birth_date ? birth_date : ""};
	char *text = NULL, *tab1, *tab2, iso[TSU_DATE_LEN];

	if (plan_scheme(ctx, "plan-next-review-text", 3, args, &text, 0) < 0)
		return -1;
	tab1 = strchr(text, '\t');
	tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
	if (!tab2) {
		plan_host->error(ctx,
				 _("plan-next-review gave \"%s\": expected a "
				   "date, its basis and its words"),
				 text);
		free(text);
		return -1;
	}
	*tab1 = *tab2 = '\0';
	if (plan_host->parse_date(ctx, "plan-next-review", text, iso) < 0) {
		free(text);
		return -1;
	}
	if (strcmp(iso, today) < 0) {
		plan_host->error(ctx,
				 _("plan-next-review gave %s, before today "
				   "(%s)"),
				 iso, today);
		free(text);
		return -1;
	}
	snprintf(out, TSU_DATE_LEN, "%s", iso);
	snprintf(basis, PLAN_BASIS_LEN, "%s", tab1 + 1);
	snprintf(label, PLAN_LABEL_LEN, "%s", tab2 + 1);
	free(text);
	return 0;
}

char *plan_word(struct tsu_ctx *ctx, const char *key, const char *def)
{
	char *text = NULL;

	if (plan_scheme(ctx, "plan-print-word", 1, &key, &text, 1) == 0) {
		if (*text)
			return text;
		free(text);
	}
	text = strdup(def);
	if (!text)
		abort();
	return text;
}

int plan_extra_lines(struct tsu_ctx *ctx, const char *plan_id, char ***lines)
{
	char *text = NULL, *p;
	int n = 0, cap = 1;

	*lines = NULL;
	if (plan_scheme(ctx, "plan-print-lines-text", 1, &plan_id, &text, 1) <
	    0)
		return 0;
	for (p = text; *p; p++)
		cap += *p == '\n';
	*lines = calloc((size_t)cap + 1, sizeof(char *));
	if (!*lines)
		abort();
	for (p = text; *p;) {
		size_t len = strcspn(p, "\n");

		(*lines)[n] = strndup(p, len);
		if (!(*lines)[n++])
			abort();
		p += len + (p[len] == '\n');
	}
	free(text);
	return n;
}

char *plan_wareki(struct tsu_ctx *ctx, const char *iso)
{
	char *text = NULL;

	if (!iso)
		return NULL;
	if (plan_scheme(ctx, "plan-date-wareki", 1, &iso, &text, 1) == 0)
		return text;
	text = strdup(iso);
	if (!text)
		abort();
	return text;
}
