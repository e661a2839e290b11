/* json.c - transfer summaries: `export json FAMILY|all` writes each family
 * with its members, pregnancies and births, open flags, the timeline, form
 * responses, and (when the plugins that keep them are here) contacts, the
 * current plan and open referrals; `import json` reads such a file into
 * another database.  JSON is built and read with SQLite's JSON functions
 * through the host's statements, so no JSON code of our own parses it.
 *
 * The file:
 *   {"format": "tsunagu-transfer", "version": 1, "exported_on": DATE,
 *    "center": NAME, "families": [{"id": "F1", "status": ...,
 *      "members": [{"id": "P1", "role": "mother", "family_name": ...}],
 *      "pregnancies": [...], "flags": [...], "timeline": [...],
 *      "responses": [...], "contacts": [...], "plans": [...],
 *      "referrals": [...]}]} */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "export.h"
#include "i18n.h"

#define TRANSFER_FORMAT "tsunagu-transfer"
#define TRANSFER_VERSION 1

/* The family F (its row id) as a JSON object, built by SQLite. */
static const char family_json_sql[] =
    "SELECT json_object('id', 'F'||f.id, 'status', f.status,"
    " 'contact_staff', f.contact_staff, 'created_at', f.created_at,"
    " 'members', (SELECT json_group_array(json_object("
    "   'id', 'P'||p.id, 'role', m.role,"
    "   'family_name', p.family_name, 'given_name', p.given_name,"
    "   'family_name_kana', p.family_name_kana,"
    "   'given_name_kana', p.given_name_kana,"
    "   'birth_date', p.birth_date, 'sex', p.sex, 'phone', p.phone,"
    "   'address', p.address, 'resident_code', p.resident_code,"
    "   'status', p.status, 'status_on', p.status_on,"
    "   'status_note', p.status_note))"
    "  FROM member m JOIN person p ON p.id=m.person_id"
    "  WHERE m.family_id=f.id),"
    " 'pregnancies', (SELECT json_group_array(json_object("
    "   'id', 'PG'||g.id, 'mother_id', 'P'||g.mother_id,"
    "   'notified_on', g.notified_on, 'due_date', g.due_date,"
    "   'handbook_no', g.handbook_no, 'outcome', g.outcome,"
    "   'outcome_on', g.outcome_on,"
    "   'child_id', CASE WHEN g.child_id IS NULL THEN NULL"
    "    ELSE 'P'||g.child_id END))"
    "  FROM pregnancy g WHERE g.family_id=f.id OR g.mother_id IN"
    "   (SELECT person_id FROM member WHERE family_id=f.id)),"
    " 'flags', (SELECT json_group_array(json_object("
    "   'id', 'FL'||x.id, 'subject', x.subject, 'name', x.name,"
    "   'reason', x.reason, 'raised_on', x.raised_on))"
    "  FROM flag x WHERE x.cleared_on IS NULL AND (x.subject='F'||f.id"
    "   OR x.subject IN (SELECT 'P'||person_id FROM member"
    "    WHERE family_id=f.id))),"
    " 'timeline', (SELECT json_group_array(json_object("
    "   'id', 'E'||e.id, 'subject', e.subject, 'date', e.date,"
    "   'kind', e.kind, 'subkind', e.subkind, 'summary', e.summary,"
    "   'staff', e.staff, 'ref', e.ref))"
    "  FROM (SELECT * FROM event WHERE subject='F'||f.id OR subject IN"
    "   (SELECT 'P'||person_id FROM member WHERE family_id=f.id)"
    "   ORDER BY date, id) e),"
    " 'responses', (SELECT json_group_array(json_object("
    "   'id', 'R'||r.id, 'subject', r.subject, 'form', r.form,"
    "   'form_version', r.form_version, 'answered_on', r.answered_on,"
    "   'answers', json(r.answers)))"
    "  FROM response r WHERE r.subject='F'||f.id OR r.subject IN"
    "   (SELECT 'P'||person_id FROM member WHERE family_id=f.id)))"
    " FROM family f WHERE ?1 IS NULL OR f.id=?1 ORDER BY f.id";

/* Another plugin's table in a transfer: rows about the family are those
 * whose column FAMILY_COLS or SUBJECT_COLS names it or a member; KEEP_SQL
 * says (?1 = the row as JSON) whether a row is still current. */
struct json_foreign {
	const char *key; /* in the family object */
	const char *table;
	const char *sql; /* every row as a JSON object */
	const char *keep_sql;
};

static const struct json_foreign json_foreign_tables[] = {
    {"contacts", "contact", "SELECT * FROM contact ORDER BY rowid", NULL},
    {"plans", "plan", "SELECT * FROM plan ORDER BY rowid",
     "SELECT coalesce(json_extract(?1,'$.status'),'') NOT IN"
     " ('closed','superseded','replaced')"},
    {"referrals", "referral", "SELECT * FROM referral ORDER BY rowid",
     "SELECT coalesce(json_extract(?1,'$.status'),'') NOT IN"
     " ('closed','declined')"},
};

/* Columns that tie a row of another plugin's table to a family or a
 * person, whether they hold "F3"/"P7" or the number alone. */
static const char *const json_family_cols[] = {"family_id", "family"};
static const char *const json_person_cols[] = {
    "subject", "subject_id", "person_id", "mother_id", "child_id"};

/* Growing text. */
struct json_buf {
	char *s;
	size_t len, cap;
};

static void jb_add(struct json_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = realloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void jb_str(struct json_buf *b, const char *s)
{
	jb_add(b, s, strlen(s));
}

/* Append S as a JSON string (null for NULL). */
static void jb_quoted(struct json_buf *b, const char *s)
{
	const unsigned char *p;
	char esc[8];

	if (!s) {
		jb_str(b, "null");
		return;
	}
	jb_add(b, "\"", 1);
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			esc[0] = '\\';
			esc[1] = (char)*p;
			jb_add(b, esc, 2);
		} else if (*p < 0x20) {
			snprintf(esc, sizeof(esc), "\\u%04x", *p);
			jb_str(b, esc);
		} else {
			jb_add(b, (const char *)p, 1);
		}
	}
	jb_add(b, "\"", 1);
}

/* 1 when VALUE names the family FAM ("F3" or "3") or one of MEMBERS
 * ("P7" or "7" in a person column). */
static int json_ties(const char *value, int family_col, long long fam,
		     const long long *members, int nmembers)
{
	const char *p = value;
	long long n;
	char *end;
	int i;

	if (!value)
		return 0;
	if (*p == 'F' || *p == 'f' || *p == 'P' || *p == 'p') {
		if ((*p == 'F' || *p == 'f') != family_col)
			return 0;
		p++;
	}
	n = strtoll(p, &end, 10);
	if (end == p || *end)
		return 0;
	if (family_col)
		return n == fam;
	for (i = 0; i < nmembers; i++)
		if (members[i] == n)
			return 1;
	return 0;
}

/* Append to B a JSON array of the rows of T tied to family FAM.  0 or
 * -1; a missing table gives []. */
static int json_foreign_rows(struct tsu_ctx *ctx,
			     const struct json_foreign *t, long long fam,
			     const long long *members, int nmembers,
			     struct json_buf *b)
{
	static const char cols_sql[] =
	    "SELECT name FROM pragma_table_info(?1) ORDER BY cid";
	const struct tsu_host *h = export_host;
	struct tsu_stmt *s, *keep = NULL;
	char **cols = NULL;
	int n = 0, rc, i, first = 1;
	size_t k;

	jb_str(b, "[");
	if (!export_has_table(ctx, t->table)) {
		jb_str(b, "]");
		return 0;
	}
	s = h->prepare(ctx, cols_sql);
	if (!s)
		return -1;
	h->bind_text(s, 1, t->table);
	while ((rc = h->step(s)) == 1) {
		cols = realloc(cols, (size_t)(n + 1) * sizeof(*cols));
		cols[n++] = strdup(h->column_text(s, 0));
	}
	h->finalize(s);
	s = rc < 0 ? NULL : h->prepare(ctx, t->sql);
	if (s && t->keep_sql)
		keep = h->prepare(ctx, t->keep_sql);
	rc = s && (!t->keep_sql || keep) ? 0 : -1;
	while (rc == 0 && (rc = h->step(s)) == 1) {
		struct json_buf row = {0};
		int tied = 0;

		rc = 0;
		for (i = 0; i < n && !tied; i++) {
			for (k = 0; k < 2; k++)
				if (strcmp(cols[i], json_family_cols[k]) == 0)
					tied |= json_ties(h->column_text(s, i),
							  1, fam, members,
							  nmembers);
			for (k = 0; k < sizeof(json_person_cols) /
					    sizeof(json_person_cols[0]);
			     k++)
				if (strcmp(cols[i], json_person_cols[k]) == 0)
					tied |= json_ties(h->column_text(s, i),
							  0, fam, members,
							  nmembers);
		}
		if (!tied)
			continue;
		jb_str(&row, "{");
		for (i = 0; i < n; i++) {
			if (i)
				jb_str(&row, ",");
			jb_quoted(&row, cols[i]);
			jb_str(&row, ":");
			jb_quoted(&row, h->column_text(s, i));
		}
		jb_str(&row, "}");
		if (keep) {
			h->reset(keep);
			h->bind_text(keep, 1, row.s);
			if (h->step(keep) == 1 && h->column_int(keep, 0) == 0) {
				free(row.s);
				continue;
			}
		}
		if (!first)
			jb_str(b, ",");
		first = 0;
		jb_add(b, row.s, row.len);
		free(row.s);
	}
	h->finalize(s);
	h->finalize(keep);
	for (i = 0; i < n; i++)
		free(cols[i]);
	free(cols);
	jb_str(b, "]");
	return rc < 0 ? -1 : 0;
}

/* The member person ids of family FAM, malloc'd; count in *N. */
static long long *json_members(struct tsu_ctx *ctx, long long fam, int *n)
{
	static const char sql[] =
	    "SELECT person_id FROM member WHERE family_id=?1";
	struct tsu_stmt *s = export_host->prepare(ctx, sql);
	long long *ids = NULL;

	*n = 0;
	if (!s)
		return NULL;
	export_host->bind_int(s, 1, fam);
	while (export_host->step(s) == 1) {
		ids = realloc(ids, (size_t)(*n + 1) * sizeof(*ids));
		ids[(*n)++] = export_host->column_int(s, 0);
	}
	export_host->finalize(s);
	return ids;
}

/* Write B to PATH (mode 0600) or standard output.  0 or -1. */
static int json_write_file(struct tsu_ctx *ctx, const char *path,
			   const struct json_buf *b)
{
	FILE *f;
	int fd;

	if (strcmp(path, "-") == 0) {
		fwrite(b->s, 1, b->len, stdout);
		fputc('\n', stdout);
		return fflush(stdout) == 0
			   ? 0
			   : export_host->error(ctx, _("<stdout>: %s"),
						strerror(errno));
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		if (fd >= 0)
			close(fd);
		return export_host->error(ctx, _("%s: cannot create: %s"), path,
					  strerror(errno));
	}
	fwrite(b->s, 1, b->len, f);
	fputc('\n', f);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0 || ferror(f)) {
		fclose(f);
		unlink(path);
		return export_host->error(ctx, _("%s: cannot write: %s"), path,
					  strerror(errno));
	}
	fclose(f);
	return 0;
}

int export_json_run(struct tsu_ctx *ctx, const char *what, const char *out)
{
	const struct tsu_host *h = export_host;
	char fam[TSU_ID_LEN], detail[1024];
	struct json_buf b = {0};
	struct tsu_stmt *s;
	long long famnum = 0;
	const char *center;
	int rc, nfam = 0, npersons = 0;
	size_t t;

	if (strcmp(what, "all") != 0) {
		if (h->resolve(ctx, what, "family", fam) < 0)
			return -1;
		famnum = strtoll(fam + 1, NULL, 10);
	}
	center = h->config_get(ctx, "center");
	jb_str(&b, "{\"format\":\"" TRANSFER_FORMAT "\",\"version\":");
	snprintf(detail, sizeof(detail), "%d", TRANSFER_VERSION);
	jb_str(&b, detail);
	jb_str(&b, ",\"exported_on\":");
	jb_quoted(&b, h->today(ctx));
	jb_str(&b, ",\"exported_by\":");
	jb_quoted(&b, h->staff(ctx));
	jb_str(&b, ",\"center\":");
	jb_quoted(&b, center);
	jb_str(&b, ",\"families\":[");
	s = h->prepare(ctx, family_json_sql);
	if (!s)
		goto fail;
	if (famnum)
		h->bind_int(s, 1, famnum);
	else
		h->bind_null(s, 1);
	while ((rc = h->step(s)) == 1) {
		const char *obj = h->column_text(s, 0);
		long long id = strtoll(strstr(obj, "\"F") + 2, NULL, 10);
		long long *members;
		int nm;

		if (h->interrupted(ctx))
			break;
		members = json_members(ctx, id, &nm);
		npersons += nm;
		if (nfam++)
			jb_str(&b, ",");
		/* obj ends with '}': splice the plugins' records in. */
		jb_add(&b, obj, strlen(obj) - 1);
		for (t = 0; t < sizeof(json_foreign_tables) /
				    sizeof(json_foreign_tables[0]);
		     t++) {
			jb_str(&b, ",");
			jb_quoted(&b, json_foreign_tables[t].key);
			jb_str(&b, ":");
			if (json_foreign_rows(ctx, &json_foreign_tables[t], id,
					      members, nm, &b) < 0)
				rc = -1;
		}
		jb_str(&b, "}");
		free(members);
		if (rc < 0)
			break;
	}
	h->finalize(s);
	if (rc < 0)
		goto fail;
	jb_str(&b, "]}");
	if (json_write_file(ctx, out, &b) < 0)
		goto fail;
	snprintf(detail, sizeof(detail),
		 "json %s: %d famil%s, %d person%s to %s", what, nfam,
		 nfam == 1 ? "y" : "ies", npersons, npersons == 1 ? "" : "s",
		 strcmp(out, "-") == 0 ? "standard output" : out);
	if (h->audit(ctx, "export", famnum ? fam : NULL, detail) < 0)
		goto fail;
	if (strcmp(out, "-") != 0)
		h->info(ctx, _("%d famil%s, %d person%s written to %s"), nfam,
			nfam == 1 ? "y" : "ies", npersons,
			npersons == 1 ? "" : "s", out);
	free(b.s);
	return 0;
fail:
	free(b.s);
	if (strcmp(out, "-") != 0)
		unlink(out);
	return -1;
}

/* ---- import json ---- */

/* Ids of the sending database and the ones they got here. */
struct json_map {
	char (*from)[TSU_ID_LEN];
	char (*to)[TSU_ID_LEN];
	int n;
};

static void json_map_add(struct json_map *m, const char *from, const char *to)
{
	m->from = realloc(m->from, (size_t)(m->n + 1) * sizeof(*m->from));
	m->to = realloc(m->to, (size_t)(m->n + 1) * sizeof(*m->to));
	snprintf(m->from[m->n], TSU_ID_LEN, "%s", from ? from : "");
	snprintf(m->to[m->n], TSU_ID_LEN, "%s", to);
	m->n++;
}

/* The id here of FROM, or DEFLT when it was not in the file. */
static const char *json_map_get(const struct json_map *m, const char *from,
				const char *deflt)
{
	int i;

	for (i = 0; from && i < m->n; i++)
		if (strcasecmp(m->from[i], from) == 0)
			return m->to[i];
	return deflt;
}

/* Length of the valid UTF-8 character at S (N bytes left), or 0. */
static size_t json_utf8_len(const unsigned char *s, size_t n)
{
	size_t len = s[0] < 0x80 ? 1 : s[0] < 0xc2 ? 0 : s[0] < 0xe0 ? 2
		   : s[0] < 0xf0 ? 3 : s[0] < 0xf5 ? 4 : 0;
	size_t i;

	if (len == 0 || len > n)
		return 0;
	for (i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* Overlong forms, surrogates, beyond U+10FFFF. */
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] > 0x9f) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] > 0x8f))
		return 0;
	return len;
}

/* Check the LEN bytes of TEXT read from PATH: UTF-8 without NUL bytes,
 * which SQLite's JSON functions would otherwise cut short or take as
 * they are.  Returns 0, or -1 (reported with the line and column). */
static int json_text_check(struct tsu_ctx *ctx, const char *path,
			   const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, n;
	long line = 1, col = 1;

	while (i < len) {
		n = s[i] ? json_utf8_len(s + i, len - i) : 0;
		if (n == 0)
			break;
		if (s[i] == '\n') {
			line++;
			col = 0;
		}
		col++;
		i += n;
	}
	if (i == len)
		return 0;
	if (s[i] == 0)
		return export_host->error(
		    ctx, _("%s: line %ld: column %ld: NUL byte"), path, line,
		    col);
	return export_host->error(
	    ctx, _("%s: line %ld: column %ld: invalid UTF-8 (byte 0x%02x)"),
	    path, line, col, s[i]);
}

/* Read all of PATH into a malloc'd string, or NULL (reported). */
static char *json_slurp(struct tsu_ctx *ctx, const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	struct json_buf b = {0};
	char chunk[65536];
	size_t n;

	if (!f) {
		export_host->error(ctx, "%s: %s", path, strerror(errno));
		return NULL;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		jb_add(&b, chunk, n);
	if (ferror(f)) {
		export_host->error(ctx, _("%s: cannot read: %s"), path,
				   strerror(errno));
		free(b.s);
		b.s = NULL;
	} else if (!b.s) {
		export_host->error(ctx, _("%s: the file is empty"), path);
	} else if (json_text_check(ctx, path, b.s, b.len) < 0) {
		free(b.s);
		b.s = NULL;
	}
	if (f != stdin)
		fclose(f);
	return b.s;
}

/* A person already here: by resident code, else by kana name and birth
 * date.  Fills OUT and returns 1, or 0. */
static int json_match_person(struct tsu_ctx *ctx, const struct tsu_person *p,
			     char out[TSU_ID_LEN])
{
	static const char by_code[] =
	    "SELECT 'P'||id FROM person WHERE resident_code=?1";
	static const char by_kana[] =
	    "SELECT 'P'||id FROM person WHERE family_name_kana=?1"
	    " AND given_name_kana=?2 AND birth_date=?3 ORDER BY id LIMIT 1";
	const struct tsu_host *h = export_host;
	struct tsu_stmt *s = NULL;
	int rc = 0;

	if (p->resident_code && *p->resident_code) {
		s = h->prepare(ctx, by_code);
		if (s)
			h->bind_text(s, 1, p->resident_code);
	} else if (p->family_name_kana && p->given_name_kana &&
		   p->birth_date) {
		s = h->prepare(ctx, by_kana);
		if (s) {
			h->bind_text(s, 1, p->family_name_kana);
			h->bind_text(s, 2, p->given_name_kana);
			h->bind_text(s, 3, p->birth_date);
		}
	}
	if (s && h->step(s) == 1) {
		snprintf(out, TSU_ID_LEN, "%s", h->column_text(s, 0));
		rc = 1;
	}
	h->finalize(s);
	return rc;
}

/* 1 when SQL with the text parameters ARGS (N of them) gives a row. */
static int json_exists(struct tsu_ctx *ctx, const char *sql,
		       const char *const *args, int n)
{
	struct tsu_stmt *s = export_host->prepare(ctx, sql);
	int i, rc;

	if (!s)
		return -1;
	for (i = 0; i < n; i++)
		if (args[i])
			export_host->bind_text(s, i + 1, args[i]);
		else
			export_host->bind_null(s, i + 1);
	rc = export_host->step(s);
	export_host->finalize(s);
	return rc;
}

struct json_counts {
	int families, added, matched, pregnancies, flags, events;
};

/* Members of family object FAM: match or add each person, put them in
 * one family here (that of a matched person, or a new one).  The family's
 * id goes to FAMID, the ids to MAP.  0 or -1. */
static int json_import_members(struct tsu_ctx *ctx, const char *fam,
			       struct json_map *map, char famid[TSU_ID_LEN],
			       struct json_counts *c)
{
	static const char sql[] =
	    "SELECT json_extract(value,'$.id'), json_extract(value,'$.role'),"
	    " json_extract(value,'$.family_name'),"
	    " json_extract(value,'$.given_name'),"
	    " json_extract(value,'$.family_name_kana'),"
	    " json_extract(value,'$.given_name_kana'),"
	    " json_extract(value,'$.birth_date'), json_extract(value,'$.sex'),"
	    " json_extract(value,'$.phone'), json_extract(value,'$.address'),"
	    " json_extract(value,'$.resident_code'),"
	    " json_extract(value,'$.status')"
	    " FROM json_each(?1,'$.members')";
	static const char family_of[] =
	    "SELECT 'F'||family_id FROM member WHERE person_id=?1"
	    " ORDER BY family_id LIMIT 1";
	static const char is_member[] =
	    "SELECT 1 FROM member WHERE 'F'||family_id=?1"
	    " AND 'P'||person_id=?2";
	const struct tsu_host *h = export_host;
	struct tsu_stmt *s = h->prepare(ctx, sql);
	char **roles = NULL, pid[TSU_ID_LEN];
	int n = 0, i, rc;

	famid[0] = '\0';
	if (!s)
		return -1;
	h->bind_text(s, 1, fam);
	while ((rc = h->step(s)) == 1) {
		struct tsu_person p = {
		    .family_name = h->column_text(s, 2),
		    .given_name = h->column_text(s, 3),
		    .family_name_kana = h->column_text(s, 4),
		    .given_name_kana = h->column_text(s, 5),
		    .birth_date = h->column_text(s, 6),
		    .sex = h->column_text(s, 7),
		    .phone = h->column_text(s, 8),
		    .address = h->column_text(s, 9),
		    .resident_code = h->column_text(s, 10),
		    .status = h->column_text(s, 11),
		};

		if (json_match_person(ctx, &p, pid)) {
			c->matched++;
			if (!famid[0]) {
				struct tsu_stmt *f = h->prepare(ctx, family_of);

				if (f) {
					h->bind_int(f, 1,
						    strtoll(pid + 1, NULL, 10));
					if (h->step(f) == 1)
						snprintf(famid, TSU_ID_LEN, "%s",
							 h->column_text(f, 0));
					h->finalize(f);
				}
			}
		} else if (h->person_add(ctx, &p, pid) < 0) {
			rc = -1;
			break;
		} else {
			c->added++;
		}
		json_map_add(map, h->column_text(s, 0), pid);
		roles = realloc(roles, (size_t)(n + 1) * sizeof(*roles));
		roles[n++] = strdup(h->column_text(s, 1) ? h->column_text(s, 1)
							 : _("member"));
	}
	h->finalize(s);
	if (rc == 0 && !famid[0] && h->family_add(ctx, NULL, famid) < 0)
		rc = -1;
	for (i = 0; rc == 0 && i < n; i++) {
		const char *args[2] = {famid, map->to[map->n - n + i]};
		int there = json_exists(ctx, is_member, args, 2);

		if (there < 0 ||
		    (there == 0 && h->member_add(ctx, famid, args[1],
						 roles[i]) < 0))
			rc = -1;
	}
	for (i = 0; i < n; i++)
		free(roles[i]);
	free(roles);
	return rc < 0 ? -1 : 0;
}

/* Pregnancies of FAM not yet here (same mother, same notification). */
static int json_import_pregnancies(struct tsu_ctx *ctx, const char *fam,
				   const struct json_map *map,
				   const char *famid, struct json_counts *c)
{
	static const char sql[] =
	    "SELECT json_extract(value,'$.mother_id'),"
	    " json_extract(value,'$.notified_on'),"
	    " json_extract(value,'$.due_date'),"
	    " json_extract(value,'$.handbook_no'),"
	    " json_extract(value,'$.outcome'),"
	    " json_extract(value,'$.outcome_on'),"
	    " json_extract(value,'$.child_id')"
	    " FROM json_each(?1,'$.pregnancies')";
	static const char there_sql[] =
	    "SELECT 1 FROM pregnancy WHERE 'P'||mother_id=?1"
	    " AND notified_on IS ?2";
	static const char insert_sql[] =
	    "INSERT INTO pregnancy(mother_id, family_id, notified_on,"
	    " due_date, handbook_no, outcome, outcome_on, child_id,"
	    " created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
	    " strftime('%Y-%m-%dT%H:%M:%SZ','now'))";
	const struct tsu_host *h = export_host;
	struct tsu_stmt *s = h->prepare(ctx, sql), *ins;
	char detail[128];
	int rc, i;

	if (!s)
		return -1;
	h->bind_text(s, 1, fam);
	while ((rc = h->step(s)) == 1) {
		const char *mother = json_map_get(map, h->column_text(s, 0),
						  NULL);
		const char *child = json_map_get(map, h->column_text(s, 6),
						 NULL);
		const char *args[2] = {mother, h->column_text(s, 1)};

		if (!mother)
			continue;
		rc = json_exists(ctx, there_sql, args, 2);
		if (rc < 0)
			break;
		if (rc == 1)
			continue;
		ins = h->prepare(ctx, insert_sql);
		if (!ins) {
			rc = -1;
			break;
		}
		h->bind_int(ins, 1, strtoll(mother + 1, NULL, 10));
		h->bind_int(ins, 2, strtoll(famid + 1, NULL, 10));
		for (i = 1; i <= 5; i++)
			if (h->column_text(s, i))
				h->bind_text(ins, i + 2, h->column_text(s, i));
			else
				h->bind_null(ins, i + 2);
		if (child)
			h->bind_int(ins, 8, strtoll(child + 1, NULL, 10));
		else
			h->bind_null(ins, 8);
		rc = h->step(ins);
		h->finalize(ins);
		if (rc < 0)
			break;
		snprintf(detail, sizeof(detail), "pregnancy PG%lld imported",
			 h->last_insert_id(ctx));
		if (h->audit(ctx, "create", mother, detail) < 0) {
			rc = -1;
			break;
		}
		c->pregnancies++;
		rc = 0;
	}
	h->finalize(s);
	return rc < 0 ? -1 : 0;
}

/* Open flags of FAM, on the subjects they map to. */
static int json_import_flags(struct tsu_ctx *ctx, const char *fam,
			     const struct json_map *map, const char *famid,
			     struct json_counts *c)
{
	static const char sql[] =
	    "SELECT json_extract(value,'$.subject'),"
	    " json_extract(value,'$.name'), json_extract(value,'$.reason')"
	    " FROM json_each(?1,'$.flags')";
	static const char there_sql[] =
	    "SELECT 1 FROM flag WHERE subject=?1 AND name=?2"
	    " AND cleared_on IS NULL";
	const struct tsu_host *h = export_host;
	struct tsu_stmt *s = h->prepare(ctx, sql);
	int rc;

	if (!s)
		return -1;
	h->bind_text(s, 1, fam);
	while ((rc = h->step(s)) == 1) {
		const char *subj = json_map_get(map, h->column_text(s, 0), famid);
		const char *args[2] = {subj, h->column_text(s, 1)};

		if (!args[1])
			continue;
		rc = json_exists(ctx, there_sql, args, 2);
		if (rc < 0)
			break;
		if (rc == 1)
			continue;
		if (h->flag_set(ctx, subj, args[1], h->column_text(s, 2)) < 0) {
			rc = -1;
			break;
		}
		c->flags++;
	}
	h->finalize(s);
	return rc < 0 ? -1 : 0;
}

/* Add an event unless the same one is there.  1 added, 0 there, -1. */
static int json_event(struct tsu_ctx *ctx, const char *subj,
		      const char *kind, const char *subkind, const char *date,
		      const char *summary)
{
	static const char there_sql[] =
	    "SELECT 1 FROM event WHERE subject=?1 AND kind=?2 AND date=?3"
	    " AND summary IS ?4";
	char full[128];
	const char *args[4] = {subj, kind, date, summary};
	int rc = json_exists(ctx, there_sql, args, 4);

	if (rc != 0)
		return rc < 0 ? -1 : 0;
	snprintf(full, sizeof(full), "%s%s%s", kind, subkind ? ":" : "",
		 subkind ? subkind : "");
	return export_host->event_add(ctx, subj, full, date, summary, NULL) < 0
		   ? -1
		   : 1;
}

/* The timeline of FAM (flags come back with json_import_flags), then the
 * records of the sending center's plugins as "transfer" entries. */
static int json_import_timeline(struct tsu_ctx *ctx, const char *fam,
				const struct json_map *map, const char *famid,
				struct json_counts *c)
{
	static const char sql[] =
	    "SELECT json_extract(value,'$.subject'),"
	    " json_extract(value,'$.kind'), json_extract(value,'$.subkind'),"
	    " json_extract(value,'$.date'), json_extract(value,'$.summary')"
	    " FROM json_each(?1,'$.timeline')"
	    " WHERE json_extract(value,'$.kind') <> 'flag'";
	/* One line per record: its date and its text fields. */
	static const char records_sql[] =
	    "SELECT r.key, coalesce(json_extract(o.value,'$.date'),"
	    "  json_extract(o.value,'$.created_on'),"
	    "  substr(json_extract(o.value,'$.created_at'),1,10), ?2),"
	    " (SELECT group_concat(f.key||'='||f.atom, ' / ') FROM"
	    "  json_each(o.value) f WHERE f.atom IS NOT NULL AND"
	    "  f.key NOT IN ('id','created_at','updated_at'))"
	    " FROM json_each(?1) r, json_each(r.value) o"
	    " WHERE r.key IN ('contacts','plans','referrals')";
	const struct tsu_host *h = export_host;
	struct tsu_stmt *s = h->prepare(ctx, sql);
	char summary[512];
	int rc;

	if (!s)
		return -1;
	h->bind_text(s, 1, fam);
	while ((rc = h->step(s)) == 1) {
		const char *subj = json_map_get(map, h->column_text(s, 0), famid);

		if (!h->column_text(s, 1) || !h->column_text(s, 3))
			continue;
		rc = json_event(ctx, subj, h->column_text(s, 1),
				h->column_text(s, 2), h->column_text(s, 3),
				h->column_text(s, 4));
		if (rc < 0)
			break;
		c->events += rc;
	}
	h->finalize(s);
	if (rc < 0)
		return -1;
	s = h->prepare(ctx, records_sql);
	if (!s)
		return -1;
	h->bind_text(s, 1, fam);
	h->bind_text(s, 2, h->today(ctx));
	while ((rc = h->step(s)) == 1) {
		snprintf(summary, sizeof(summary), "引継ぎ (%s): %s",
			 h->column_text(s, 0),
			 h->column_text(s, 2) ? h->column_text(s, 2) : "");
		rc = json_event(ctx, famid, "transfer", NULL,
				h->column_text(s, 1), summary);
		if (rc < 0)
			break;
		c->events += rc;
	}
	h->finalize(s);
	return rc < 0 ? -1 : 0;
}

int export_json_import(struct tsu_ctx *ctx, const char *path, int dry_run)
{
	static const char head_sql[] =
	    "SELECT json_valid(?1), json_extract(?1,'$.format'),"
	    " json_extract(?1,'$.version')";
	static const char families_sql[] =
	    "SELECT value FROM json_each(?1,'$.families')";
	static const char *const keys[] = {
	    N_("families"), N_("persons_added"), N_("persons_matched"), N_("pregnancies"),
	    N_("flags"), N_("events")};
	const struct tsu_host *h = export_host;
	struct json_counts c = {0};
	struct json_map map = {0};
	struct tsu_stmt *s;
	struct tsu_table *t;
	char *text = json_slurp(ctx, path), famid[TSU_ID_LEN], detail[512];
	int rc = -1;

	if (!text)
		return -1;
	s = h->prepare(ctx, head_sql);
	if (!s)
		goto done;
	h->bind_text(s, 1, text);
	if (h->step(s) != 1 || h->column_int(s, 0) != 1) {
		h->finalize(s);
		h->error(ctx, _("%s: not valid JSON"), path);
		goto done;
	}
	if (!h->column_text(s, 1) ||
	    strcmp(h->column_text(s, 1), TRANSFER_FORMAT) != 0 ||
	    h->column_int(s, 2) > TRANSFER_VERSION) {
		h->error(ctx,
			 _("%s: not a transfer summary this program reads "
			   "(\"format\" must be \"%s\", \"version\" at most "
			   "%d)"),
			 path, TRANSFER_FORMAT, TRANSFER_VERSION);
		h->finalize(s);
		goto done;
	}
	h->finalize(s);
	s = h->prepare(ctx, families_sql);
	if (!s)
		goto done;
	h->bind_text(s, 1, text);
	while ((rc = h->step(s)) == 1) {
		char *fam = strdup(h->column_text(s, 0));

		map.n = 0;
		rc = json_import_members(ctx, fam, &map, famid, &c);
		if (rc == 0)
			rc = json_import_pregnancies(ctx, fam, &map, famid, &c);
		if (rc == 0)
			rc = json_import_flags(ctx, fam, &map, famid, &c);
		if (rc == 0)
			rc = json_import_timeline(ctx, fam, &map, famid, &c);
		free(fam);
		if (rc < 0)
			break;
		c.families++;
	}
	h->finalize(s);
	if (rc < 0)
		goto done;
	snprintf(detail, sizeof(detail),
		 "json %s: %d families, %d persons added, %d matched, %d "
		 "pregnancies, %d flags, %d events",
		 path, c.families, c.added, c.matched, c.pregnancies, c.flags,
		 c.events);
	/* A dry run shows what it would do; the caller undoes it all. */
	if (dry_run)
		h->info(ctx, _("--dry-run: nothing was changed; this is what "
			       "the import would do:"));
	else if (h->audit(ctx, "import", NULL, detail) < 0) {
		rc = -1;
		goto done;
	}
	t = h->table_new(6, keys, NULL);
	h->table_row(t);
	h->table_int(t, c.families);
	h->table_int(t, c.added);
	h->table_int(t, c.matched);
	h->table_int(t, c.pregnancies);
	h->table_int(t, c.flags);
	h->table_int(t, c.events);
	rc = h->table_emit_record(ctx, t);
done:
	free(map.from);
	free(map.to);
	free(text);
	return rc < 0 ? -1 : 0;
}
