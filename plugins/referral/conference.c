/* conference.c - case conferences of the regional council (個別ケース
 * 検討会議): who attended (staff and agencies), the subjects discussed, the
 * decisions, the next meeting.  A decision can designate a subject, end a
 * designation or refer a subject to an agency; the conference is an event
 * on the timeline of each subject discussed. */
#define _POSIX_C_SOURCE 200809L /* strdup, open_memstream */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "referral.h"

#define CONFERENCE_MAX 64 /* subjects, attendees or decisions of one */

/* The first column of SQL (one ? bound to ID) joined with SEP, malloc'd;
 * "" when no row, NULL on error. */
static char *conference_joined(struct tsu_ctx *ctx, const char *sql,
			       long long id, const char *sep)
{
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
	while ((rc = h->step(s)) == 1)
		fprintf(out, "%s%s", n++ ? sep : "", h->column_text(s, 0));
	fclose(out);
	h->finalize(s);
	if (rc < 0) {
		free(text);
		return NULL;
	}
	return text;
}

static const char conference_subjects_sql[] =
    "SELECT subject FROM conference_subject WHERE conference_id = ?"
    " ORDER BY rowid";
static const char conference_attendees_sql[] =
    "SELECT name || ' (' || ref || ')' FROM conference_attendee"
    " WHERE conference_id = ? ORDER BY id";
static const char conference_decisions_sql[] =
    "SELECT text FROM conference_decision WHERE conference_id = ?"
    " ORDER BY id";

/* Audit a read of each subject of conference ID. */
static int conference_audit_read(struct tsu_ctx *ctx, long long id)
{
	const struct tsu_host *h = referral_host;
	struct tsu_stmt *s = h->prepare(ctx, conference_subjects_sql);
	char detail[64];
	int rc;

	if (!s)
		return -1;
	snprintf(detail, sizeof(detail), "conference CF%lld", id);
	h->bind_int(s, 1, id);
	while ((rc = h->step(s)) == 1)
		if (h->audit(ctx, "read", h->column_text(s, 0), detail) < 0) {
			rc = -1;
			break;
		}
	h->finalize(s);
	return rc < 0 ? -1 : 0;
}

static const char *const conference_keys[] = {
    "id", "date", "subjects", "attendees", "decisions", "next", "staff"};
static const char *const conference_headings[] = {
    N_("id"), N_("date"), N_("subjects"), N_("attendees"), N_("decisions"), N_("next"), N_("staff")};

/* Add conference ID (its row in S: id, held_on, next_on, staff) to T. */
static int conference_row(struct tsu_ctx *ctx, struct tsu_table *t,
			  struct tsu_stmt *s)
{
	const struct tsu_host *h = referral_host;
	long long id = h->column_int(s, 0);
	char *subjects, *attendees, *decisions, buf[TSU_ID_LEN];
	int rc = 0;

	subjects = conference_joined(ctx, conference_subjects_sql, id, ", ");
	attendees = conference_joined(ctx, conference_attendees_sql, id, ", ");
	decisions = conference_joined(ctx, conference_decisions_sql, id, "; ");
	if (!subjects || !attendees || !decisions) {
		rc = h->error(ctx, _("cannot read CF%lld"), id);
	} else {
		snprintf(buf, sizeof(buf), "CF%lld", id);
		h->table_row(t);
		h->table_text(t, buf);
		h->table_date(ctx, t, h->column_text(s, 1));
		h->table_text(t, subjects);
		h->table_text(t, attendees);
		h->table_text(t, *decisions ? decisions : NULL);
		h->table_date(ctx, t, h->column_text(s, 2));
		h->table_text(t, h->column_text(s, 3));
	}
	free(subjects);
	free(attendees);
	free(decisions);
	return rc;
}

/* Print conference ID as one record, its reads audited. */
static int conference_print(struct tsu_ctx *ctx, long long id)
{
	static const char sql[] = "SELECT id, held_on, next_on, staff"
				  " FROM conference WHERE id = ?";
	const struct tsu_host *h = referral_host;
	struct tsu_stmt *s = h->prepare(ctx, sql);
	struct tsu_table *t;
	int rc;

	if (!s)
		return -1;
	h->bind_int(s, 1, id);
	rc = h->step(s);
	if (rc != 1) {
		h->finalize(s);
		return rc < 0 ? -1
			      : h->error(ctx, _("CF%lld: no such conference (see "
					      "conference list)"),
					 id);
	}
	t = h->table_new(7, conference_keys, conference_headings);
	rc = conference_row(ctx, t, s);
	h->finalize(s);
	if (rc < 0 || conference_audit_read(ctx, id) < 0) {
		h->table_emit(ctx, t);
		return -1;
	}
	return h->table_emit_record(ctx, t);
}

/* One attendee: a staff id or an agency (name or AG id). */
struct attendee {
	char kind[8];   /* "staff" or "agency" */
	char ref[TSU_ID_LEN];
	char name[256];
};

/* Resolve TEXT to an attendee, or report it with the nearest staff ids
 * and agency names.  0 or -1. */
static int conference_attendee(struct tsu_ctx *ctx, const char *text,
			       struct attendee *out)
{
	static const char staff_sql[] = "SELECT id, name FROM staff"
					" WHERE id = ?";
	static const char agency_sql[] = "SELECT id, name FROM agency"
					 " WHERE name = ? OR id = ?";
	static const char names_sql[] = "SELECT id FROM staff UNION ALL"
					" SELECT name FROM agency";
	const struct tsu_host *h = referral_host;
	char best[256] = "";
	struct tsu_stmt *s;
	long long ag = 0;
	int rc, d, bestd = 1 << 30;

	s = h->prepare(ctx, staff_sql);
	if (!s)
		return -1;
	h->bind_text(s, 1, text);
	rc = h->step(s);
	if (rc == 1) {
		snprintf(out->kind, sizeof(out->kind), "staff");
		snprintf(out->ref, sizeof(out->ref), "%s", h->column_text(s, 0));
		snprintf(out->name, sizeof(out->name), "%s",
			 h->column_text(s, 1));
	}
	h->finalize(s);
	if (rc != 0)
		return rc == 1 ? 0 : -1;
	referral_parse_id(text, "AG", &ag);
	s = h->prepare(ctx, agency_sql);
	if (!s)
		return -1;
	h->bind_text(s, 1, text);
	h->bind_int(s, 2, ag);
	rc = h->step(s);
	if (rc == 1) {
		snprintf(out->kind, sizeof(out->kind), "agency");
		snprintf(out->ref, sizeof(out->ref), "AG%lld",
			 h->column_int(s, 0));
		snprintf(out->name, sizeof(out->name), "%s",
			 h->column_text(s, 1));
	}
	h->finalize(s);
	if (rc != 0)
		return rc == 1 ? 0 : -1;
	s = h->prepare(ctx, names_sql);
	if (!s)
		return -1;
	while ((rc = h->step(s)) == 1) {
		d = referral_host->edit_distance(text, h->column_text(s, 0));
		if (d < bestd) {
			bestd = d;
			snprintf(best, sizeof(best), "%s", h->column_text(s, 0));
		}
	}
	h->finalize(s);
	if (rc < 0)
		return -1;
	if (!*best)
		return h->error(ctx, _("--attendee: \"%s\" is neither a staff id "
				     "nor an agency"),
				text);
	return h->error(ctx,
			_("--attendee: \"%s\" is neither a staff id nor an "
			"agency (did you mean %s?)"),
			text, best);
}

/* Split "SUBJECT=VALUE" of OPT into the canonical subject (which must be
 * one of the NSUBJ SUBJECTS discussed) and *VALUE.  0 or -1. */
static int conference_pair(struct tsu_ctx *ctx, const char *opt,
			   const char *text, char subjects[][TSU_ID_LEN],
			   int nsubj, char subject[TSU_ID_LEN],
			   const char **value)
{
	const struct tsu_host *h = referral_host;
	const char *eq = strchr(text, '=');
	char word[TSU_ID_LEN];
	int i;

	if (!eq || eq == text || !eq[1] || eq - text >= TSU_ID_LEN)
		return h->error(ctx, _("%s: \"%s\" is not SUBJECT-ID=VALUE (like "
				     "P3=特定妊婦)"),
				opt, text);
	memcpy(word, text, (size_t)(eq - text));
	word[eq - text] = '\0';
	if (h->resolve(ctx, word, NULL, subject) < 0)
		return -1;
	for (i = 0; i < nsubj; i++)
		if (strcmp(subjects[i], subject) == 0)
			break;
	if (i == nsubj)
		return h->error(ctx, _("%s: %s is not among the subjects "
				     "discussed (add --subject %s)"),
				opt, subject, subject);
	*value = eq + 1;
	return 0;
}

/* Insert a decision TEXT of conference ID.  0 or -1. */
static int conference_decision_add(struct tsu_ctx *ctx, long long id,
				   const char *text)
{
	static const char sql[] = "INSERT INTO conference_decision"
				  "(conference_id, text) VALUES(?,?)";
	const struct tsu_host *h = referral_host;
	struct tsu_stmt *s = h->prepare(ctx, sql);
	int rc;

	if (!s)
		return -1;
	h->bind_int(s, 1, id);
	h->bind_text(s, 2, text);
	rc = h->step(s);
	h->finalize(s);
	return rc < 0 ? -1 : 0;
}

/* Count the values of a REPEAT option; -1 after reporting more than
 * CONFERENCE_MAX. */
static int conference_count(struct tsu_ctx *ctx, const char *opt,
			    char **values)
{
	int n = 0;

	while (values && values[n])
		n++;
	if (n > CONFERENCE_MAX)
		return referral_host->error(ctx, _("%s: at most %d, not %d"), opt,
					    CONFERENCE_MAX, n);
	return n;
}

/* Option indexes of conference new. */
enum { OPT_DATE, OPT_NEXT, OPT_SUBJECT, OPT_ATTENDEE, OPT_DECISION,
       OPT_DESIGNATE, OPT_END, OPT_REFER, NOPTS };

/* conference new --date D --subject ID... --attendee A... [--decision T]...
 * [--next D] [--designate ID=NAME]... [--end DG-ID]... [--refer ID=AG]... */
static int conference_new(struct tsu_ctx *ctx, struct tsu_args *a)
{
	static const char conf_sql[] =
	    "INSERT INTO conference(held_on, next_on, staff, created_at)"
	    " VALUES(?,?,?,?)";
	static const char subj_sql[] =
	    "INSERT INTO conference_subject(conference_id, subject)"
	    " VALUES(?,?)";
	static const char att_sql[] =
	    "INSERT INTO conference_attendee(conference_id, kind, ref, name)"
	    " VALUES(?,?,?,?)";
	const struct tsu_host *h = referral_host;
	char held[TSU_DATE_LEN], next[TSU_DATE_LEN], now[32];
	char subjects[CONFERENCE_MAX][TSU_ID_LEN];
	char cf[TSU_ID_LEN], text[1024], detail[128];
	const char *desig_names[CONFERENCE_MAX], *value;
	char desig_subj[CONFERENCE_MAX][TSU_ID_LEN];
	char refer_subj[CONFERENCE_MAX][TSU_ID_LEN];
	struct agency refer_to[CONFERENCE_MAX];
	long long ends[CONFERENCE_MAX], id, rid;
	struct attendee *att = NULL;
	struct tsu_stmt *s;
	char *decisions = NULL;
	int nsubj, natt, ndes, nend, nref, ndec, i, j, rc = -1;

	if (!h->allowed(ctx, TSU_PERM_CASEWORK))
		return h->error(ctx, _("%s may not record conferences (needs "
				     "casework: nurse or admin)"),
				h->staff(ctx));
	if (a->npos != 1)
		return h->error(ctx, _("usage: conference new --date D --subject "
				     "ID... --attendee A... [--decision T]... "
				     "[--next D]"));
	if (!a->value[OPT_DATE])
		return h->error(ctx, _("--date is missing: when was the "
				     "conference held?"));
	if (h->parse_date(ctx, "--date", a->value[OPT_DATE], held) < 0)
		return -1;
	if (strcmp(held, h->today(ctx)) > 0)
		return h->error(ctx, _("--date: %s is after today (%s); record a "
				     "conference once it has been held"),
				held, h->today(ctx));
	if (a->value[OPT_NEXT]) {
		if (h->parse_date(ctx, "--next", a->value[OPT_NEXT], next) < 0)
			return -1;
		if (strcmp(next, held) <= 0)
			return h->error(ctx, _("--next: %s is not after the "
					     "conference (%s)"),
					next, held);
	}
	nsubj = conference_count(ctx, "--subject", a->repeat[OPT_SUBJECT]);
	natt = conference_count(ctx, "--attendee", a->repeat[OPT_ATTENDEE]);
	ndec = conference_count(ctx, "--decision", a->repeat[OPT_DECISION]);
	ndes = conference_count(ctx, "--designate", a->repeat[OPT_DESIGNATE]);
	nend = conference_count(ctx, "--end", a->repeat[OPT_END]);
	nref = conference_count(ctx, "--refer", a->repeat[OPT_REFER]);
	if (nsubj < 0 || natt < 0 || ndec < 0 || ndes < 0 || nend < 0 ||
	    nref < 0)
		return -1;
	if (nsubj == 0)
		return h->error(ctx, _("--subject is missing: which persons or "
				     "families were discussed?"));
	if (natt == 0)
		return h->error(ctx, _("--attendee is missing: who attended "
				     "(staff ids or agency names)?"));
	for (i = 0; i < nsubj; i++) {
		if (h->resolve(ctx, a->repeat[OPT_SUBJECT][i], NULL,
			       subjects[i]) < 0)
			return -1;
		for (j = 0; j < i; j++)
			if (strcmp(subjects[i], subjects[j]) == 0)
				return h->error(ctx, _("--subject: %s is given "
						     "twice"),
						subjects[i]);
	}
	for (i = 0; i < ndes; i++) {
		if (conference_pair(ctx, "--designate",
				    a->repeat[OPT_DESIGNATE][i], subjects,
				    nsubj, desig_subj[i], &value) < 0)
			return -1;
		desig_names[i] =
		    referral_designation_name(ctx, "--designate", value);
		if (!desig_names[i])
			return -1;
	}
	for (i = 0; i < nend; i++)
		if (referral_parse_id(a->repeat[OPT_END][i], "DG", &ends[i]) <
		    0)
			return h->error(ctx,
					_("--end: \"%s\" is not a designation "
					"id (they look like DG2)"),
					a->repeat[OPT_END][i]);
	for (i = 0; i < nref; i++)
		if (conference_pair(ctx, "--refer", a->repeat[OPT_REFER][i],
				    subjects, nsubj, refer_subj[i],
				    &value) < 0 ||
		    agency_lookup(ctx, "--refer", value, &refer_to[i]) < 0)
			return -1;
	att = calloc((size_t)natt, sizeof(*att));
	if (!att)
		return h->error(ctx, _("out of memory"));
	for (i = 0; i < natt; i++)
		if (conference_attendee(ctx, a->repeat[OPT_ATTENDEE][i],
					&att[i]) < 0)
			goto out;

	s = h->prepare(ctx, conf_sql);
	if (!s)
		goto out;
	referral_now(now);
	h->bind_text(s, 1, held);
	h->bind_text(s, 2, a->value[OPT_NEXT] ? next : NULL);
	h->bind_text(s, 3, h->staff(ctx));
	h->bind_text(s, 4, now);
	i = h->step(s);
	h->finalize(s);
	if (i < 0)
		goto out;
	id = h->last_insert_id(ctx);
	snprintf(cf, sizeof(cf), "CF%lld", id);
	for (i = 0; i < nsubj; i++) {
		s = h->prepare(ctx, subj_sql);
		if (!s)
			goto out;
		h->bind_int(s, 1, id);
		h->bind_text(s, 2, subjects[i]);
		j = h->step(s);
		h->finalize(s);
		snprintf(detail, sizeof(detail), "conference %s", cf);
		if (j < 0 || h->audit(ctx, "create", subjects[i], detail) < 0)
			goto out;
	}
	for (i = 0; i < natt; i++) {
		s = h->prepare(ctx, att_sql);
		if (!s)
			goto out;
		h->bind_int(s, 1, id);
		h->bind_text(s, 2, att[i].kind);
		h->bind_text(s, 3, att[i].ref);
		h->bind_text(s, 4, att[i].name);
		j = h->step(s);
		h->finalize(s);
		if (j < 0)
			goto out;
	}
	for (i = 0; i < ndec; i++)
		if (conference_decision_add(ctx, id,
					    a->repeat[OPT_DECISION][i]) < 0)
			goto out;

	/* The decisions that change records, each also kept as a line of
	 * the minutes. */
	snprintf(text, sizeof(text), "個別ケース検討会議 %s の決定", cf);
	for (i = 0; i < nend; i++) {
		if (designation_stop(ctx, ends[i], text, id) < 0)
			goto out;
		snprintf(detail, sizeof(detail), "指定終了 DG%lld", ends[i]);
		if (conference_decision_add(ctx, id, detail) < 0)
			goto out;
	}
	for (i = 0; i < ndes; i++) {
		long long dg;
		char line[2048];

		if (designation_start(ctx, desig_subj[i], desig_names[i], text,
				      0, id, &dg) < 0)
			goto out;
		snprintf(line, sizeof(line), "%s を%sに指定 (DG%lld)",
			 desig_subj[i], desig_names[i], dg);
		if (conference_decision_add(ctx, id, line) < 0)
			goto out;
	}
	for (i = 0; i < nref; i++) {
		char line[2048];

		if (referral_create(ctx, refer_subj[i], &refer_to[i], text, 0,
				    NULL, NULL, id, &rid) < 0)
			goto out;
		snprintf(line, sizeof(line), "%s を%sに紹介 (RF%lld)",
			 refer_subj[i], refer_to[i].name, rid);
		if (conference_decision_add(ctx, id, line) < 0)
			goto out;
	}

	decisions = conference_joined(ctx, conference_decisions_sql, id, "; ");
	if (!decisions)
		goto out;
	snprintf(text, sizeof(text), "個別ケース検討会議 %s%s%s%s%s", cf,
		 *decisions ? ": " : "", decisions,
		 a->value[OPT_NEXT] ? "; 次回 " : "",
		 a->value[OPT_NEXT] ? next : "");
	for (i = 0; i < nsubj; i++)
		if (h->event_add(ctx, subjects[i], "conference", held, text,
				 cf) < 0)
			goto out;
	rc = conference_print(ctx, id);
out:
	free(decisions);
	free(att);
	return rc;
}

/* conference list [--subject ID] */
static int conference_list(struct tsu_ctx *ctx, struct tsu_args *a)
{
	static const char sql[] =
	    "SELECT c.id, c.held_on, c.next_on, c.staff FROM conference c"
	    " WHERE ?1 IS NULL OR EXISTS (SELECT 1 FROM conference_subject s"
	    "  WHERE s.conference_id = c.id AND s.subject = ?1)"
	    " ORDER BY c.held_on, c.id";
	const struct tsu_host *h = referral_host;
	char subject[TSU_ID_LEN];
	struct tsu_table *t;
	struct tsu_stmt *s;
	int rc;

	if (a->npos != 1)
		return h->error(ctx, _("usage: conference list [--subject ID]"));
	if (a->value[OPT_SUBJECT] &&
	    h->resolve(ctx, a->value[OPT_SUBJECT], NULL, subject) < 0)
		return -1;
	s = h->prepare(ctx, sql);
	if (!s)
		return -1;
	h->bind_text(s, 1, a->value[OPT_SUBJECT] ? subject : NULL);
	t = h->table_new(7, conference_keys, conference_headings);
	while ((rc = h->step(s)) == 1)
		if (conference_row(ctx, t, s) < 0 ||
		    conference_audit_read(ctx, h->column_int(s, 0)) < 0) {
			rc = -1;
			break;
		}
	h->finalize(s);
	if (rc < 0) {
		h->table_emit(ctx, t);
		return -1;
	}
	return h->table_emit(ctx, t);
}

/* conference new|show|list ... */
static int conference_command(struct tsu_ctx *ctx, int argc, char **argv,
			      void *data)
{
	static const struct tsu_opt opts[NOPTS] = {
	    [OPT_DATE] = {"--date", TSU_OPT_VALUE},
	    [OPT_NEXT] = {"--next", TSU_OPT_VALUE},
	    [OPT_SUBJECT] = {"--subject", TSU_OPT_REPEAT},
	    [OPT_ATTENDEE] = {"--attendee", TSU_OPT_REPEAT},
	    [OPT_DECISION] = {"--decision", TSU_OPT_REPEAT},
	    [OPT_DESIGNATE] = {"--designate", TSU_OPT_REPEAT},
	    [OPT_END] = {"--end", TSU_OPT_REPEAT},
	    [OPT_REFER] = {"--refer", TSU_OPT_REPEAT},
	};
	const struct tsu_host *h = referral_host;
	struct tsu_args a;
	long long id;
	int nsubj;

	if (h->parse_options(ctx, argc, argv, opts, NOPTS, &a) < 0)
		return -1;
	if (a.npos >= 1 && strcmp(a.pos[0], "new") == 0)
		return conference_new(ctx, &a);
	if (a.npos >= 1 && strcmp(a.pos[0], "list") == 0) {
		nsubj = conference_count(ctx, "--subject",
					 a.repeat[OPT_SUBJECT]);
		if (nsubj > 1)
			return h->error(ctx, _("--subject: give one subject to "
					     "list its conferences"));
		a.value[OPT_SUBJECT] =
		    nsubj == 1 ? a.repeat[OPT_SUBJECT][0] : NULL;
		return conference_list(ctx, &a);
	}
	if (a.npos >= 1 && strcmp(a.pos[0], "show") == 0) {
		if (a.npos != 2)
			return h->error(ctx, _("usage: conference show CF-ID"));
		if (referral_parse_id(a.pos[1], "CF", &id) < 0)
			return h->error(ctx,
					_("\"%s\" is not a conference id (they "
					"look like CF1)"),
					a.pos[1]);
		return conference_print(ctx, id);
	}
	if (a.npos == 0)
		return h->error(ctx, _("usage: conference new|show|list ... (see "
				     "help conference)"));
	return h->error(ctx, _("\"%s\" is not a sub-command (new, show or list)"),
			a.pos[0]);
}

static const struct tsu_command_spec conference_spec = {
    .name = "conference",
    .topic = "refer",
    .summary = N_("case conferences (個別ケース検討会議) and their minutes"),
    .usage = N_("conference new --date D --subject ID... --attendee A... "
	     "[--decision T]... [--next D]\n"
	     "        [--designate ID=特定妊婦|要支援児童|要保護児童]... "
	     "[--end DG-ID]... [--refer ID=AGENCY]...\n"
	     "conference show CF-ID\n"
	     "conference list [--subject ID]"),
    .help = N_("Records a case conference of the regional council: the date,\n"
	    "the persons or families discussed (--subject, repeated), who\n"
	    "attended (--attendee: a staff id or an agency's name or AG id,\n"
	    "repeated), the decisions (--decision, repeated) and the next\n"
	    "meeting (--next).  Decisions can also designate a subject\n"
	    "discussed (--designate P3=特定妊婦), end a designation (--end\n"
	    "DG2) and refer a subject discussed to an agency (--refer\n"
	    "P3=AGENCY; the subject must hold a designation, which makes it a\n"
	    "council case shared without consent).  Each is added to the\n"
	    "minutes.  The conference is an event on the timeline of every\n"
	    "subject discussed (see show).\n"
	    "\n"
	    "Example:\n"
	    "  conference new --date 2026-04-10 --subject P3 --attendee nurse1 \\\n"
	    "      --attendee \"○○児童相談所\" --decision \"週1回の家庭訪問\" \\\n"
	    "      --designate P3=特定妊婦 --next 2026-05-08\n"
	    "\n"
	    "See also: designation, refer, referral, show"),
    .words = "new show list --date= --subject= --attendee= --decision= "
	     "--next= --designate= --end= --refer=",
    .perm = TSU_PERM_READ,
    .flags = 0,
    .fn = conference_command,
};

int conference_register(struct tsu_plugin *self)
{
	return referral_host->register_command(self, &conference_spec, NULL,
					       NULL);
}
