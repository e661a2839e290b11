/* demo.c - --demo: a temporary database of fictional families, so that
 * the program can be tried (and taught) without touching real records.
 * Every name, code, phone number and address here is invented; birth dates
 * are counted back from the date taken as today, so ages always fit. */
#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "command.h"
#include "date.h"
#include "demo.h"
#include "form.h"
#include "i18n.h"
#include "register.h"
#include "store.h"
#include "subject.h"

char *demo_db_path(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir, *path;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	dir = tsu_strdup_printf("%s/tsunagu-demo-XXXXXX", tmp);
	/* mkdtemp makes the folder with mode 0700. */
	if (!mkdtemp(dir)) {
		tsu_warn("--demo", _("cannot make a temporary folder in %s: %s"),
			 tmp, strerror(errno));
		free(dir);
		return NULL;
	}
	path = tsu_strdup_printf("%s/demo.db", dir);
	free(dir);
	return path;
}

void demo_cleanup(const char *path)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	char *dir, *slash;
	size_t i;

	if (!path)
		return;
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		char *f = tsu_strdup_printf("%s%s", path, suffixes[i]);

		unlink(f);
		free(f);
	}
	dir = tsu_strdup(path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		rmdir(dir);
	}
	free(dir);
}

/* ---- the families ---- */

/* One person of a demo family.  AGE_DAYS/AGE_MONTHS/AGE_YEARS count the
 * birth date back from today. */
struct demo_person {
	const char *role;
	const char *family_name, *given_name;
	const char *family_name_kana, *given_name_kana;
	const char *sex;
	int age_years, age_months, age_days;
};

/* A contact of kind KIND with NOTE (as `contact` records it) with the
 * family's first person (0), another member (1...) or the family itself
 * (-1), DAYS_AGO days before today.  With FORM, a response of that form
 * instead: FIELD[i] is answered VALUE[i], and DATE_FIELD (if any) with
 * the date. */
struct demo_event {
	int who;
	const char *kind;
	int days_ago;
	const char *note;
	const char *form, *date_field;
	const char *field[2], *value[2];
};

/* A family: its people (the first one is the mother when her role says
 * so: each child is then born of a pregnancy notified about 220 days
 * before its birth), an open pregnancy of the mother when NOTIFIED_AGO
 * is set (notified that many days ago, due in DUE_IN days), events and
 * a flag on the family. */
struct demo_family {
	int with_contact_staff;
	const char *address;
	struct demo_person people[4];
	int notified_ago, due_in;
	struct demo_event events[4];
	const char *flag_name, *flag_reason; /* on the family, or NULL */
};

/* The fictional families: an expectant mother whose interview at about 8
 * months comes due soon, a newborn, infants and toddlers, a teenage
 * expectant mother just after her notification, a family without a
 * contact staff member, and one with a grandmother as caregiver. */
static const struct demo_family families[] = {
    {.with_contact_staff = 1,
     .address = "つなぐ市中央町1-2-3",
     .people = {{"mother", "山田", "花子", "やまだ", "はなこ", "female", 31, 0,
		 12}},
     .notified_ago = 150,
     .due_in = 65,
     .events = {{0, "phone", 30, "体調の確認"}}},
    {.with_contact_staff = 1,
     .address = "つなぐ市桜台2-5-8",
     .people =
	 {{"mother", "佐藤", "美咲", "さとう", "みさき", "female", 28, 3, 0},
	  {"father", "佐藤", "健太", "さとう", "けんた", "male", 30, 7, 0},
	  {"child", "佐藤", "陽翔", "さとう", "はると", "male", 0, 0, 20}}},
    {.with_contact_staff = 1,
     .address = "つなぐ市緑が丘3-1-14",
     .people = {{"mother", "鈴木", "愛", "すずき", "あい", "female", 34, 1, 0},
		{"child", "鈴木", "結衣", "すずき", "ゆい", "female", 0, 3,
		 10}},
     .events = {{1, "visit", 80, "新生児訪問"},
		{1, "visit", 40, "乳児家庭全戸訪問"}}},
    {.with_contact_staff = 1,
     .address = "つなぐ市港町4-9-2",
     .people = {{"mother", "高橋", "由美", "たかはし", "ゆみ", "female", 22, 5,
		 0},
		{"child", "高橋", "蓮", "たかはし", "れん", "male", 1, 6, 3}},
     .events = {{0, "consultation", 14, "来所相談: 育児の不安"}},
     .flag_name = "isolation",
     .flag_reason = "実家が遠く、身近に相談できる人がいない"},
    {.with_contact_staff = 1,
     .address = "つなぐ市中央町5-11-1",
     .people = {{"mother", "伊藤", "さくら", "いとう", "さくら", "female", 39,
		 2, 0},
		{"child", "伊藤", "湊", "いとう", "みなと", "male", 3, 0, 20},
		{"child", "伊藤", "陽菜", "いとう", "ひな", "female", 0,
		 10, 0}},
     .events = {{1, NULL, 25, NULL, "checkup_3y", "examined_on",
		 {"result", "weight_g"}, {"異常なし", "14200"}}}},
    {.with_contact_staff = 1,
     .address = "つなぐ市桜台6-3-7",
     .people = {{"mother", "渡辺", "真由美", "わたなべ", "まゆみ", "female", 19,
		 4, 0}},
     .notified_ago = 20,
     .due_in = 230},
    {.with_contact_staff = 0,
     .address = "つなぐ市緑が丘7-8-9",
     .people =
	 {{"mother", "中村", "香織", "なかむら", "かおり", "female", 33, 0, 0},
	  {"father", "中村", "大輔", "なかむら", "だいすけ", "male", 35, 9, 0},
	  {"child", "中村", "悠真", "なかむら", "ゆうま", "male", 2, 0, 15}}},
    {.with_contact_staff = 1,
     .address = "つなぐ市港町8-4-6",
     .people = {{"mother", "小林", "美穂", "こばやし", "みほ", "female", 27, 8,
		 0},
		{"caregiver", "小林", "恵子", "こばやし", "けいこ", "female",
		 58, 2, 0},
		{"child", "小林", "葵", "こばやし", "あおい", "female", 0, 4,
		 2}},
     .events = {{-1, "visit", 9, "祖母が同居して育児を手伝う"}}},
};

/* The birth date of P, counted back from today, into OUT. */
static int birth_date(const struct demo_person *p, char out[TSU_DATE_LEN])
{
	char tmp[TSU_DATE_LEN];

	if (tsu_date_add_months(app.today, -(p->age_years * 12 + p->age_months),
				tmp) < 0)
		return -1;
	return tsu_date_add(tmp, -p->age_days, out);
}

/* Store a response of FORM for SUBJECT dated DATE, answering FIELDS[i]
 * with VALUES[i], through the form's own validation, screening rules and
 * intake hook (as `intake` and `import` do).  A form this site does not
 * define is skipped.  0 or -1 (on CTX). */
static int demo_response(struct tsu_ctx *ctx, const char *subject,
			 const char *form, const char *date,
			 const char *const *fields, const char *const *values,
			 int n)
{
	const char *answers;
	char id[TSU_ID_LEN];
	int version;
	char *why;

	if (!form_exists(ctx, form, NULL))
		return 0;
	if (form_check(ctx, form, fields, values, n, &answers, &version) == 0 &&
	    form_response_add(ctx, subject, form, version, answers, date,
			      id) == 0)
		return 0;
	/* Name the demo's subject: the form's message alone would not
	 * say which fictional family failed. */
	why = ctx->error;
	ctx->error = NULL;
	ctx_error(ctx, _("%s of %s: %s"), form, subject, why ? why : "?");
	free(why);
	return -1;
}

/* A contact of KIND with SUBJECT on DATE with NOTE, made by the
 * `contact` command itself (the contacts are its plugin's records).
 * Without that command (its plugin not loaded), none.  0 or -1. */
static int demo_contact(struct tsu_ctx *ctx, const char *subject,
			const char *kind, const char *date, const char *note)
{
	char *line;
	int rc;

	if (!command_find("contact"))
		return 0;
	/* The demo's notes hold no double quote. */
	line = tsu_strdup_printf("contact %s --kind %s --date %s --note \"%s\"",
				 subject, kind, date, note);
	rc = command_run_quiet(line);
	free(line);
	if (rc < 0)
		return ctx_error(ctx, _("a contact with %s failed"), subject);
	return 0;
}

/* The pregnancy notification of mother P (id MOTHER, born BIRTH) of
 * family FAM on NOTIFIED, due on DUE, as `intake pregnancy` records it:
 * the pregnancy (its id into PG), its timeline event and the answers of
 * the pregnancy form.  N numbers the handbook.  0 or -1 (on CTX). */
static int demo_pregnancy(struct tsu_ctx *ctx, const struct demo_person *p,
			  const char *mother, const char *birth,
			  const char *phone, const char *code,
			  const char *address, const char *fam,
			  const char *notified, const char *due, int n,
			  char pg[TSU_ID_LEN])
{
	const char *fields[] = {"family_name",	    "given_name",
				"family_name_kana", "given_name_kana",
				"birth_date",	    "notified_on",
				"due_date",	    "handbook_no",
				"resident_code",    "address",
				"phone"};
	const char *values[11];
	char handbook[16], summary[256];

	snprintf(handbook, sizeof(handbook), "D%05d", n);
	if (register_pregnancy_add(ctx, mother, fam, notified, due, handbook,
				   pg) < 0)
		return -1;
	snprintf(summary, sizeof(summary), "妊娠届出 (%s), 出産予定日 %s", pg,
		 due);
	if (subject_event_add(ctx, mother, "pregnancy", notified, summary,
			      pg) < 0)
		return -1;
	values[0] = p->family_name;
	values[1] = p->given_name;
	values[2] = p->family_name_kana;
	values[3] = p->given_name_kana;
	values[4] = birth;
	values[5] = notified;
	values[6] = due;
	values[7] = handbook;
	values[8] = code;
	values[9] = address;
	values[10] = phone;
	return demo_response(ctx, mother, "pregnancy", notified, fields,
			     values, phone ? 11 : 10);
}

/* The birth of child C (id CHILD, born BIRTH) to MOTHER, as `intake
 * birth` records it: pregnancy PG closed with the child, the mother's
 * timeline event and the answers of the birth form.  0 or -1. */
static int demo_birth(struct tsu_ctx *ctx, const struct demo_person *c,
		      const char *child, const char *birth, const char *mother,
		      const char *pg)
{
	const char *fields[] = {"given_name", "given_name_kana", "birth_date",
				"sex", "birth_weight_g"};
	const char *values[5];
	char summary[256];

	if (register_pregnancy_close(ctx, pg, "birth", birth, child) < 0)
		return -1;
	snprintf(summary, sizeof(summary), "出生 %s %s", child, c->given_name);
	if (subject_event_add(ctx, mother, "birth", birth, summary, child) < 0)
		return -1;
	values[0] = c->given_name;
	values[1] = c->given_name_kana;
	values[2] = birth;
	values[3] = c->sex;
	values[4] = strcmp(c->sex, "male") == 0 ? "3120" : "2980";
	return demo_response(ctx, child, "birth", birth, fields, values, 5);
}

/* Add family F and its members, pregnancies, births, events and flag; N
 * numbers it for the fictional resident codes, phones and handbooks.
 * Returns 0 or -1 (on CTX). */
static int add_family(struct tsu_ctx *ctx, const struct demo_family *f, int n)
{
	char fam[TSU_ID_LEN], ids[4][TSU_ID_LEN], births[4][TSU_DATE_LEN];
	char codes[4][16], phones[4][16], pg[TSU_ID_LEN];
	char date[TSU_DATE_LEN], due[TSU_DATE_LEN];
	const struct demo_event *e;
	int i, has_mother = strcmp(f->people[0].role, "mother") == 0;

	if (subject_family_add(ctx, f->with_contact_staff ? app.staff : NULL,
			       fam) < 0)
		return -1;
	for (i = 0; i < 4 && f->people[i].role; i++) {
		const struct demo_person *p = &f->people[i];
		struct tsu_person person = {
		    .family_name = p->family_name,
		    .given_name = p->given_name,
		    .family_name_kana = p->family_name_kana,
		    .given_name_kana = p->given_name_kana,
		    .sex = p->sex,
		    .address = f->address,
		    .status = "active",
		};

		if (birth_date(p, births[i]) < 0)
			return ctx_error(ctx, _("no birth date for %s %s"),
					 p->family_name, p->given_name);
		person.birth_date = births[i];
		snprintf(codes[i], sizeof(codes[i]), "99%04d%02d", n + 1, i + 1);
		person.resident_code = codes[i];
		/* Adults get a phone; 090-0000-xxxx is not a real number. */
		phones[i][0] = '\0';
		if (strcmp(p->role, "child") != 0) {
			snprintf(phones[i], sizeof(phones[i]), "090-0000-%02d%02d",
				 n + 1, i + 1);
			person.phone = phones[i];
		}
		if (subject_person_add(ctx, &person, ids[i]) < 0 ||
		    subject_member_add(ctx, fam, ids[i], p->role) < 0)
			return -1;
	}
	/* Each child of the mother, oldest first: notified, then born. */
	for (i = 1; has_mother && i < 4; i++) {
		const struct demo_person *c = &f->people[i];

		if (!c->role || strcmp(c->role, "child") != 0)
			continue;
		if (tsu_date_add(births[i], -220, date) < 0 ||
		    tsu_date_add(births[i], 4, due) < 0)
			return ctx_error(ctx, _("no date for a demo event"));
		if (demo_pregnancy(ctx, &f->people[0], ids[0], births[0],
				   phones[0], codes[0], f->address, fam, date,
				   due, n * 10 + i, pg) < 0 ||
		    demo_birth(ctx, c, ids[i], births[i], ids[0], pg) < 0)
			return -1;
	}
	if (has_mother && f->notified_ago) {
		if (tsu_date_add(app.today, -f->notified_ago, date) < 0 ||
		    tsu_date_add(app.today, f->due_in, due) < 0)
			return ctx_error(ctx, _("no date for a demo event"));
		if (demo_pregnancy(ctx, &f->people[0], ids[0], births[0],
				   phones[0], codes[0], f->address, fam, date,
				   due, n * 10, pg) < 0)
			return -1;
	}
	for (e = f->events; e < f->events + 4 && (e->kind || e->form); e++) {
		const char *fields[3], *values[3];
		const char *subject = e->who < 0 ? fam : ids[e->who];
		int k, nf = 0;

		if (tsu_date_add(app.today, -e->days_ago, date) < 0)
			return ctx_error(ctx, _("no date for a demo event"));
		if (!e->form) {
			if (demo_contact(ctx, subject, e->kind, date, e->note) <
			    0)
				return -1;
			continue;
		}
		if (e->date_field) {
			fields[nf] = e->date_field;
			values[nf++] = date;
		}
		for (k = 0; k < 2 && e->field[k]; k++) {
			fields[nf] = e->field[k];
			values[nf++] = e->value[k];
		}
		if (demo_response(ctx, subject, e->form, date, fields, values,
				  nf) < 0)
			return -1;
	}
	if (f->flag_name &&
	    subject_flag_set(ctx, fam, f->flag_name, f->flag_reason) < 0)
		return -1;
	return 0;
}

/* Set up CTX like a running command named "demo" whose output goes to
 * standard output. */
static void demo_ctx_begin(struct tsu_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->command = "demo";
	ctx->out = stdout;
}

/* Release what CTX kept. */
static void demo_ctx_end(struct tsu_ctx *ctx)
{
	int i;

	for (i = 0; i < ctx->nkeep; i++)
		free(ctx->keep[i]);
	free(ctx->keep);
	free(ctx->error);
}

int demo_fill(char **errmsg)
{
	struct tsu_ctx ctx;
	size_t i;
	int rc = 0;

	if (store_begin(1, errmsg) < 0)
		return -1;
	demo_ctx_begin(&ctx);
	for (i = 0; i < sizeof(families) / sizeof(families[0]) && rc == 0; i++)
		rc = add_family(&ctx, &families[i], (int)i);
	if (rc < 0) {
		*errmsg = tsu_strdup(ctx.error ? ctx.error
					       : _("the demo families failed"));
		store_rollback();
	} else if (store_commit(errmsg) < 0) {
		rc = -1;
	}
	demo_ctx_end(&ctx);
	return rc;
}
