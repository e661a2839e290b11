/* referral.c - the referral plugin: liaison with the agencies around a
 * family, and escalation to the regional council (要対協).
 *
 * This file holds the plugin's entry, its tables, the shared helpers and
 * the referrals themselves: `refer`, `referral update|list|show|history`,
 * the due provider that brings back referrals with no reply by their
 * date.  Agencies, designations and case conferences have files of their
 * own.
 *
 * Ids: AG<n> agency, RF<n> referral, DG<n> designation, CF<n> conference.
 *
 * Consent.  A referral records whether the family agreed to it.  When
 * it did not, the rule of scripts/scheme/referral.scm
 * (`referral-sharing-basis`, which cites 児童福祉法) says whether the law
 * lets the information be shared all the same, and on what basis.
 * The record keeps that basis in sharing_basis. */
#define _POSIX_C_SOURCE 200809L /* strdup, open_memstream */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h> /* strcasecmp */
#include <time.h>

#include "i18n.h"
#include "referral.h"

const struct tsu_host *referral_host;

const char *const referral_designations[] = {"特定妊婦", "要支援児童",
					     "要保護児童", NULL};

/* Days between sending a referral and the reply expected, unless the
 * referral gives --reply-by and scripts/scheme/referral.scm says
 * otherwise (`referral-reply-days`). */
#define REFERRAL_REPLY_DAYS 14
#define REFERRAL_REPLY_DAYS_MAX 365

/* ---- shared helpers ---- */

int referral_parse_id(const char *text, const char *prefix, long long *num)
{
	size_t n = strlen(prefix), i;
	long long v = 0;
	const char *p;

	if (!text)
		return -1;
	while (*text == ' ')
		text++;
	for (i = 0; i < n; i++) {
		char c = text[i];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c != prefix[i])
			return -1;
	}
	p = text + n;
	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > 100000000000LL)
			return -1;
		v = v * 10 + (*p - '0');
	}
	while (*p == ' ')
		p++;
	if (*p || v == 0)
		return -1;
	*num = v;
	return 0;
}

void referral_now(char buf[32])
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(buf, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void referral_json_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", out);
		else if (*p < 0x20)
			fprintf(out, "\\u%04x", *p);
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

/* ASCII aliases of the designations, in the order of the names. */
static const char *const referral_designation_aliases[] = {
    "tokutei-ninpu", "yoshien-jido", "yohogo-jido", NULL};

const char *referral_designation_name(struct tsu_ctx *ctx, const char *field,
				      const char *text)
{
	const char *best = NULL;
	int i, d, bestd = 1 << 30;

	for (i = 0; referral_designations[i]; i++)
		if (strcmp(text, referral_designations[i]) == 0 ||
		    strcasecmp(text, referral_designation_aliases[i]) == 0)
			return referral_designations[i];
	for (i = 0; referral_designations[i]; i++) {
		d = referral_host->edit_distance(text, referral_designations[i]);
		if (d < bestd) {
			bestd = d;
			best = referral_designations[i];
		}
		d = referral_host->edit_distance(text,
					   referral_designation_aliases[i]);
		if (d < bestd) {
			bestd = d;
			best = referral_designations[i];
		}
	}
	referral_host->error(ctx,
			     _("%s: \"%s\" is not a designation (did you mean "
			     "%s? one of 特定妊婦, 要支援児童, 要保護児童)"),
			     field, text, best);
	return NULL;
}

/* ---- referrals ---- */

static const char *const referral_statuses[] = {"proposed", "sent",
						"accepted", "declined",
						"closed", NULL};

/* The moves a referral may make. */
static const struct {
	const char *from, *to;
} referral_moves[] = {
    {"proposed", "sent"},   {"sent", "accepted"},  {"sent", "declined"},
    {"accepted", "closed"}, {"declined", "closed"},
};
#define NMOVES ((int)(sizeof(referral_moves) / sizeof(referral_moves[0])))

/* The basis in law for sharing a referral of a subject to an agency of
 * KIND without consent, from the Scheme rule referral-sharing-basis:
 * the designation asked for (may be NULL), whether a case conference
 * decided it and whether the subject is designated already.  1 with the
 * basis in *BASIS (malloc'd), 0 when the law gives none, -1 on error. */
static int referral_basis(struct tsu_ctx *ctx, const char *kind,
			  const char *designation, long long conference,
			  int designated, char **basis)
{
	const char *args[4] = {kind, designation ? designation : "",
			       conference ? "yes" : "", designated ? "yes" : ""};

	*basis = NULL;
	if (referral_host->scheme_call(ctx, "referral-sharing-basis-text", 4,
				       args, basis) < 0)
		return -1;
	if (**basis)
		return 1;
	free(*basis);
	*basis = NULL;
	return 0;
}

/* The days between sending a referral and the reply expected: the
 * Scheme setting referral-reply-days, else REFERRAL_REPLY_DAYS. */
static int referral_reply_days(struct tsu_ctx *ctx)
{
	char *text = NULL, *end;
	long days;

	if (referral_host->scheme_call(ctx, "referral-reply-days-text", 0,
				       NULL, &text) < 0) {
		referral_host->error_take(ctx);
		return REFERRAL_REPLY_DAYS;
	}
	days = strtol(text, &end, 10);
	if (end == text || *end || days < 1 || days > REFERRAL_REPLY_DAYS_MAX)
		days = REFERRAL_REPLY_DAYS;
	free(text);
	return (int)days;
}

/* Add a row to the status history of referral ID.  0 or -1. */
static int referral_history_add(struct tsu_ctx *ctx, long long id,
				const char *status, const char *note)
{
	static const char sql[] =
	    "INSERT INTO referral_status(referral_id, status, note, staff,"
	    " changed_on, changed_at) VALUES(?,?,?,?,?,?)";
	const struct tsu_host *h = referral_host;
	struct tsu_stmt *s = h->prepare(ctx, sql);
	char now[32];
	int rc;

	if (!s)
		return -1;
	referral_now(now);
	h->bind_int(s, 1, id);
	h->bind_text(s, 2, status);
	h->bind_text(s, 3, note);
	h->bind_text(s, 4, h->staff(ctx));
	h->bind_text(s, 5, h->today(ctx));
	h->bind_text(s, 6, now);
	rc = h->step(s);
	h->finalize(s);
	return rc < 0 ? -1 : 0;
}

int referral_hook(struct tsu_ctx *ctx, long long id, const char *event)
{
	static const char sql[] =
	    "SELECT r.subject, a.name, a.kind, r.reason, r.consent,"
	    " r.designation, r.status, r.reply_by, r.sharing_basis,"
	    " r.conference_id FROM referral r JOIN agency a"
	    " ON a.id = r.agency_id WHERE r.id = ?";
	const struct tsu_host *h = referral_host;
	struct tsu_stmt *s = h->prepare(ctx, sql);
	char *json = NULL, *subject = NULL, rid[TSU_ID_LEN], cf[TSU_ID_LEN];
	size_t len = 0;
	FILE *out;
	int rc;

	if (!s)
		return -1;
	h->bind_int(s, 1, id);
	if (h->step(s) != 1) {
		h->finalize(s);
		return h->error(ctx, _("RF%lld: no such referral"), id);
	}
	out = open_memstream(&json, &len);
	if (!out) {
		h->finalize(s);
		return h->error(ctx, _("out of memory"));
	}
	snprintf(rid, sizeof(rid), "RF%lld", id);
	snprintf(cf, sizeof(cf), "CF%lld", h->column_int(s, 9));
	subject = strdup(h->column_text(s, 0));
	fputs("{\"event\":", out);
	referral_json_string(out, event);
	fputs(",\"id\":", out);
	referral_json_string(out, rid);
	fputs(",\"subject\":", out);
	referral_json_string(out, subject);
	fputs(",\"agency\":", out);
	referral_json_string(out, h->column_text(s, 1));
	fputs(",\"agency_kind\":", out);
	referral_json_string(out, h->column_text(s, 2));
	fputs(",\"reason\":", out);
	referral_json_string(out, h->column_text(s, 3));
	fprintf(out, ",\"consent\":%s", h->column_int(s, 4) ? "true" : "false");
	fputs(",\"designation\":", out);
	referral_json_string(out, h->column_text(s, 5));
	fputs(",\"status\":", out);
	referral_json_string(out, h->column_text(s, 6));
	fputs(",\"reply_by\":", out);
	referral_json_string(out, h->column_text(s, 7));
	fputs(",\"sharing_basis\":", out);
	referral_json_string(out, h->column_text(s, 8));
	fputs(",\"conference\":", out);
	referral_json_string(out, h->column_text(s, 9) ? cf : NULL);
	fputc('}', out);
	fclose(out);
	h->finalize(s);
	rc = subject ? h->run_hook(ctx, "referral", subject, json) : -1;
	free(json);
	free(subject);
	return rc < 0 ? -1 : 0;
}

int referral_create(struct tsu_ctx *ctx, const char *subject,
		    const struct agency *agency, const char *reason,
		    int consent, const char *designation, const char *reply_by,
		    long long conference, long long *id)
{
	static const char sql[] =
	    "INSERT INTO referral(subject, agency_id, reason, consent,"
	    " designation, sharing_basis, status, reply_by, conference_id,"
	    " staff, created_on, created_at)"
	    " VALUES(?,?,?,?,?,?,'proposed',?,?,?,?,?)";
	const struct tsu_host *h = referral_host;
	char now[32], detail[512], summary[768], ref[TSU_ID_LEN];
	char *basis = NULL, why[384] = "";
	struct tsu_stmt *s;
	int designated = 0, rc;

	if (!consent) {
		if (conference) {
			designated = designation_active(ctx, subject);
			if (designated < 0)
				return -1;
		}
		rc = referral_basis(ctx, agency->kind, designation, conference,
				    designated, &basis);
		if (rc < 0)
			return -1;
		if (rc == 0)
			return h->error(
			    ctx,
			    _("%s to %s without consent: the law allows it only "
			    "for a designated child or expectant mother "
			    "(--designation 特定妊婦|要支援児童|要保護児童) "
			    "referred to a 要対協 agency (児童福祉法第25条の3), "
			    "or a 要保護児童 to a 児童相談所 (第25条); give "
			    "--consent yes if the family agreed"),
			    subject, agency->name);
		/* The record says why it was allowed: the basis is kept
		 * on the referral, on the timeline and in the audit. */
		snprintf(why, sizeof(why), _(" (without consent: %s)"), basis);
	}
	s = h->prepare(ctx, sql);
	if (!s) {
		free(basis);
		return -1;
	}
	referral_now(now);
	h->bind_text(s, 1, subject);
	h->bind_int(s, 2, agency->id);
	h->bind_text(s, 3, reason);
	h->bind_int(s, 4, consent);
	h->bind_text(s, 5, designation);
	h->bind_text(s, 6, basis);
	h->bind_text(s, 7, reply_by);
	if (conference)
		h->bind_int(s, 8, conference);
	else
		h->bind_null(s, 8);
	h->bind_text(s, 9, h->staff(ctx));
	h->bind_text(s, 10, h->today(ctx));
	h->bind_text(s, 11, now);
	rc = h->step(s);
	h->finalize(s);
	free(basis);
	if (rc < 0)
		return -1;
	*id = h->last_insert_id(ctx);
	snprintf(ref, sizeof(ref), "RF%lld", *id);
	snprintf(detail, sizeof(detail), "referral %s to AG%lld%s", ref,
		 agency->id, why);
	if (designation)
		snprintf(summary, sizeof(summary), "紹介 %s → %s (%s): %s%s",
			 ref, agency->name, designation, reason, why);
	else
		snprintf(summary, sizeof(summary), "紹介 %s → %s: %s%s", ref,
			 agency->name, reason, why);
	if (referral_history_add(ctx, *id, "proposed", NULL) < 0 ||
	    h->audit(ctx, "create", subject, detail) < 0 ||
	    h->event_add(ctx, subject, "referral", h->today(ctx), summary,
			 ref) < 0 ||
	    referral_hook(ctx, *id, "proposed") < 0)
		return -1;
	return 0;
}

/* Columns of a referral as `referral show` and `list` print them. */
#define REFERRAL_SELECT                                                        \
	"SELECT r.id, r.subject, a.name, a.kind, r.reason, r.consent,"        \
	" r.designation, r.sharing_basis, r.status, r.reply_by, r.sent_on,"   \
	" r.replied_on, r.conference_id, r.staff, r.created_on"              \
	" FROM referral r JOIN agency a ON a.id = r.agency_id"

static const char *const referral_keys[] = {
    "id",	  "subject",	   "agency",	"agency_kind",
    "reason",	  "consent",	   "designation", "sharing_basis",
    "status",	  "reply_by",	   "sent_on",	"replied_on",
    "conference", "staff",	   "created_on", "history"};
static const char *const referral_headings[] = {
    N_("id"),	  N_("subject"),	   N_("agency"),	N_("agency kind"),
    N_("reason"),	  N_("consent"),	   N_("designation"), N_("sharing basis"),
    N_("status"),	  N_("reply by"),	   N_("sent"),	N_("replied"),
    N_("conference"), N_("staff"),	   N_("created"),	N_("history")};

/* The status history of referral ID as one line of text (malloc'd), or
 * NULL on error. */
static char *referral_history_text(struct tsu_ctx *ctx, long long id)
{
	static const char sql[] =
	    "SELECT changed_on, status, staff, note FROM referral_status"
	    " WHERE referral_id = ? ORDER BY id";
	const struct tsu_host *h = referral_host;
	struct tsu_stmt *s = h->prepare(ctx, sql);
	char *text = NULL;
	size_t len = 0;
	FILE *out;
	int rc, n = 0;

	if (!s)
		return NULL;
	out = open_memstream(&text, &len);
	if (!out) {
		h->finalize(s);
		return NULL;
	}
	h->bind_int(s, 1, id);
	while ((rc = h->step(s)) == 1) {
		const char *note = h->column_text(s, 3);

		fprintf(out, "%s%s %s (%s)%s%s", n++ ? "; " : "",
			h->date_text(ctx, h->column_text(s, 0)),
			h->column_text(s, 1),
			h->column_text(s, 2), note ? ": " : "",
			note ? note : "");
	}
	fclose(out);
	h->finalize(s);
	if (rc < 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* Add the current row of S (REFERRAL_SELECT) to T; WITH_HISTORY adds the
 * status history, else the column stays empty.  0 or -1. */
static int referral_row(struct tsu_ctx *ctx, struct tsu_table *t,
			struct tsu_stmt *s, int with_history)
{
	const struct tsu_host *h = referral_host;
	char id[TSU_ID_LEN], cf[TSU_ID_LEN];
	char *history = NULL;

	snprintf(id, sizeof(id), "RF%lld", h->column_int(s, 0));
	snprintf(cf, sizeof(cf), "CF%lld", h->column_int(s, 12));
	if (with_history) {
		history = referral_history_text(ctx, h->column_int(s, 0));
		if (!history)
			return -1;
	}
	h->table_row(t);
	h->table_text(t, id);
	h->table_text(t, h->column_text(s, 1));
	h->table_text(t, h->column_text(s, 2));
	h->table_text(t, h->column_text(s, 3));
	h->table_text(t, h->column_text(s, 4));
	h->table_bool(t, (int)h->column_int(s, 5));
	h->table_text(t, h->column_text(s, 6));
	h->table_text(t, h->column_text(s, 7));
	h->table_text(t, h->column_text(s, 8));
	h->table_date(ctx, t, h->column_text(s, 9));
	h->table_date(ctx, t, h->column_text(s, 10));
	h->table_date(ctx, t, h->column_text(s, 11));
	h->table_text(t, h->column_text(s, 12) ? cf : NULL);
	h->table_text(t, h->column_text(s, 13));
	h->table_date(ctx, t, h->column_text(s, 14));
	h->table_text(t, history);
	free(history);
	return 0;
}

/* Print referral ID as one record, with its history; audited as a read
 * of its subject when READ is set. */
static int referral_print(struct tsu_ctx *ctx, long long id, int read)
{
	static const char sql[] = REFERRAL_SELECT " WHERE r.id = ?";
	const struct tsu_host *h = referral_host;
	struct tsu_stmt *s = h->prepare(ctx, sql);
	struct tsu_table *t;
	char detail[64];

	if (!s)
		return -1;
	h->bind_int(s, 1, id);
	if (h->step(s) != 1) {
		h->finalize(s);
		return h->error(ctx, _("RF%lld: no such referral (see referral "
				     "list)"),
				id);
	}
	if (read) {
		snprintf(detail, sizeof(detail), "referral RF%lld", id);
		if (h->audit(ctx, "read", h->column_text(s, 1), detail) < 0) {
			h->finalize(s);
			return -1;
		}
	}
	t = h->table_new(16, referral_keys, referral_headings);
	if (!t || referral_row(ctx, t, s, 1) < 0) {
		h->finalize(s);
		return h->error(ctx, _("cannot read RF%lld"), id);
	}
	h->finalize(s);
	return h->table_emit_record(ctx, t);
}

/* The row id of referral TEXT, or -1 after reporting it. */
static long long referral_id_arg(struct tsu_ctx *ctx, const char *text)
{
	static const char sql[] = "SELECT 1 FROM referral WHERE id = ?";
	const struct tsu_host *h = referral_host;
	struct tsu_stmt *s;
	long long id;
	int rc;

	if (referral_parse_id(text, "RF", &id) < 0)
		return h->error(ctx,
				_("\"%s\" is not a referral id (they look like "
				"RF3)"),
				text);
	s = h->prepare(ctx, sql);
	if (!s)
		return -1;
	h->bind_int(s, 1, id);
	rc = h->step(s);
	h->finalize(s);
	if (rc == 0)
		return h->error(ctx, _("RF%lld: no such referral (see referral "
				     "list)"),
				id);
	return rc < 0 ? -1 : id;
}

/* refer SUBJECT-ID AGENCY --reason T [--consent yes|no]
 *       [--designation D] [--reply-by D] */
static int referral_refer(struct tsu_ctx *ctx, int argc, char **argv,
			  void *data)
{
	static const struct tsu_opt opts[] = {
	    {"--reason", TSU_OPT_VALUE},
	    {"--consent", TSU_OPT_VALUE},
	    {"--designation", TSU_OPT_VALUE},
	    {"--reply-by", TSU_OPT_VALUE},
	};
	const struct tsu_host *h = referral_host;
	const char *designation = NULL, *consent_text, *reply = NULL;
	char subject[TSU_ID_LEN], reply_by[TSU_DATE_LEN];
	struct tsu_args a;
	struct agency agency;
	long long id;
	int consent;

	if (h->parse_options(ctx, argc, argv, opts, 4, &a) < 0)
		return -1;
	if (a.npos != 2)
		return h->error(ctx, _("usage: refer SUBJECT-ID AGENCY --reason "
				     "T [--consent yes|no] [--designation D] "
				     "[--reply-by D]"));
	if (!a.value[0] || !*a.value[0])
		return h->error(ctx, _("--reason is missing: say why %s is "
				     "referred"),
				a.pos[0]);
	if (h->resolve(ctx, a.pos[0], NULL, subject) < 0 ||
	    agency_lookup(ctx, "AGENCY", a.pos[1], &agency) < 0)
		return -1;
	consent_text = a.value[1];
	if (!consent_text || strcmp(consent_text, "no") == 0)
		consent = 0;
	else if (strcmp(consent_text, "yes") == 0)
		consent = 1;
	else
		return h->error(ctx,
				_("--consent: \"%s\" is not yes or no (did you "
				"mean %s?)"),
				consent_text,
				strchr("yY", consent_text[0]) ? "yes" : "no");
	if (a.value[2]) {
		designation = referral_designation_name(ctx, "--designation",
							a.value[2]);
		if (!designation)
			return -1;
	}
	if (a.value[3]) {
		if (h->parse_date(ctx, "--reply-by", a.value[3], reply_by) < 0)
			return -1;
		if (strcmp(reply_by, h->today(ctx)) < 0)
			return h->error(ctx,
					_("--reply-by: %s is before today (%s)"),
					reply_by, h->today(ctx));
		reply = reply_by;
	}
	if (referral_create(ctx, subject, &agency, a.value[0], consent,
			    designation, reply, 0, &id) < 0)
		return -1;
	return referral_print(ctx, id, 0);
}

/* The status of the list nearest to TEXT. */
static const char *referral_status_nearest(const char *text)
{
	const char *best = referral_statuses[0];
	int i, d, bestd = 1 << 30;

	for (i = 0; referral_statuses[i]; i++) {
		d = referral_host->edit_distance(text, referral_statuses[i]);
		if (d < bestd) {
			bestd = d;
			best = referral_statuses[i];
		}
	}
	return best;
}

/* Refuse moving referral RID from FROM to TO unless it is allowed, naming
 * the moves that are.  0 or -1. */
static int referral_move_check(struct tsu_ctx *ctx, const char *rid,
			       const char *from, const char *to)
{
	char allowed[128] = "";
	int i;

	for (i = 0; i < NMOVES; i++) {
		if (strcmp(referral_moves[i].from, from) != 0)
			continue;
		if (strcmp(referral_moves[i].to, to) == 0)
			return 0;
		if (*allowed)
			strcat(allowed, " or ");
		strcat(allowed, referral_moves[i].to);
	}
	if (!*allowed)
		return referral_host->error(
		    ctx, _("%s is %s; nothing follows %s"), rid, from, from);
	return referral_host->error(ctx,
				    _("%s is %s; it can go to %s, not %s "
				    "(proposed -> sent -> accepted | "
				    "declined -> closed)"),
				    rid, from, allowed, to);
}

/* referral update REF-ID --status S [--note T] */
static int referral_update(struct tsu_ctx *ctx, struct tsu_args *a)
{
	static const char get_sql[] =
	    "SELECT r.status, r.subject, r.reply_by, r.designation, a.name,"
	    " r.reason FROM referral r JOIN agency a ON a.id = r.agency_id"
	    " WHERE r.id = ?";
	static const char sent_sql[] =
	    "UPDATE referral SET status = 'sent', sent_on = ?,"
	    " reply_by = COALESCE(reply_by, ?) WHERE id = ?";
	static const char reply_sql[] =
	    "UPDATE referral SET status = ?, replied_on = ? WHERE id = ?";
	static const char status_sql[] =
	    "UPDATE referral SET status = ? WHERE id = ?";
	const struct tsu_host *h = referral_host;
	const char *to = a->value[1], *note = a->value[2];
	char from[16], subject[TSU_ID_LEN], rid[TSU_ID_LEN];
	char designation[64] = "", agency[256], reason[512];
	char reply[TSU_DATE_LEN], detail[128], summary[768];
	struct tsu_stmt *s;
	long long id, dg;
	int i, rc;

	if (a->npos != 2 || !to)
		return h->error(ctx, _("usage: referral update REF-ID --status "
				     "sent|accepted|declined|closed "
				     "[--note T]"));
	for (i = 0; referral_statuses[i]; i++)
		if (strcmp(to, referral_statuses[i]) == 0)
			break;
	if (!referral_statuses[i] || i == 0)
		return h->error(ctx,
				_("--status: \"%s\" is not sent, accepted, "
				"declined or closed (did you mean %s?)"),
				to, referral_status_nearest(to));
	id = referral_id_arg(ctx, a->pos[1]);
	if (id < 0)
		return -1;
	snprintf(rid, sizeof(rid), "RF%lld", id);
	s = h->prepare(ctx, get_sql);
	if (!s)
		return -1;
	h->bind_int(s, 1, id);
	if (h->step(s) != 1) {
		h->finalize(s);
		return h->error(ctx, _("cannot read %s"), rid);
	}
	snprintf(from, sizeof(from), "%s", h->column_text(s, 0));
	snprintf(subject, sizeof(subject), "%s", h->column_text(s, 1));
	if (h->column_text(s, 3))
		snprintf(designation, sizeof(designation), "%s",
			 h->column_text(s, 3));
	snprintf(agency, sizeof(agency), "%s", h->column_text(s, 4));
	snprintf(reason, sizeof(reason), "%s", h->column_text(s, 5));
	h->finalize(s);
	if (referral_move_check(ctx, rid, from, to) < 0)
		return -1;

	if (strcmp(to, "sent") == 0) {
		int days = referral_reply_days(ctx);

		if (h->date_add(h->today(ctx), days, reply) < 0)
			return h->error(ctx, _("cannot add %d days to %s"),
					days, h->today(ctx));
		s = h->prepare(ctx, sent_sql);
		if (!s)
			return -1;
		h->bind_text(s, 1, h->today(ctx));
		h->bind_text(s, 2, reply);
		h->bind_int(s, 3, id);
	} else if (strcmp(to, "closed") != 0) {
		s = h->prepare(ctx, reply_sql);
		if (!s)
			return -1;
		h->bind_text(s, 1, to);
		h->bind_text(s, 2, h->today(ctx));
		h->bind_int(s, 3, id);
	} else {
		s = h->prepare(ctx, status_sql);
		if (!s)
			return -1;
		h->bind_text(s, 1, to);
		h->bind_int(s, 2, id);
	}
	rc = h->step(s);
	h->finalize(s);
	if (rc < 0)
		return -1;
	snprintf(detail, sizeof(detail), "referral %s %s -> %s", rid, from,
		 to);
	snprintf(summary, sizeof(summary), "紹介 %s → %s: %s%s%s", rid,
		 agency, to, note ? ": " : "", note ? note : "");
	if (referral_history_add(ctx, id, to, note) < 0 ||
	    h->audit(ctx, "change", subject, detail) < 0 ||
	    h->event_add(ctx, subject, "referral", h->today(ctx), summary,
			 rid) < 0)
		return -1;
	if (strcmp(to, "accepted") == 0 && *designation) {
		snprintf(summary, sizeof(summary), "%s accepted by %.200s: %.300s",
			 rid, agency, reason);
		if (designation_start(ctx, subject, designation, summary, id,
				      0, &dg) < 0)
			return -1;
	}
	if (referral_hook(ctx, id, to) < 0)
		return -1;
	return referral_print(ctx, id, 0);
}

/* referral list [--open] [--agency A] [--subject ID] */
static int referral_list(struct tsu_ctx *ctx, struct tsu_args *a)
{
	static const char sql[] = REFERRAL_SELECT
	    " WHERE (?1 = 0 OR r.status <> 'closed')"
	    " AND (?2 IS NULL OR r.agency_id = ?2)"
	    " AND (?3 IS NULL OR r.subject = ?3) ORDER BY r.id";
	const struct tsu_host *h = referral_host;
	char subject[TSU_ID_LEN], detail[64];
	struct tsu_table *t;
	struct tsu_stmt *s;
	struct agency agency;
	int rc;

	if (a->npos != 1)
		return h->error(ctx, _("usage: referral list [--open] [--agency "
				     "A] [--subject ID]"));
	if (a->value[3] &&
	    agency_lookup(ctx, "--agency", a->value[3], &agency) < 0)
		return -1;
	if (a->value[4] && h->resolve(ctx, a->value[4], NULL, subject) < 0)
		return -1;
	s = h->prepare(ctx, sql);
	if (!s)
		return -1;
	h->bind_int(s, 1, a->value[0] != NULL);
	if (a->value[3])
		h->bind_int(s, 2, agency.id);
	else
		h->bind_null(s, 2);
	h->bind_text(s, 3, a->value[4] ? subject : NULL);
	t = h->table_new(15, referral_keys, referral_headings);
	if (!t) {
		h->finalize(s);
		return h->error(ctx, _("out of memory"));
	}
	while ((rc = h->step(s)) == 1) {
		snprintf(detail, sizeof(detail), "referral list RF%lld",
			 h->column_int(s, 0));
		if (h->audit(ctx, "read", h->column_text(s, 1), detail) < 0 ||
		    referral_row(ctx, t, s, 0) < 0) {
			rc = -1;
			break;
		}
	}
	h->finalize(s);
	if (rc < 0) {
		h->table_emit(ctx, t);
		return -1;
	}
	return h->table_emit(ctx, t);
}

/* referral history REF-ID: every change of status, with who and when. */
static int referral_history(struct tsu_ctx *ctx, struct tsu_args *a)
{
	static const char sql[] =
	    "SELECT s.id, s.changed_on, s.status, s.staff, s.note,"
	    " s.changed_at, r.subject FROM referral_status s"
	    " JOIN referral r ON r.id = s.referral_id"
	    " WHERE s.referral_id = ? ORDER BY s.id";
	static const char *const keys[] = {"id",    "referral", "date",
					   "status", "staff",   "note",
					   "changed_at"};
	static const char *const headings[] = {N_("#"),	N_("referral"), N_("date"),
					       N_("status"), N_("staff"),   N_("note"),
					       N_("recorded")};
	const struct tsu_host *h = referral_host;
	char rid[TSU_ID_LEN], detail[64];
	struct tsu_table *t;
	struct tsu_stmt *s;
	long long id;
	int rc, n = 0;

	if (a->npos != 2)
		return h->error(ctx, _("usage: referral history REF-ID"));
	id = referral_id_arg(ctx, a->pos[1]);
	if (id < 0)
		return -1;
	snprintf(rid, sizeof(rid), "RF%lld", id);
	s = h->prepare(ctx, sql);
	if (!s)
		return -1;
	h->bind_int(s, 1, id);
	t = h->table_new(7, keys, headings);
	while ((rc = h->step(s)) == 1) {
		if (n++ == 0) {
			snprintf(detail, sizeof(detail), "referral history %s",
				 rid);
			if (h->audit(ctx, "read", h->column_text(s, 6),
				     detail) < 0) {
				rc = -1;
				break;
			}
		}
		h->table_row(t);
		h->table_int(t, h->column_int(s, 0));
		h->table_text(t, rid);
		h->table_date(ctx, t, h->column_text(s, 1));
		h->table_text(t, h->column_text(s, 2));
		h->table_text(t, h->column_text(s, 3));
		h->table_text(t, h->column_text(s, 4));
		h->table_date(ctx, t, h->column_text(s, 5));
	}
	h->finalize(s);
	if (rc < 0) {
		h->table_emit(ctx, t);
		return -1;
	}
	return h->table_emit(ctx, t);
}

/* referral update|list|show|history ... */
static int referral_command(struct tsu_ctx *ctx, int argc, char **argv,
			    void *data)
{
	static const struct tsu_opt opts[] = {
	    {"--open", TSU_OPT_FLAG},	{"--status", TSU_OPT_VALUE},
	    {"--note", TSU_OPT_VALUE},	{"--agency", TSU_OPT_VALUE},
	    {"--subject", TSU_OPT_VALUE},
	};
	static const char *const subs[] = {"update", "list", "show",
					   "history", NULL};
	const struct tsu_host *h = referral_host;
	const char *best = subs[0];
	struct tsu_args a;
	long long id;
	int i, d, bestd = 1 << 30;

	if (h->parse_options(ctx, argc, argv, opts, 5, &a) < 0)
		return -1;
	if (a.npos == 0)
		return h->error(ctx, _("usage: referral update|list|show|history "
				     "... (see help referrals)"));
	if (strcmp(a.pos[0], "update") == 0) {
		if (!h->allowed(ctx, TSU_PERM_CASEWORK))
			return h->error(ctx,
					_("%s may not update referrals (needs "
					"casework: nurse or admin)"),
					h->staff(ctx));
		return referral_update(ctx, &a);
	}
	if (a.value[1] || a.value[2])
		return h->error(ctx, _("--status and --note go with referral "
				     "update"));
	if (strcmp(a.pos[0], "list") == 0)
		return referral_list(ctx, &a);
	if (strcmp(a.pos[0], "history") == 0)
		return referral_history(ctx, &a);
	if (strcmp(a.pos[0], "show") == 0) {
		if (a.npos != 2)
			return h->error(ctx, _("usage: referral show REF-ID"));
		id = referral_id_arg(ctx, a.pos[1]);
		return id < 0 ? -1 : referral_print(ctx, id, 1);
	}
	for (i = 0; subs[i]; i++) {
		d = referral_host->edit_distance(a.pos[0], subs[i]);
		if (d < bestd) {
			bestd = d;
			best = subs[i];
		}
	}
	return h->error(ctx, _("\"%s\" is not a sub-command (did you mean %s? "
			     "update, list, show or history)"),
			a.pos[0], best);
}

/* ---- the due list ---- */

/* Referrals proposed or sent whose reply is expected by UNTIL. */
static int referral_due(struct tsu_ctx *ctx, const char *until,
			int (*emit)(struct tsu_ctx *ctx,
				    const struct tsu_due_item *item),
			void *data)
{
	static const char sql[] =
	    "SELECT r.id, r.subject, a.name, r.reply_by, r.status,"
	    " COALESCE((SELECT f.contact_staff FROM family f"
	    "           WHERE 'F' || f.id = r.subject),"
	    "          (SELECT f.contact_staff FROM member m"
	    "           JOIN family f ON f.id = m.family_id"
	    "           WHERE 'P' || m.person_id = r.subject"
	    "           ORDER BY m.family_id LIMIT 1))"
	    " FROM referral r JOIN agency a ON a.id = r.agency_id"
	    " WHERE r.status IN ('proposed', 'sent')"
	    " AND r.reply_by IS NOT NULL AND r.reply_by <= ?"
	    " ORDER BY r.reply_by, r.id";
	const struct tsu_host *h = referral_host;
	struct tsu_stmt *s = h->prepare(ctx, sql);
	char label[512], note[64];
	int rc;

	if (!s)
		return -1;
	h->bind_text(s, 1, until);
	while ((rc = h->step(s)) == 1) {
		struct tsu_due_item item;
		int sent = strcmp(h->column_text(s, 4), "sent") == 0;

		snprintf(label, sizeof(label),
			 sent ? "紹介の返事待ち RF%lld → %s"
			      : "紹介が未送付 RF%lld → %s",
			 h->column_int(s, 0), h->column_text(s, 2));
		snprintf(note, sizeof(note), "RF%lld %s", h->column_int(s, 0),
			 h->column_text(s, 4));
		item.subject = h->column_text(s, 1);
		item.milestone = "referral-reply";
		item.label = label;
		item.kind = "referral";
		item.due_on = h->column_text(s, 3);
		item.staff = h->column_text(s, 5);
		item.note = note;
		if (emit(ctx, &item) < 0) {
			rc = -1;
			break;
		}
	}
	h->finalize(s);
	return rc < 0 ? -1 : 0;
}

/* ---- registration ---- */

/* Step i takes the plugin's tables from version i to i + 1. */
static const char *const referral_schema[] = {
    "CREATE TABLE agency("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL UNIQUE,"
    "  kind TEXT NOT NULL,"
    "  phone TEXT,"
    "  contact TEXT,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL);"
    "CREATE TABLE referral("
    "  id INTEGER PRIMARY KEY,"
    "  subject TEXT NOT NULL,"
    "  agency_id INTEGER NOT NULL REFERENCES agency(id),"
    "  reason TEXT NOT NULL,"
    "  consent INTEGER NOT NULL CHECK (consent IN (0, 1)),"
    "  designation TEXT,"
    "  sharing_basis TEXT,"
    "  status TEXT NOT NULL CHECK (status IN"
    "    ('proposed', 'sent', 'accepted', 'declined', 'closed')),"
    "  reply_by TEXT,"
    "  sent_on TEXT,"
    "  replied_on TEXT,"
    "  conference_id INTEGER,"
    "  staff TEXT,"
    "  created_on TEXT NOT NULL,"
    "  created_at TEXT NOT NULL,"
    "  CHECK (consent = 1 OR sharing_basis IS NOT NULL));"
    "CREATE INDEX referral_subject ON referral(subject);"
    "CREATE INDEX referral_open ON referral(status, reply_by);"
    "CREATE TABLE referral_status("
    "  id INTEGER PRIMARY KEY,"
    "  referral_id INTEGER NOT NULL REFERENCES referral(id),"
    "  status TEXT NOT NULL,"
    "  note TEXT,"
    "  staff TEXT,"
    "  changed_on TEXT NOT NULL,"
    "  changed_at TEXT NOT NULL);"
    "CREATE INDEX referral_status_referral ON referral_status(referral_id);"
    "CREATE TABLE designation("
    "  id INTEGER PRIMARY KEY,"
    "  subject TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  reason TEXT,"
    "  since TEXT NOT NULL,"
    "  ended_on TEXT,"
    "  end_reason TEXT,"
    "  referral_id INTEGER REFERENCES referral(id),"
    "  conference_id INTEGER,"
    "  end_conference_id INTEGER,"
    "  staff TEXT,"
    "  ended_by TEXT,"
    "  created_at TEXT NOT NULL);"
    "CREATE INDEX designation_subject ON designation(subject);"
    "CREATE TABLE conference("
    "  id INTEGER PRIMARY KEY,"
    "  held_on TEXT NOT NULL,"
    "  next_on TEXT,"
    "  staff TEXT,"
    "  created_at TEXT NOT NULL);"
    "CREATE TABLE conference_subject("
    "  conference_id INTEGER NOT NULL REFERENCES conference(id),"
    "  subject TEXT NOT NULL,"
    "  PRIMARY KEY (conference_id, subject));"
    "CREATE TABLE conference_attendee("
    "  id INTEGER PRIMARY KEY,"
    "  conference_id INTEGER NOT NULL REFERENCES conference(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('staff', 'agency')),"
    "  ref TEXT NOT NULL,"
    "  name TEXT NOT NULL);"
    "CREATE TABLE conference_decision("
    "  id INTEGER PRIMARY KEY,"
    "  conference_id INTEGER NOT NULL REFERENCES conference(id),"
    "  text TEXT NOT NULL);",
};

static const char referral_summary[] =
    N_("referrals to agencies and the regional council, with their replies");

static const char referral_help[] =
    N_("Referrals record the center's liaison with health, medical, welfare\n"
    "and education agencies: who was referred where, why, with or without\n"
    "consent, and what became of it.  When worries cannot be shared with a\n"
    "family or support is not taken up, the case is considered for the\n"
    "regional council for children requiring aid (要保護児童対策地域協議会,\n"
    "要対協) with a designation: 特定妊婦 (specified expectant mother),\n"
    "要支援児童 (child requiring support) or 要保護児童 (child requiring\n"
    "protection).\n"
    "\n"
    "A referral moves through proposed -> sent -> accepted or declined ->\n"
    "closed; every change is kept with who and when.  One that has no reply\n"
    "by its expected date (--reply-by, else the day it is sent plus\n"
    "(referral-reply-days), 14 unless a script says otherwise) appears in\n"
    "`due`, so that nobody falls between services.\n"
    "\n"
    "Consent is recorded on each referral.  Without it (--consent no, or no\n"
    "--consent at all) a referral is accepted only where 児童福祉法 allows\n"
    "sharing without consent: to a 要対協 agency for a subject designated\n"
    "特定妊婦, 要支援児童 or 要保護児童 (第25条の3), to a 児童相談所 for a\n"
    "要保護児童 (通告, 第25条), or by decision of a case conference for a\n"
    "subject already designated.  The record names that basis.\n"
    "\n"
    "Its commands:\n"
    "  agency add NAME --kind K [--phone P] [--contact PERSON]\n"
    "      K: 要対協, 児童相談所, 医療機関, 保育所・幼稚園,\n"
    "      子ども家庭総合支援拠点 or other.\n"
    "  agency list | show AGENCY | edit AGENCY [--kind] [--phone] "
    "[--contact]\n"
    "  refer SUBJECT-ID AGENCY --reason T [--consent yes|no]\n"
    "        [--designation D] [--reply-by D]\n"
    "  referral update REF-ID --status S [--note T]\n"
    "  referral list [--open] [--agency A] [--subject ID]\n"
    "  referral show REF-ID | history REF-ID\n"
    "  designation list [--active] [--subject ID]\n"
    "  designation end DG-ID --reason T\n"
    "  conference new --date D --subject ID... --attendee A... ...\n"
    "  conference show CF-ID | list\n"
    "\n"
    "Each referral and change of status is an event on the subject's\n"
    "timeline and runs referral-hook with the event (proposed, sent,\n"
    "accepted, declined, closed) and the referral as an alist.  A\n"
    "designation raises a flag of its name on the subject, shown by\n"
    "`show` and `flags`.\n"
    "\n"
    "Changes need the CASEWORK permission (nurse, admin); viewing needs "
    "READ.");

static const struct tsu_command_spec referral_refer_spec = {
    .name = "refer",
    .topic = "refer",
    .summary = N_("refer a person or family to an agency"),
    .usage = N_("refer SUBJECT-ID AGENCY --reason T [--consent yes|no] "
	     "[--designation 特定妊婦|要支援児童|要保護児童] [--reply-by D]"),
    .help = N_("Records a referral of SUBJECT-ID (a person or family) to\n"
	    "AGENCY (its name or AG id), with status proposed, and prints it.\n"
	    "--consent yes says the family agreed; without it a referral\n"
	    "needs a designation and an agency the law lets information go\n"
	    "to without consent (see help referrals).  --reply-by is the date\n"
	    "a reply is expected; otherwise it is set when the referral is\n"
	    "sent.\n"
	    "\n"
	    "Example:\n"
	    "  refer P3 \"○○市要対協\" --reason \"支援を拒否\" --consent no \\\n"
	    "        --designation 特定妊婦\n"
	    "\n"
	    "See also: referral, agency, designation, due"),
    .words = "--reason= --consent=yes|no "
	     "--designation=特定妊婦|要支援児童|要保護児童 --reply-by=",
    .perm = TSU_PERM_CASEWORK,
    .flags = 0,
    .fn = referral_refer,
};

static const struct tsu_command_spec referral_spec = {
    .name = "referral",
    .topic = "refer",
    .summary = N_("follow referrals: update their status, list, show"),
    .usage = N_("referral update REF-ID --status sent|accepted|declined|closed "
	     "[--note T]\n"
	     "referral list [--open] [--agency A] [--subject ID]\n"
	     "referral show REF-ID\n"
	     "referral history REF-ID"),
    .help = N_("update moves a referral on: proposed -> sent -> accepted or\n"
	    "declined -> closed (accepted and declined both close).  Any\n"
	    "other move is refused.  Sending sets the reply date unless the\n"
	    "referral has one; a referral accepted with a designation\n"
	    "designates its subject.  list shows every referral, --open\n"
	    "those not closed; show prints one with its history; history\n"
	    "lists each change with who and when.\n"
	    "\n"
	    "Example:\n"
	    "  referral update RF2 --status sent --note \"FAX送付\"\n"
	    "\n"
	    "See also: refer, agency, due, help referrals"),
    .words = "update list show history "
	     "--status=sent|accepted|declined|closed --note= --open --agency= "
	     "--subject=",
    .perm = TSU_PERM_READ,
    .flags = 0,
    .fn = referral_command,
};

/* Tab after due --kind: the kind of this plugin's entries. */
static int referral_due_kind(struct tsu_ctx *ctx, const char *prefix,
			     void (*add)(struct tsu_ctx *ctx, const char *word),
			     void *data)
{
	(void)data;
	if (strncmp("referral", prefix, strlen(prefix)) == 0)
		add(ctx, "referral");
	return 0;
}

/* Register everything.  On failure the host releases what was already
 * registered. */
static int referral_init(const struct tsu_host *host, struct tsu_plugin *self,
			 char **errmsg)
{
	referral_host = host;
	if (host->register_schema(self, referral_schema,
				  (int)(sizeof(referral_schema) /
					sizeof(referral_schema[0]))) < 0) {
		*errmsg = strdup(_("cannot declare the referral tables"));
		return -1;
	}
	if (host->register_command(self, &referral_refer_spec, NULL, NULL) <
		0 ||
	    host->register_command(self, &referral_spec, NULL, NULL) < 0 ||
	    agency_register(self) < 0 || designation_register(self) < 0 ||
	    conference_register(self) < 0) {
		*errmsg = strdup(_("cannot register the referral commands"));
		return -1;
	}
	if (host->register_due(self, "referral", referral_due, NULL, NULL) <
		0 ||
	    host->register_completer(self, "due", "--kind", referral_due_kind,
				     NULL, NULL) < 0) {
		*errmsg = strdup(_("cannot register the referral due provider"));
		return -1;
	}
	/* flag_clear is the newest entry the plugin uses. */
	if (!TSU_HOST_HAS(host, flag_clear) ||
	    agency_completers_register(self) < 0) {
		*errmsg = strdup(_("cannot register the agency completers"));
		return -1;
	}
	if (host->register_topic(self, "referrals", referral_summary,
				 referral_help) < 0) {
		*errmsg = strdup(_("help topic \"referrals\" is already taken"));
		return -1;
	}
	return 0;
}

static void referral_shutdown(struct tsu_plugin *self)
{
	referral_host = NULL;
}

static const struct tsu_plugin_info referral_info = {
    .abi_major = TSU_PLUGIN_ABI_MAJOR,
    .abi_minor = TSU_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(struct tsu_plugin_info),
    .name = "referral",
    .version = "0.2.0",
    .description = "referrals to agencies and the regional council",
    .init = referral_init,
    .shutdown = referral_shutdown,
};

TSU_PLUGIN_DEFINE(referral_info)
