/* designation.c - 要対協 designations (特定妊婦, 要支援児童, 要保護児童)
 * of a person or family: started when a referral carrying one is
 * accepted or a case conference decides it, ended with a reason, and kept
 * with their history.  While active, a designation is also a flag of its
 * name on the subject, which is how `show`, `find` and `flags` see it. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "referral.h"

int designation_active(struct tsu_ctx *ctx, const char *subject)
{
	static const char sql[] = "SELECT 1 FROM designation"
				  " WHERE subject = ? AND ended_on IS NULL";
	const struct tsu_host *h = referral_host;
	struct tsu_stmt *s = h->prepare(ctx, sql);
	int rc;

	if (!s)
		return -1;
	h->bind_text(s, 1, subject);
	rc = h->step(s);
	h->finalize(s);
	return rc;
}

int designation_start(struct tsu_ctx *ctx, const char *subject,
		      const char *name, const char *reason, long long referral,
		      long long conference, long long *id)
{
	static const char find_sql[] =
	    "SELECT id FROM designation WHERE subject = ? AND name = ?"
	    " AND ended_on IS NULL";
	static const char sql[] =
	    "INSERT INTO designation(subject, name, reason, since, referral_id,"
	    " conference_id, staff, created_at) VALUES(?,?,?,?,?,?,?,?)";
	const struct tsu_host *h = referral_host;
	char now[32], ref[TSU_ID_LEN], detail[128], summary[768];
	struct tsu_stmt *s = h->prepare(ctx, find_sql);
	int rc;

	if (!s)
		return -1;
	h->bind_text(s, 1, subject);
	h->bind_text(s, 2, name);
	rc = h->step(s);
	if (rc == 1)
		*id = h->column_int(s, 0);
	h->finalize(s);
	if (rc != 0)
		return rc == 1 ? 0 : -1;
	s = h->prepare(ctx, sql);
	if (!s)
		return -1;
	referral_now(now);
	h->bind_text(s, 1, subject);
	h->bind_text(s, 2, name);
	h->bind_text(s, 3, reason);
	h->bind_text(s, 4, h->today(ctx));
	if (referral)
		h->bind_int(s, 5, referral);
	else
		h->bind_null(s, 5);
	if (conference)
		h->bind_int(s, 6, conference);
	else
		h->bind_null(s, 6);
	h->bind_text(s, 7, h->staff(ctx));
	h->bind_text(s, 8, now);
	rc = h->step(s);
	h->finalize(s);
	if (rc < 0)
		return -1;
	*id = h->last_insert_id(ctx);
	snprintf(ref, sizeof(ref), "DG%lld", *id);
	snprintf(detail, sizeof(detail), "designation %s %s", ref, name);
	snprintf(summary, sizeof(summary), "指定 %s %s: %s", ref, name,
		 reason ? reason : "");
	if (h->audit(ctx, "create", subject, detail) < 0 ||
	    h->flag_set(ctx, subject, name, reason) < 0 ||
	    h->event_add(ctx, subject, "designation", h->today(ctx), summary,
			 ref) < 0)
		return -1;
	return 0;
}

int designation_stop(struct tsu_ctx *ctx, long long id, const char *reason,
		     long long conference)
{
	static const char get_sql[] =
	    "SELECT subject, name, ended_on FROM designation WHERE id = ?";
	static const char end_sql[] =
	    "UPDATE designation SET ended_on = ?, end_reason = ?,"
	    " ended_by = ?, end_conference_id = ? WHERE id = ?";
	const struct tsu_host *h = referral_host;
	char subject[TSU_ID_LEN], name[64], ref[TSU_ID_LEN];
	char detail[256], summary[768];
	struct tsu_stmt *s = h->prepare(ctx, get_sql);
	int rc;

	if (!s)
		return -1;
	snprintf(ref, sizeof(ref), "DG%lld", id);
	h->bind_int(s, 1, id);
	rc = h->step(s);
	if (rc == 1) {
		snprintf(subject, sizeof(subject), "%s", h->column_text(s, 0));
		snprintf(name, sizeof(name), "%s", h->column_text(s, 1));
		if (h->column_text(s, 2)) {
			h->error(ctx, _("%s (%s %s) ended on %s already"), ref,
				 subject, name, h->column_text(s, 2));
			rc = -1;
		}
	} else if (rc == 0) {
		h->error(ctx, _("%s: no such designation (see designation list)"),
			 ref);
		rc = -1;
	}
	h->finalize(s);
	if (rc < 0)
		return -1;

	s = h->prepare(ctx, end_sql);
	if (!s)
		return -1;
	h->bind_text(s, 1, h->today(ctx));
	h->bind_text(s, 2, reason);
	h->bind_text(s, 3, h->staff(ctx));
	if (conference)
		h->bind_int(s, 4, conference);
	else
		h->bind_null(s, 4);
	h->bind_int(s, 5, id);
	rc = h->step(s);
	h->finalize(s);
	if (rc < 0)
		return -1;
	/* The flag the designation raised is lowered as `flag --clear`
	 * does (the row kept with the day it was cleared), unless staff
	 * lowered it already. */
	if (h->flag_clear(ctx, subject, name, reason) < 0)
		return -1;
	snprintf(detail, sizeof(detail),
		 "designation %s %s ended; flag %s cleared", ref, name, name);
	snprintf(summary, sizeof(summary), "指定終了 %s %s: %s", ref, name,
		 reason);
	if (h->audit(ctx, "change", subject, detail) < 0 ||
	    h->event_add(ctx, subject, "designation", h->today(ctx), summary,
			 ref) < 0)
		return -1;
	return 0;
}

/* designation list [--active] [--subject ID] */
static int designation_list(struct tsu_ctx *ctx, struct tsu_args *a)
{
	static const char sql[] =
	    "SELECT id, subject, name, since, reason, referral_id,"
	    " conference_id, staff, ended_on, end_reason, ended_by,"
	    " end_conference_id FROM designation"
	    " WHERE (?1 = 0 OR ended_on IS NULL)"
	    " AND (?2 IS NULL OR subject = ?2) ORDER BY id";
	static const char *const keys[] = {
	    "id",	  "subject",	  "designation", "since",
	    "reason",	  "referral",	  "conference",	 "staff",
	    "ended_on",	  "end_reason",	  "ended_by",	 "end_conference",
	    "active"};
	static const char *const headings[] = {
	    N_("id"),	N_("subject"),    N_("designation"), N_("since"),
	    N_("reason"),	N_("referral"),   N_("conference"),  N_("staff"),
	    N_("ended"),	N_("end reason"), N_("ended by"),    N_("end conference"),
	    N_("active")};
	const struct tsu_host *h = referral_host;
	char subject[TSU_ID_LEN], buf[TSU_ID_LEN], detail[64];
	struct tsu_table *t;
	struct tsu_stmt *s;
	int rc;

	if (a->npos != 1)
		return h->error(ctx, _("usage: designation list [--active] "
				     "[--subject ID]"));
	if (a->value[2] && h->resolve(ctx, a->value[2], NULL, subject) < 0)
		return -1;
	s = h->prepare(ctx, sql);
	if (!s)
		return -1;
	h->bind_int(s, 1, a->value[0] != NULL);
	h->bind_text(s, 2, a->value[2] ? subject : NULL);
	t = h->table_new(13, keys, headings);
	while ((rc = h->step(s)) == 1) {
		snprintf(detail, sizeof(detail), "designation DG%lld",
			 h->column_int(s, 0));
		if (h->audit(ctx, "read", h->column_text(s, 1), detail) < 0) {
			rc = -1;
			break;
		}
		h->table_row(t);
		snprintf(buf, sizeof(buf), "DG%lld", h->column_int(s, 0));
		h->table_text(t, buf);
		h->table_text(t, h->column_text(s, 1));
		h->table_text(t, h->column_text(s, 2));
		h->table_date(ctx, t, h->column_text(s, 3));
		h->table_text(t, h->column_text(s, 4));
		snprintf(buf, sizeof(buf), "RF%lld", h->column_int(s, 5));
		h->table_text(t, h->column_text(s, 5) ? buf : NULL);
		snprintf(buf, sizeof(buf), "CF%lld", h->column_int(s, 6));
		h->table_text(t, h->column_text(s, 6) ? buf : NULL);
		h->table_text(t, h->column_text(s, 7));
		h->table_date(ctx, t, h->column_text(s, 8));
		h->table_text(t, h->column_text(s, 9));
		h->table_text(t, h->column_text(s, 10));
		snprintf(buf, sizeof(buf), "CF%lld", h->column_int(s, 11));
		h->table_text(t, h->column_text(s, 11) ? buf : NULL);
		h->table_bool(t, h->column_text(s, 8) == NULL);
	}
	h->finalize(s);
	if (rc < 0) {
		h->table_emit(ctx, t);
		return -1;
	}
	return h->table_emit(ctx, t);
}

/* designation list|end ... */
static int designation_command(struct tsu_ctx *ctx, int argc, char **argv,
			       void *data)
{
	static const struct tsu_opt opts[] = {
	    {"--active", TSU_OPT_FLAG},
	    {"--reason", TSU_OPT_VALUE},
	    {"--subject", TSU_OPT_VALUE},
	};
	const struct tsu_host *h = referral_host;
	struct tsu_args a;
	long long id;

	if (h->parse_options(ctx, argc, argv, opts, 3, &a) < 0)
		return -1;
	if (a.npos >= 1 && strcmp(a.pos[0], "list") == 0)
		return designation_list(ctx, &a);
	if (a.npos >= 1 && strcmp(a.pos[0], "end") == 0) {
		if (!h->allowed(ctx, TSU_PERM_CASEWORK))
			return h->error(ctx,
					_("%s may not end designations (needs "
					"casework: nurse or admin)"),
					h->staff(ctx));
		if (a.npos != 2)
			return h->error(ctx, _("usage: designation end DG-ID "
					     "--reason T"));
		if (referral_parse_id(a.pos[1], "DG", &id) < 0)
			return h->error(ctx,
					_("\"%s\" is not a designation id (they "
					"look like DG2)"),
					a.pos[1]);
		if (!a.value[1] || !*a.value[1])
			return h->error(ctx, _("--reason is missing: say why DG%lld "
					     "ends"),
					id);
		if (designation_stop(ctx, id, a.value[1], 0) < 0)
			return -1;
		h->info(ctx, _("DG%lld ended"), id);
		a.value[0] = NULL;
		a.value[2] = NULL;
		a.npos = 1;
		return designation_list(ctx, &a);
	}
	if (a.npos == 0)
		return h->error(ctx, _("usage: designation list [--active] "
				     "[--subject ID] | designation end DG-ID "
				     "--reason T"));
	return h->error(ctx, _("\"%s\" is not a sub-command (did you mean %s? "
			     "list or end)"),
			a.pos[0],
			referral_host->edit_distance(a.pos[0], "end") <
				referral_host->edit_distance(a.pos[0], "list")
			    ? "end"
			    : "list");
}

static const struct tsu_command_spec designation_spec = {
    .name = "designation",
    .topic = "refer",
    .summary = N_("要対協 designations: 特定妊婦, 要支援児童, 要保護児童"),
    .usage = N_("designation list [--active] [--subject ID]\n"
	     "designation end DG-ID --reason T"),
    .help = N_("A designation starts when a referral made with --designation\n"
	    "is accepted, or when a case conference decides it (conference\n"
	    "new --designate P3=特定妊婦).  While active it is a flag of its\n"
	    "name on the subject, seen in show, find and flags.  list shows\n"
	    "every designation with its history (--active: those not ended);\n"
	    "end closes one with a reason and lowers the flag.\n"
	    "\n"
	    "Example:\n"
	    "  designation end DG1 --reason \"出産後、支援が定着\"\n"
	    "\n"
	    "See also: conference, refer, flags"),
    .words = "list end --active --subject= --reason=",
    .perm = TSU_PERM_READ,
    .flags = 0,
    .fn = designation_command,
};

int designation_register(struct tsu_plugin *self)
{
	return referral_host->register_command(self, &designation_spec, NULL,
					       NULL);
}
