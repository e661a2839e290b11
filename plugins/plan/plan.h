/* plan.h - what the plan plugin's files share: the host table, a plan as
 * loaded for showing and printing, the Scheme glue and the PDF writer. */
#ifndef TSU_PLAN_H
#define TSU_PLAN_H

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

/* The print word KEY from `plan-print-words` in Scheme, or DEF when it is
 * not defined there.  Malloc'd. */
char *plan_word(const char *key, const char *def);

/* The extra lines of `plan-print-lines` (a list of strings, or a
 * procedure of the plan id giving one).  Returns the count and a
 * malloc'd array of malloc'd strings in *LINES. */
int plan_extra_lines(const char *plan_id, char ***lines);

/* ISO as 和暦 ("令和8年4月1日") through Scheme's format-date; ISO
 * itself when that fails.  Malloc'd; NULL for NULL. */
char *plan_wareki(const char *iso);

/* ---- pdf.c ---- */

/* Write D as an A4 PDF to PATH (created mode 0600): the parent's copy
 * and the center's, each flowing onto more pages when long.  CENTER is
 * the center's name (may be empty).  Returns the number of pages, or -1
 * with *ERRMSG (malloc'd). */
int plan_pdf_write(const struct plan_doc *d, const char *center,
		   const char *center_phone, const char *path, char **errmsg);

#endif
