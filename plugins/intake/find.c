/* find.c - `find TEXT... [--limit N]`: persons by part of a kanji or kana
 * name, id, phone or resident code, through the core's search index. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "intake.h"

#define FIND_DEFAULT_LIMIT 100

/* One person's row; ?1 is the person's number. */
static const char find_row_sql[] =
    "SELECT 'P' || p.id,"
    " trim(coalesce(p.family_name, '') || ' ' || coalesce(p.given_name, '')),"
    " trim(coalesce(p.family_name_kana, '') || ' ' ||"
    "  coalesce(p.given_name_kana, '')),"
    " p.birth_date,"
    " (SELECT 'F' || m.family_id FROM member m WHERE m.person_id = p.id"
    "  ORDER BY m.family_id LIMIT 1),"
    " p.phone, p.resident_code, p.status,"
    " (SELECT count(*) FROM flag f WHERE f.cleared_on IS NULL"
    "  AND f.subject = 'P' || p.id)"
    " FROM person p WHERE p.id = ?1";

/* Parse the --limit value TEXT into *LIMIT; 0 or -1 (reported). */
static int find_limit(struct tsu_ctx *ctx, const char *text, int *limit)
{
	char *end;
	long v;

	if (!text) {
		*limit = FIND_DEFAULT_LIMIT;
		return 0;
	}
	v = strtol(text, &end, 10);
	if (end == text || *end || v < 1 || v > 100000)
		return intake_host->error(ctx,
					  _("--limit: \"%s\" is not a number of "
					  "rows from 1 to 100000 (e.g. --limit "
					  "500)"),
					  text);
	*limit = (int)v;
	return 0;
}

/* find TEXT... [--limit N] */
static int find_cmd(struct tsu_ctx *ctx, int argc, char **argv, void *data)
{
	static const struct tsu_opt opts[] = {{"--limit", TSU_OPT_VALUE}};
	static const char *const keys[] = {
	    "id",	     "name",  "kana",   "birth_date", "family_id",
	    "phone",	     "resident_code", "status", "flags",
	};
	static const char *const headings[] = {
	    N_("id"),    N_("name"), N_("kana"),   N_("born"), N_("family"),
	    N_("phone"), N_("code"), N_("status"), N_("flags"),
	};
	const struct tsu_host *h = intake_host;
	struct tsu_args a;
	struct tsu_table *t;
	struct tsu_stmt *s;
	const char **ids;
	int limit = 0, nids, more, i;

	if (h->parse_options(ctx, argc, argv, opts, 1, &a) < 0 ||
	    find_limit(ctx, a.value[0], &limit) < 0)
		return -1;
	if (a.npos == 0)
		return h->error(ctx, _("what to find? (usage: find TEXT... "
				     "[--limit N], e.g. find やまだ or find "
				     "090-1234)"));
	if (h->search_persons(ctx, (const char *const *)a.pos, a.npos, limit,
			      &ids, &nids, &more) < 0)
		return -1;
	s = h->prepare(ctx, find_row_sql);
	if (!s)
		return -1;
	t = h->table_new(9, keys, headings);
	for (i = 0; i < nids; i++) {
		char detail[64];

		h->reset(s);
		h->bind_int(s, 1, atoll(ids[i] + 1));
		if (h->step(s) != 1)
			continue;
		h->table_row(t);
		h->table_text(t, h->column_text(s, 0));
		h->table_text(t, h->column_text(s, 1));
		h->table_text(t, h->column_text(s, 2));
		h->table_date(ctx, t, h->column_text(s, 3));
		h->table_text(t, h->column_text(s, 4));
		h->table_text(t, h->column_text(s, 5));
		h->table_text(t, h->column_text(s, 6));
		h->table_text(t, h->column_text(s, 7));
		h->table_int(t, h->column_int(s, 8));
		snprintf(detail, sizeof(detail), "find (%d found)", nids);
		if (h->audit(ctx, "read", ids[i], detail) < 0) {
			h->finalize(s);
			h->table_emit(ctx, t);
			return -1;
		}
	}
	h->finalize(s);
	if (nids == 0 && h->audit(ctx, "read", NULL, "find (none found)") < 0)
		return -1;
	if (h->table_emit(ctx, t) < 0)
		return -1;
	/* (An empty list says "(none)" itself.) */
	if (more)
		h->note(ctx,
			_("(more than %d found: add a word to narrow, or use "
			"--limit)"),
			limit);
	return 0;
}

static const struct tsu_command_spec find_specs[] = {
    {
	.name = "find",
	.topic = "register",
	.summary = N_("persons by part of a name (kanji or kana), id, phone "
		   "or resident code"),
	.usage = N_("find TEXT... [--limit N]"),
	.help = N_("Finds persons, one row each with their family's id, by part "
		"of a kanji or\nkana name (hiragana, katakana and half-width "
		"katakana are the same here),\nan id (P12), a phone number "
		"(with or without hyphens) or a resident code.\nSeveral words "
		"must all match.  At most 100 rows unless --limit says more.\n"
		"Words of three characters or more match anywhere in a name; "
		"shorter ones\nmatch the start of a family name, a given name, "
		"the full name, the phone\nnumber or the code.\n"
		"Example: find やまだ はなこ    find ﾔﾏﾀﾞ    find 090-1234\n\n"
		"See also: show, family, intake"),
	.words = "--limit=",
	.perm = TSU_PERM_READ,
	.fn = find_cmd,
    },
};

int intake_find_register(struct tsu_plugin *self, char **errmsg)
{
	return intake_register_specs(self, find_specs, 1, errmsg);
}
