/* form.c - the form engine: forms are defined in Scheme (define-form in
 * core/tsunagu.scm, which also validates); this file numbers their
 * versions (table form_version), fills them from --set words, CSV rows or
 * the terminal, stores responses with their screening rules and intake
 * hook, and offers the `forms` command. */
#include <config.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "audit.h"
#include "command.h"
#include "complete.h"
#include "date.h"
#include "form.h"
#include "hook.h"
#include "i18n.h"
#include "scm.h"
#include "search.h"
#include "sha256.h"
#include "store.h"
#include "subject.h"
#include "output.h"
#include "width.h"

int form_call(struct tsu_ctx *ctx, const char *name, SCM args, SCM *result)
{
	char *msg = NULL;

	if (tsuscm_safe_apply(tsuscm_ref(name), args, result, &msg) < 0) {
		ctx_error(ctx, "%s", msg ? msg : _("a Scheme error"));
		free(msg);
		return -1;
	}
	return 0;
}

/* A UTF-8 copy of the Scheme string S kept until the command ends. */
static const char *kept_string(struct tsu_ctx *ctx, SCM s)
{
	return scm_is_string(s) ? ctx_keep(ctx, scm_to_utf8_string(s)) : NULL;
}

/* Report a database error MSG (freed) on CTX; -1. */
static int sql_error(struct tsu_ctx *ctx, char *msg)
{
	ctx_error(ctx, "%s", msg ? msg : sqlite3_errmsg(store_db()));
	free(msg);
	return -1;
}

/* The version of FORM whose definition text is DEFINITION: the one
 * recorded with the same hash, else the next number, recorded when
 * RECORD (otherwise only reported).  1 when it was recorded now, 0 when
 * it was known, -1 on error. */
static int form_version_of(struct tsu_ctx *ctx, const char *form,
			   const char *definition, int record, int *version)
{
	static const char find_sql[] =
	    "SELECT version FROM form_version WHERE form=? AND hash=?";
	static const char next_sql[] =
	    "SELECT coalesce(max(version), 0) + 1 FROM form_version"
	    " WHERE form=?";
	static const char ins_sql[] =
	    "INSERT INTO form_version(form, version, hash, definition,"
	    " created_at) VALUES(?,?,?,?,?)";
	char hash[65], *msg = NULL, now[32];
	sqlite3_stmt *st;
	time_t t = time(NULL);
	struct tm tm;
	int rc;

	tsu_sha256_hex(definition, strlen(definition), hash);
	if (!(st = store_cached(find_sql, &msg)))
		return sql_error(ctx, msg);
	sqlite3_bind_text(st, 1, form, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return sql_error(ctx, NULL);
	if (!(st = store_cached(next_sql, &msg)))
		return sql_error(ctx, msg);
	sqlite3_bind_text(st, 1, form, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 1;
	sqlite3_reset(st);
	if (!record)
		return 0;
	if (!(st = store_cached(ins_sql, &msg)))
		return sql_error(ctx, msg);
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	sqlite3_bind_text(st, 1, form, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, *version);
	sqlite3_bind_text(st, 3, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, definition, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sql_error(ctx, NULL);
	return 1;
}

/* The version of FORM for its definition text DEF (the string Scheme
 * keeps per form, so the same object while the form is not redefined).
 * A bulk import validates the same form row after row: the version found
 * in the table is remembered for the rest of the transaction. */
static int form_version_cached(struct tsu_ctx *ctx, const char *form,
			       SCM def, int *version)
{
	static struct {
		char *form;
		SCM def;
		int version;
		unsigned long serial;
	} last;
	unsigned long serial = store_transaction_serial();
	int rc;

	if (last.form && scm_is_eq(last.def, def) &&
	    last.serial == serial && strcmp(last.form, form) == 0) {
		*version = last.version;
		return 0;
	}
	rc = form_version_of(ctx, form, kept_string(ctx, def), 1, version);
	/* Only a version that was already there: one recorded now goes
	 * away if this row's savepoint is rolled back. */
	if (rc != 0 || !store_in_transaction())
		return rc < 0 ? -1 : 0;
	if (last.form)
		scm_gc_unprotect_object(last.def);
	free(last.form);
	/* Kept alive so that no other string can take its place. */
	last.form = tsu_strdup(form);
	last.def = scm_gc_protect_object(def);
	last.version = *version;
	last.serial = serial;
	return 0;
}

int form_exists(struct tsu_ctx *ctx, const char *form,
		const char **subject_kind)
{
	SCM kind;

	if (!form || !*form)
		return 0;
	if (tsuscm_safe_apply(tsuscm_ref("%form-subject"),
			      scm_list_1(tsuscm_from_utf8(form)), &kind,
			      NULL) < 0 ||
	    !scm_is_string(kind))
		return 0;
	if (subject_kind)
		*subject_kind = kept_string(ctx, kind);
	return 1;
}

/* Number of characters in the LEN bytes at S (valid UTF-8 up to LEN). */
static size_t char_count(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xc0) != 0x80;
	return n;
}

int form_value_check(const char *field, const char *value, size_t len,
		     char **errmsg)
{
	size_t i = 0;
	unsigned cp = 0;
	int n;

	if (len > TSU_FORM_VALUE_MAX) {
		*errmsg = tsu_strdup_printf(
		    _("%s: the value is too long (%zu bytes; at most %d)"),
		    field, len, TSU_FORM_VALUE_MAX);
		return -1;
	}
	while (i < len) {
		n = tsu_utf8_decode(value + i, len - i, &cp);
		if (n < 0) {
			*errmsg = tsu_strdup_printf(
			    _("%s: the value is not valid UTF-8 at character "
			      "%zu (byte 0x%02x)"),
			    field, char_count(value, i) + 1,
			    (unsigned char)value[i]);
			return -1;
		}
		if (cp == 0) {
			*errmsg = tsu_strdup_printf(
			    _("%s: the value holds a NUL byte at character "
			      "%zu"),
			    field, char_count(value, i) + 1);
			return -1;
		}
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
		    cp == 0x7f) {
			*errmsg = tsu_strdup_printf(
			    _("%s: the value holds the control character "
			      "U+%04X at character %zu"),
			    field, cp, char_count(value, i) + 1);
			return -1;
		}
		i += (size_t)n;
	}
	return 0;
}

/* Check every value of RAW (alist of ("field" . "text")) with
 * form_value_check().  Returns 0, or -1 with the error reported on CTX
 * and the field's id in *BAD_FIELD (kept) when BAD_FIELD is not NULL. */
static int form_values_check(struct tsu_ctx *ctx, const char *form, SCM raw,
			     const char **bad_field)
{
	for (; scm_is_pair(raw); raw = scm_cdr(raw)) {
		SCM key = scm_caar(raw), val = scm_cdar(raw);
		const char *field;
		char *text, *msg = NULL;
		size_t len;
		int rc;

		if (!scm_is_string(val))
			continue;
		if (scm_is_symbol(key))
			key = scm_symbol_to_string(key);
		field = scm_is_string(key) ? kept_string(ctx, key) : "?";
		text = scm_to_utf8_stringn(val, &len);
		rc = form_value_check(field, text, len, &msg);
		free(text);
		if (rc < 0) {
			ctx_error(ctx, "%s: %s", form, msg);
			free(msg);
			if (bad_field)
				*bad_field = field;
			return -1;
		}
	}
	return 0;
}

/* Validate RAW (alist of ("field" . "text")) for FORM.  On success the
 * answers' JSON and version; otherwise -1 with the error reported and,
 * when the error is about one field, its id in *BAD_FIELD (kept).  FILE
 * says the values come from a file's row, not from --set words: a message
 * about missing fields then speaks of the file's columns. */
static int form_finish(struct tsu_ctx *ctx, const char *form, SCM raw,
		       const char **answers, int *version,
		       const char **bad_field, int file)
{
	SCM r;
	char *status;
	int ok;

	if (bad_field)
		*bad_field = NULL;
	if (form_values_check(ctx, form, raw, bad_field) < 0)
		return -1;
	if (form_call(ctx, "%form-validate",
		      scm_list_3(tsuscm_from_utf8(form), raw,
				 scm_from_bool(file)),
		      &r) < 0)
		return -1;
	status = tsuscm_to_utf8(scm_car(r));
	ok = status && strcmp(status, "ok") == 0;
	free(status);
	if (!ok) {
		char *m = tsuscm_to_utf8(scm_cadr(r));

		ctx_error(ctx, "%s: %s", form, m ? m : _("invalid"));
		free(m);
		if (bad_field)
			*bad_field = kept_string(ctx, scm_caddr(r));
		return -1;
	}
	*answers = kept_string(ctx, scm_cadr(r));
	return form_version_cached(ctx, form, scm_caddr(r), version);
}

/* Forget the error already reported on CTX (the prompt asks again). */
static void ctx_clear_error(struct tsu_ctx *ctx)
{
	free(ctx->error);
	ctx->error = NULL;
}

/* Remove field ID from LIST: the alist of answers (("field" . "text")
 * ...) or the list of the ids asked ("field" ...). */
static SCM raw_without(SCM list, const char *id)
{
	SCM out = SCM_EOL;

	for (; scm_is_pair(list); list = scm_cdr(list)) {
		SCM key = scm_is_pair(scm_car(list)) ? scm_caar(list)
						      : scm_car(list);
		char *k = tsuscm_to_utf8(key);

		if (!k || strcmp(k, id) != 0)
			out = scm_cons(scm_car(list), out);
		free(k);
	}
	return scm_reverse_x(out, SCM_EOL);
}

/* The field name of the --set SET ("note = text": the blanks around it
 * are not in it) from *START to *END; its '=', or NULL when it has none. */
static const char *set_name(const char *set, size_t *start, size_t *end)
{
	const char *eq = strchr(set, '=');

	*start = 0;
	*end = eq ? (size_t)(eq - set) : 0;
	while (*start < *end && (set[*start] == ' ' || set[*start] == '\t'))
		(*start)++;
	while (*end > *start && (set[*end - 1] == ' ' || set[*end - 1] == '\t'))
		(*end)--;
	return eq;
}

int form_fill(struct tsu_ctx *ctx, const char *form, const char *subject,
	      char *const *sets, int nsets, const char **answers, int *version)
{
	SCM raw = SCM_EOL, asked = SCM_EOL;
	const char *bad;
	int i;

	(void)subject;
	if (!form_exists(ctx, form, NULL)) {
		SCM r;

		/* The error names the nearest form. */
		if (form_call(ctx, "%form-definition",
			      scm_list_1(tsuscm_from_utf8(form)), &r) == 0)
			ctx_error(ctx, _("no form %s"), form);
		return -1;
	}
	for (i = 0; i < nsets; i++) {
		size_t start, end, s2, e2;
		const char *eq = set_name(sets[i], &start, &end);
		int j;

		if (!eq || end == start)
			return ctx_error(ctx,
					 _("--set \"%s\": expected FIELD=VALUE "
					 "(like --set due_date=2026-10-01)"),
					 sets[i]);
		for (j = 0; j < i; j++)
			if (set_name(sets[j], &s2, &e2) && e2 - s2 == end - start &&
			    memcmp(sets[j] + s2, sets[i] + start, end - start) == 0)
				return ctx_error(
				    ctx,
				    _("--set %.*s is given twice (\"%s\" and "
				      "\"%s\"): give each field once"),
				    (int)(end - start), sets[i] + start,
				    strchr(sets[j], '=') + 1, eq + 1);
		raw = scm_cons(scm_cons(scm_from_utf8_stringn(sets[i] + start,
							     end - start),
					scm_from_utf8_string(eq + 1)),
			       raw);
	}
	raw = scm_reverse_x(raw, SCM_EOL);
	if (!app.interactive)
		return form_finish(ctx, form, raw, answers, version, NULL, 0);
	scm_gc_protect_object(raw);
	for (;;) {
		SCM old = raw;
		char *msg = NULL;
		int rc;

		/* No lock held while the answers are typed. */
		store_pause();
		rc = form_prompt(ctx, form, &raw, &asked);
		scm_gc_protect_object(raw);
		scm_gc_unprotect_object(old);
		if (rc < 0)
			break;
		if (store_resume(&msg) < 0) {
			ctx_error(ctx, _("cannot save the answers: %s"), msg);
			free(msg);
			break;
		}
		if (form_finish(ctx, form, raw, answers, version, &bad, 0) ==
		    0) {
			scm_gc_unprotect_object(raw);
			return 0;
		}
		if (!bad)
			break;
		/* Show what is wrong and ask for that field again. */
		fprintf(stderr, "%s\n", ctx->error);
		ctx_clear_error(ctx);
		old = raw;
		raw = raw_without(raw, bad);
		scm_gc_protect_object(raw);
		scm_gc_unprotect_object(old);
		asked = raw_without(asked, bad);
	}
	scm_gc_unprotect_object(raw);
	return -1;
}

int form_check(struct tsu_ctx *ctx, const char *form,
	       const char *const *fields, const char *const *values, int n,
	       const char **answers, int *version)
{
	SCM raw = SCM_EOL;
	int i;

	for (i = n - 1; i >= 0; i--)
		raw = scm_cons(scm_cons(tsuscm_from_utf8(fields[i]),
					tsuscm_from_utf8(values[i])),
			       raw);
	return form_finish(ctx, form, raw, answers, version, NULL, 1);
}

/* The field id HEADER names: the field's id or label as it is, else as
 * search_fold() folds both (full-width and half-width letters, digits and
 * brackets alike, katakana as hiragana, blanks and case ignored), so that
 * "姓(カナ)" finds the label "姓（かな）". */
const char *form_field_for(struct tsu_ctx *ctx, const char *form,
			   const char *header)
{
	const char *found = NULL;
	char *want;
	SCM r;

	if (!form_exists(ctx, form, NULL) || !header)
		return NULL;
	if (tsuscm_safe_apply(tsuscm_ref("%form-field-for"),
			      scm_list_2(tsuscm_from_utf8(form),
					 tsuscm_from_utf8(header)),
			      &r, NULL) < 0)
		return NULL;
	if (scm_is_string(r))
		return kept_string(ctx, r);
	want = search_fold(header);
	if (*want &&
	    tsuscm_safe_apply(tsuscm_ref("%form-field-rows"),
			      scm_list_1(tsuscm_from_utf8(form)), &r,
			      NULL) == 0) {
		for (; !found && scm_is_pair(r); r = scm_cdr(r)) {
			SCM row = scm_car(r);
			char *id = tsuscm_to_utf8(scm_car(row));
			char *label = tsuscm_to_utf8(scm_cadr(row));
			char *fid = search_fold(id);
			char *flabel = search_fold(label);

			if ((fid && strcmp(fid, want) == 0) ||
			    (flabel && strcmp(flabel, want) == 0))
				found = ctx_keep(ctx, id);
			else
				free(id);
			free(label), free(fid), free(flabel);
		}
	}
	free(want);
	return found;
}

int form_fields(struct tsu_ctx *ctx, const char *form, const char ***ids)
{
	SCM rows;
	int n = 0;

	*ids = NULL;
	if (form_call(ctx, "%form-field-rows",
		      scm_list_1(tsuscm_from_utf8(form)), &rows) < 0)
		return -1;
	*ids =
	    ctx_keep(ctx, tsu_alloc((scm_ilength(rows) + 1) * sizeof(char *)));
	for (; scm_is_pair(rows); rows = scm_cdr(rows)) {
		const char *id = kept_string(ctx, scm_car(scm_car(rows)));

		if (id)
			(*ids)[n++] = id;
	}
	return n;
}

/* Raise the flags FORM's screening rules give for ANSWERS on SUBJECT. */
static int form_screen(struct tsu_ctx *ctx, const char *subject,
		       const char *form, const char *answers)
{
	SCM flags;

	if (form_call(ctx, "%run-screenings",
		      scm_list_3(tsuscm_from_utf8(form),
				 tsuscm_from_utf8(subject),
				 tsuscm_from_utf8(answers)),
		      &flags) < 0)
		return -1;
	for (; scm_is_pair(flags); flags = scm_cdr(flags)) {
		const char *name = kept_string(ctx, scm_caar(flags));
		const char *label = kept_string(ctx, scm_cdar(flags));

		if (subject_flag_set(ctx, subject, name, label) < 0)
			return -1;
	}
	return 0;
}

int form_response_add(struct tsu_ctx *ctx, const char *subject,
		      const char *form, int version, const char *answers,
		      const char *date, char id[TSU_ID_LEN])
{
	static const char sql[] =
	    "INSERT INTO response(subject, form, form_version, answers, staff,"
	    " answered_on, created_at) VALUES(?,?,?,?,?,?,?)";
	char subj[TSU_ID_LEN], iso[TSU_DATE_LEN], now[32], *msg = NULL;
	char *kind, *summary, *json, *detail;
	const char *title = NULL;
	sqlite3_stmt *st;
	time_t t = time(NULL);
	struct tm tm;
	SCM r;
	int rc;

	if (!form_exists(ctx, form, NULL))
		return ctx_error(ctx, _("no form %s"), form);
	if (!answers || answers[0] != '{')
		return ctx_error(ctx, _("%s: the answers are not a JSON object"),
				 form);
	if (subject_resolve(ctx, subject, NULL, subj) < 0)
		return -1;
	if (!date || !*date)
		snprintf(iso, sizeof(iso), "%s", app.today);
	else if (tsu_date_parse(date, iso, &msg) < 0) {
		ctx_error(ctx, _("date: %s"), msg ? msg : date);
		free(msg);
		return -1;
	}
	if (!(st = store_cached(sql, &msg)))
		return sql_error(ctx, msg);
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	sqlite3_bind_text(st, 1, subj, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, form, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 3, version);
	sqlite3_bind_text(st, 4, answers, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, app.staff, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, iso, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, now, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return sql_error(ctx, NULL);
	snprintf(id, TSU_ID_LEN, "R%lld",
		 (long long)sqlite3_last_insert_rowid(store_db()));
	detail = tsu_strdup_printf("response %s %s v%d", id, form, version);
	rc = audit_add("create", subj, detail, &msg);
	free(detail);
	if (rc < 0)
		return sql_error(ctx, msg);
	if (tsuscm_safe_apply(tsuscm_ref("form-title"),
			      scm_list_1(tsuscm_from_utf8(form)), &r,
			      NULL) == 0)
		title = kept_string(ctx, r);
	kind = tsu_strdup_printf("form:%s", form);
	summary = tsu_strdup_printf("%s (%s v%d)", title ? title : form, form,
				    version);
	rc = subject_event_add(ctx, subj, kind, iso, summary, id);
	free(kind);
	free(summary);
	if (rc < 0 || form_screen(ctx, subj, form, answers) < 0)
		return -1;
	json = tsu_strdup_printf("{\"form\":\"%s\",\"response\":\"%s\","
				 "\"answers\":%s}",
				 form, id, answers);
	rc = hook_run(ctx, "intake", subj, json);
	free(json);
	return rc;
}

/* ---- answers as JSON ---- */

/* Skip blanks in P. */
static const char *json_blank(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* Append code point CP to BUF (of LEN) as UTF-8. */
static void utf8_put(char *buf, size_t *len, unsigned cp)
{
	if (cp < 0x80) {
		buf[(*len)++] = (char)cp;
	} else if (cp < 0x800) {
		buf[(*len)++] = (char)(0xc0 | (cp >> 6));
		buf[(*len)++] = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		buf[(*len)++] = (char)(0xe0 | (cp >> 12));
		buf[(*len)++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		buf[(*len)++] = (char)(0x80 | (cp & 0x3f));
	} else {
		buf[(*len)++] = (char)(0xf0 | (cp >> 18));
		buf[(*len)++] = (char)(0x80 | ((cp >> 12) & 0x3f));
		buf[(*len)++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		buf[(*len)++] = (char)(0x80 | (cp & 0x3f));
	}
}

/* Whether the four characters at P are hex digits. */
static int hex4(const char *p)
{
	int i;

	for (i = 0; i < 4; i++)
		if (!isxdigit((unsigned char)p[i]))
			return 0;
	return 1;
}

/* The JSON string at P (after its opening quote), decoded into a malloc'd
 * text when OUT is not NULL; returns the position after the closing
 * quote, or NULL when malformed. */
static const char *json_string(const char *p, char **out)
{
	char *buf = NULL;
	size_t len = 0;

	if (out) {
		/* Decoded, the string is no longer than it is written. */
		const char *end = p;

		while (*end && *end != '"')
			end += end[0] == '\\' && end[1] ? 2 : 1;
		buf = tsu_alloc((size_t)(end - p) + 1);
	}

	for (; *p && *p != '"'; p++) {
		if (*p != '\\') {
			if (buf)
				buf[len++] = *p;
			continue;
		}
		p++;
		if (*p == 'u') {
			char hex[5] = {0};
			unsigned cp;

			/* Four hex digits, never a quote: the decoding ends
			 * where the length above was measured. */
			if (!hex4(p + 1))
				break;
			memcpy(hex, p + 1, 4);
			cp = (unsigned)strtoul(hex, NULL, 16);
			p += 4;
			if (cp >= 0xd800 && cp <= 0xdbff && p[1] == '\\' &&
			    p[2] == 'u' && hex4(p + 3)) {
				unsigned lo;

				memcpy(hex, p + 3, 4);
				lo = (unsigned)strtoul(hex, NULL, 16);
				if (lo >= 0xdc00 && lo <= 0xdfff) {
					cp = 0x10000 + ((cp - 0xd800) << 10) +
					     (lo - 0xdc00);
					p += 6;
				}
			}
			if (buf)
				utf8_put(buf, &len, cp);
			continue;
		}
		if (!*p)
			break;
		if (buf)
			buf[len++] = *p == 'n'	 ? '\n'
				     : *p == 't' ? '\t'
				     : *p == 'r' ? '\r'
				     : *p == 'b' ? '\b'
				     : *p == 'f' ? '\f'
						 : *p;
	}
	if (*p != '"') {
		free(buf);
		return NULL;
	}
	if (buf) {
		buf[len] = '\0';
		*out = buf;
	}
	return p + 1;
}

/* The end of the JSON value at P, or NULL when malformed. */
static const char *json_skip(const char *p)
{
	int depth = 0;

	p = json_blank(p);
	do {
		if (*p == '"') {
			if (!(p = json_string(p + 1, NULL)))
				return NULL;
			continue;
		}
		if (*p == '{' || *p == '[')
			depth++;
		else if (*p == '}' || *p == ']')
			depth--;
		else if (!*p)
			return NULL;
		else if (depth == 0) {
			while (*p && !strchr(",}] \t\r\n", *p))
				p++;
			return p;
		}
		p++;
	} while (depth > 0);
	return p;
}

const char *form_answer(struct tsu_ctx *ctx, const char *answers,
			const char *field)
{
	const char *p = answers ? json_blank(answers) : NULL;

	if (!p || *p != '{' || !field)
		return NULL;
	p = json_blank(p + 1);
	while (*p == '"') {
		const char *v, *end, *key = p + 1;
		size_t n = strcspn(key, "\"\\");
		int match;

		/* Most keys have no escapes: compared where they are. */
		if (key[n] == '"') {
			match = strncmp(key, field, n) == 0 && !field[n];
			p = key + n + 1;
		} else {
			char *copy = NULL;

			if (!(p = json_string(key, &copy)))
				return NULL;
			match = strcmp(copy, field) == 0;
			free(copy);
		}
		p = json_blank(p);
		if (*p != ':')
			return NULL;
		v = json_blank(p + 1);
		if (!(end = json_skip(v)))
			return NULL;
		if (match) {
			char *text = NULL;

			if (*v == '"')
				json_string(v + 1, &text);
			else if (strncmp(v, "null", 4) == 0)
				return NULL;
			else
				text = tsu_strdup_printf(
				    "%.*s", (int)(end - v), v);
			return text ? ctx_keep(ctx, text) : NULL;
		}
		p = json_blank(end);
		if (*p == ',')
			p = json_blank(p + 1);
	}
	return NULL;
}

/* ---- Scheme: (%response-add FORM SUBJECT JSON DEFINITION DATE) ---- */

/* (%response-add "pregnancy" "P1" JSON DEFINITION "2026-04-01") -> "R3"
 * Store a validated response (fill-form), in the running command's
 * transaction or in one of its own. */
static SCM response_add_scm(SCM form, SCM subject, SCM json, SCM definition,
			    SCM date)
{
	struct tsu_ctx tmp;
	struct tsu_ctx *cur = command_current();
	char *cform = tsuscm_to_utf8(form), *csubj = tsuscm_to_utf8(subject);
	char *cjson = tsuscm_to_utf8(json), *cdef = tsuscm_to_utf8(definition);
	char *cdate = tsuscm_to_utf8(date), *msg = NULL, id[TSU_ID_LEN];
	int own = !store_in_transaction(), version = 0, rc = 0, i;
	SCM err = SCM_BOOL_F;

	memset(&tmp, 0, sizeof(tmp));
	tmp.command = "fill-form";
	tmp.out = cur ? cur->out : stdout;
	if (cur && !(app.perms & TSU_PERM_REGISTER)) {
		rc = ctx_error(&tmp, _("%s (role %s) may not register forms"),
			       app.staff, app.role);
	} else if (!cform || !csubj || !cjson || !cdef) {
		rc = ctx_error(&tmp, _("expected strings"));
	} else if (own && store_begin(1, &msg) < 0) {
		rc = ctx_error(&tmp, "%s", msg);
		free(msg);
		own = 0;
	}
	if (rc == 0)
		rc = form_version_of(&tmp, cform, cdef, 1, &version) < 0 ? -1
									  : 0;
	if (rc == 0)
		rc = form_response_add(&tmp, csubj, cform, version, cjson,
				       cdate, id);
	if (own) {
		if (rc == 0 && store_commit(&msg) < 0) {
			rc = ctx_error(&tmp, "%s", msg);
			free(msg);
		} else if (rc < 0) {
			store_rollback();
		}
	}
	if (rc < 0)
		err = tsuscm_from_utf8(tmp.error ? tmp.error : "failed");
	free(tmp.error);
	for (i = 0; i < tmp.nkeep; i++)
		free(tmp.keep[i]);
	free(tmp.keep);
	free(cform), free(csubj), free(cjson), free(cdef), free(cdate);
	if (rc < 0)
		scm_error_scm(scm_from_utf8_symbol("misc-error"), SCM_BOOL_F,
			      scm_from_utf8_string("fill-form: ~A"),
			      scm_list_1(err), SCM_BOOL_F);
	return tsuscm_from_utf8(id);
}

/* ---- the forms command ---- */

/* forms: the defined forms; forms NAME: the fields of one. */
static int forms_cmd(struct tsu_ctx *ctx, int argc, char **argv, void *data)
{
	static const char *const list_keys[] = {"id", "title", "subject",
						"version", "fields"};
	static const char *const list_heads[] = {N_("form"), N_("title"), N_("subject"),
						 N_("version"), N_("fields")};
	static const char *const field_keys[] = {"id", "label", "type",
						 "required", "choices"};
	static const char *const field_heads[] = {N_("field"), N_("label"), N_("type"),
						  N_("required"), N_("choices")};
	struct tsu_table *t;
	SCM rows, r;

	(void)data;
	if (argc > 2)
		return ctx_error(ctx, _("usage: forms [NAME]"));
	if (argc == 2) {
		if (form_call(ctx, "%form-field-rows",
			      scm_list_1(tsuscm_from_utf8(argv[1])),
			      &rows) < 0)
			return -1;
		t = tsu_table_new(5, field_keys, field_heads);
		for (; scm_is_pair(rows); rows = scm_cdr(rows)) {
			r = scm_car(rows);
			tsu_table_row(t);
			tsu_table_text(t, kept_string(ctx, scm_list_ref(
							       r, scm_from_int(0))));
			tsu_table_text(t, kept_string(ctx, scm_list_ref(
							       r, scm_from_int(1))));
			tsu_table_text(t, kept_string(ctx, scm_list_ref(
							       r, scm_from_int(2))));
			tsu_table_bool(t, scm_is_true(scm_list_ref(
					      r, scm_from_int(3))));
			tsu_table_text(t, kept_string(ctx, scm_list_ref(
							       r, scm_from_int(4))));
		}
		return tsu_table_print(t, app.format, ctx->out) < 0
			   ? -1
			   : (tsu_table_free(t), 0);
	}
	if (form_call(ctx, "%form-list", SCM_EOL, &rows) < 0)
		return -1;
	t = tsu_table_new(5, list_keys, list_heads);
	for (; scm_is_pair(rows); rows = scm_cdr(rows)) {
		const char *name;
		SCM def;
		int version = 0;

		r = scm_car(rows);
		name = kept_string(ctx, scm_car(r));
		if (form_call(ctx, "%form-definition",
			      scm_list_1(tsuscm_from_utf8(name)), &def) < 0 ||
		    form_version_of(ctx, name, kept_string(ctx, def), 0,
				    &version) < 0) {
			tsu_table_free(t);
			return -1;
		}
		tsu_table_row(t);
		tsu_table_text(t, name);
		tsu_table_text(t, kept_string(ctx, scm_cadr(r)));
		tsu_table_text(t, kept_string(ctx, scm_caddr(r)));
		tsu_table_int(t, version);
		tsu_table_int(t, scm_to_int(scm_cadddr(r)));
	}
	return tsu_table_print(t, app.format, ctx->out) < 0
		   ? -1
		   : (tsu_table_free(t), 0);
}

/* Tab where a form's name goes: the defined forms that start with
 * PREFIX. */
static int form_complete(struct tsu_ctx *ctx, const char *prefix,
			 void (*add)(struct tsu_ctx *ctx, const char *word),
			 void *data)
{
	size_t plen = strlen(prefix);
	SCM rows;

	(void)data;
	if (form_call(ctx, "%form-list", SCM_EOL, &rows) < 0)
		return -1;
	for (; scm_is_pair(rows); rows = scm_cdr(rows)) {
		const char *name = kept_string(ctx, scm_car(scm_car(rows)));

		if (name && strncmp(name, prefix, plen) == 0)
			add(ctx, name);
	}
	return 0;
}

void form_define(void)
{
	static const struct tsu_command_spec forms_spec = {
	    .name = "forms",
	    .topic = "register",
	    .summary = N_("the defined forms, or the fields of one"),
	    .usage = N_("forms\nforms NAME"),
	    .help = N_("Without a name, lists the forms defined in Scheme with "
		    "define-form (shipped, site and user scripts) with their "
		    "title, subject, current version and number of fields.  "
		    "With a name, lists that form's fields: id (the name for "
		    "--set FIELD=VALUE and CSV --map), label, type, whether "
		    "it is required, and its choices.\n\n"
		    "Example:\n  forms\n  forms pregnancy\n\n"
		    "See also: help forms, intake, import, help scheme"),
	    .words = "pregnancy birth",
	    .perm = TSU_PERM_READ,
	    .flags = TSU_CMD_READONLY,
	    .fn = forms_cmd,
	};
	/* The places of a form's name: forms NAME, intake FORM, import
	 * FORM FILE, export FORMAT FORM. */
	static const char *const places[][2] = {
	    {"forms", "1"}, {"intake", "1"}, {"import", "1"}, {"export", "2"}};
	char *msg = NULL;
	size_t i;

	scm_c_define_gsubr("%response-add", 5, 0, 0,
			   (scm_t_subr)response_add_scm);
	scm_c_export("%response-add", NULL);
	if (command_register(NULL, &forms_spec, NULL, NULL, &msg) < 0) {
		tsu_warn("forms", "%s", msg);
		free(msg);
	}
	for (i = 0; i < sizeof(places) / sizeof(places[0]); i++)
		if (complete_register(NULL, places[i][0], places[i][1],
				      form_complete, NULL, NULL, &msg) < 0) {
			tsu_warn("forms", "%s", msg);
			free(msg);
		}
}
