/* intake.c - the intake plugin: the register of every family.  This file
 * holds the entry point, the plugin's tables and the `intake` command
 * (pregnancy notification, birth, any other form); find.c, contact.c,
 * register.c and import.c hold the other commands.
 *
 * Built as a loadable module against <tsunagu-plugin.h> only. */
#define _GNU_SOURCE /* asprintf */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "intake.h"

const struct tsu_host *intake_host;

/* Step i takes the plugin's tables from version i to i + 1. */
static const char *const intake_schema[] = {
    "CREATE TABLE intake_contact("
    "  id INTEGER PRIMARY KEY,"
    "  subject TEXT NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  outcome TEXT NOT NULL DEFAULT 'done',"
    "  date TEXT NOT NULL,"
    "  staff TEXT,"
    "  note TEXT,"
    "  created_at TEXT NOT NULL);"
    "CREATE INDEX intake_contact_subject ON intake_contact(subject, date);"
    "CREATE TABLE intake_import("
    "  id INTEGER PRIMARY KEY,"
    "  form TEXT NOT NULL,"
    "  file TEXT NOT NULL,"
    "  staff TEXT,"
    "  rows INTEGER NOT NULL,"
    "  imported INTEGER NOT NULL,"
    "  already INTEGER NOT NULL,"
    "  rejected INTEGER NOT NULL,"
    "  finished_at TEXT NOT NULL);",
};

int intake_has_forms(void)
{
	return TSU_HOST_HAS(intake_host, answer) && intake_host->form_fill &&
	       intake_host->form_check && intake_host->response_add &&
	       intake_host->answer && intake_host->form_exists;
}

int intake_register_specs(struct tsu_plugin *self,
			  const struct tsu_command_spec *specs, int n,
			  char **errmsg)
{
	int i;

	for (i = 0; i < n; i++)
		if (intake_host->register_command(self, &specs[i], NULL, NULL) <
		    0) {
			*errmsg = strdup(specs[i].name);
			return -1;
		}
	return 0;
}

/* ---- storing ---- */

/* The answer FIELD of ANSWERS, or NULL. */
static const char *intake_answer(struct tsu_ctx *ctx, const char *answers,
				 const char *field)
{
	const char *v = intake_host->answer(ctx, answers, field);

	return v && *v ? v : NULL;
}

int intake_response_store(struct tsu_ctx *ctx, const char *subject,
			  const char *form, int version, const char *answers,
			  const char *date, char id[TSU_ID_LEN], int *already)
{
	static const char same_sql[] =
	    "SELECT id FROM response WHERE subject = ?1 AND form = ?2"
	    " AND answers = ?3 ORDER BY id LIMIT 1";
	const struct tsu_host *h = intake_host;
	struct tsu_stmt *s = h->prepare(ctx, same_sql);
	int rc;

	*already = 0;
	if (!s)
		return -1;
	h->bind_text(s, 1, subject);
	h->bind_text(s, 2, form);
	h->bind_text(s, 3, answers);
	rc = h->step(s);
	if (rc == 1) {
		snprintf(id, TSU_ID_LEN, "R%lld", h->column_int(s, 0));
		*already = 1;
	}
	h->finalize(s);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	return h->response_add(ctx, subject, form, version, answers, date, id);
}

/* P from the person fields of the pregnancy form's ANSWERS. */
static void intake_mother_from(struct tsu_ctx *ctx, const char *answers,
			       struct tsu_person *p)
{
	memset(p, 0, sizeof(*p));
	p->family_name = intake_answer(ctx, answers, "family_name");
	p->given_name = intake_answer(ctx, answers, "given_name");
	p->family_name_kana = intake_answer(ctx, answers, "family_name_kana");
	p->given_name_kana = intake_answer(ctx, answers, "given_name_kana");
	p->birth_date = intake_answer(ctx, answers, "birth_date");
	p->phone = intake_answer(ctx, answers, "phone");
	p->address = intake_answer(ctx, answers, "address");
	p->resident_code = intake_answer(ctx, answers, "resident_code");
	p->sex = "female";
}

static const char *nonnull(const char *s)
{
	return s ? s : "";
}

/* Whether A and B are both missing or the same text. */
static int same_text(const char *a, const char *b)
{
	return strcmp(nonnull(a), nonnull(b)) == 0;
}

/* Whether the kana A and B are the same to the searcher (hiragana,
 * katakana and half-width alike, blanks aside). */
static int same_kana(struct tsu_ctx *ctx, const char *a, const char *b)
{
	const struct tsu_host *h = intake_host;

	return same_text(h->fold(ctx, a), h->fold(ctx, b));
}

/* How many of family name kana, given name kana and birth date differ
 * between the answers P and the person OLD of the same resident code: a
 * name changed by marriage or a typing mistake put right changes one,
 * another person two or three. */
static int identity_changes(struct tsu_ctx *ctx, const struct tsu_person *p,
			    const struct tsu_person *old)
{
	return !same_kana(ctx, p->family_name_kana, old->family_name_kana) +
	       !same_kana(ctx, p->given_name_kana, old->given_name_kana) +
	       !same_text(p->birth_date, old->birth_date);
}

int intake_pregnancy_store(struct tsu_ctx *ctx, const char *answers,
			   int version, struct intake_result *r)
{
	const struct tsu_host *h = intake_host;
	const char *notified, *due;
	struct tsu_person p;
	char summary[256];
	int m;

	memset(r, 0, sizeof(*r));
	r->changed = "";
	intake_mother_from(ctx, answers, &p);
	notified = intake_answer(ctx, answers, "notified_on");
	due = intake_answer(ctx, answers, "due_date");
	m = h->person_match(ctx, &p, r->mother);
	if (m < 0)
		return -1;
	if (m == 1) {
		struct tsu_person old;

		if (h->person_get(ctx, r->mother, &old) < 0)
			return -1;
		r->matched = 1;
		r->match_reason =
		    p.resident_code && old.resident_code &&
			    strcmp(p.resident_code, old.resident_code) == 0
			? _("the same resident code")
			: _("the same kana name and birth date");
		if (identity_changes(ctx, &p, &old) > 1)
			return h->error(
			    ctx,
			    _("resident code %s is %s's (%s %s, %s %s, born "
			      "%s): more than one of family name, given name "
			      "and birth date differ: check the resident "
			      "code"),
			    p.resident_code, r->mother,
			    nonnull(old.family_name), nonnull(old.given_name),
			    nonnull(old.family_name_kana),
			    nonnull(old.given_name_kana),
			    nonnull(old.birth_date));
		if (h->person_update(ctx, r->mother, &p, &r->changed) < 0)
			return -1;
	} else if (h->person_add(ctx, &p, r->mother) < 0) {
		return -1;
	}
	if (!r->matched || h->resolve(ctx, r->mother, "family", r->family) < 0) {
		/* a matched person without a family gets one too */
		if (r->matched)
			h->error_take(ctx);
		if (h->family_add(ctx, h->staff(ctx), r->family) < 0 ||
		    h->member_add(ctx, r->family, r->mother, "mother") < 0)
			return -1;
	}
	m = h->pregnancy_find(ctx, r->mother, notified, r->pregnancy);
	if (m < 0)
		return -1;
	if (m == 1) {
		r->already = 1;
		return 0;
	}
	/* One pregnancy at a time: an older one still open would stay on
	 * the due list for ever. */
	m = h->pregnancy_find(ctx, r->mother, NULL, r->pregnancy);
	if (m != 0)
		return m < 0 ? -1
			     : h->error(ctx,
					_("%s already has an open pregnancy %s: "
					  "record its birth (intake birth %s) "
					  "or its end (pregnancy end %s) "
					  "first"),
					r->mother, r->pregnancy, r->mother,
					r->pregnancy);
	if (h->pregnancy_add(ctx, r->mother, r->family, notified, due,
			     intake_answer(ctx, answers, "handbook_no"),
			     r->pregnancy) < 0)
		return -1;
	snprintf(summary, sizeof(summary), "妊娠届出 (%s), 出産予定日 %s",
		 r->pregnancy, due ? due : "?");
	if (h->event_add(ctx, r->mother, "pregnancy", notified, summary,
			 r->pregnancy) < 0)
		return -1;
	/* A new pregnancy: its answers (notified_on among them) cannot be
	 * stored already. */
	return h->response_add(ctx, r->mother, "pregnancy", version, answers,
			       notified, r->response);
}

/* ---- the intake command ---- */

/* Print the mother of R as one record. */
static int intake_print_mother(struct tsu_ctx *ctx,
			       const struct intake_result *r)
{
	static const char *const keys[] = {
	    "id",	 "name",	 "kana",	"birth_date", "family_id",
	    "pregnancy_id", "response_id", "matched", "updated",
	};
	static const char *const headings[] = {
	    N_("id"),		N_("name"),	   N_("kana"),
	    N_("birth_date"),	N_("family_id"),   N_("pregnancy_id"),
	    N_("response_id"), N_("matched"),	   N_("updated fields"),
	};
	const struct tsu_host *h = intake_host;
	struct tsu_person p;
	struct tsu_table *t;
	char name[256], kana[256];

	if (h->person_get(ctx, r->mother, &p) < 0)
		return -1;
	snprintf(name, sizeof(name), "%s %s", p.family_name ? p.family_name : "",
		 p.given_name ? p.given_name : "");
	snprintf(kana, sizeof(kana), "%s %s",
		 p.family_name_kana ? p.family_name_kana : "",
		 p.given_name_kana ? p.given_name_kana : "");
	t = h->table_new(9, keys, headings);
	h->table_row(t);
	h->table_text(t, r->mother);
	h->table_text(t, name);
	h->table_text(t, kana);
	h->table_date(ctx, t, p.birth_date);
	h->table_text(t, r->family);
	h->table_text(t, r->pregnancy);
	h->table_text(t, *r->response ? r->response : NULL);
	h->table_bool(t, r->matched);
	h->table_text(t, r->changed);
	return h->table_emit_record(ctx, t);
}

/* Say so when FAMILY of MOTHER has moved out or ended: her records go
 * in, but nothing of hers is on the due list until it is taken back.
 * 0 or -1. */
static int intake_family_inactive_note(struct tsu_ctx *ctx,
				       const char *mother, const char *family)
{
	static const char sql[] = "SELECT status FROM family WHERE id = ?1";
	const struct tsu_host *h = intake_host;
	struct tsu_stmt *s = h->prepare(ctx, sql);
	const char *status;
	int rc;

	if (!s)
		return -1;
	h->bind_int(s, 1, atoll(family + 1));
	rc = h->step(s);
	status = rc == 1 ? h->column_text(s, 0) : NULL;
	if (status && strcmp(status, "active") != 0)
		h->note(ctx,
			_("Note: %s's family %s is marked %s, so nothing of "
			  "hers is on the due list; if she is back, take the "
			  "family back with: family %s --active"),
			mother, family,
			strcmp(status, "moved") == 0 ? _("moved out")
						     : _("case ended"),
			family);
	h->finalize(s);
	return rc < 0 ? -1 : 0;
}

/* intake pregnancy [--set F=V]... */
static int intake_pregnancy(struct tsu_ctx *ctx, char **sets, int nsets)
{
	const struct tsu_host *h = intake_host;
	struct intake_result r;
	const char *answers;
	int version;

	if (h->form_fill(ctx, "pregnancy", NULL, sets, nsets, &answers,
			 &version) < 0)
		return -1;
	if (intake_pregnancy_store(ctx, answers, version, &r) < 0)
		return -1;
	if (r.matched)
		h->info(ctx, _("%s is already registered (%s)%s%s."), r.mother,
			r.match_reason, *r.changed ? _("; updated: ") : "",
			r.changed);
	if (r.already)
		h->info(ctx,
			_("This pregnancy (%s, notified on the same day) is "
			"already registered; nothing added."),
			r.pregnancy);
	if (intake_family_inactive_note(ctx, r.mother, r.family) < 0)
		return -1;
	return intake_print_mother(ctx, &r);
}

/* Refuse a birth on BORN that MOTHER (M) cannot have given: she is a man
 * or not 10 years older than the child, or her open pregnancy PREGNANCY
 * (or NULL) is not of a child born then.  0 or -1. */
static int intake_birth_check(struct tsu_ctx *ctx, const char *mother,
			      const struct tsu_person *m, const char *born,
			      const char *pregnancy)
{
	static const char sql[] =
	    "SELECT notified_on, due_date FROM pregnancy WHERE id = ?1";
	const struct tsu_host *h = intake_host;
	char adult[TSU_DATE_LEN], first[TSU_DATE_LEN], last[TSU_DATE_LEN];
	struct tsu_stmt *s;
	int rc = 0;

	if (!born)
		return 0;
	if (m->sex && strcmp(m->sex, "male") == 0)
		return h->error(ctx, _("%s is recorded as male: give the "
				       "mother's id"),
				mother);
	if (m->birth_date && h->date_add(m->birth_date, 10 * 365, adult) == 0 &&
	    strcmp(born, adult) < 0)
		return h->error(ctx,
				_("%s was born on %s: she cannot be the mother "
				  "of a child born on %s; give the mother's id"),
				mother, m->birth_date, born);
	if (!pregnancy)
		return 0;
	s = h->prepare(ctx, sql);
	if (!s)
		return -1;
	h->bind_int(s, 1, atoll(pregnancy + 2));
	/* Born at most 60 days before it was notified (a late notification)
	 * and at most 60 days after it was due. */
	if (h->step(s) == 1 && h->column_text(s, 0) && h->column_text(s, 1) &&
	    h->date_add(h->column_text(s, 0), -60, first) == 0 &&
	    h->date_add(h->column_text(s, 1), 60, last) == 0 &&
	    (strcmp(born, first) < 0 || strcmp(born, last) > 0))
		rc = h->error(ctx,
			      _("%s's open pregnancy %s was notified on %s, "
				"due on %s: a child born on %s is not of it; "
				"check the birth date, or record how %s ended "
				"(pregnancy end %s) first"),
			      mother, pregnancy, h->column_text(s, 0),
			      h->column_text(s, 1), born, pregnancy, pregnancy);
	h->finalize(s);
	return rc;
}

/* The pregnancy of MOTHER that a birth on BORN closed, for a twin, into
 * PREGNANCY: 1, 0 when there is none, -1 on error. */
static int intake_twin_pregnancy(struct tsu_ctx *ctx, const char *mother,
				 const char *born, char pregnancy[TSU_ID_LEN])
{
	static const char sql[] =
	    "SELECT 'PG' || id FROM pregnancy WHERE mother_id = ?1"
	    " AND outcome = 'birth' AND outcome_on = ?2"
	    " ORDER BY id DESC LIMIT 1";
	const struct tsu_host *h = intake_host;
	struct tsu_stmt *s = h->prepare(ctx, sql);
	int rc;

	if (!s)
		return -1;
	h->bind_int(s, 1, atoll(mother + 1));
	h->bind_text(s, 2, born);
	rc = h->step(s);
	if (rc == 1)
		snprintf(pregnancy, TSU_ID_LEN, "%s", h->column_text(s, 0));
	h->finalize(s);
	return rc;
}

/* intake birth MOTHER-ID [--set F=V]... */
static int intake_birth(struct tsu_ctx *ctx, const char *mother_text,
			char **sets, int nsets)
{
	static const char *const keys[] = {
	    N_("id"),	 N_("name"),	 N_("kana"),	 N_("birth_date"), N_("sex"),
	    N_("family_id"), N_("mother_id"), N_("pregnancy_id"), N_("response_id"),
	};
	const struct tsu_host *h = intake_host;
	char mother[TSU_ID_LEN], family[TSU_ID_LEN], child[TSU_ID_LEN];
	char pregnancy[TSU_ID_LEN] = "", response[TSU_ID_LEN] = "";
	char name[256], kana[256], summary[256];
	struct tsu_person m, c;
	struct tsu_table *t;
	const char *answers;
	int version, open, already;

	if (h->resolve(ctx, mother_text, "person", mother) < 0 ||
	    h->resolve(ctx, mother, "family", family) < 0)
		return -1;
	if (h->form_fill(ctx, "birth", NULL, sets, nsets, &answers, &version) <
	    0)
		return -1;
	/* Read after the form: while it was typed others may have written
	 * (a twin's birth closing the pregnancy, a new phone). */
	if (h->person_get(ctx, mother, &m) < 0)
		return -1;
	open = h->pregnancy_find(ctx, mother, NULL, pregnancy);
	if (open < 0)
		return -1;
	memset(&c, 0, sizeof(c));
	c.family_name = intake_answer(ctx, answers, "family_name");
	if (!c.family_name)
		c.family_name = m.family_name;
	c.family_name_kana = intake_answer(ctx, answers, "family_name_kana");
	if (!c.family_name_kana)
		c.family_name_kana = m.family_name_kana;
	c.given_name = intake_answer(ctx, answers, "given_name");
	c.given_name_kana = intake_answer(ctx, answers, "given_name_kana");
	c.birth_date = intake_answer(ctx, answers, "birth_date");
	c.sex = intake_answer(ctx, answers, "sex");
	c.resident_code = intake_answer(ctx, answers, "resident_code");
	c.phone = m.phone;
	c.address = m.address;
	if (intake_birth_check(ctx, mother, &m, c.birth_date,
			       open == 1 ? pregnancy : NULL) < 0)
		return -1;
	if (open == 0 && c.birth_date) {
		/* Twins: the pregnancy the first one's birth closed. */
		open = intake_twin_pregnancy(ctx, mother, c.birth_date,
					     pregnancy);
		if (open < 0)
			return -1;
		open = open ? 2 : 0;
	}
	if (h->person_add(ctx, &c, child) < 0 ||
	    h->member_add(ctx, family, child, "child") < 0)
		return -1;
	if (open == 1 && h->pregnancy_close(ctx, pregnancy, "birth",
					    c.birth_date, child) < 0)
		return -1;
	if (open == 0)
		h->info(ctx, _("%s had no open pregnancy on record; the child is "
			     "registered without one."),
			mother);
	if (open == 2)
		h->note(ctx, _("%s's pregnancy %s ended in a birth the same day: "
			       "the child is registered as a twin of it."),
			mother, pregnancy);
	snprintf(summary, sizeof(summary), "出生 %s %s", child,
		 c.given_name ? c.given_name : "");
	if (h->event_add(ctx, mother, "birth", c.birth_date, summary, child) <
	    0)
		return -1;
	if (intake_response_store(ctx, child, "birth", version, answers,
				  c.birth_date, response, &already) < 0)
		return -1;
	snprintf(name, sizeof(name), "%s %s", c.family_name ? c.family_name : "",
		 c.given_name ? c.given_name : "");
	snprintf(kana, sizeof(kana), "%s %s",
		 c.family_name_kana ? c.family_name_kana : "",
		 c.given_name_kana ? c.given_name_kana : "");
	t = h->table_new(9, keys, NULL);
	h->table_row(t);
	h->table_text(t, child);
	h->table_text(t, name);
	h->table_text(t, kana);
	h->table_date(ctx, t, c.birth_date);
	h->table_text(t, c.sex);
	h->table_text(t, family);
	h->table_text(t, mother);
	h->table_text(t, *pregnancy ? pregnancy : NULL);
	h->table_text(t, response);
	return h->table_emit_record(ctx, t);
}

/* Refuse SUBJECT for FORM when the form is about a child (its #:subject
 * KIND) and SUBJECT is no family's child, or about a mother (or another
 * grown-up who consults) and SUBJECT is a child or a family: a checkup
 * of the 4th month recorded on the mother or on the family would mark
 * it done for no one in particular.  0 or -1. */
static int intake_subject_check(struct tsu_ctx *ctx, const char *form,
				const char *kind, const char *subject)
{
	static const char sql[] =
	    "SELECT 1 FROM member WHERE person_id = ?1 AND role = ?2";
	const struct tsu_host *h = intake_host;
	struct tsu_stmt *s;
	int child, rc;

	if (!kind || (strcmp(kind, "child") != 0 && strcmp(kind, "mother") != 0))
		return 0;
	child = strcmp(kind, "child") == 0;
	if (subject[0] != 'P')
		return h->error(ctx,
				child ? _("%s is a form about a child: give the "
					  "child's id, not the family's (show "
					  "%s lists its members)")
				      : _("%s is a form about a mother: give "
					  "her id, not the family's (show %s "
					  "lists its members)"),
				form, subject);
	s = h->prepare(ctx, sql);
	if (!s)
		return -1;
	h->bind_int(s, 1, atoll(subject + 1));
	h->bind_text(s, 2, "child");
	rc = h->step(s);
	h->finalize(s);
	if (rc < 0)
		return -1;
	if (child && rc == 0)
		return h->error(ctx,
				_("%s is a form about a child, and %s is no "
				  "family's child (show %s tells who it is)"),
				form, subject, subject);
	if (!child && rc == 1)
		return h->error(ctx,
				_("%s is a form about a mother, and %s is a "
				  "child (show %s tells whose)"),
				form, subject, subject);
	return 0;
}

/* intake FORM SUBJECT-ID [--set F=V]... */
static int intake_form(struct tsu_ctx *ctx, const char *form,
		       const char *subject_text, char **sets, int nsets)
{
	static const char *const keys[] = {N_("id"), N_("subject"), N_("form"), N_("version"),
					   N_("date")};
	const struct tsu_host *h = intake_host;
	char subject[TSU_ID_LEN], response[TSU_ID_LEN];
	const char *kind = NULL, *answers;
	struct tsu_table *t;
	int version, already;

	h->form_exists(ctx, form, &kind);
	if (h->resolve(ctx, subject_text,
		       kind && strcmp(kind, "family") == 0 ? "family" : NULL,
		       subject) < 0 ||
	    intake_subject_check(ctx, form, kind, subject) < 0)
		return -1;
	if (h->form_fill(ctx, form, subject, sets, nsets, &answers, &version) <
	    0)
		return -1;
	if (intake_response_store(ctx, subject, form, version, answers,
				  h->today(ctx), response, &already) < 0)
		return -1;
	if (already)
		h->info(ctx, _("The same answers are already stored as %s; "
			     "nothing added."),
			response);
	t = h->table_new(5, keys, NULL);
	h->table_row(t);
	h->table_text(t, response);
	h->table_text(t, subject);
	h->table_text(t, form);
	h->table_int(t, version);
	h->table_date(ctx, t, h->today(ctx));
	return h->table_emit_record(ctx, t);
}

/* intake FORM [ID] [--set F=V]... */
static int intake_cmd(struct tsu_ctx *ctx, int argc, char **argv, void *data)
{
	static const struct tsu_opt opts[] = {{"--set", TSU_OPT_REPEAT}};
	const struct tsu_host *h = intake_host;
	struct tsu_args a;
	char **sets;
	int nsets;

	if (h->parse_options(ctx, argc, argv, opts, 1, &a) < 0)
		return -1;
	if (!intake_has_forms())
		return h->error(ctx, _("forms are not available in this "
				     "program (its core has no form support)"));
	if (a.npos == 0)
		return h->error(ctx, _("which form? (usage: intake pregnancy, "
				     "intake birth MOTHER-ID, or intake FORM "
				     "SUBJECT-ID)"));
	sets = a.repeat[0];
	nsets = a.nrepeat[0];
	if (!h->form_exists(ctx, a.pos[0], NULL))
		return h->error(ctx, _("no form \"%s\" (forms are defined with "
				     "define-form; the shipped ones include "
				     "pregnancy and birth)"),
				a.pos[0]);
	if (strcmp(a.pos[0], "pregnancy") == 0) {
		if (a.npos > 1)
			return h->error(ctx,
					_("\"%s\": intake pregnancy takes no id "
					"(the mother is found or created "
					"from the answers)"),
					a.pos[1]);
		return intake_pregnancy(ctx, sets, nsets);
	}
	if (a.npos != 2)
		return h->error(ctx,
				a.npos < 2 ? _("whose? (usage: intake %s "
					     "SUBJECT-ID [--set F=V]...)")
					   : _("\"%s\": one subject at a time"),
				a.npos < 2 ? a.pos[0] : a.pos[2]);
	if (strcmp(a.pos[0], "birth") == 0)
		return intake_birth(ctx, a.pos[1], sets, nsets);
	return intake_form(ctx, a.pos[0], a.pos[1], sets, nsets);
}

static const struct tsu_command_spec intake_specs[] = {
    {
	.name = "intake",
	.topic = "register",
	.summary = N_("pregnancy notification, birth, or any form for a subject"),
	.usage = N_("intake pregnancy [--set F=V]...\n"
		 "intake birth MOTHER-ID [--set F=V]...\n"
		 "intake FORM SUBJECT-ID [--set F=V]..."),
	.help =
	    N_("Intake is where a family enters the center's continuous grasp: "
	    "every\npregnant woman from her pregnancy notification (妊娠届出) "
	    "on, and every\nchild from birth, whether or not a risk is seen at "
	    "the time.\n\n"
	    "intake pregnancy: the notification interview.  The mother is "
	    "matched by\nresident code, or by kana name and birth date: a "
	    "registered mother is\nupdated, never duplicated, and the command "
	    "says so.  Otherwise she is\ncreated with her family (you become "
	    "its contact staff).  The pregnancy,\nthe answers and a timeline "
	    "event are added and the screening rules and\nintake hook run.  "
	    "Prints the mother with her family_id and pregnancy_id.\n"
	    "intake birth MOTHER-ID: registers the child (the mother's family "
	    "name\nunless given), adds it to her family and closes her open "
	    "pregnancy.\n"
	    "intake FORM SUBJECT-ID: any other defined form for a person or "
	    "family.\n\n"
	    "Missing required fields are asked for on a terminal; otherwise "
	    "the command\nfails naming them.  Field ids are those of --set, "
	    "CSV --map and JSON.\n"
	    "Example: intake pregnancy --set family_name=山田 --set "
	    "given_name=花子 \\\n  --set family_name_kana=やまだ --set "
	    "given_name_kana=はなこ \\\n  --set birth_date=1995-05-01 --set "
	    "notified_on=R8.4.1 --set due_date=2026-10-20\n\n"
	    "See also: help forms, import, contact, find, show"),
	.words = "pregnancy birth --set=",
	.perm = TSU_PERM_REGISTER,
	.fn = intake_cmd,
    },
};

/* 1 when FIELD is given with --set on the line ARGV (ARGC words). */
static int intake_field_given(const char *const *argv, int argc,
			      const char *field)
{
	size_t n = strlen(field);
	int i;

	for (i = 1; i < argc; i++) {
		const char *set = NULL;

		if (strcmp(argv[i], "--set") == 0 && i + 1 < argc)
			set = argv[++i];
		else if (strncmp(argv[i], "--set=", 6) == 0)
			set = argv[i] + 6;
		if (set && strncmp(set, field, n) == 0 && set[n] == '=')
			return 1;
	}
	return 0;
}

/* Tab after --set: the field ids of the form named on the line
 * ("intake pregnancy", "intake birth P1", "intake FORM ID") that start
 * with PREFIX and are not set yet, each with its '=' ("family_name="). */
static int intake_set_complete(struct tsu_ctx *ctx, const char *prefix,
			       void (*add)(struct tsu_ctx *ctx,
					   const char *word),
			       void *data)
{
	const struct tsu_host *h = intake_host;
	const char *const *argv, *form = NULL;
	const char **ids;
	size_t plen = strlen(prefix);
	int argc, i, n;

	(void)data;
	if (!TSU_HOST_HAS(h, form_fields))
		return 0;
	argc = h->complete_args(ctx, &argv);
	for (i = 1; i < argc && !form; i++) {
		if (strcmp(argv[i], "--set") == 0)
			i++;
		else if (strncmp(argv[i], "--", 2) != 0)
			form = argv[i];
	}
	if (!form || !h->form_exists(ctx, form, NULL))
		return 0;
	n = h->form_fields(ctx, form, &ids);
	for (i = 0; i < n; i++) {
		char *word;

		if (strncmp(ids[i], prefix, plen) != 0 ||
		    intake_field_given(argv, argc, ids[i]))
			continue;
		if (asprintf(&word, "%s=", ids[i]) < 0)
			return -1;
		add(ctx, word);
		free(word);
	}
	return n < 0 ? -1 : 0;
}

int intake_commands_register(struct tsu_plugin *self, char **errmsg)
{
	if (intake_register_specs(self, intake_specs, 1, errmsg) < 0)
		return -1;
	if (TSU_HOST_HAS(intake_host, form_fields))
		intake_host->register_completer(
		    self, "intake", "--set", intake_set_complete, NULL, NULL);
	return 0;
}

/* Register the tables and every command.  Returns 0, or -1 with
 * *ERRMSG. */
static int intake_init(const struct tsu_host *host, struct tsu_plugin *self,
		       char **errmsg)
{
	char *name = NULL;

	intake_host = host;
	if (!TSU_HOST_HAS(host, error_take)) {
		*errmsg = strdup(_("the program is older than this plugin "
				 "(no register entries in its host table)"));
		return -1;
	}
	if (host->register_schema(self, intake_schema, 1) < 0) {
		*errmsg = strdup(_("cannot create the intake tables"));
		return -1;
	}
	if (intake_commands_register(self, &name) < 0 ||
	    intake_find_register(self, &name) < 0 ||
	    intake_contact_register(self, &name) < 0 ||
	    intake_register_register(self, &name) < 0 ||
	    intake_import_register(self, &name) < 0) {
		if (name && asprintf(errmsg, _("command \"%s\" is already taken"),
				     name) < 0)
			*errmsg = NULL;
		free(name);
		return -1;
	}
	return 0;
}

static const struct tsu_plugin_info intake_info = {
    .abi_major = TSU_PLUGIN_ABI_MAJOR,
    .abi_minor = TSU_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(struct tsu_plugin_info),
    .name = "intake",
    .version = "0.2.0",
    .description = "the register: intake of pregnancies, births and forms; "
		   "find; contacts; moves; CSV import",
    .init = intake_init,
    .shutdown = NULL,
};

TSU_PLUGIN_DEFINE(intake_info)
