/* scheme.c - the plan plugin's Scheme procedures, through the host's
 * register_scheme_text (the plugin does not link libguile):
 *
 *   (%plan-new! FAMILY [SELF NEXT-REVIEW CONTACT AGREED]) -> "PL3"
 *   (%plan-concern! PLAN WHOSE TEXT [SHARED]) -> "PC2"
 *   (%plan-item! PLAN WHAT WHO [BY]) -> "PI4"
 *   (%plan-review! PLAN [NEXT-REVIEW NOTE]) -> "PL5", the new version
 *   (%plan-ref ID) -> the plan as an alist
 *
 * Each runs the same code as the shell's `plan` sub-command, so it checks,
 * audits, writes the timeline and runs plan-hook alike.  Their keyword
 * front-ends (plan-new!, plan-concern!, plan-item!, plan-review!,
 * plan-ref) are in scripts/scheme/plan-rules.scm. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "plan.h"

/* Most words a procedure makes of its arguments. */
#define PLAN_ARGV_MAX 16

/* Write S to F as a JSON string, or null for NULL. */
static void plan_json_text(FILE *f, const char *s)
{
	const unsigned char *p;

	if (!s) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

/* Write ,"KEY":"PREFIX<N>" (null when N is 0). */
static void plan_json_id(FILE *f, const char *key, const char *prefix,
			 long long n)
{
	fprintf(f, ",\"%s\":", key);
	if (n)
		fprintf(f, "\"%s%lld\"", prefix, n);
	else
		fputs("null", f);
}

static void plan_json_field(FILE *f, const char *key, const char *s)
{
	fprintf(f, ",\"%s\":", key);
	plan_json_text(f, s);
}

void plan_doc_json(FILE *f, const struct plan_doc *d)
{
	int i;

	fprintf(f, "\"id\":\"PL%lld\"", d->id);
	plan_json_field(f, "family_id", d->family);
	plan_json_field(f, "kind", d->kind);
	fprintf(f, ",\"version\":%d", d->version);
	plan_json_id(f, "series_id", "PL", d->series);
	plan_json_id(f, "previous_id", "PL", d->previous);
	fprintf(f, ",\"current\":%s", d->successor ? "false" : "true");
	plan_json_field(f, "status", d->status);
	plan_json_field(f, "names", d->names);
	plan_json_field(f, "contact_staff", d->contact_staff);
	plan_json_field(f, "contact_name", d->contact_name);
	plan_json_field(f, "contact_phone", d->contact_phone);
	fprintf(f, ",\"agreed_by_parent\":%s", d->agreed ? "true" : "false");
	plan_json_field(f, "next_review", d->next_review);
	plan_json_field(f, "review_note", d->review_note);
	plan_json_field(f, "created_on", d->created_on);
	plan_json_field(f, "closed_on", d->closed_on);
	plan_json_field(f, "close_reason", d->close_reason);
	plan_json_field(f, "staff", d->staff);
	fputs(",\"concerns\":[", f);
	for (i = 0; i < d->nconcerns; i++) {
		const struct plan_concern *c = &d->concerns[i];

		fprintf(f, "%s{\"id\":\"PC%lld\"", i ? "," : "", c->id);
		plan_json_field(f, "whose", c->whose);
		plan_json_field(f, "text", c->text);
		fprintf(f, ",\"shared\":%s", c->shared ? "true" : "false");
		plan_json_field(f, "raised_on", c->raised_on);
		plan_json_field(f, "resolved_on", c->resolved_on);
		fputc('}', f);
	}
	fputs("],\"items\":[", f);
	for (i = 0; i < d->nitems; i++) {
		const struct plan_item *it = &d->items[i];

		fprintf(f, "%s{\"id\":\"PI%lld\"", i ? "," : "", it->id);
		plan_json_field(f, "what", it->what);
		plan_json_field(f, "who", it->who);
		plan_json_field(f, "by_date", it->by_date);
		plan_json_field(f, "done_on", it->done_on);
		fputc('}', f);
	}
	fputc(']', f);
}

/* Words of a plan command line, built from a procedure's arguments. */
struct plan_words {
	char *v[PLAN_ARGV_MAX + 1];
	int n;
};

static void plan_words_add(struct plan_words *w, const char *word)
{
	if (w->n < PLAN_ARGV_MAX)
		w->v[w->n++] = (char *)word;
	w->v[w->n] = NULL;
}

/* Add OPTION and VALUE when VALUE is given. */
static void plan_words_opt(struct plan_words *w, const char *option,
			   const char *value)
{
	if (value) {
		plan_words_add(w, option);
		plan_words_add(w, value);
	}
}

/* Run W as the plan command and give the id it made as a JSON string. */
static int plan_words_run(struct tsu_ctx *ctx, struct plan_words *w,
			  char **json)
{
	char made[TSU_ID_LEN], *out;

	if (plan_run(ctx, w->n, w->v, made) < 0)
		return -1;
	if (!*made)
		return plan_host->error(ctx, _("nothing was made"));
	out = malloc(strlen(made) + 3);
	if (!out)
		abort();
	sprintf(out, "\"%s\"", made);
	*json = out;
	return 0;
}

/* Whether a yes/no argument holds: "yes" (from #t) or any other text
 * but "no". */
static int plan_yes(const char *arg)
{
	return arg && strcmp(arg, "no") != 0 && *arg;
}

/* (%plan-new! FAMILY [SELF NEXT-REVIEW CONTACT AGREED]) -> "PL3" */
static int plan_scm_new(struct tsu_ctx *ctx, int argc, const char *const *args,
			char **json, void *data)
{
	struct plan_words w = {{0}, 0};

	(void)argc, (void)data;
	plan_words_add(&w, "plan");
	plan_words_add(&w, "new");
	plan_words_add(&w, args[0] ? args[0] : "");
	if (plan_yes(args[1]))
		plan_words_add(&w, "--self");
	plan_words_opt(&w, "--next-review", args[2]);
	plan_words_opt(&w, "--contact", args[3]);
	if (plan_yes(args[4]))
		plan_words_add(&w, "--agreed");
	return plan_words_run(ctx, &w, json);
}

/* (%plan-concern! PLAN WHOSE TEXT [SHARED]) -> "PC2" */
static int plan_scm_concern(struct tsu_ctx *ctx, int argc,
			    const char *const *args, char **json, void *data)
{
	struct plan_words w = {{0}, 0};

	(void)argc, (void)data;
	plan_words_add(&w, "plan");
	plan_words_add(&w, "concern");
	plan_words_add(&w, args[0] ? args[0] : "");
	plan_words_opt(&w, "--whose", args[1]);
	plan_words_opt(&w, "--text", args[2]);
	plan_words_opt(&w, "--shared", args[3]);
	return plan_words_run(ctx, &w, json);
}

/* (%plan-item! PLAN WHAT WHO [BY]) -> "PI4" */
static int plan_scm_item(struct tsu_ctx *ctx, int argc,
			 const char *const *args, char **json, void *data)
{
	struct plan_words w = {{0}, 0};

	(void)argc, (void)data;
	plan_words_add(&w, "plan");
	plan_words_add(&w, "item");
	plan_words_add(&w, args[0] ? args[0] : "");
	plan_words_opt(&w, "--what", args[1]);
	plan_words_opt(&w, "--who", args[2]);
	plan_words_opt(&w, "--by", args[3]);
	return plan_words_run(ctx, &w, json);
}

/* (%plan-review! PLAN [NEXT-REVIEW NOTE]) -> "PL5" */
static int plan_scm_review(struct tsu_ctx *ctx, int argc,
			   const char *const *args, char **json, void *data)
{
	struct plan_words w = {{0}, 0};

	(void)argc, (void)data;
	plan_words_add(&w, "plan");
	plan_words_add(&w, "review");
	plan_words_add(&w, args[0] ? args[0] : "");
	plan_words_opt(&w, "--next-review", args[1]);
	plan_words_opt(&w, "--note", args[2]);
	return plan_words_run(ctx, &w, json);
}

/* (%plan-ref ID) -> ((id . "PL3") (family_id . "F1") ... (concerns ...)
 * (items ...)); ID is a plan id or a family's or member's id. */
static int plan_scm_ref(struct tsu_ctx *ctx, int argc, const char *const *args,
			char **json, void *data)
{
	struct plan_doc d;
	char detail[64], *out = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	(void)argc, (void)data;
	if (!args[0])
		return plan_host->error(ctx, _("ID is missing"));
	if (plan_load_any(ctx, args[0], &d) < 0)
		return -1;
	snprintf(detail, sizeof(detail), "plan PL%lld", d.id);
	rc = plan_host->audit(ctx, "read", d.family, detail);
	if (rc == 0) {
		f = open_memstream(&out, &len);
		if (!f)
			abort();
		fputc('{', f);
		plan_doc_json(f, &d);
		fputc('}', f);
		fclose(f);
		*json = out;
	}
	plan_doc_free(&d);
	return rc;
}

static const struct tsu_scheme_text_proc plan_procs[] = {
    {"%plan-new!", 1, 4, TSU_PERM_CASEWORK, plan_scm_new,
     "Make a support plan (or self-plan) for a family."},
    {"%plan-concern!", 3, 1, TSU_PERM_CASEWORK, plan_scm_concern,
     "Add a worry to a plan."},
    {"%plan-item!", 3, 1, TSU_PERM_CASEWORK, plan_scm_item,
     "Add what will be done to a plan."},
    {"%plan-review!", 1, 2, TSU_PERM_CASEWORK, plan_scm_review,
     "Review a plan: a new version, the old one kept."},
    {"%plan-ref", 1, 0, TSU_PERM_READ, plan_scm_ref,
     "A plan version with its worries and items, as an alist."},
};

int plan_scheme_register(struct tsu_plugin *self)
{
	return plan_host->register_scheme_text(
	    self, plan_procs, (int)(sizeof(plan_procs) / sizeof(plan_procs[0])),
	    NULL);
}
