/* demo.c - --demo: a temporary database of fictional families, so that
 * the program can be tried (and taught) without touching real records.
 * Every name, code, phone number and address here is invented; birth dates
 * are counted back from the date taken as today, so ages always fit. */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "audit.h"
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
 * birth date back from today.  A child's BIRTH_WEIGHT_G (if set) is
 * answered on its birth form. */
struct demo_person {
	const char *role;
	const char *family_name, *given_name;
	const char *family_name_kana, *given_name_kana;
	const char *sex;
	int age_years, age_months, age_days;
	const char *birth_weight_g;
};

/* A contact of kind KIND with NOTE (as `contact` records it) with the
 * family's first person (0), another member (1...) or the family itself
 * (-1), DAYS_AGO days before today, by STAFF (NULL: the acting staff
 * member).  With FORM, a response of that form instead: FIELD[i] is
 * answered VALUE[i], and DATE_FIELD (if any) with the date. */
struct demo_event {
	int who;
	const char *kind;
	int days_ago;
	const char *note;
	const char *form, *date_field;
	const char *field[3], *value[3];
	const char *staff;
};

#define DEMO_EVENTS 12

/* A family: its contact staff member (CONTACT_STAFF, or the acting one
 * when that is NULL) if WITH_CONTACT_STAFF, its people (the first one is
 * the mother when her role says so: each child, oldest first, is then
 * born of a pregnancy notified about 220 days before its birth), an open
 * pregnancy of the mother when NOTIFIED_AGO is set (notified that many
 * days ago, due in DUE_IN days), events and a flag on the family.  The
 * mother's last pregnancy (the open one, else the youngest child's) is
 * notified late (after 20 weeks) when LATE_NOTICE is set, and its form
 * answers HAS_SUPPORT when set.  STATUS "moved" or "ended" is recorded
 * (by `move` or `end`) STATUS_AGO days before today with STATUS_NOTE. */
struct demo_family {
	int with_contact_staff;
	const char *contact_staff;
	const char *address;
	struct demo_person people[4];
	int notified_ago, due_in;
	int late_notice;
	const char *has_support;
	struct demo_event events[DEMO_EVENTS];
	const char *flag_name, *flag_reason; /* on the family, or NULL */
	const char *status, *status_note;
	int status_ago;
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

/* A contact of KIND with SUBJECT on DATE with NOTE by STAFF (NULL: the
 * acting staff member), made by the `contact` command itself (the
 * contacts are its plugin's records).  Without that command (its plugin
 * not loaded), none.  0 or -1. */
static int demo_contact(struct tsu_ctx *ctx, const char *subject,
			const char *kind, const char *date, const char *note,
			const char *staff)
{
	char *line;
	int rc;

	if (!command_find("contact"))
		return 0;
	/* The demo's notes hold no double quote. */
	line = tsu_strdup_printf(
	    "contact %s --kind %s --date %s --note \"%s\"%s%s", subject, kind,
	    date, note, staff ? " --staff " : "", staff ? staff : "");
	rc = command_run_quiet(line);
	free(line);
	if (rc < 0)
		return ctx_error(ctx, _("a contact with %s failed"), subject);
	return 0;
}

/* The pregnancy notification of mother P (id MOTHER, born BIRTH) of
 * family FAM on NOTIFIED, due on DUE, as `intake pregnancy` records it:
 * the pregnancy (its id into PG), its timeline event and the answers of
 * the pregnancy form (has_support answered HAS_SUPPORT, if set).  N
 * numbers the handbook.  0 or -1 (on CTX). */
static int demo_pregnancy(struct tsu_ctx *ctx, const struct demo_person *p,
			  const char *mother, const char *birth,
			  const char *phone, const char *code,
			  const char *address, const char *fam,
			  const char *notified, const char *due, int n,
			  const char *has_support, char pg[TSU_ID_LEN])
{
	const char *fields[12] = {"family_name",      "given_name",
				  "family_name_kana", "given_name_kana",
				  "birth_date",	      "notified_on",
				  "due_date",	      "handbook_no",
				  "resident_code",    "address"};
	const char *values[12];
	char handbook[16], summary[256];
	int nf = 10;

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
	if (phone) {
		fields[nf] = "phone";
		values[nf++] = phone;
	}
	if (has_support) {
		fields[nf] = "has_support";
		values[nf++] = has_support;
	}
	return demo_response(ctx, mother, "pregnancy", notified, fields,
			     values, nf);
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
	values[4] = c->birth_weight_g			? c->birth_weight_g
		    : strcmp(c->sex, "male") == 0 ? "3120"
						  : "2980";
	return demo_response(ctx, child, "birth", birth, fields, values, 5);
}

/* The move (STATUS "moved", to NOTE) or end (STATUS "ended", for NOTE)
 * of family FAM on DATE, made by the `move` or `end` command itself.
 * Without that command, none.  0 or -1. */
static int demo_status(struct tsu_ctx *ctx, const char *fam, const char *status,
		       const char *date, const char *note)
{
	int moved = strcmp(status, "moved") == 0;
	char *line;
	int rc;

	if (!command_find(moved ? "move" : "end"))
		return 0;
	line = tsu_strdup_printf("%s %s --date %s %s \"%s\"",
				 moved ? "move" : "end", fam, date,
				 moved ? "--to" : "--reason", note);
	rc = command_run_quiet(line);
	free(line);
	if (rc < 0)
		return ctx_error(ctx, _("the status of %s failed"), fam);
	return 0;
}

/* Add family F and its members, pregnancies, births, events, flag and
 * status; N numbers it for the fictional resident codes, phones and
 * handbooks.  Returns 0 or -1 (on CTX). */
static int add_family(struct tsu_ctx *ctx, const struct demo_family *f, int n)
{
	char fam[TSU_ID_LEN], ids[4][TSU_ID_LEN], births[4][TSU_DATE_LEN];
	char codes[4][32], phones[4][32], pg[TSU_ID_LEN];
	char date[TSU_DATE_LEN], due[TSU_DATE_LEN];
	const struct demo_event *e;
	const char *staff = f->contact_staff ? f->contact_staff : app.staff;
	int i, last = 0, has_mother = strcmp(f->people[0].role, "mother") == 0;

	if (subject_family_add(ctx, f->with_contact_staff ? staff : NULL, fam) <
	    0)
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
		snprintf(codes[i], sizeof(codes[i]), "99%04d%02d", n + 1,
			 i + 1);
		person.resident_code = codes[i];
		/* Adults get a phone; 0X0-0000-xxxx is not a real number
		 * (two digits of N while they hold it). */
		phones[i][0] = '\0';
		if (strcmp(p->role, "child") != 0) {
			if (n + 1 < 100)
				snprintf(phones[i], sizeof(phones[i]),
					 "090-0000-%02d%02d", n + 1, i + 1);
			else
				snprintf(phones[i], sizeof(phones[i]),
					 "080-0000-%04d", (n * 4 + i) % 10000);
			person.phone = phones[i];
		}
		if (subject_person_add(ctx, &person, ids[i]) < 0 ||
		    subject_member_add(ctx, fam, ids[i], p->role) < 0)
			return -1;
		if (strcmp(p->role, "child") == 0)
			last = i;
	}
	/* Each child of the mother, oldest first: notified, then born. */
	for (i = 1; has_mother && i < 4; i++) {
		const struct demo_person *c = &f->people[i];
		int late = f->late_notice && !f->notified_ago && i == last;

		if (!c->role || strcmp(c->role, "child") != 0)
			continue;
		if (tsu_date_add(births[i], late ? -120 : -220, date) < 0 ||
		    tsu_date_add(births[i], 4, due) < 0)
			return ctx_error(ctx, _("no date for a demo event"));
		if (demo_pregnancy(
			ctx, &f->people[0], ids[0], births[0], phones[0],
			codes[0], f->address, fam, date, due, n * 10 + i,
			!f->notified_ago && i == last ? f->has_support : NULL,
			pg) < 0 ||
		    demo_birth(ctx, c, ids[i], births[i], ids[0], pg) < 0)
			return -1;
	}
	if (has_mother && f->notified_ago) {
		if (tsu_date_add(app.today, -f->notified_ago, date) < 0 ||
		    tsu_date_add(app.today, f->due_in, due) < 0)
			return ctx_error(ctx, _("no date for a demo event"));
		if (demo_pregnancy(ctx, &f->people[0], ids[0], births[0],
				   phones[0], codes[0], f->address, fam, date,
				   due, n * 10, f->has_support, pg) < 0)
			return -1;
	}
	for (e = f->events; e < f->events + DEMO_EVENTS && (e->kind || e->form);
	     e++) {
		const char *fields[4], *values[4];
		const char *subject = e->who < 0 ? fam : ids[e->who];
		int k, nf = 0;

		if (tsu_date_add(app.today, -e->days_ago, date) < 0)
			return ctx_error(ctx, _("no date for a demo event"));
		if (!e->form) {
			if (demo_contact(ctx, subject, e->kind, date, e->note,
					 e->staff) < 0)
				return -1;
			continue;
		}
		if (e->date_field) {
			fields[nf] = e->date_field;
			values[nf++] = date;
		}
		for (k = 0; k < 3 && e->field[k]; k++) {
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
	if (f->status) {
		if (tsu_date_add(app.today, -f->status_ago, date) < 0)
			return ctx_error(ctx, _("no date for a demo event"));
		if (demo_status(ctx, fam, f->status, date, f->status_note) < 0)
			return -1;
	}
	return 0;
}

/* ---- the generated families ---- */

/* The families of the demo, hand-written ones included: a few hundred,
 * so that due, find and show look like a center's. */
#define DEMO_FAMILIES 300

/* A name in kanji and hiragana. */
struct demo_name {
	const char *kanji, *kana;
};

#define DEMO_COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct demo_name family_names[] = {
    {"佐藤", "さとう"},	  {"鈴木", "すずき"},	  {"高橋", "たかはし"},
    {"田中", "たなか"},	  {"伊藤", "いとう"},	  {"渡辺", "わたなべ"},
    {"山本", "やまもと"}, {"中村", "なかむら"},	  {"小林", "こばやし"},
    {"加藤", "かとう"},	  {"吉田", "よしだ"},	  {"山田", "やまだ"},
    {"佐々木", "ささき"}, {"山口", "やまぐち"},	  {"松本", "まつもと"},
    {"井上", "いのうえ"}, {"木村", "きむら"},	  {"林", "はやし"},
    {"斎藤", "さいとう"}, {"清水", "しみず"},	  {"山崎", "やまざき"},
    {"森", "もり"},	  {"池田", "いけだ"},	  {"橋本", "はしもと"},
    {"阿部", "あべ"},	  {"石川", "いしかわ"},	  {"前田", "まえだ"},
    {"藤田", "ふじた"},	  {"小川", "おがわ"},	  {"岡田", "おかだ"},
    {"後藤", "ごとう"},	  {"長谷川", "はせがわ"}, {"村上", "むらかみ"},
    {"近藤", "こんどう"}, {"坂本", "さかもと"},	  {"遠藤", "えんどう"},
    {"青木", "あおき"},	  {"藤井", "ふじい"},	  {"西村", "にしむら"},
    {"福田", "ふくだ"},	  {"太田", "おおた"},	  {"三浦", "みうら"},
    {"岡本", "おかもと"}, {"松田", "まつだ"},	  {"中川", "なかがわ"},
    {"原田", "はらだ"},	  {"小野", "おの"},	  {"竹内", "たけうち"},
    {"金子", "かねこ"},	  {"髙木", "たかぎ"},
};

static const struct demo_name mother_names[] = {
    {"彩", "あや"},	{"麻衣", "まい"},   {"恵", "めぐみ"},
    {"千尋", "ちひろ"}, {"奈々", "なな"},   {"瞳", "ひとみ"},
    {"沙織", "さおり"}, {"優子", "ゆうこ"}, {"智子", "ともこ"},
    {"里美", "さとみ"}, {"真理", "まり"},   {"明日香", "あすか"},
    {"綾香", "あやか"}, {"加奈", "かな"},   {"友美", "ともみ"},
    {"亜希", "あき"},	{"絵美", "えみ"},   {"理恵", "りえ"},
    {"直美", "なおみ"}, {"陽子", "ようこ"}, {"遥", "はるか"},
    {"美穂", "みほ"},	{"春香", "はるか"}, {"夏美", "なつみ"},
    {"楓", "かえで"},	{"紗希", "さき"},   {"美咲", "みさき"},
    {"愛", "あい"},	{"由佳", "ゆか"},   {"さやか", "さやか"},
};

static const struct demo_name father_names[] = {
    {"翔太", "しょうた"}, {"大輝", "だいき"}, {"拓也", "たくや"},
    {"健一", "けんいち"}, {"亮", "りょう"},   {"直樹", "なおき"},
    {"誠", "まこと"},	  {"和也", "かずや"}, {"達也", "たつや"},
    {"雄太", "ゆうた"},	  {"浩二", "こうじ"}, {"智也", "ともや"},
    {"隆", "たかし"},	  {"翼", "つばさ"},   {"慎吾", "しんご"},
    {"健太", "けんた"},
};

static const struct demo_name girl_names[] = {
    {"結菜", "ゆいな"}, {"陽葵", "ひまり"}, {"凛", "りん"},
    {"芽依", "めい"},	{"紬", "つむぎ"},   {"咲良", "さくら"},
    {"杏", "あん"},	{"莉子", "りこ"},   {"美桜", "みお"},
    {"結月", "ゆづき"}, {"心春", "こはる"}, {"花", "はな"},
    {"詩", "うた"},	{"彩葉", "いろは"}, {"琴音", "ことね"},
    {"千夏", "ちなつ"}, {"真央", "まお"},   {"結衣", "ゆい"},
};

static const struct demo_name boy_names[] = {
    {"蒼", "あおい"},	{"悠人", "ゆうと"}, {"大和", "やまと"},
    {"陸", "りく"},	{"朝陽", "あさひ"}, {"樹", "いつき"},
    {"颯太", "そうた"}, {"律", "りつ"},	    {"湊斗", "みなと"},
    {"奏太", "かなた"}, {"碧", "あお"},	    {"新", "あらた"},
    {"壮真", "そうま"}, {"陽太", "ようた"}, {"蒼空", "そら"},
    {"岳", "がく"},	{"晴", "はる"},	    {"蓮", "れん"},
};

static const char *const towns[] = {
    "中央町", "桜台", "緑が丘", "港町",	  "本町", "東町",
    "西原",   "南台", "北山",	"川端町", "旭町", "若葉台",
};

static const char *const moved_to[] = {
    "札幌市", "仙台市", "横浜市", "名古屋市", "大阪府堺市", "福岡市",
};

static const char *const end_reasons[] = {
    "支援終了（経過良好）",
    "他機関の支援へ引継ぎ",
};

static const char *const phone_notes[] = {
    "体調の確認",   "授乳の相談",	"予防接種の案内",
    "離乳食の相談", "健診の日程の連絡",
};

/* The demo's staff: nurses who are the contact staff member of most
 * generated families and make their contacts. */
static const struct {
	const char *id, *name;
} demo_staff[] = {
    {"mori", "森 由紀"},
    {"ishii", "石井 真理"},
    {"ueda", "上田 直子"},
};

/* The generator's state: xorshift32 from a fixed seed, so the families
 * are the same on every run with the same today. */
static uint32_t demo_seed;

/* A number from 0 to N - 1 (N > 0). */
static int demo_rand(int n)
{
	uint32_t x = demo_seed;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	demo_seed = x;
	return (int)(x % (uint32_t)n);
}

/* Whether an event of chance PERCENT happens. */
static int demo_chance(int percent)
{
	return demo_rand(100) < percent;
}

/* Hiragana TEXT as katakana into OUT (SIZE bytes): U+3041..U+3096 moved
 * up by 0x60 (ぁ..ゖ to ァ..ヶ), anything else copied. */
static void demo_katakana(const char *text, char *out, size_t size)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t n = 0;

	while (*s && n + 4 < size) {
		unsigned c = 0;

		if (s[0] == 0xe3 && s[1] && s[2])
			c = (s[0] & 0x0fu) << 12 | (s[1] & 0x3fu) << 6 |
			    (s[2] & 0x3fu);
		if (c >= 0x3041 && c <= 0x3096) {
			c += 0x60;
			out[n++] = (char)(0xe0 | c >> 12);
			out[n++] = (char)(0x80 | (c >> 6 & 0x3f));
			out[n++] = (char)(0x80 | (c & 0x3f));
			s += 3;
			continue;
		}
		out[n++] = (char)*s++;
	}
	out[n] = '\0';
}

/* A generated family and the text its fields point to. */
struct demo_draft {
	struct demo_family f;
	int npeople, nevents;
	int min_ago; /* no event after the family's move or end */
	char address[96];
	char kana[4][2][64];
	char weight[4][8];
	char numbers[DEMO_EVENTS][2][8];
};

/* The next person of D: ROLE, given NAME of family FAMILY, SEX, AGE_DAYS
 * old, kana in katakana when KATAKANA. */
static struct demo_person *draft_person(struct demo_draft *d, const char *role,
					const struct demo_name *family,
					const struct demo_name *name,
					const char *sex, int age_days,
					int katakana)
{
	int i = d->npeople++;
	struct demo_person *p = &d->f.people[i];

	p->role = role;
	p->family_name = family->kanji;
	p->given_name = name->kanji;
	p->family_name_kana = family->kana;
	p->given_name_kana = name->kana;
	if (katakana) {
		demo_katakana(family->kana, d->kana[i][0],
			      sizeof(d->kana[i][0]));
		demo_katakana(name->kana, d->kana[i][1], sizeof(d->kana[i][1]));
		p->family_name_kana = d->kana[i][0];
		p->given_name_kana = d->kana[i][1];
	}
	p->sex = sex;
	p->age_days = age_days;
	return p;
}

/* A new event of D with WHO, DAYS_AGO days before today, or NULL when
 * there is no room or it would come after the family's move or end. */
static struct demo_event *draft_event(struct demo_draft *d, int who,
				      int days_ago)
{
	struct demo_event *e;

	if (d->nevents == DEMO_EVENTS || days_ago < d->min_ago || days_ago < 0)
		return NULL;
	e = &d->f.events[d->nevents++];
	e->who = who;
	e->days_ago = days_ago;
	e->staff = d->f.contact_staff;
	return e;
}

/* A checkup of form FORM for child WHO, DAYS_AGO days before today,
 * with a weight and height around WEIGHT_G and HEIGHT_CM. */
static void draft_checkup(struct demo_draft *d, int who, int days_ago,
			  const char *form, int weight_g, int height_cm)
{
	struct demo_event *e = draft_event(d, who, days_ago);
	int k;

	if (!e)
		return;
	k = (int)(e - d->f.events);
	snprintf(d->numbers[k][0], sizeof(d->numbers[k][0]), "%d",
		 weight_g + demo_rand(1500) - 750);
	snprintf(d->numbers[k][1], sizeof(d->numbers[k][1]), "%d",
		 height_cm + demo_rand(7) - 3);
	e->form = form;
	e->date_field = "examined_on";
	e->field[0] = "result";
	e->value[0] = demo_chance(85) ? "異常なし" : "経過観察";
	e->field[1] = "weight_g";
	e->value[1] = d->numbers[k][0];
	e->field[2] = "height_cm";
	e->value[2] = d->numbers[k][1];
}

/* Whether the contact or checkup due DUE_DAYS after the birth of a
 * child AGE days old was missed: often (12%) when it came due within
 * the last half year, rarely (1%) when longer ago (a center follows up
 * what it missed), never before it is due. */
static int demo_missed(int age, int due_days)
{
	if (age <= due_days)
		return 0;
	return demo_chance(age - due_days <= 180 ? 12 : 1);
}

/* The visits and checkups of child WHO, AGE days old: each done at its
 * usual age, a few missed (overdue, see demo_missed). */
static void draft_child_events(struct demo_draft *d, int who, int age)
{
	int visit = 5 + demo_rand(23), c4m = 95 + demo_rand(45);
	int c18m = 548 + demo_rand(60), c3y = 1096 + demo_rand(120);
	struct demo_event *e;

	if (age > visit && !demo_missed(age, 28) &&
	    (e = draft_event(d, who, age - visit))) {
		e->kind = "visit";
		e->note = "新生児訪問";
	}
	if (age > c4m && !demo_missed(age, 150))
		draft_checkup(d, who, age - c4m, "checkup_4m", 6500, 62);
	if (age > c18m && !demo_missed(age, 730))
		draft_checkup(d, who, age - c18m, "checkup_18m", 10500, 80);
	if (age > c3y && !demo_missed(age, 1461))
		draft_checkup(d, who, age - c3y, "checkup_3y", 14000, 94);
}

/* Make generated family D: its stage (expecting, a newborn, an infant, a
 * toddler or a child up to school age, sometimes with an older sibling),
 * parents, contacts and checkups, a few missed; some flagged by the
 * screening rules (no one to turn to, a young mother, a late
 * notification), some moved out or ended. */
static void draft_make(struct demo_draft *d)
{
	const struct demo_name *family =
	    &family_names[demo_rand(DEMO_COUNT(family_names))];
	int katakana = demo_chance(30), stage = demo_rand(100);
	int youngest, older = -1, years, mother_days, notified_ago, i;
	int young = demo_chance(4);
	struct demo_person *p;
	struct demo_event *e;

	memset(d, 0, sizeof(*d));
	d->f.with_contact_staff = !demo_chance(5);
	i = demo_rand(DEMO_COUNT(demo_staff) + 1);
	d->f.contact_staff =
	    i < DEMO_COUNT(demo_staff) ? demo_staff[i].id : NULL;
	snprintf(d->address, sizeof(d->address), "つなぐ市%s%d-%d-%d",
		 towns[demo_rand(DEMO_COUNT(towns))], 1 + demo_rand(9),
		 1 + demo_rand(20), 1 + demo_rand(15));
	d->f.address = d->address;
	d->f.has_support = demo_chance(6) ? "no" : "yes";

	/* The youngest child's age in days, or -1 while expecting. */
	if (stage < 16)
		youngest = -1;
	else if (stage < 21)
		youngest = demo_rand(28);
	else if (stage < 44)
		youngest = 28 + demo_rand(337);
	else if (stage < 70)
		youngest = 365 + demo_rand(730);
	else
		youngest = 1095 + demo_rand(1095);
	if (!young && youngest < 1500 && demo_chance(30))
		older = (youngest < 0 ? 0 : youngest) + 500 + demo_rand(800);
	if (older > 2190)
		older = -1;

	/* The last pregnancy (open, or the youngest child's) was notified
	 * NOTIFIED_AGO days ago, at 8 to 12 weeks (late: after 20 weeks). */
	d->f.late_notice = !young && demo_chance(4);
	if (youngest < 0) {
		int gestation, at;

		d->f.due_in = 1 + demo_rand(d->f.late_notice ? 100 : 220);
		gestation = 280 - d->f.due_in;
		at = d->f.late_notice ? 145 + demo_rand(30) : 56 + demo_rand(28);
		if (at > gestation)
			at = gestation;
		d->f.notified_ago = gestation - at > 0 ? gestation - at : 1;
		notified_ago = d->f.notified_ago;
	} else {
		notified_ago = youngest + (d->f.late_notice ? 120 : 220);
	}
	/* The mother's age at that notification: 17 to 19 for a young one,
	 * else 22 to 41. */
	years = young ? 17 + demo_rand(3) : 22 + demo_rand(20);
	mother_days = notified_ago + years * 365 + demo_rand(300);
	draft_person(d, "mother", family,
		     &mother_names[demo_rand(DEMO_COUNT(mother_names))],
		     "female", mother_days, katakana);
	if (demo_chance(60))
		draft_person(
		    d, "father", family,
		    &father_names[demo_rand(DEMO_COUNT(father_names))], "male",
		    mother_days + (demo_rand(9) - 2) * 365 + demo_rand(365),
		    katakana);
	for (i = 0; i < 2; i++) {
		int age = i == 0 ? older : youngest, girl = demo_chance(50);

		if (age < 0)
			continue;
		p = draft_person(
		    d, "child", family,
		    girl ? &girl_names[demo_rand(DEMO_COUNT(girl_names))]
			 : &boy_names[demo_rand(DEMO_COUNT(boy_names))],
		    girl ? "female" : "male", age, katakana);
		snprintf(d->weight[d->npeople - 1],
			 sizeof(d->weight[d->npeople - 1]), "%d",
			 2500 + demo_rand(1300));
		p->birth_weight_g = d->weight[d->npeople - 1];
	}

	/* A move or an end, after every birth and notification. */
	i = demo_rand(100);
	if (i < 8) {
		int limit = youngest >= 0 ? youngest : d->f.notified_ago;

		d->f.status = i < 5 ? "moved" : "ended";
		d->f.status_note =
		    i < 5 ? moved_to[demo_rand(DEMO_COUNT(moved_to))]
			  : end_reasons[demo_rand(DEMO_COUNT(end_reasons))];
		d->f.status_ago = limit > 0 ? demo_rand(limit) : 0;
		d->min_ago = d->f.status_ago;
	}

	/* Contacts and checkups. */
	for (i = 0; i < d->npeople; i++)
		if (strcmp(d->f.people[i].role, "child") == 0)
			draft_child_events(d, i, d->f.people[i].age_days);
	if (youngest < 0 && d->f.due_in < 56 && !demo_chance(15) &&
	    (e = draft_event(d, 0, 56 - d->f.due_in + demo_rand(10) - 3))) {
		if (e->days_ago > d->f.notified_ago)
			e->days_ago = d->f.notified_ago;
		e->form = "interview_8m";
		e->date_field = "interviewed_on";
		e->field[0] = "has_support";
		e->value[0] = d->f.has_support;
		e->field[1] = "birth_place_decided";
		e->value[1] = "yes";
	}
	if (demo_chance(25) && (e = draft_event(d, 0, demo_rand(60)))) {
		e->kind = "phone";
		e->note = phone_notes[demo_rand(DEMO_COUNT(phone_notes))];
	}
	if (demo_chance(10) && (e = draft_event(d, 0, demo_rand(90)))) {
		e->kind = "consultation";
		e->note = "来所相談: 育児の不安";
	}
}

/* Add the demo's staff members (but the acting one) by `staff add`.
 * 0 or -1 (on CTX). */
static int demo_staff_add(struct tsu_ctx *ctx)
{
	int i;

	for (i = 0; i < DEMO_COUNT(demo_staff); i++) {
		char *line;
		int rc;

		if (strcmp(demo_staff[i].id, app.staff) == 0)
			continue;
		line = tsu_strdup_printf(
		    "staff add %s --name \"%s\" --role nurse --center 中央",
		    demo_staff[i].id, demo_staff[i].name);
		rc = command_run_quiet(line);
		free(line);
		if (rc < 0)
			return ctx_error(ctx,
					 _("staff member %s could not be "
					   "added"),
					 demo_staff[i].id);
	}
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
	int i, rc;

	if (store_begin(1, errmsg) < 0)
		return -1;
	/* The fill is one act: one audit row names what it made. */
	if (audit_gather(errmsg) < 0) {
		store_rollback();
		return -1;
	}
	demo_ctx_begin(&ctx);
	demo_seed = 20190401;
	rc = demo_staff_add(&ctx);
	for (i = 0; i < DEMO_COUNT(families) && rc == 0; i++)
		rc = add_family(&ctx, &families[i], i);
	for (; i < DEMO_FAMILIES && rc == 0; i++) {
		struct demo_draft d;

		draft_make(&d);
		rc = add_family(&ctx, &d.f, i);
	}
	if (rc == 0 && audit_gather_flush("demo", "--demo", 0, errmsg) < 0) {
		store_rollback();
		rc = -1;
	} else if (rc < 0) {
		*errmsg = tsu_strdup(ctx.error ? ctx.error
					       : _("the demo families failed"));
		audit_gather_stop();
		store_rollback();
	} else if (store_commit(errmsg) < 0) {
		rc = -1;
	}
	demo_ctx_end(&ctx);
	return rc;
}
