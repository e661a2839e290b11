/* referral.h - what the parts of the referral plugin share: the host
 * table, typed ids, names near a misspelt one, and the records that more
 * than one command creates (referrals, designations). */
#ifndef TSU_REFERRAL_H
#define TSU_REFERRAL_H

#include <tsunagu-plugin.h>

/* The host table, valid from init to shutdown. */
extern const struct tsu_host *referral_host;

/* The designations the law knows (児童福祉法): NULL-terminated. */
extern const char *const referral_designations[];

/* Parse TEXT as PREFIX followed by a number ("rf3" for "RF"); 0 with *NUM,
 * or -1 (not reported). */
int referral_parse_id(const char *text, const char *prefix, long long *num);

/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ". */
void referral_now(char buf[32]);

/* The canonical designation named by TEXT (Japanese or an ASCII alias),
 * or NULL after reporting it with the nearest one as FIELD. */
const char *referral_designation_name(struct tsu_ctx *ctx, const char *field,
				      const char *text);

/* Write S to OUT as a JSON string (null when S is NULL). */
void referral_json_string(FILE *out, const char *s);

/* ---- agencies (agency.c) ---- */

struct agency {
	long long id;
	char name[256];
	char kind[64];
};

/* Find the agency named TEXT (its name or AG id); on failure report it,
 * naming FIELD and the nearest names, and return -1. */
int agency_lookup(struct tsu_ctx *ctx, const char *field, const char *text,
		  struct agency *out);
int agency_register(struct tsu_plugin *self);
/* Let Tab complete agency names after `refer SUBJECT`, `agency show` and
 * `--agency`.  0 or -1. */
int agency_completers_register(struct tsu_plugin *self);

/* ---- referrals (referral.c) ---- */

/* Create a referral of SUBJECT (canonical id) to AGENCY; CONSENT 1 or 0;
 * DESIGNATION may be NULL; REPLY_BY (ISO) may be NULL; CONFERENCE is the
 * conference's row id or 0.  Checks the consent rule, writes the status
 * history, the timeline, the audit trail and runs the referral hook.
 * The new row id goes to *ID.  0 or -1 (reported). */
int referral_create(struct tsu_ctx *ctx, const char *subject,
		    const struct agency *agency, const char *reason,
		    int consent, const char *designation, const char *reply_by,
		    long long conference, long long *id);

/* Run the referral hook for referral ID with EVENT. */
int referral_hook(struct tsu_ctx *ctx, long long id, const char *event);

/* ---- designations (designation.c) ---- */

/* Designate SUBJECT (canonical id) as NAME with REASON; REFERRAL and
 * CONFERENCE are the row ids it comes from (or 0).  A designation of
 * that name still active is kept.  Raises the flag NAME on the subject.
 * The row id goes to *ID.  0 or -1 (reported). */
int designation_start(struct tsu_ctx *ctx, const char *subject,
		      const char *name, const char *reason, long long referral,
		      long long conference, long long *id);
/* End designation ID with REASON (CONFERENCE: the deciding conference or
 * 0); lowers the flag.  0 or -1 (reported). */
int designation_stop(struct tsu_ctx *ctx, long long id, const char *reason,
		     long long conference);
/* 1 when SUBJECT holds an active designation, 0 when not, -1 error. */
int designation_active(struct tsu_ctx *ctx, const char *subject);
int designation_register(struct tsu_plugin *self);

/* ---- conferences (conference.c) ---- */

int conference_register(struct tsu_plugin *self);

#endif
