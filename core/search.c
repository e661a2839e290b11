/* search.c - the person search index behind `find` and intake matching.
 *
 * The index lives next to the person table and is the core's, since FTS5
 * is SQLite's own (a PostgreSQL store would use pg_trgm here):
 *
 *   person_search        FTS5, trigram tokenizer: the folded kanji name,
 *                        the folded kana name, phone digits, resident code;
 *                        its rowid is the person's id
 *   person_search_key    the same texts, and each name part alone, as
 *                        plain rows with a B-tree index, for words shorter
 *                        than three characters (see search_persons) and
 *                        for matching the full kana name exactly
 *   person_search_dirty  ids of persons written since the last refresh
 *
 * Triggers on person only note the id in person_search_dirty; the folding
 * is done here in C when the index is next refreshed (before every search
 * and match).  So any writer of the person table - the core, a plugin,
 * Scheme, or another program on the same file - keeps the index correct
 * without needing our SQL functions.  The tables are created the first
 * time they are needed, filled from the person table. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "command.h"
#include "i18n.h"
#include "search.h"
#include "store.h"
#include "subject.h"

/* The largest code point, appended to a prefix to bound a range scan. */
#define UTF8_MAX_CHAR "\xf4\x8f\xbf\xbf"

static const char exists_sql[] =
    "SELECT count(*) FROM sqlite_master WHERE name='person_search_dirty'";

static const char create_sql[] =
    "CREATE VIRTUAL TABLE IF NOT EXISTS person_search USING fts5("
    "  name, kana, phone, code, tokenize='trigram');"
    "CREATE TABLE IF NOT EXISTS person_search_key("
    "  key TEXT NOT NULL, person_id INTEGER NOT NULL,"
    "  full INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX IF NOT EXISTS person_search_key_key"
    "  ON person_search_key(key);"
    "CREATE INDEX IF NOT EXISTS person_search_key_person"
    "  ON person_search_key(person_id);"
    "CREATE TABLE IF NOT EXISTS person_search_dirty("
    "  person_id INTEGER PRIMARY KEY);"
    "CREATE TRIGGER IF NOT EXISTS person_search_ins AFTER INSERT ON person"
    " BEGIN INSERT OR IGNORE INTO person_search_dirty VALUES(new.id); END;"
    "CREATE TRIGGER IF NOT EXISTS person_search_upd AFTER UPDATE ON person"
    " BEGIN INSERT OR IGNORE INTO person_search_dirty VALUES(old.id);"
    " INSERT OR IGNORE INTO person_search_dirty VALUES(new.id); END;"
    "CREATE TRIGGER IF NOT EXISTS person_search_del AFTER DELETE ON person"
    " BEGIN INSERT OR IGNORE INTO person_search_dirty VALUES(old.id); END;"
    "INSERT OR IGNORE INTO person_search_dirty(person_id)"
    "  SELECT id FROM person;";

static const char dirty_sql[] =
    "SELECT d.person_id, p.id, p.family_name, p.given_name,"
    " p.family_name_kana, p.given_name_kana, p.phone, p.resident_code"
    " FROM person_search_dirty d LEFT JOIN person p ON p.id=d.person_id";
static const char fts_del_sql[] = "DELETE FROM person_search WHERE rowid=?";
static const char key_del_sql[] =
    "DELETE FROM person_search_key WHERE person_id=?";
static const char fts_ins_sql[] =
    "INSERT INTO person_search(rowid, name, kana, phone, code)"
    " VALUES(?,?,?,?,?)";
static const char key_ins_sql[] =
    "INSERT INTO person_search_key(key, person_id, full) VALUES(?,?,?)";
static const char dirty_clear_sql[] = "DELETE FROM person_search_dirty";

/* ---- folding ---- */

/* Decode one UTF-8 character at *S, advancing it; invalid bytes are
 * returned one by one as themselves. */
static unsigned utf8_next(const unsigned char **s)
{
	const unsigned char *p = *s;
	unsigned c = p[0];

	if (c >= 0xf0 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 &&
	    (p[3] & 0xc0) == 0x80) {
		*s += 4;
		return (c & 7) << 18 | (p[1] & 0x3f) << 12 |
		       (p[2] & 0x3f) << 6 | (p[3] & 0x3f);
	}
	if (c >= 0xe0 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80) {
		*s += 3;
		return (c & 0xf) << 12 | (p[1] & 0x3f) << 6 | (p[2] & 0x3f);
	}
	if (c >= 0xc0 && (p[1] & 0xc0) == 0x80) {
		*s += 2;
		return (c & 0x1f) << 6 | (p[1] & 0x3f);
	}
	*s += 1;
	return c;
}

/* Append code point C to OUT in UTF-8; returns the bytes written. */
static int utf8_put(char *out, unsigned c)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xc0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xe0 | c >> 12);
		out[1] = (char)(0x80 | (c >> 6 & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | c >> 18);
	out[1] = (char)(0x80 | (c >> 12 & 0x3f));
	out[2] = (char)(0x80 | (c >> 6 & 0x3f));
	out[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* Half-width katakana U+FF61..U+FF9F as their full-width code points. */
static const unsigned short halfwidth_kana[] = {
    0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, 0x30F2, 0x30A1, 0x30A3,
    0x30A5, 0x30A7, 0x30A9, 0x30E3, 0x30E5, 0x30E7, 0x30C3, 0x30FC,
    0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, 0x30AB, 0x30AD, 0x30AF,
    0x30B1, 0x30B3, 0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF,
    0x30C1, 0x30C4, 0x30C6, 0x30C8, 0x30CA, 0x30CB, 0x30CC, 0x30CD,
    0x30CE, 0x30CF, 0x30D2, 0x30D5, 0x30D8, 0x30DB, 0x30DE, 0x30DF,
    0x30E0, 0x30E1, 0x30E2, 0x30E4, 0x30E6, 0x30E8, 0x30E9, 0x30EA,
    0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3, 0x3099, 0x309A,
};

/* The katakana K with the voicing mark MARK (0x3099 dakuten, 0x309A
 * handakuten) composed, or 0 when there is no such character. */
static unsigned kana_voice(unsigned k, unsigned mark)
{
	if (mark == 0x3099) {
		if ((k >= 0x30AB && k <= 0x30C2 && (k - 0x30AB) % 2 == 0) ||
		    (k >= 0x30C4 && k <= 0x30C8 && (k - 0x30C4) % 2 == 0))
			return k + 1;
		if (k >= 0x30CF && k <= 0x30DB && (k - 0x30CF) % 3 == 0)
			return k + 1;
		if (k == 0x30A6)
			return 0x30F4;
		if (k == 0x30EF)
			return 0x30F7;
		if (k == 0x30F2)
			return 0x30FA;
		if (k == 0x30FD)
			return 0x30FE;
	} else if (k >= 0x30CF && k <= 0x30DB && (k - 0x30CF) % 3 == 0) {
		return k + 2;
	}
	return 0;
}

char *search_fold(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out, *o;
	unsigned prev = 0; /* the last katakana written, for voicing */
	char *prev_at = NULL;

	if (!s)
		return NULL;
	out = o = tsu_alloc(strlen(s) * 2 + 1);
	while (*p) {
		unsigned c = utf8_next(&p);

		if (c == ' ' || c == '\t' || c == 0x3000)
			continue;
		if (c >= 0xFF01 && c <= 0xFF5E)
			c -= 0xFEE0; /* full-width ASCII */
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c >= 0xFF61 && c <= 0xFF9F)
			c = halfwidth_kana[c - 0xFF61];
		if (c == 0x309B) /* spacing voicing marks as combining */
			c = 0x3099;
		else if (c == 0x309C)
			c = 0x309A;
		if ((c == 0x3099 || c == 0x309A) && prev &&
		    kana_voice(prev, c)) {
			unsigned v = kana_voice(prev, c);

			o = prev_at;
			prev = 0;
			c = v;
		} else if (c >= 0x3041 && c <= 0x3096) {
			c += 0x60; /* hiragana as katakana until written */
		}
		if (c >= 0x30A1 && c <= 0x30FE) {
			prev = c;
			prev_at = o;
			if (c <= 0x30F6 || c == 0x30FD || c == 0x30FE)
				c -= 0x60; /* katakana -> hiragana */
		} else {
			prev = 0;
		}
		o += utf8_put(o, c);
	}
	*o = '\0';
	return out;
}

char *search_kana_widen(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out, *o, *prev_at = NULL;
	unsigned prev = 0; /* the last katakana written, for voicing */

	if (!s)
		return NULL;
	out = o = tsu_alloc(strlen(s) * 2 + 1); /* as search_fold */
	while (*p) {
		unsigned c = utf8_next(&p), v;

		if (c >= 0xFF61 && c <= 0xFF9F)
			c = halfwidth_kana[c - 0xFF61];
		if ((c == 0x3099 || c == 0x309A) && prev &&
		    (v = kana_voice(prev, c))) {
			o = prev_at;
			c = v;
		} else if (c == 0x3099 || c == 0x309A) {
			c += 0x309B - 0x3099; /* alone: the spacing mark */
		}
		prev = c >= 0x30A1 && c <= 0x30FE ? c : 0;
		prev_at = o;
		o += utf8_put(o, c);
	}
	*o = '\0';
	return out;
}

char *search_digits(const char *s)
{
	char *out, *o;
	char *f = search_fold(s);
	const char *p;

	if (!f)
		return NULL;
	out = o = tsu_alloc(strlen(f) + 1);
	for (p = f; *p; p++)
		if (*p >= '0' && *p <= '9')
			*o++ = *p;
	*o = '\0';
	free(f);
	return out;
}

const char *search_fold_kept(struct tsu_ctx *ctx, const char *s)
{
	char *f = search_fold(s);

	return f ? ctx_keep(ctx, f) : NULL;
}

/* ---- keeping the index ---- */

/* Report the SQLite error as WHAT on CTX; returns -1. */
static int search_sql_error(struct tsu_ctx *ctx, const char *what)
{
	return ctx_error(ctx, _("search index: %s: %s"), what,
			 sqlite3_errmsg(store_db()));
}

/* The statement for SQL, or NULL with the error reported on CTX. */
static sqlite3_stmt *search_stmt(struct tsu_ctx *ctx, const char *sql)
{
	char *msg = NULL;
	sqlite3_stmt *st = store_cached(sql, &msg);

	if (!st) {
		ctx_error(ctx, _("search index: %s"), msg);
		free(msg);
	}
	return st;
}

/* Step ST to its end and reset it; 0 or -1 reported as WHAT. */
static int search_step_done(struct tsu_ctx *ctx, sqlite3_stmt *st,
			    const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : search_sql_error(ctx, what);
}

/* Add KEY (when not empty) for person NUM to the key table. */
static int search_key_add(struct tsu_ctx *ctx, const char *key, long long num,
			  int full)
{
	sqlite3_stmt *st;

	if (!key || !*key)
		return 0;
	st = search_stmt(ctx, key_ins_sql);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, num);
	sqlite3_bind_int(st, 3, full);
	return search_step_done(ctx, st, "key");
}

/* Concatenate A and B (either may be NULL); malloc'd. */
static char *search_join(const char *a, const char *b)
{
	return tsu_strdup_printf("%s%s", a ? a : "", b ? b : "");
}

/* Index person NUM with the columns of the dirty row D (from dirty_sql). */
static int search_index_person(struct tsu_ctx *ctx, sqlite3_stmt *d,
			       long long num)
{
	const char *col[6];
	char *fold[6], *name, *kana, *phone;
	sqlite3_stmt *st;
	int i, rc = -1;

	for (i = 0; i < 6; i++) {
		col[i] = (const char *)sqlite3_column_text(d, i + 2);
		fold[i] = i == 4 ? search_digits(col[i]) : search_fold(col[i]);
	}
	name = search_join(fold[0], fold[1]);
	kana = search_join(fold[2], fold[3]);
	phone = fold[4];
	st = search_stmt(ctx, fts_ins_sql);
	if (!st)
		goto out;
	sqlite3_bind_int64(st, 1, num);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, kana, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, phone, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, fold[5], -1, SQLITE_TRANSIENT);
	if (search_step_done(ctx, st, "person_search") < 0)
		goto out;
	/* Phones and codes are looked up by three digits or more, in the
	 * trigram index only. */
	if (search_key_add(ctx, name, num, 0) < 0 ||
	    search_key_add(ctx, kana, num, 1) < 0)
		goto out;
	/* each part alone, so "はなこ" or "花" finds the given name too */
	if (fold[0] && fold[1] && *fold[0] && *fold[1] &&
	    search_key_add(ctx, fold[1], num, 0) < 0)
		goto out;
	if (fold[2] && fold[3] && *fold[2] && *fold[3] &&
	    search_key_add(ctx, fold[3], num, 0) < 0)
		goto out;
	rc = 0;
out:
	for (i = 0; i < 6; i++)
		free(fold[i]);
	free(name);
	free(kana);
	return rc;
}

int search_refresh(struct tsu_ctx *ctx)
{
	sqlite3_stmt *st, *d;
	char *msg = NULL;
	int rc;

	st = search_stmt(ctx, exists_sql);
	if (!st)
		return -1;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return search_sql_error(ctx, "sqlite_master");
	}
	rc = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (rc == 0 && store_exec(create_sql, &msg) < 0) {
		ctx_error(ctx, _("search index: %s"), msg);
		free(msg);
		return -1;
	}
	d = search_stmt(ctx, dirty_sql);
	if (!d)
		return -1;
	while ((rc = sqlite3_step(d)) == SQLITE_ROW) {
		long long num = sqlite3_column_int64(d, 0);
		sqlite3_stmt *del;

		if (!(del = search_stmt(ctx, fts_del_sql)))
			break;
		sqlite3_bind_int64(del, 1, num);
		if (search_step_done(ctx, del, "person_search") < 0)
			break;
		if (!(del = search_stmt(ctx, key_del_sql)))
			break;
		sqlite3_bind_int64(del, 1, num);
		if (search_step_done(ctx, del, "person_search_key") < 0)
			break;
		if (sqlite3_column_type(d, 1) != SQLITE_NULL &&
		    search_index_person(ctx, d, num) < 0)
			break;
	}
	sqlite3_reset(d);
	if (rc != SQLITE_DONE)
		return rc == SQLITE_ROW ? -1 : search_sql_error(ctx, "refresh");
	st = search_stmt(ctx, dirty_clear_sql);
	return st ? search_step_done(ctx, st, "person_search_dirty") : -1;
}

/* ---- searching ---- */

enum word_kind { WORD_ID, WORD_LONG, WORD_SHORT };

struct word {
	enum word_kind kind;
	char *term; /* folded; for WORD_SHORT also the range end */
	char *end;
	long long num; /* WORD_ID */
};

/* Number of characters of UTF-8 S. */
static size_t utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* Whether S (folded) is a phone number or a code: digits with hyphens,
 * parentheses, dots or a plus. */
static int is_number_like(const char *s)
{
	int digits = 0;

	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (!strchr("-()+.", *s) &&
			 strncmp(s, "\xe2\x88\x92", 3) != 0 &&
			 strncmp(s, "\xe3\x83\xbc", 3) != 0)
			return 0;
	}
	return digits > 0;
}

/* Classify TEXT into W; -1 (reported) when nothing is left to search. */
static int word_parse(struct tsu_ctx *ctx, const char *text, struct word *w)
{
	char prefix[8];
	long long num;

	memset(w, 0, sizeof(*w));
	if (subject_parse_id(text, prefix, &num) == 0 &&
	    strcmp(prefix, "P") == 0) {
		w->kind = WORD_ID;
		w->num = num;
		return 0;
	}
	w->term = search_fold(text);
	if (is_number_like(w->term)) {
		free(w->term);
		w->term = search_digits(text);
		if (strlen(w->term) < 3) {
			free(w->term);
			w->term = NULL;
			return ctx_error(ctx, _("\"%s\": give at least three "
					      "digits of a phone number or "
					      "resident code"),
					 text);
		}
	}
	if (!*w->term) {
		free(w->term);
		w->term = NULL;
		return ctx_error(ctx, _("\"%s\": nothing to search for (give part "
				      "of a name, an id, a phone number or a "
				      "resident code)"),
				 text);
	}
	/* Trigrams need three characters.  A shorter word (two-character
	 * family names such as 山田 are common) is looked up by prefix in
	 * person_search_key's B-tree: it matches the start of a family
	 * name, a given name, the full name, the phone or the code, without
	 * scanning the table. */
	if (utf8_len(w->term) >= 3) {
		w->kind = WORD_LONG;
	} else {
		w->kind = WORD_SHORT;
		w->end = tsu_strdup_printf("%s" UTF8_MAX_CHAR, w->term);
	}
	return 0;
}

/* The FTS5 query for TERM: one phrase, its quotes doubled; malloc'd. */
static char *fts_phrase(const char *term)
{
	char *q = tsu_alloc(2 * strlen(term) + 3), *o = q;

	*o++ = '"';
	for (; *term; term++) {
		if (*term == '"')
			*o++ = '"';
		*o++ = *term;
	}
	*o++ = '"';
	*o = '\0';
	return q;
}

/* Whether person NUM matches word W: 1 yes, 0 no, -1 error (reported). */
static int word_matches(struct tsu_ctx *ctx, const struct word *w,
			long long num)
{
	static const char fts_one_sql[] =
	    "SELECT 1 FROM person_search WHERE rowid=?1"
	    " AND person_search MATCH ?2";
	static const char key_one_sql[] =
	    "SELECT 1 FROM person_search_key WHERE person_id=?1"
	    " AND key>=?2 AND key<?3";
	sqlite3_stmt *st;
	char *q;
	int rc;

	if (w->kind == WORD_ID)
		return w->num == num;
	st = search_stmt(ctx, w->kind == WORD_LONG ? fts_one_sql : key_one_sql);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, num);
	if (w->kind == WORD_LONG) {
		q = fts_phrase(w->term);
		sqlite3_bind_text(st, 2, q, -1, free);
	} else {
		sqlite3_bind_text(st, 2, w->term, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, w->end, -1, SQLITE_TRANSIENT);
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : search_sql_error(ctx, "match");
}

int search_persons(struct tsu_ctx *ctx, const char *const *words, int nwords,
		   int limit, const char ***ids, int *nids, int *more)
{
	static const char by_id_sql[] =
	    "SELECT rowid FROM person_search WHERE rowid=?1";
	static const char by_fts_sql[] =
	    "SELECT rowid FROM person_search WHERE person_search MATCH ?1"
	    " ORDER BY rowid";
	static const char by_key_sql[] =
	    "SELECT DISTINCT person_id FROM person_search_key"
	    " WHERE key>=?1 AND key<?2 ORDER BY person_id";
	struct word *w;
	sqlite3_stmt *st = NULL;
	const char **out;
	char *query = NULL;
	int i, n = 0, rc = -1, driver = -1, step;

	*ids = NULL;
	*nids = 0;
	*more = 0;
	if (nwords < 1)
		return ctx_error(ctx, _("what to find? give part of a name, an "
				      "id, a phone number or a resident code"));
	if (search_refresh(ctx) < 0)
		return -1;
	w = tsu_alloc(nwords * sizeof(*w));
	for (i = 0; i < nwords; i++)
		if (word_parse(ctx, words[i], &w[i]) < 0)
			goto out;
	/* the most selective word drives: an id, then the trigram words
	 * together, then the first short word */
	for (i = 0; i < nwords && driver < 0; i++)
		if (w[i].kind == WORD_ID)
			driver = i;
	if (driver >= 0) {
		st = search_stmt(ctx, by_id_sql);
		if (st)
			sqlite3_bind_int64(st, 1, w[driver].num);
	} else {
		for (i = 0; i < nwords; i++) {
			char *p, *q;

			if (w[i].kind != WORD_LONG)
				continue;
			p = fts_phrase(w[i].term);
			q = query ? tsu_strdup_printf("%s AND %s", query, p)
				  : tsu_strdup(p);
			free(p);
			free(query);
			query = q;
		}
		if (query) {
			st = search_stmt(ctx, by_fts_sql);
			if (st)
				sqlite3_bind_text(st, 1, query, -1,
						  SQLITE_TRANSIENT);
		} else {
			driver = 0;
			st = search_stmt(ctx, by_key_sql);
			if (st) {
				sqlite3_bind_text(st, 1, w[0].term, -1,
						  SQLITE_TRANSIENT);
				sqlite3_bind_text(st, 2, w[0].end, -1,
						  SQLITE_TRANSIENT);
			}
		}
	}
	if (!st)
		goto out;
	out = ctx_keep(ctx, tsu_alloc((limit + 1) * sizeof(*out)));
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		long long num = sqlite3_column_int64(st, 0);
		int all = 1;

		for (i = 0; i < nwords && all; i++) {
			int m;

			if (i == driver)
				continue;
			if (driver < 0 && w[i].kind == WORD_LONG)
				continue; /* already in the FTS query */
			m = word_matches(ctx, &w[i], num);
			if (m < 0) {
				sqlite3_reset(st);
				goto out;
			}
			all = m;
		}
		if (!all)
			continue;
		if (n == limit) {
			*more = 1;
			break;
		}
		out[n++] = ctx_keep(ctx, tsu_strdup_printf("P%lld", num));
	}
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		search_sql_error(ctx, "find");
		goto out;
	}
	*ids = out;
	*nids = n;
	rc = 0;
out:
	for (i = 0; i < nwords; i++) {
		free(w[i].term);
		free(w[i].end);
	}
	free(w);
	free(query);
	return rc;
}

int search_person_match(struct tsu_ctx *ctx, const struct tsu_person *p,
			char id[TSU_ID_LEN])
{
	static const char code_sql[] =
	    "SELECT id FROM person WHERE resident_code=?1";
	/* A birth date narrows a register to a few people (index
	 * person_birth); their kana names are folded and compared here, so
	 * matching needs no search index and sees rows added just before. */
	static const char birth_sql[] =
	    "SELECT id, family_name_kana, given_name_kana FROM person"
	    " WHERE birth_date=?1 AND (resident_code IS NULL OR ?2 IS NULL)"
	    " ORDER BY id";
	sqlite3_stmt *st;
	char *key, *f, *g;
	int rc;

	if (p->resident_code && *p->resident_code) {
		st = search_stmt(ctx, code_sql);
		if (!st)
			return -1;
		sqlite3_bind_text(st, 1, p->resident_code, -1,
				  SQLITE_TRANSIENT);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			snprintf(id, TSU_ID_LEN, "P%lld",
				 sqlite3_column_int64(st, 0));
		sqlite3_reset(st);
		if (rc == SQLITE_ROW)
			return 1;
		if (rc != SQLITE_DONE)
			return search_sql_error(ctx, "match");
	}
	if (!p->family_name_kana || !*p->family_name_kana ||
	    !p->given_name_kana || !*p->given_name_kana || !p->birth_date ||
	    !*p->birth_date)
		return 0;
	st = search_stmt(ctx, birth_sql);
	if (!st)
		return -1;
	f = search_fold(p->family_name_kana);
	g = search_fold(p->given_name_kana);
	key = search_join(f, g);
	free(f);
	free(g);
	sqlite3_bind_text(st, 1, p->birth_date, -1, SQLITE_TRANSIENT);
	if (p->resident_code && *p->resident_code)
		sqlite3_bind_text(st, 2, p->resident_code, -1,
				  SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *fk = (const char *)sqlite3_column_text(st, 1);
		const char *gk = (const char *)sqlite3_column_text(st, 2);
		char *other;
		int same;

		if (!fk || !gk || !*fk || !*gk)
			continue;
		f = search_fold(fk);
		g = search_fold(gk);
		other = search_join(f, g);
		same = strcmp(other, key) == 0;
		free(f);
		free(g);
		free(other);
		if (same) {
			snprintf(id, TSU_ID_LEN, "P%lld",
				 sqlite3_column_int64(st, 0));
			break;
		}
	}
	sqlite3_reset(st);
	free(key);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : search_sql_error(ctx, "match");
}
