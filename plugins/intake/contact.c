/* contact.c - `contact ID --kind K`: one contact with a family or person
 * (interview, visit, phone, checkup, consultation, other), kept in the
 * plugin's intake_contact table and on the timeline as "contact:<kind>",
 * which is what milestones are done by.  A refused visit is recorded as
 * such (outcome "refused"): a signal the due list and flags can use. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "intake.h"

static const char *const contact_kinds[] = {
    "interview", "visit", "phone", "checkup", "consultation", "other",
};
#define NKINDS ((int)(sizeof(contact_kinds) / sizeof(contact_kinds[0])))

static const char *const contact_outcomes[] = {"done", "refused", "absent"};
#define NOUTCOMES 3

static const char contact_ins_sql[] =
    "INSERT INTO intake_contact(subject, kind, outcome, date, staff, note,"
    " created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, CURRENT_TIMESTAMP)";
static const char contact_staff_sql[] = "SELECT 1 FROM staff WHERE id = ?1";

/* Check VALUE of OPTION against CHOICES; 0, or -1 reported naming the
 * nearest choice. */
static int contact_choice(struct tsu_ctx *ctx, const char *option,
			  const char *value, const char *const *choices, int n)
{
	int i, best = 0, bestd = 99;
	char list[256] = "";

	for (i = 0; i < n; i++) {
		int d;

		if (strcmp(value, choices[i]) == 0)
			return 0;
		d = intake_host->edit_distance(value, choices[i]);
		if (d < bestd) {
			bestd = d;
			best = i;
		}
		snprintf(list + strlen(list), sizeof(list) - strlen(list),
			 "%s%s", i ? ", " : "", choices[i]);
	}
	if (bestd <= 3)
		return intake_host->error(ctx,
					  _("%s: \"%s\" is not one of %s; did "
					  "you mean \"%s\"?"),
					  option, value, list, choices[best]);
	return intake_host->error(ctx, _("%s: \"%s\" is not one of %s"), option,
				  value, list);
}

/* contact ID --kind K [--date D] [--note T] [--staff S] [--outcome O] */
static int contact_cmd(struct tsu_ctx *ctx, int argc, char **argv, void *data)
{
	static const struct tsu_opt opts[] = {
	    {"--kind", TSU_OPT_VALUE},  {"--date", TSU_OPT_VALUE},
	    {"--note", TSU_OPT_VALUE},  {"--staff", TSU_OPT_VALUE},
	    {"--outcome", TSU_OPT_VALUE},
	};
	static const char *const keys[] = {N_("id"),    N_("subject"), N_("kind"),
					   N_("outcome"), N_("date"),  N_("staff"),
					   N_("note"),  N_("event")};
	const struct tsu_host *h = intake_host;
	const char *kind, *outcome, *staff, *note;
	char subject[TSU_ID_LEN], date[TSU_DATE_LEN], id[TSU_ID_LEN];
	char event_kind[64], summary[512], json[256];
	struct tsu_args a;
	struct tsu_stmt *s;
	struct tsu_table *t;
	int rc;

	if (h->parse_options(ctx, argc, argv, opts, 5, &a) < 0)
		return -1;
	if (a.npos != 1)
		return h->error(ctx, a.npos ? _("one id at a time (usage: "
						"contact ID --kind K)")
					    : _("with whom? (usage: contact ID "
						"--kind K, e.g. contact F3 "
						"--kind visit)"));
	kind = a.value[0];
	if (!kind)
		return h->error(ctx, _("--kind is needed: one of interview, "
				     "visit, phone, checkup, consultation, "
				     "other"));
	if (contact_choice(ctx, "--kind", kind, contact_kinds, NKINDS) < 0)
		return -1;
	outcome = a.value[4] ? a.value[4] : "done";
	if (contact_choice(ctx, "--outcome", outcome, contact_outcomes,
			   NOUTCOMES) < 0)
		return -1;
	if (h->resolve(ctx, a.pos[0], NULL, subject) < 0)
		return -1;
	if (a.value[1]) {
		if (h->parse_date(ctx, "--date", a.value[1], date) < 0)
			return -1;
		if (strcmp(date, h->today(ctx)) > 0)
			return h->error(ctx,
					_("--date: %s is after today (%s): "
					"record a contact once it took place"),
					date, h->today(ctx));
	} else {
		snprintf(date, sizeof(date), "%s", h->today(ctx));
	}
	if (subject[0] == 'P') {
		struct tsu_person p;

		if (h->person_get(ctx, subject, &p) < 0)
			return -1;
		if (p.birth_date && strcmp(date, p.birth_date) < 0)
			return h->error(ctx,
					_("--date: %s is before %s was born "
					  "(%s)"),
					date, subject, p.birth_date);
	}
	staff = a.value[3] ? a.value[3] : h->staff(ctx);
	note = a.value[2] && *a.value[2] ? a.value[2] : NULL;
	s = h->prepare(ctx, contact_staff_sql);
	if (!s)
		return -1;
	h->bind_text(s, 1, staff);
	rc = h->step(s);
	h->finalize(s);
	if (rc < 0)
		return -1;
	if (rc == 0)
		return h->error(ctx, _("--staff: no staff member \"%s\" (see staff "
				     "list)"),
				staff);
	s = h->prepare(ctx, contact_ins_sql);
	if (!s)
		return -1;
	h->bind_text(s, 1, subject);
	h->bind_text(s, 2, kind);
	h->bind_text(s, 3, outcome);
	h->bind_text(s, 4, date);
	h->bind_text(s, 5, staff);
	if (note)
		h->bind_text(s, 6, note);
	else
		h->bind_null(s, 6);
	rc = h->step(s);
	h->finalize(s);
	if (rc < 0)
		return -1;
	snprintf(id, sizeof(id), "C%lld", h->last_insert_id(ctx));
	if (h->audit(ctx, "create", subject, id) < 0)
		return -1;
	/* a refused or missed visit is an event of its own kind, so that it
	 * does not mark the milestone done but stays visible */
	if (strcmp(outcome, "done") == 0)
		snprintf(event_kind, sizeof(event_kind), "contact:%s", kind);
	else
		snprintf(event_kind, sizeof(event_kind), "contact:%s-%s", kind,
			 outcome);
	snprintf(summary, sizeof(summary), "%s%s%s%s%s", kind,
		 strcmp(outcome, "done") ? " " : "",
		 strcmp(outcome, "done") ? outcome : "", note ? ": " : "",
		 note ? note : "");
	if (h->event_add(ctx, subject, event_kind, date, summary, id) < 0)
		return -1;
	snprintf(json, sizeof(json),
		 "{\"id\":\"%s\",\"kind\":\"%s\",\"outcome\":\"%s\","
		 "\"date\":\"%s\"}",
		 id, kind, outcome, date);
	if (h->run_hook(ctx, "contact", subject, json) < 0)
		return -1;
	t = h->table_new(8, keys, NULL);
	h->table_row(t);
	h->table_text(t, id);
	h->table_text(t, subject);
	h->table_text(t, kind);
	h->table_text(t, outcome);
	h->table_date(ctx, t, date);
	h->table_text(t, staff);
	h->table_text(t, note);
	h->table_text(t, event_kind);
	return h->table_emit_record(ctx, t);
}

static const struct tsu_command_spec contact_specs[] = {
    {
	.name = "contact",
	.topic = "register",
	.summary = N_("log a contact (interview, visit, phone, checkup, "
		   "consultation)"),
	.usage = N_("contact ID --kind interview|visit|phone|checkup|"
		 "consultation|other\n"
		 "        [--date D] [--note T] [--staff S] "
		 "[--outcome done|refused|absent]"),
	.help = N_("Logs a contact with a person or family: its kind, the date "
		"(default today),\nthe staff member (default you) and a note.  "
		"It goes on the timeline as\n\"contact:KIND\", which marks the "
		"matching milestones done, and runs the\ncontact hook.  A "
		"visit the family refused, or where nobody was met, is\n"
		"logged with --outcome refused or absent: it stays on the "
		"timeline as a\nsignal and does not count as the milestone "
		"done.\n"
		"Example: contact F3 --kind visit --date 2026/4/10 --note "
		"\"新生児訪問、体重増加良好\"\n\n"
		"See also: show, due, intake, plan"),
	.words = "--kind=interview|visit|phone|checkup|consultation|other "
		 "--date= --note= --staff= --outcome=done|refused|absent",
	.perm = TSU_PERM_REGISTER,
	.fn = contact_cmd,
    },
};

int intake_contact_register(struct tsu_plugin *self, char **errmsg)
{
	return intake_register_specs(self, contact_specs, 1, errmsg);
}
