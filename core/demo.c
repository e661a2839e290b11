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
#include "i18n.h"
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

/* An event on the family's first person (0), another member (1...) or
 * the family itself (-1), DAYS_AGO days before today. */
struct demo_event {
	int who;
	const char *kind;
	int days_ago;
	const char *summary;
};

struct demo_family {
	int with_contact_staff;
	const char *address;
	struct demo_person people[4];
	struct demo_event events[4];
	const char *flag_name, *flag_reason; /* on the family, or NULL */
};

/* The fictional families: an expectant mother just after her pregnancy
 * notification, a newborn, infants and toddlers, a teenage expectant
 * mother, a family without a contact staff member, and one with a
 * grandmother as caregiver. */
static const struct demo_family families[] = {
    {.with_contact_staff = 1,
     .address = "つなぐ市中央町1-2-3",
     .people = {{"mother", "山田", "花子", "やまだ", "はなこ", "female", 31, 0,
		 12}},
     .events = {{0, "form", 61, "妊娠届出 面接・母子健康手帳 交付"},
		{0, "contact", 30, "電話: 体調の確認"}}},
    {.with_contact_staff = 1,
     .address = "つなぐ市桜台2-5-8",
     .people =
	 {{"mother", "佐藤", "美咲", "さとう", "みさき", "female", 28, 3, 0},
	  {"father", "佐藤", "健太", "さとう", "けんた", "male", 30, 7, 0},
	  {"child", "佐藤", "陽翔", "さとう", "はると", "male", 0, 0, 20}},
     .events = {{0, "form", 260, "妊娠届出 面接・母子健康手帳 交付"},
		{2, "form", 18, "出生連絡票 受理"}}},
    {.with_contact_staff = 1,
     .address = "つなぐ市緑が丘3-1-14",
     .people = {{"mother", "鈴木", "愛", "すずき", "あい", "female", 34, 1, 0},
		{"child", "鈴木", "結衣", "すずき", "ゆい", "female", 0, 3,
		 10}},
     .events = {{1, "contact", 80, "訪問: 新生児訪問"},
		{1, "contact", 40, "訪問: 乳児家庭全戸訪問"}}},
    {.with_contact_staff = 1,
     .address = "つなぐ市港町4-9-2",
     .people = {{"mother", "高橋", "由美", "たかはし", "ゆみ", "female", 22, 5,
		 0},
		{"child", "高橋", "蓮", "たかはし", "れん", "male", 1, 6, 3}},
     .events = {{0, "contact", 14, "来所相談: 育児の不安"}},
     .flag_name = "isolation",
     .flag_reason = "実家が遠く、身近に相談できる人がいない"},
    {.with_contact_staff = 1,
     .address = "つなぐ市中央町5-11-1",
     .people = {{"mother", "伊藤", "さくら", "いとう", "さくら", "female", 39,
		 2, 0},
		{"child", "伊藤", "湊", "いとう", "みなと", "male", 3, 0, 20},
		{"child", "伊藤", "陽菜", "いとう", "ひな", "female", 0,
		 10, 0}},
     .events = {{1, "contact", 25, "健診: 3歳児健診"}}},
    {.with_contact_staff = 1,
     .address = "つなぐ市桜台6-3-7",
     .people = {{"mother", "渡辺", "真由美", "わたなべ", "まゆみ", "female", 19,
		 4, 0}},
     .events = {{0, "form", 20, "妊娠届出 面接・母子健康手帳 交付"}}},
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
     .events = {{-1, "contact", 9, "訪問: 祖母が同居して育児を手伝う"}}},
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

/* Add family F and its members, events and flag; N numbers it for the
 * fictional resident codes and phones.  Returns 0 or -1 (on CTX). */
static int add_family(struct tsu_ctx *ctx, const struct demo_family *f, int n)
{
	char fam[TSU_ID_LEN], ids[4][TSU_ID_LEN], birth[TSU_DATE_LEN];
	char date[TSU_DATE_LEN], code[16], phone[16];
	const struct demo_event *e;
	int i;

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

		if (birth_date(p, birth) < 0)
			return ctx_error(ctx, _("no birth date for %s %s"),
					 p->family_name, p->given_name);
		person.birth_date = birth;
		snprintf(code, sizeof(code), "99%04d%02d", n + 1, i + 1);
		person.resident_code = code;
		/* Adults get a phone; 090-0000-xxxx is not a real number. */
		if (strcmp(p->role, "child") != 0) {
			snprintf(phone, sizeof(phone), "090-0000-%02d%02d",
				 n + 1, i + 1);
			person.phone = phone;
		}
		if (subject_person_add(ctx, &person, ids[i]) < 0 ||
		    subject_member_add(ctx, fam, ids[i], p->role) < 0)
			return -1;
	}
	for (e = f->events; e < f->events + 4 && e->kind; e++) {
		if (tsu_date_add(app.today, -e->days_ago, date) < 0)
			return ctx_error(ctx, _("no date for a demo event"));
		if (subject_event_add(ctx, e->who < 0 ? fam : ids[e->who],
				      e->kind, date, e->summary, NULL) < 0)
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
