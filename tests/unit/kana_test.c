/* kana_test.c - the folding behind `find` and intake matching (hiragana,
 * katakana and half-width katakana alike, voicing marks composed, the
 * long vowel mark and small kana kept, full-width ASCII made ASCII,
 * blanks dropped), phone digits, and matching persons by those folded
 * texts in a real database. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "command.h"
#include "search.h"
#include "store.h"
#include "tap.h"

/* Check that S folds to WANT. */
static void check_fold(const char *s, const char *want, const char *name)
{
	char *f = search_fold(s);

	is_str(f, want, name);
	free(f);
}

/* Check that S keeps the digits WANT. */
static void check_digits(const char *s, const char *want, const char *name)
{
	char *d = search_digits(s);

	is_str(d, want, name);
	free(d);
}

static void test_fold(void)
{
	check_fold("やまだ", "やまだ", "hiragana stays");
	check_fold("ヤマダ", "やまだ", "katakana to hiragana");
	check_fold("ﾔﾏﾀﾞ", "やまだ", "half-width with dakuten composed");
	check_fold("ﾊﾟﾊﾟ", "ぱぱ", "half-width with handakuten composed");
	check_fold("ｶﾞｷﾞｸﾞｹﾞｺﾞ", "がぎぐげご", "every half-width ga-row");
	check_fold("ﾊﾞﾋﾞﾌﾞﾍﾞﾎﾞﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ", "ばびぶべぼぱぴぷぺぽ",
		   "half-width ha-row, voiced and semi-voiced");
	check_fold("ｳﾞｧ", "ゔぁ", "half-width vu with a small a");
	check_fold("ヴ", "ゔ", "katakana vu");
	check_fold("カ\xe3\x82\x99", "が", "combining dakuten composed");
	check_fold("は\xe3\x82\x9a", "ぱ", "combining handakuten on hiragana");
	check_fold("か゛", "が", "spacing dakuten composed");
	check_fold("ひ゜", "ぴ", "spacing handakuten composed");
	check_fold("ア゛", "あ\xe3\x82\x99", "a mark that cannot compose");
	check_fold("ﾗｰﾒﾝ", "らーめん", "half-width long vowel mark");
	check_fold("ラーメン", "らーめん", "long vowel mark kept");
	check_fold("らーめん", "らーめん", "long vowel mark in hiragana");
	check_fold("ﾁｮｺ", "ちょこ", "half-width small yo");
	check_fold("キャッシュ", "きゃっしゅ",
		   "small ya, tsu and yu kept small");
	check_fold("ぁぃぅぇぉ", "ぁぃぅぇぉ", "small hiragana kept small");
	check_fold("ヵヶ", "ゕゖ", "small ka and ke");
	check_fold("ヷ", "ヷ", "va (no hiragana) stays katakana");
	check_fold("ゝゞヽヾ", "ゝゞゝゞ", "iteration marks");
	check_fold("山田　花子", "山田花子", "ideographic space dropped");
	check_fold("Yamada Hanako", "yamadahanako", "ASCII blank and case");
	check_fold("ＡＢＣａｂｃ", "abcabc", "full-width letters");
	check_fold("０９０－１２３４", "090-1234", "full-width digits, hyphen");
	check_fold("", "", "empty text");
	ok(search_fold(NULL) == NULL, "NULL folds to NULL");
}

static void test_digits(void)
{
	check_digits("090-1234-5678", "09012345678", "hyphens");
	check_digits("０９０－１２３４－５６７８", "09012345678",
		     "full-width digits and hyphens");
	check_digits("(03) 1234.5678", "0312345678", "parentheses, dots");
	check_digits("090ー1234−5678", "09012345678",
		     "long vowel mark and minus sign as hyphens");
	check_digits("なし", "", "no digits");
}

/* ---- matching, through a real database ---- */

static struct tsu_ctx ctx;

/* Insert a person straight into the table (as another writer would). */
static void person_insert(const char *fam, const char *giv,
			  const char *fam_kana, const char *giv_kana,
			  const char *birth, const char *phone,
			  const char *code)
{
	static const char sql[] =
	    "INSERT INTO person(family_name, given_name, family_name_kana,"
	    " given_name_kana, birth_date, phone, resident_code, created_at,"
	    " updated_at) VALUES(?,?,?,?,?,?,?,'2026-04-01T00:00:00Z',"
	    "'2026-04-01T00:00:00Z')";
	const char *v[7] = {fam, giv, fam_kana, giv_kana, birth, phone, code};
	sqlite3_stmt *st;
	int i;

	sqlite3_prepare_v2(store_db(), sql, -1, &st, NULL);
	for (i = 0; i < 7; i++)
		sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		printf("# insert: %s\n", sqlite3_errmsg(store_db()));
	sqlite3_finalize(st);
}

/* The ids `find WORDS` gives, comma-separated, in BUF. */
static const char *find(const char *w1, const char *w2, char *buf, size_t len)
{
	const char *words[2] = {w1, w2};
	const char **ids;
	int n, more, i;

	buf[0] = '\0';
	if (search_persons(&ctx, words, w2 ? 2 : 1, 100, &ids, &n, &more) < 0)
		return "error";
	for (i = 0; i < n; i++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
			 i ? "," : "", ids[i]);
	return buf;
}

/* The id P matches, or "" when none. */
static const char *match(const char *fam_kana, const char *giv_kana,
			 const char *birth, const char *code, char id[])
{
	struct tsu_person p;

	memset(&p, 0, sizeof(p));
	p.family_name_kana = fam_kana;
	p.given_name_kana = giv_kana;
	p.birth_date = birth;
	p.resident_code = code;
	id[0] = '\0';
	if (search_person_match(&ctx, &p, id) < 0)
		return "error";
	return id;
}

static void test_matching(void)
{
	char dir[] = "/tmp/kana_test.XXXXXX", path[64], buf[256];
	char id[TSU_ID_LEN];
	char *msg = NULL;
	int i;

	if (!mkdtemp(dir)) {
		ok(0, "a temporary folder");
		return;
	}
	snprintf(path, sizeof(path), "%s/t.db", dir);
	ctx.command = "kana_test";
	ctx.out = stdout;
	if (!ok(store_open(path, &msg) == 0, "the database opens") ||
	    !ok(store_begin(1, &msg) == 0, "a write transaction")) {
		printf("# %s\n", msg ? msg : "");
		free(msg);
		return;
	}
	person_insert("山田", "花子", "やまだ", "はなこ", "1990-01-01",
		      "090-1234-5678", "A001");
	person_insert("髙橋", "美咲", "ﾀｶﾊｼ", "ﾐｻｷ", "1995-05-01",
		      "０８０－２２２２－３３３３", NULL);
	person_insert("佐藤", "陽子", "サトウ", "ヨウコ", "1988-08-08", NULL,
		      "B002");
	person_insert("長谷部", "ルーシー", "はせべ", "るーしー", "1992-02-02",
		      NULL, NULL);

	is_str(find("ヤマダ", NULL, buf, sizeof(buf)), "P1",
	       "find: katakana finds a hiragana name");
	is_str(find("ﾔﾏﾀﾞ", "はなこ", buf, sizeof(buf)), "P1",
	       "find: half-width with dakuten, two words");
	is_str(find("たかはし", NULL, buf, sizeof(buf)), "P2",
	       "find: hiragana finds a half-width name");
	is_str(find("みさき", NULL, buf, sizeof(buf)), "P2",
	       "find: a given name alone");
	is_str(find("よう", NULL, buf, sizeof(buf)), "P3",
	       "find: a two-character start of a given name");
	is_str(find("ルーシー", NULL, buf, sizeof(buf)), "P4",
	       "find: the long vowel mark");
	is_str(find("ﾙｰｼｰ", NULL, buf, sizeof(buf)), "P4",
	       "find: the half-width long vowel mark");
	is_str(find("ルウシイ", NULL, buf, sizeof(buf)), "",
	       "find: a long vowel mark is not a vowel");
	is_str(find("1234-56", NULL, buf, sizeof(buf)), "P1",
	       "find: a phone fragment with its hyphen");
	is_str(find("２２２２－３３", NULL, buf, sizeof(buf)), "P2",
	       "find: full-width digits and hyphen of a full-width phone");
	is_str(find("09012345678", NULL, buf, sizeof(buf)), "P1",
	       "find: the whole phone without hyphens");
	is_str(find("山田", NULL, buf, sizeof(buf)), "P1",
	       "find: a two-kanji family name");
	is_str(find("髙", NULL, buf, sizeof(buf)), "P2", "find: 髙 alone");
	is_str(find("やまだ", "みさき", buf, sizeof(buf)), "",
	       "find: every word must match");
	is_str(find("P3", NULL, buf, sizeof(buf)), "P3", "find: an id");

	is_str(match("ヤマダ", "ハナコ", "1990-01-01", NULL, id), "P1",
	       "match: katakana kana name and birth date");
	is_str(match("ﾀｶﾊｼ", "みさき", "1995-05-01", NULL, id), "P2",
	       "match: half-width and hiragana mixed");
	is_str(match("たかはし", "みさき", "1995-05-02", NULL, id), "",
	       "match: another birth date is another person");
	is_str(match("たかばし", "みさき", "1995-05-01", NULL, id), "",
	       "match: a dakuten makes another name");
	is_str(match("さとう", "ようこ", "1988-08-08", "B002", id), "P3",
	       "match: the same resident code");
	is_str(match("さとう", "ようこ", "1988-08-08", "C999", id), "",
	       "match: another resident code is another person");
	is_str(match("ナニカ", "ナニカ", "2000-01-01", "A001", id), "P1",
	       "match: the resident code wins over the name");
	is_str(match("はせべ", "ルーシー", "1992-02-02", NULL, id), "P4",
	       "match: the long vowel mark in katakana and hiragana");

	/* A change of the table is seen by the next search. */
	sqlite3_exec(store_db(),
		     "UPDATE person SET family_name_kana='ｽｽﾞｷ' WHERE id=1",
		     NULL, NULL, NULL);
	is_str(find("すずき", NULL, buf, sizeof(buf)), "P1",
	       "find: a changed kana name is found");
	is_str(find("やまだ", NULL, buf, sizeof(buf)), "",
	       "find: the old kana name is gone");

	store_rollback();
	store_close();
	free(ctx.error);
	for (i = 0; i < ctx.nkeep; i++)
		free(ctx.keep[i]);
	free(ctx.keep);
	unlink(path);
	snprintf(path, sizeof(path), "%s/t.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/t.db-shm", dir);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	test_fold();
	test_digits();
	test_matching();
	return tap_done();
}
