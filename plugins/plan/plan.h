/* plan.h - what the plan plugin's files share: the host table, a plan as
 * loaded for showing and printing, the Scheme glue and the PDF writer. */
#ifndef TSU_PLAN_H
#define TSU_PLAN_H

#include <stdio.h>

#include <tsunagu-plugin.h>

/* The host table, valid from init() to shutdown(). */
extern const struct tsu_host *plan_host;

/* One worry of a plan version. */
struct plan_concern {
	long long id;    /* PC<id> */
	char *whose;     /* "parent" or "staff" */
	char *text;
	int shared;      /* 1 when shared with the parent */
	char *raised_on; /* ISO */
	char *resolved_on; /* ISO or NULL */
};

/* One thing that will be done. */
struct plan_item {
	long long id; /* PI<id> */
	char *what;
	char *who;     /* "parent", "staff" or an agency's name */
	char *by_date; /* ISO or NULL */
	char *done_on; /* ISO or NULL */
};

/* A plan version with everything shown or printed about it.  Every
 * string is malloc'd (or NULL) and freed by plan_doc_free(). */
struct plan_doc {
	long long id, series, previous; /* previous is 0 for the first */
	long long successor;            /* the next version's id, or 0 */
	int version;
	char family[TSU_ID_LEN];
	char *kind;   /* "support" or "self" */
	char *status; /* "open" or "closed" */
	char *contact_staff, *contact_name, *contact_phone;
	int agreed;
	char *next_review, *review_note, *created_on, *closed_on;
	char *close_reason, *staff;
	char *names;       /* members' names, "山田 花子、山田 陽太" */
	char *family_name; /* the primary parent's family name */
	struct plan_concern *concerns;
	int nconcerns;
	struct plan_item *items;
	int nitems;
};

void plan_doc_free(struct plan_doc *d);

/* ---- plan.c, for Scheme ---- */

/* Load the plan TEXT names (a plan id, or a family's or member's id for
 * its current plan) into D.  0 or -1 (reported). */
int plan_load_any(struct tsu_ctx *ctx, const char *text, struct plan_doc *d);

/* Write the fields of D to F as JSON object members (no braces): the keys
 * of `plan show --format json`, and "concerns" and "items" as arrays. */
void plan_doc_json(FILE *f, const struct plan_doc *d);

/* Run ARGV ("plan" "new" "F1" ...) as the plan command, its output
 * dropped; the id of what it made or showed last ("PL3", "PC2", "PI4")
 * goes to MADE ("" when none).  0 or -1 (reported). */
int plan_run(struct tsu_ctx *ctx, int argc, char **argv,
	     char made[TSU_ID_LEN]);

/* ---- scheme.c: the Scheme procedures ---- */

/* Register the procedures %plan-new, %plan-concern, %plan-item,
 * %plan-review and %plan-ref (their keyword front-ends are in
 * scripts/scheme/plan-rules.scm).  0 or -1. */
int plan_scheme_register(struct tsu_plugin *self);

/* ---- rules.c: Scheme ---- */

/* One escalation hint from the Scheme rule. */
struct plan_hint {
	char plan[TSU_ID_LEN]; /* "PL3" */
	char *text;
};

/* Ask the Scheme rule `plan-escalation` (scripts/scheme/plan-rules.scm,
 * overridable) about each current open plan with a staff worry not yet
 * shared or parent-side items overdue: it gets an alist of those facts
 * and gives a hint (string) or #f.  *HINTS gets a malloc'd array (free it
 * with plan_hints_free).  Returns the count, 0 when the rule is not
 * defined, or -1 with the error reported on CTX. */
int plan_escalations(struct tsu_ctx *ctx, const char *today,
		     struct plan_hint **hints);
void plan_hints_free(struct plan_hint *hints, int n);

/* Room for the basis of a suggested review and for its words. */
#define PLAN_BASIS_LEN 32
#define PLAN_LABEL_LEN 128

/* The next review of a plan made or reviewed on TODAY, from the Scheme
 * rule `plan-next-review` (the family's open pregnancy's DUE_DATE and its
 * youngest child's BIRTH_DATE, either may be NULL): the date in OUT, its
 * basis ("before-birth", "interval"...) in BASIS and the words for it in
 * LABEL.  0 or -1 (reported). */
int plan_next_review(struct tsu_ctx *ctx, const char *today,
		     const char *due_date, const char *birth_date,
		     char out[TSU_DATE_LEN], char basis[PLAN_BASIS_LEN],
		     char label[PLAN_LABEL_LEN]);

/* The print word KEY from `plan-print-words` in Scheme, or DEF when it is
 * not defined there.  Malloc'd. */
char *plan_word(struct tsu_ctx *ctx, const char *key, const char *def);

/* The extra lines of `plan-print-lines` (a list of strings, or a
 * procedure of the plan id giving one).  Returns the count and a
 * malloc'd array of malloc'd strings in *LINES. */
int plan_extra_lines(struct tsu_ctx *ctx, const char *plan_id, char ***lines);

/* ISO as 和暦 ("令和8年4月1日") through Scheme's format-date; ISO
 * itself when that fails.  Malloc'd; NULL for NULL. */
char *plan_wareki(struct tsu_ctx *ctx, const char *iso);

/* ---- pdf.c ---- */

/* Write D as an A4 PDF to PATH (created mode 0600): the parent's copy
 * and the center's, each flowing onto more pages when long.  CENTER is
 * the center's name (may be empty).  Returns the number of pages, or -1
 * with *ERRMSG (malloc'd). */
int plan_pdf_write(struct tsu_ctx *ctx, const struct plan_doc *d,
		   const char *center,
		   const char *center_phone, const char *path, char **errmsg);

#endif
