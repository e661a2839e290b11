/* register.c - the register's changes of state: a family moving out
 * (転出: `move`), a case ending (`end`), a pregnancy ending without a
 * birth (`pregnancy end`), and a family's named contact staff member
 * (`family ID --contact STAFF`).  Nothing is ever deleted:
 * a moved or ended family leaves the due list and stays on record. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "intake.h"

/* One family's row for the commands' output; ?1 is the family number. */
static const char family_row_sql[] =
    "SELECT 'F' || f.id, f.status, f.contact_staff,"
    " (SELECT count(*) FROM member m WHERE m.family_id = f.id),"
    " (SELECT p.status_on FROM member m JOIN person p ON p.id = m.person_id"
    "  WHERE m.family_id = f.id ORDER BY m.person_id LIMIT 1),"
    " (SELECT p.status_note FROM member m JOIN person p"
    "  ON p.id = m.person_id WHERE m.family_id = f.id"
    "  ORDER BY m.person_id LIMIT 1)"
    " FROM family f WHERE f.id = ?1";

/* Print family FAMILY ("F3") as one record. */
static int register_family_print(struct tsu_ctx *ctx, const char *family)
{
	static const char *const keys[] = {N_("id"),      N_("status"),	 N_("contact_staff"),
					   N_("members"), N_("status_on"), N_("status_note")};
	const struct tsu_host *h = intake_host;
	struct tsu_stmt *s = h->prepare(ctx, family_row_sql);
	struct tsu_table *t;

	if (!s)
		return -1;
	h->bind_int(s, 1, atoll(family + 1));
	if (h->step(s) != 1) {
		h->finalize(s);
		return h->error(ctx, _("no family %s"), family);
	}
	t = h->table_new(6, keys, NULL);
	h->table_row(t);
	h->table_text(t, h->column_text(s, 0));
	h->table_text(t, h->column_text(s, 1));
	h->table_text(t, h->column_text(s, 2));
	h->table_int(t, h->column_int(s, 3));
	h->table_date(ctx, t, h->column_text(s, 4));
	h->table_text(t, h->column_text(s, 5));
	h->finalize(s);
	return h->table_emit_record(ctx, t);
}

/* The status change shared by move and end: STATUS of the family of
 * ARGV's ID on --date with NOTE taken from the option NOTE_OPT. */
static int register_status_cmd(struct tsu_ctx *ctx, int argc, char **argv,
			       const char *status, const char *note_opt,
			       const char *what)
{
	const struct tsu_opt opts[] = {
	    {"--date", TSU_OPT_VALUE},
	    {note_opt, TSU_OPT_VALUE},
	};
	const struct tsu_host *h = intake_host;
	char family[TSU_ID_LEN], date[TSU_DATE_LEN], summary[512];
	struct tsu_args a;

	if (h->parse_options(ctx, argc, argv, opts, 2, &a) < 0)
		return -1;
	if (a.npos != 1)
		return h->error(ctx, _("usage: %s ID --date D %s TEXT"), argv[0],
				note_opt);
	if (!a.value[1] || !*a.value[1])
		return h->error(ctx, _("%s is needed (%s)"), note_opt, what);
	if (h->resolve(ctx, a.pos[0], "family", family) < 0)
		return -1;
	if (a.value[0]) {
		if (h->parse_date(ctx, "--date", a.value[0], date) < 0)
			return -1;
	} else {
		snprintf(date, sizeof(date), "%s", h->today(ctx));
	}
	if (h->status_set(ctx, family, status, date, a.value[1]) < 0)
		return -1;
	snprintf(summary, sizeof(summary), "%s: %s",
		 strcmp(status, "moved") == 0 ? "転出" : "終結", a.value[1]);
	if (h->event_add(ctx, family, strcmp(status, "moved") == 0
					      ? "register:moved"
					      : "register:ended",
			 date, summary, NULL) < 0)
		return -1;
	return register_family_print(ctx, family);
}

/* move ID --date D --to PLACE */
static int register_move(struct tsu_ctx *ctx, int argc, char **argv, void *data)
{
	return register_status_cmd(ctx, argc, argv, "moved", "--to",
				   _("where the family moved to"));
}

/* end ID --date D --reason T */
static int register_end(struct tsu_ctx *ctx, int argc, char **argv, void *data)
{
	return register_status_cmd(ctx, argc, argv, "ended", "--reason",
				   _("why the case ends"));
}

/* family ID [--contact STAFF] [--active] */
static int register_family(struct tsu_ctx *ctx, int argc, char **argv,
			   void *data)
{
	static const struct tsu_opt opts[] = {
	    {"--contact", TSU_OPT_VALUE},
	    {"--active", TSU_OPT_FLAG},
	};
	const struct tsu_host *h = intake_host;
	char family[TSU_ID_LEN];
	struct tsu_args a;

	if (h->parse_options(ctx, argc, argv, opts, 2, &a) < 0)
		return -1;
	if (a.npos != 1)
		return h->error(ctx, _("usage: family ID [--contact STAFF] "
				     "[--active]"));
	if (h->resolve(ctx, a.pos[0], "family", family) < 0)
		return -1;
	if ((a.value[0] || a.value[1]) &&
	    !h->allowed(ctx, TSU_PERM_REGISTER))
		return h->error(ctx, _("changing a family needs the REGISTER "
				     "permission (clerk, nurse or admin)"));
	if (a.value[0]) {
		if (h->family_contact_set(ctx, family, a.value[0]) < 0)
			return -1;
		if (h->event_add(ctx, family, "register:contact-staff",
				 h->today(ctx), a.value[0], NULL) < 0)
			return -1;
	}
	if (a.value[1]) {
		if (h->status_set(ctx, family, "active", NULL, NULL) < 0 ||
		    h->event_add(ctx, family, "register:active", h->today(ctx),
				 "再開", NULL) < 0)
			return -1;
	}
	if (!a.value[0] && !a.value[1] &&
	    h->audit(ctx, "read", family, "family") < 0)
		return -1;
	return register_family_print(ctx, family);
}

/* The open pregnancy ID names (a pregnancy "PG3", or a mother "P1" with
 * one open pregnancy) into PG, its mother into MOTHER and the day it was
 * notified into NOTIFIED.  0 or -1. */
static int open_pregnancy(struct tsu_ctx *ctx, const char *id,
			  char pg[TSU_ID_LEN], char mother[TSU_ID_LEN],
			  char notified[TSU_DATE_LEN])
{
	static const char sql[] =
	    "SELECT 'P' || mother_id, outcome, notified_on FROM pregnancy"
	    " WHERE id = ?1";
	const struct tsu_host *h = intake_host;
	struct tsu_stmt *s;
	int rc, closed = 0;

	if (strncmp(id, "PG", 2) != 0) {
		if (h->resolve(ctx, id, "person", mother) < 0)
			return -1;
		rc = h->pregnancy_find(ctx, mother, NULL, pg);
		if (rc == 0)
			return h->error(ctx, _("%s has no open pregnancy"),
					mother);
		if (rc < 0)
			return -1;
		id = pg;
	}
	s = h->prepare(ctx, sql);
	if (!s)
		return -1;
	h->bind_int(s, 1, atoll(id + 2));
	rc = h->step(s);
	if (rc == 1) {
		snprintf(mother, TSU_ID_LEN, "%s", h->column_text(s, 0));
		closed = h->column_text(s, 1) != NULL;
		snprintf(notified, TSU_DATE_LEN, "%s",
			 h->column_text(s, 2) ? h->column_text(s, 2) : "");
	}
	h->finalize(s);
	if (rc != 1)
		return rc < 0 ? -1
			      : h->error(ctx, _("no pregnancy %s (show MOTHER-ID "
						"lists her pregnancies)"),
					 id);
	if (closed)
		return h->error(ctx, _("pregnancy %s has ended already"), id);
	if (pg != id)
		snprintf(pg, TSU_ID_LEN, "%s", id);
	return 0;
}

/* pregnancy end ID [--date D] --reason T */
static int register_pregnancy_end(struct tsu_ctx *ctx, int argc, char **argv,
				  void *data)
{
	static const struct tsu_opt opts[] = {
	    {"--date", TSU_OPT_VALUE},
	    {"--reason", TSU_OPT_VALUE},
	};
	static const char *const keys[] = {"id", "mother_id", "outcome",
					   "outcome_on", "reason"};
	static const char *const headings[] = {
	    N_("id"), N_("mother_id"), N_("outcome"), N_("outcome_on"),
	    N_("reason")};
	const struct tsu_host *h = intake_host;
	char pg[TSU_ID_LEN], mother[TSU_ID_LEN], date[TSU_DATE_LEN];
	char notified[TSU_DATE_LEN] = "", summary[512];
	struct tsu_table *t;
	struct tsu_args a;

	(void)data;
	if (h->parse_options(ctx, argc, argv, opts, 2, &a) < 0)
		return -1;
	if (a.npos != 1)
		return h->error(ctx, _("usage: pregnancy end ID [--date D] "
				       "--reason T"));
	if (!a.value[1] || !*a.value[1])
		return h->error(ctx, _("--reason is needed (how the pregnancy "
				       "ended)"));
	if (open_pregnancy(ctx, a.pos[0], pg, mother, notified) < 0)
		return -1;
	if (a.value[0]) {
		if (h->parse_date(ctx, "--date", a.value[0], date) < 0)
			return -1;
	} else {
		snprintf(date, sizeof(date), "%s", h->today(ctx));
	}
	if (strcmp(date, h->today(ctx)) > 0)
		return h->error(ctx, _("--date %s is after today (%s)"), date,
				h->today(ctx));
	if (*notified && strcmp(date, notified) < 0)
		return h->error(ctx,
				_("--date %s is before %s was notified (%s)"),
				date, pg, notified);
	if (h->pregnancy_close(ctx, pg, "other", date, NULL) < 0)
		return -1;
	snprintf(summary, sizeof(summary), "妊娠終了 (%s): %s", pg,
		 a.value[1]);
	if (h->event_add(ctx, mother, "pregnancy:ended", date, summary, pg) <
	    0)
		return -1;
	h->note(ctx, _("%s of %s ended on %s; it is off the due list."), pg,
		mother, date);
	t = h->table_new(5, keys, headings);
	h->table_row(t);
	h->table_text(t, pg);
	h->table_text(t, mother);
	h->table_text(t, "other");
	h->table_date(ctx, t, date);
	h->table_text(t, a.value[1]);
	return h->table_emit_record(ctx, t);
}

static const struct tsu_command_spec register_specs[] = {
    {
	.name = "pregnancy end",
	.topic = "register",
	.summary = N_("a pregnancy that ended without a birth (流産, 死産...)"),
	.usage = N_("pregnancy end ID [--date D] --reason T"),
	.help = N_("Records that a pregnancy (its id PG3, or the mother's id "
		"when she has one\nopen pregnancy) ended on D (today unless "
		"given) without a birth, for\nREASON.  Its milestones leave "
		"the due list; nothing is deleted and the end\nis on the "
		"mother's timeline.  A birth is recorded with intake birth "
		"instead.\n"
		"Example: pregnancy end PG3 --date R8.6.1 --reason \"流産\"\n\n"
		"See also: intake, show, due"),
	.words = "--date= --reason=",
	.perm = TSU_PERM_REGISTER,
	.fn = register_pregnancy_end,
    },
    {
	.name = "move",
	.topic = "register",
	.summary = N_("a family moved out (転出): off the due list, kept on "
		   "record"),
	.usage = N_("move ID --date D --to PLACE"),
	.help = N_("Records that a family (ID of the family or of any member) "
		"moved out of the\nmunicipality on D to PLACE.  The family and "
		"its members get the status\n\"moved\"; they leave the due "
		"list but nothing is deleted, and the move is on\nthe "
		"timeline.  `family ID --active` takes them back.\n"
		"D is today unless given; it may not be after today (a planned "
		"move is not\na move yet), nor before the family's first record "
		"or a member's birth.\nA family already moved or ended is "
		"refused: take it back first to correct\nthe date or place.\n"
		"Example: move F3 --date R8.5.1 --to \"札幌市\"\n\n"
		"See also: end, family, show, export"),
	.words = "--date= --to=",
	.perm = TSU_PERM_REGISTER,
	.fn = register_move,
    },
    {
	.name = "end",
	.topic = "register",
	.summary = N_("end a case: off the due list, kept on record"),
	.usage = N_("end ID --date D --reason T"),
	.help = N_("Ends the case of a family (ID of the family or of any "
		"member) on D for\nREASON (e.g. the youngest child started "
		"school).  The family and its\nmembers get the status "
		"\"ended\"; nothing is deleted.  D is as for move:\nnot "
		"after today, nor before the family's first record or a "
		"member's birth;\na family already moved or ended is refused.\n"
		"Example: end F3 --date 2026-04-01 --reason \"就学\"\n\n"
		"See also: move, family, show"),
	.words = "--date= --reason=",
	.perm = TSU_PERM_REGISTER,
	.fn = register_end,
    },
    {
	.name = "family",
	.topic = "register",
	.summary = N_("a family's status and named contact staff (担当者)"),
	.usage = N_("family ID [--contact STAFF] [--active]"),
	.help = N_("Shows the family's status and contact staff member; "
		"--contact names the\nstaff member every family knows by "
		"name; --active takes a moved or ended\nfamily back into "
		"continuous grasp.\n"
		"Example: family F3 --contact nurse2\n\n"
		"See also: show, staff, move, end"),
	.words = "--contact= --active",
	.perm = TSU_PERM_READ,
	.fn = register_family,
    },
};

int intake_register_register(struct tsu_plugin *self, char **errmsg)
{
	return intake_register_specs(self, register_specs, 4, errmsg);
}
