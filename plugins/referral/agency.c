/* agency.c - the agencies a center works with (関係機関): `agency add`,
 * `list`, `show`, `edit`, and finding an agency by name or AG id with the
 * nearest names when there is none. */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h> /* strcasecmp */

#include "i18n.h"
#include "referral.h"

/* The kinds of agency, and an ASCII alias of each. */
static const char *const agency_kinds[] = {
    "要対協", "児童相談所", "医療機関", "保育所・幼稚園",
    "子ども家庭総合支援拠点", "other", NULL};
static const char *const agency_kind_aliases[] = {
    "council", "jidosodanjo", "medical", "nursery", "support-base",
    "その他", NULL};

#define AGENCY_NAME_MAX 200

/* The canonical kind named by TEXT, or NULL after reporting it with the
 * nearest kind. */
static const char *agency_kind(struct tsu_ctx *ctx, const char *text)
{
	const char *best = agency_kinds[0];
	int i, d, bestd = 1 << 30;

	for (i = 0; agency_kinds[i]; i++)
		if (strcmp(text, agency_kinds[i]) == 0 ||
		    strcasecmp(text, agency_kind_aliases[i]) == 0)
			return agency_kinds[i];
	for (i = 0; agency_kinds[i]; i++) {
		d = referral_host->edit_distance(text, agency_kinds[i]);
		if (d < bestd) {
			bestd = d;
			best = agency_kinds[i];
		}
		d = referral_host->edit_distance(text, agency_kind_aliases[i]);
		if (d < bestd) {
			bestd = d;
			best = agency_kinds[i];
		}
	}
	return referral_host->error(
		   ctx,
		   _("--kind: \"%s\" is not a kind of agency (did you mean %s? "
		   "要対協 (council), 児童相談所 (jidosodanjo), 医療機関 "
		   "(medical), 保育所・幼稚園 (nursery), "
		   "子ども家庭総合支援拠点 (support-base) or other)"),
		   text, best),
	       NULL;
}

int agency_lookup(struct tsu_ctx *ctx, const char *field, const char *text,
		  struct agency *out)
{
	static const char by_name[] =
	    "SELECT id, name, kind FROM agency WHERE name = ? OR id = ?";
	static const char all[] = "SELECT name FROM agency ORDER BY name";
	const struct tsu_host *h = referral_host;
	char near[3][AGENCY_NAME_MAX + 1];
	int neard[3] = {1 << 30, 1 << 30, 1 << 30};
	struct tsu_stmt *s;
	long long id = 0;
	int rc, i, n = 0;

	if (!text || !*text)
		return h->error(ctx, _("%s: an agency name is missing"), field);
	referral_parse_id(text, "AG", &id);
	s = h->prepare(ctx, by_name);
	if (!s)
		return -1;
	h->bind_text(s, 1, text);
	h->bind_int(s, 2, id);
	rc = h->step(s);
	if (rc == 1) {
		out->id = h->column_int(s, 0);
		snprintf(out->name, sizeof(out->name), "%s",
			 h->column_text(s, 1));
		snprintf(out->kind, sizeof(out->kind), "%s",
			 h->column_text(s, 2));
	}
	h->finalize(s);
	if (rc != 0)
		return rc == 1 ? 0 : -1;

	s = h->prepare(ctx, all);
	if (!s)
		return -1;
	while ((rc = h->step(s)) == 1) {
		const char *name = h->column_text(s, 0);
		int d = referral_host->edit_distance(text, name);

		if (strstr(name, text))
			d = 0;
		if (n < 3)
			i = n++;
		else if (d >= neard[2])
			continue;
		else
			i = 2;
		for (; i > 0 && neard[i - 1] > d; i--) {
			neard[i] = neard[i - 1];
			memcpy(near[i], near[i - 1], sizeof(near[i]));
		}
		neard[i] = d;
		snprintf(near[i], sizeof(near[i]), "%s", name);
	}
	h->finalize(s);
	if (rc < 0)
		return -1;
	if (n == 0)
		return h->error(ctx,
				_("%s: no agency \"%s\" (none is registered "
				"yet: agency add NAME --kind K)"),
				field, text);
	return h->error(ctx, _("%s: no agency \"%s\" (did you mean %s%s%s%s%s?)"),
			field, text, near[0], n > 1 ? ", " : "",
			n > 1 ? near[1] : "", n > 2 ? ", " : "",
			n > 2 ? near[2] : "");
}

static const char *const agency_keys[] = {"id",	   "name",    "kind",
					  "phone", "contact", "referrals",
					  "open_referrals"};
static const char *const agency_headings[] = {
    N_("id"), N_("name"), N_("kind"), N_("phone"), N_("contact"), N_("referrals"), N_("open")};

/* Columns of an agency with its referral counts. */
#define AGENCY_SELECT                                                          \
	"SELECT a.id, a.name, a.kind, a.phone, a.contact,"                   \
	" (SELECT count(*) FROM referral r WHERE r.agency_id = a.id),"       \
	" (SELECT count(*) FROM referral r WHERE r.agency_id = a.id"         \
	"  AND r.status <> 'closed') FROM agency a"

/* Add the current row of S (AGENCY_SELECT) to T. */
static void agency_row(struct tsu_table *t, struct tsu_stmt *s)
{
	const struct tsu_host *h = referral_host;
	char id[TSU_ID_LEN];

	snprintf(id, sizeof(id), "AG%lld", h->column_int(s, 0));
	h->table_row(t);
	h->table_text(t, id);
	h->table_text(t, h->column_text(s, 1));
	h->table_text(t, h->column_text(s, 2));
	h->table_text(t, h->column_text(s, 3));
	h->table_text(t, h->column_text(s, 4));
	h->table_int(t, h->column_int(s, 5));
	h->table_int(t, h->column_int(s, 6));
}

/* Print agency ID as one record. */
static int agency_print(struct tsu_ctx *ctx, long long id)
{
	static const char sql[] = AGENCY_SELECT " WHERE a.id = ?";
	const struct tsu_host *h = referral_host;
	struct tsu_stmt *s = h->prepare(ctx, sql);
	struct tsu_table *t;

	if (!s)
		return -1;
	h->bind_int(s, 1, id);
	if (h->step(s) != 1) {
		h->finalize(s);
		return h->error(ctx, _("cannot read AG%lld"), id);
	}
	t = h->table_new(7, agency_keys, agency_headings);
	agency_row(t, s);
	h->finalize(s);
	return h->table_emit_record(ctx, t);
}

/* Check a phone number: digits, hyphens, parentheses and blanks. */
static int agency_phone_check(struct tsu_ctx *ctx, const char *phone)
{
	const char *p;
	int digits = 0;

	for (p = phone; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!strchr("-() +", *p))
			return referral_host->error(
			    ctx,
			    _("--phone: \"%s\" is not a phone number (digits "
			    "and hyphens, like 03-1234-5678)"),
			    phone);
	}
	if (digits < 3)
		return referral_host->error(
		    ctx, _("--phone: \"%s\" has too few digits"), phone);
	return 0;
}

/* agency add NAME --kind K [--phone P] [--contact PERSON] */
static int agency_add(struct tsu_ctx *ctx, struct tsu_args *a)
{
	static const char find_sql[] = "SELECT id FROM agency WHERE name = ?";
	static const char sql[] =
	    "INSERT INTO agency(name, kind, phone, contact, created_at,"
	    " updated_at) VALUES(?,?,?,?,?,?)";
	const struct tsu_host *h = referral_host;
	const char *kind, *name;
	char now[32], detail[AGENCY_NAME_MAX + 64];
	struct tsu_stmt *s;
	long long id;
	int rc;

	if (!h->allowed(ctx, TSU_PERM_CASEWORK))
		return h->error(ctx, _("%s may not add agencies (needs casework: "
				     "nurse or admin)"),
				h->staff(ctx));
	if (a->npos != 2 || !a->value[0])
		return h->error(ctx, _("usage: agency add NAME --kind K [--phone "
				     "P] [--contact PERSON]"));
	name = a->pos[1];
	if (!*name || strlen(name) > AGENCY_NAME_MAX)
		return h->error(ctx, _("NAME: an agency needs a name of 1 to %d "
				     "bytes"),
				AGENCY_NAME_MAX);
	if (referral_parse_id(name, "AG", &id) == 0)
		return h->error(ctx, _("NAME: \"%s\" looks like an agency id; "
				     "give the agency's name"),
				name);
	kind = agency_kind(ctx, a->value[0]);
	if (!kind)
		return -1;
	if (a->value[1] && agency_phone_check(ctx, a->value[1]) < 0)
		return -1;
	s = h->prepare(ctx, find_sql);
	if (!s)
		return -1;
	h->bind_text(s, 1, name);
	rc = h->step(s);
	if (rc == 1)
		id = h->column_int(s, 0);
	h->finalize(s);
	if (rc == 1)
		return h->error(ctx, _("an agency \"%s\" exists already (AG%lld; "
				     "agency edit changes it)"),
				name, id);
	if (rc < 0)
		return -1;
	s = h->prepare(ctx, sql);
	if (!s)
		return -1;
	referral_now(now);
	h->bind_text(s, 1, name);
	h->bind_text(s, 2, kind);
	h->bind_text(s, 3, a->value[1] && *a->value[1] ? a->value[1] : NULL);
	h->bind_text(s, 4, a->value[2] && *a->value[2] ? a->value[2] : NULL);
	h->bind_text(s, 5, now);
	h->bind_text(s, 6, now);
	rc = h->step(s);
	h->finalize(s);
	if (rc < 0)
		return -1;
	id = h->last_insert_id(ctx);
	snprintf(detail, sizeof(detail), "agency AG%lld %s", id, name);
	if (h->audit(ctx, "create", NULL, detail) < 0)
		return -1;
	return agency_print(ctx, id);
}

/* agency edit AGENCY [--kind K] [--phone P] [--contact PERSON] */
static int agency_edit(struct tsu_ctx *ctx, struct tsu_args *a)
{
	static const char sql[] =
	    "UPDATE agency SET kind = COALESCE(?, kind),"
	    " phone = CASE WHEN ?2 IS NULL THEN phone ELSE NULLIF(?2, '') END,"
	    " contact = CASE WHEN ?3 IS NULL THEN contact"
	    "   ELSE NULLIF(?3, '') END,"
	    " updated_at = ?4 WHERE id = ?5";
	const struct tsu_host *h = referral_host;
	const char *kind = NULL;
	char now[32], detail[AGENCY_NAME_MAX + 128];
	struct agency ag;
	struct tsu_stmt *s;
	int rc;

	if (!h->allowed(ctx, TSU_PERM_CASEWORK))
		return h->error(ctx, _("%s may not change agencies (needs "
				     "casework: nurse or admin)"),
				h->staff(ctx));
	if (a->npos != 2)
		return h->error(ctx, _("usage: agency edit AGENCY [--kind K] "
				     "[--phone P] [--contact PERSON]"));
	if (!a->value[0] && !a->value[1] && !a->value[2])
		return h->error(ctx, _("nothing to change: give --kind, --phone "
				     "or --contact"));
	if (agency_lookup(ctx, "AGENCY", a->pos[1], &ag) < 0)
		return -1;
	if (a->value[0] && !(kind = agency_kind(ctx, a->value[0])))
		return -1;
	if (a->value[1] && *a->value[1] &&
	    agency_phone_check(ctx, a->value[1]) < 0)
		return -1;
	s = h->prepare(ctx, sql);
	if (!s)
		return -1;
	referral_now(now);
	h->bind_text(s, 1, kind);
	h->bind_text(s, 2, a->value[1]);
	h->bind_text(s, 3, a->value[2]);
	h->bind_text(s, 4, now);
	h->bind_int(s, 5, ag.id);
	rc = h->step(s);
	h->finalize(s);
	if (rc < 0)
		return -1;
	snprintf(detail, sizeof(detail), "agency AG%lld %s:%s%s%s", ag.id,
		 ag.name, a->value[0] ? " kind" : "",
		 a->value[1] ? " phone" : "", a->value[2] ? " contact" : "");
	if (h->audit(ctx, "change", NULL, detail) < 0)
		return -1;
	return agency_print(ctx, ag.id);
}

/* agency list [--kind K] */
static int agency_list(struct tsu_ctx *ctx, struct tsu_args *a)
{
	static const char sql[] =
	    AGENCY_SELECT " WHERE ? IS NULL OR a.kind = ? ORDER BY a.id";
	const struct tsu_host *h = referral_host;
	const char *kind = NULL;
	struct tsu_table *t;
	struct tsu_stmt *s;
	int rc;

	if (a->npos != 1)
		return h->error(ctx, _("usage: agency list [--kind K]"));
	if (a->value[0] && !(kind = agency_kind(ctx, a->value[0])))
		return -1;
	s = h->prepare(ctx, sql);
	if (!s)
		return -1;
	h->bind_text(s, 1, kind);
	h->bind_text(s, 2, kind);
	t = h->table_new(7, agency_keys, agency_headings);
	while ((rc = h->step(s)) == 1)
		agency_row(t, s);
	h->finalize(s);
	if (rc < 0) {
		h->table_emit(ctx, t);
		return -1;
	}
	return h->table_emit(ctx, t);
}

/* agency add|list|show|edit ... */
static int agency_command(struct tsu_ctx *ctx, int argc, char **argv,
			  void *data)
{
	static const struct tsu_opt opts[] = {
	    {"--kind", TSU_OPT_VALUE},
	    {"--phone", TSU_OPT_VALUE},
	    {"--contact", TSU_OPT_VALUE},
	};
	static const char *const subs[] = {"add", "list", "show", "edit",
					   NULL};
	const struct tsu_host *h = referral_host;
	const char *best = subs[0];
	struct tsu_args a;
	struct agency ag;
	int i, d, bestd = 1 << 30;

	if (h->parse_options(ctx, argc, argv, opts, 3, &a) < 0)
		return -1;
	if (a.npos == 0)
		return h->error(ctx, _("usage: agency add|list|show|edit ... (see "
				     "help agency)"));
	if (strcmp(a.pos[0], "add") == 0)
		return agency_add(ctx, &a);
	if (strcmp(a.pos[0], "edit") == 0)
		return agency_edit(ctx, &a);
	if (strcmp(a.pos[0], "list") == 0)
		return agency_list(ctx, &a);
	if (strcmp(a.pos[0], "show") == 0) {
		if (a.npos != 2)
			return h->error(ctx, _("usage: agency show AGENCY"));
		if (agency_lookup(ctx, "AGENCY", a.pos[1], &ag) < 0)
			return -1;
		return agency_print(ctx, ag.id);
	}
	for (i = 0; subs[i]; i++) {
		d = referral_host->edit_distance(a.pos[0], subs[i]);
		if (d < bestd) {
			bestd = d;
			best = subs[i];
		}
	}
	return h->error(ctx, _("\"%s\" is not a sub-command (did you mean %s? "
			     "add, list, show or edit)"),
			a.pos[0], best);
}

static const struct tsu_command_spec agency_spec = {
    .name = "agency",
    .topic = "refer",
    .summary = N_("the agencies the center works with"),
    .usage = N_("agency add NAME --kind K [--phone P] [--contact PERSON]\n"
	     "agency list [--kind K]\n"
	     "agency show AGENCY\n"
	     "agency edit AGENCY [--kind K] [--phone P] [--contact PERSON]"),
    .help = N_("Keeps the agencies referrals go to, with their kind, phone and\n"
	    "contact person.  K is one of 要対協 (council), 児童相談所\n"
	    "(jidosodanjo), 医療機関 (medical), 保育所・幼稚園 (nursery),\n"
	    "子ども家庭総合支援拠点 (support-base) or other; the ASCII names\n"
	    "in brackets are accepted too.  AGENCY is the agency's name or\n"
	    "its AG id; an unknown name is answered with the nearest ones.\n"
	    "edit with an empty value (--phone \"\") removes it.  Adding and\n"
	    "changing need casework (nurse, admin).\n"
	    "\n"
	    "Example:\n"
	    "  agency add \"○○市要保護児童対策地域協議会\" --kind 要対協 "
	    "--phone 03-1234-5678\n"
	    "\n"
	    "See also: refer, referral, conference"),
    .words = "add list show edit --kind=要対協|児童相談所|医療機関|"
	     "保育所・幼稚園|子ども家庭総合支援拠点|other --phone= --contact=",
    .perm = TSU_PERM_READ,
    .flags = 0,
    .fn = agency_command,
};

int agency_register(struct tsu_plugin *self)
{
	return referral_host->register_command(self, &agency_spec, NULL, NULL);
}

/* Tab: the names of the agencies that start with PREFIX. */
static int agency_complete(struct tsu_ctx *ctx, const char *prefix,
			   void (*add)(struct tsu_ctx *ctx, const char *word),
			   void *data)
{
	static const char sql[] =
	    "SELECT name FROM agency WHERE substr(name, 1, length(?1)) = ?1"
	    " ORDER BY name LIMIT 200";
	const struct tsu_host *h = referral_host;
	struct tsu_stmt *s = h->prepare(ctx, sql);
	int rc;

	(void)data;
	if (!s)
		return -1;
	h->bind_text(s, 1, prefix);
	while ((rc = h->step(s)) == 1)
		add(ctx, h->column_text(s, 0));
	h->finalize(s);
	return rc < 0 ? -1 : 0;
}

int agency_completers_register(struct tsu_plugin *self)
{
	/* refer SUBJECT AGENCY, agency show|edit AGENCY, and
	 * referral list --agency AGENCY */
	static const struct {
		const char *command, *position;
	} places[] = {
	    {"refer", "2"}, {"agency", "2"}, {"referral", "--agency"}};
	size_t i;

	for (i = 0; i < sizeof(places) / sizeof(places[0]); i++)
		if (referral_host->register_completer(
			self, places[i].command, places[i].position,
			agency_complete, NULL, NULL) < 0)
			return -1;
	return 0;
}
