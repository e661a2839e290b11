/* help_topics.c - `help scheme` and `help forms`: what a municipality's
 * script writer and a clerk need to know, taken where it can be from the
 * running program (the procedures exported, the forms defined) so that
 * the help cannot fall behind. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include <libguile.h>

#include "app.h"
#include "form.h"
#include "help_topics.h"
#include "i18n.h"
#include "scm.h"
#include "width.h"

const char *const help_core_topics[] = {"scheme", "forms", NULL};

static const char scheme_intro[] = N_(
    "Scheme: adapting tsunagu without recompiling\n"
    "\n"
    "Scripts are loaded at start in this order; a later definition with "
    "the same\nname replaces the earlier one:\n"
    "  1. the shipped defaults      %s/scheme/*.scm\n"
    "  2. the site                  %s/tsunagu/local.d/*.scm\n"
    "  3. the user                  $XDG_CONFIG_HOME/tsunagu/init.scm\n"
    "  4. each -l FILE on the command line\n"
    "A line typed at the prompt that starts with ( is Scheme too (roles "
    "nurse and\nadmin).  An error in a script is shown with its file and "
    "line; the shell goes on.\n");

static const char scheme_api[] = N_(
    "Definitions:\n"
    "  (define-form NAME #:title T #:subject 'mother|'child|'family\n"
    "               #:fields (list FIELD ...))\n"
    "  (extend-form NAME FIELD ...)        add questions to a form\n"
    "  (field 'id \"label\" TYPE [#:required? #t] [#:choices '(...)] "
    "[#:min N]\n"
    "         [#:max N] [#:when (lambda (answers) ...)] [#:default V])\n"
    "      TYPE: 'text 'kana 'code 'date 'integer 'boolean 'choice\n"
    "            'multi-choice 'scale 'phone\n"
    "  (define-milestone NAME #:label L #:for 'pregnancy|'child|'family\n"
    "                    #:from 'birth_date #:due-days N #:done-by KIND)\n"
    "  (define-screening NAME #:label L #:form FORM\n"
    "                    (lambda (answers subject) ...))   true: flag it\n"
    "  (define-command \"name\" #:help H [#:usage U] [#:role 'read] "
    "(lambda args ...))\n"
    "  (define-report NAME #:label L #:section S (lambda (from to) "
    "COUNT))\n"
    "  (define-era \"令和\" 'R \"2019-05-01\")\n"
    "\n"
    "Hooks, (add-hook! HOOK (lambda ...)); a failing hook rolls its "
    "change back:\n"
    "  intake-hook   (form subject-id answers)\n"
    "  contact-hook  (kind subject-id contact)\n"
    "  plan-hook     (event plan-id plan)\n"
    "  referral-hook (event referral-id referral)\n"
    "\n"
    "Reading and acting:\n"
    "  (person ID) (find-persons TEXT) (flagged [NAME]) (flag! ID 'name "
    "\"reason\")\n"
    "  (query \"SELECT ...\" ARG ...)       read-only and audited\n"
    "  (run-command \"due --within 14\")    any shell line\n"
    "  (fill-form 'NAME ID '((field . value) ...))\n"
    "  (today) (date-add D N) (days-between A B) (age-in-years BIRTH "
    "[AT])\n"
    "  (parse-date TEXT) (format-date D ['wareki]) (fiscal-year D)\n");

static const char scheme_example[] = N_(
    "Example, a file local.d/smoking.scm:\n"
    "  (extend-form 'pregnancy (field 'smoking \"喫煙\" 'boolean))\n"
    "  (define-screening 'smoking #:label \"妊娠中の喫煙\" #:form "
    "'pregnancy\n"
    "    (lambda (answers subject) (assq-ref answers 'smoking)))\n"
    "  (define-command \"smokers\" #:help \"妊娠中に喫煙のある人\"\n"
    "    (lambda args (string-join (flagged 'smoking) \"\\n\")))\n"
    "\n"
    "See also: help forms, forms, due, man tsunagu-scheme (7)\n");

/* The names module (tsunagu) exports now, sorted, those starting with
 * % (the core's own) left out; a list of strings, or #f. */
static SCM exported_names(void)
{
	static const char expr[] =
	    "(sort (filter (lambda (s) (not (string-prefix? \"%\" s)))"
	    "              (module-map (lambda (sym var) (symbol->string sym))"
	    "                          (resolve-interface '(tsunagu))))"
	    "      string<?)";
	SCM names = SCM_BOOL_F;
	char *msg = NULL;

	if (tsuscm_safe_apply(tsuscm_ref("primitive-eval"),
			      scm_list_1(scm_c_read_string(expr)), &names,
			      &msg) < 0) {
		free(msg);
		return SCM_BOOL_F;
	}
	return names;
}

/* Print the strings of NAMES as words filling lines of about 76
 * columns, indented by two. */
static void print_words(FILE *out, SCM names)
{
	int col = 0;

	for (; scm_is_pair(names); names = scm_cdr(names)) {
		char *s;
		int w;

		if (!scm_is_string(scm_car(names)))
			continue;
		s = scm_to_utf8_string(scm_car(names));
		w = tsu_text_width(s);
		if (col && col + 1 + w > 76) {
			fputc('\n', out);
			col = 0;
		}
		fprintf(out, "%s%s", col ? " " : "  ", s);
		col += w + (col ? 1 : 2);
		free(s);
	}
	if (col)
		fputc('\n', out);
}

int help_scheme(struct tsu_ctx *ctx)
{
	SCM names = exported_names();

	fprintf(ctx->out, _(scheme_intro), PKGDATADIR, SYSCONFDIR);
	fprintf(ctx->out, "\n%s", _(scheme_api));
	if (scm_is_pair(names)) {
		fprintf(ctx->out, "\n%s\n",
			_("Every procedure of module (tsunagu) now:"));
		print_words(ctx->out, names);
	}
	fprintf(ctx->out, "\n%s", _(scheme_example));
	return 0;
}

/* A UTF-8 copy of the Scheme string S kept until the command ends, or
 * NULL when S is not a string. */
static const char *kept(struct tsu_ctx *ctx, SCM s)
{
	return scm_is_string(s) ? ctx_keep(ctx, scm_to_utf8_string(s)) : NULL;
}

/* Print the fields of form NAME, one a line, labels lined up. */
static int help_form_fields(struct tsu_ctx *ctx, const char *name)
{
	SCM rows, r;
	int width = 0;

	if (form_call(ctx, "%form-field-rows",
		      scm_list_1(scm_from_utf8_string(name)), &rows) < 0)
		return -1;
	for (r = rows; scm_is_pair(r); r = scm_cdr(r)) {
		const char *id = kept(ctx, scm_car(scm_car(r)));
		int w = id ? tsu_text_width(id) : 0;

		if (w > width)
			width = w;
	}
	for (r = rows; scm_is_pair(r); r = scm_cdr(r)) {
		SCM f = scm_car(r);
		const char *id = kept(ctx, scm_list_ref(f, scm_from_int(0)));
		const char *label = kept(ctx, scm_list_ref(f, scm_from_int(1)));
		const char *type = kept(ctx, scm_list_ref(f, scm_from_int(2)));
		const char *choices =
		    kept(ctx, scm_list_ref(f, scm_from_int(4)));
		int required = scm_is_true(scm_list_ref(f, scm_from_int(3)));

		if (!id)
			continue;
		fprintf(ctx->out, "    %s%*s  %s (%s%s)%s%s\n", id,
			width - tsu_text_width(id), "", label ? label : "",
			type ? type : "", required ? _(", required") : "",
			choices ? ": " : "", choices ? choices : "");
	}
	return 0;
}

int help_forms(struct tsu_ctx *ctx)
{
	SCM forms, r;

	if (form_call(ctx, "%form-list", SCM_EOL, &forms) < 0)
		return -1;
	fputs(_("Forms defined now (define-form in Scheme; help scheme):\n"),
	      ctx->out);
	if (!scm_is_pair(forms))
		fprintf(ctx->out, "  %s\n", _("(none)"));
	for (r = forms; scm_is_pair(r); r = scm_cdr(r)) {
		SCM f = scm_car(r);
		const char *name = kept(ctx, scm_list_ref(f, scm_from_int(0)));
		const char *title = kept(ctx, scm_list_ref(f, scm_from_int(1)));
		const char *subject =
		    kept(ctx, scm_list_ref(f, scm_from_int(2)));

		if (!name)
			continue;
		fprintf(ctx->out, _("\n  %s - %s (for a %s)\n"), name,
			title ? title : "", subject ? subject : "");
		if (help_form_fields(ctx, name) < 0)
			return -1;
	}
	fputs(_("\nFill one with intake FORM ID --set FIELD=VALUE (missing "
		"required fields are\nasked for on a terminal); import FORM "
		"FILE reads a CSV file of them.\n\nExample:\n  intake "
		"checkup_4m P8 --set result=異常なし --set weight_g=6200\n\nSee also: forms, "
		"intake, import, help scheme\n"),
	      ctx->out);
	return 0;
}
