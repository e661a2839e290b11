/* pdf.c - the printed plan: an A4 PDF in Japanese, drawn with Cairo and
 * Pango in IPAexGothic.  Two copies of the same plan, each starting on a
 * new page: the parent's (only the worries already shared with her or
 * him) and the center's (every worry, marked when not yet shared).  Long
 * texts wrap; a copy flows onto further pages when it is long.  The words
 * come from Scheme (plan-print-words, plan-print-lines) with the
 * defaults below. */
#define _POSIX_C_SOURCE 200809L /* strdup, fdopen */

#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <fcntl.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "plan.h"

#define PDF_WIDTH 595.276 /* A4 in points */
#define PDF_HEIGHT 841.89
#define PDF_MARGIN 56.0
#define PDF_BOTTOM (PDF_HEIGHT - 64.0)
#define PDF_FONT "IPAexGothic"

/* Where the drawing is: the page, the copy, the height used. */
struct pdf_flow {
	struct tsu_ctx *ctx; /* the command, for Scheme's words and dates */
	cairo_t *cr;
	double y;
	int pages;     /* pages begun so far, over both copies */
	int copy_page; /* pages of this copy */
	const char *copy;   /* "保護者用" or "センター控え" */
	const char *title;  /* "支援プラン" */
	const char *center; /* for the footer */
	const char *center_phone; /* when the contact has no phone */
};

/* A layout of TEXT in SIZE points (bold when BOLD), wrapped to WIDTH. */
static PangoLayout *pdf_layout(cairo_t *cr, const char *text, double size,
			       int bold, double width)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_new();

	pango_font_description_set_family(fd, PDF_FONT);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	if (bold)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(l, text, -1);
	return l;
}

/* Draw TEXT at X, Y without touching the flow. */
static double pdf_put(cairo_t *cr, double x, double y, const char *text,
		      double size, int bold, double width)
{
	PangoLayout *l = pdf_layout(cr, text, size, bold, width);
	int w, h;

	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
	pango_layout_get_size(l, &w, &h);
	g_object_unref(l);
	return (double)h / PANGO_SCALE;
}

/* The page's footer: the center and the page of this copy. */
static void pdf_footer(struct pdf_flow *f)
{
	char buf[512];

	cairo_set_source_rgb(f->cr, 0.35, 0.35, 0.35);
	snprintf(buf, sizeof(buf), "%s　%s　%d", f->center, f->copy,
		 f->copy_page);
	pdf_put(f->cr, PDF_MARGIN, PDF_HEIGHT - 44, buf, 8.5, 0,
		PDF_WIDTH - 2 * PDF_MARGIN);
	cairo_set_source_rgb(f->cr, 0, 0, 0);
}

/* Begin a page of the current copy: the copy's label in a box at the
 * top right, and on later pages the title with "（つづき）". */
static void pdf_page(struct pdf_flow *f)
{
	PangoLayout *l;
	int w, h;
	double bw, bh;

	f->pages++;
	f->copy_page++;
	l = pdf_layout(f->cr, f->copy, 11, 1, -1);
	pango_layout_set_width(l, -1);
	pango_layout_get_size(l, &w, &h);
	bw = (double)w / PANGO_SCALE + 16;
	bh = (double)h / PANGO_SCALE + 8;
	cairo_rectangle(f->cr, PDF_WIDTH - PDF_MARGIN - bw, 30, bw, bh);
	cairo_set_line_width(f->cr, 1);
	cairo_stroke(f->cr);
	cairo_move_to(f->cr, PDF_WIDTH - PDF_MARGIN - bw + 8, 34);
	pango_cairo_show_layout(f->cr, l);
	g_object_unref(l);
	f->y = 30 + bh + 14;
	if (f->copy_page > 1) {
		char buf[256];

		snprintf(buf, sizeof(buf), "%s（つづき）", f->title);
		f->y += pdf_put(f->cr, PDF_MARGIN, f->y, buf, 11, 1,
				PDF_WIDTH - 2 * PDF_MARGIN) +
			8;
	}
}

/* End the page: footer, then the next page. */
static void pdf_break(struct pdf_flow *f)
{
	pdf_footer(f);
	cairo_show_page(f->cr);
	pdf_page(f);
}

/* Add TEXT to the flow at INDENT, breaking the page first when it does
 * not fit; GAP points of space follow it. */
static void pdf_text(struct pdf_flow *f, const char *text, double size,
		     int bold, double indent, double gap)
{
	double width = PDF_WIDTH - 2 * PDF_MARGIN - indent;
	PangoLayout *l = pdf_layout(f->cr, text, size, bold, width);
	int w, h;
	double hh;

	pango_layout_get_size(l, &w, &h);
	hh = (double)h / PANGO_SCALE;
	if (f->y + hh > PDF_BOTTOM && f->y > 120)
		pdf_break(f);
	cairo_move_to(f->cr, PDF_MARGIN + indent, f->y);
	pango_cairo_show_layout(f->cr, l);
	g_object_unref(l);
	f->y += hh + gap;
}

/* A section heading with a rule under it; never alone at a page's foot. */
static void pdf_heading(struct pdf_flow *f, const char *text)
{
	if (f->y + 60 > PDF_BOTTOM)
		pdf_break(f);
	f->y += 6;
	pdf_text(f, text, 12.5, 1, 0, 2);
	cairo_set_line_width(f->cr, 0.6);
	cairo_move_to(f->cr, PDF_MARGIN, f->y);
	cairo_line_to(f->cr, PDF_WIDTH - PDF_MARGIN, f->y);
	cairo_stroke(f->cr);
	f->y += 6;
}

/* Who will do it, in the words printed. */
static char *pdf_who(const char *who, const char *parent, const char *staff)
{
	if (strcmp(who, "parent") == 0)
		return strdup(parent);
	if (strcmp(who, "staff") == 0)
		return strdup(staff);
	return strdup(who);
}

/* The words of the printed plan, each from Scheme or its default. */
struct pdf_words {
	char *parent_copy, *center_copy, *support_title, *self_title;
	char *family, *made_on, *version, *your_worries, *my_worries;
	char *none, *not_shared, *todo, *who, *by, *done, *who_parent;
	char *who_staff, *contact, *phone, *next_review, *review_note;
	char *agreement, *agreed, *greeting;
};

static void pdf_words_load(struct tsu_ctx *ctx, struct pdf_words *w)
{
	w->parent_copy = plan_word(ctx, "parent-copy", "保護者用（ご本人用）");
	w->center_copy = plan_word(ctx, "center-copy", "センター控え");
	w->support_title = plan_word(ctx, "support-title", "支援プラン");
	w->self_title = plan_word(ctx, "self-title", "セルフプラン");
	w->family = plan_word(ctx, "family", "ご家族");
	w->made_on = plan_word(ctx, "made-on", "作成日");
	w->version = plan_word(ctx, "version", "版");
	w->your_worries = plan_word(ctx, "your-worries", "あなたの心配");
	w->my_worries =
	    plan_word(ctx, "my-worries", "わたしの心配（支援者として）");
	w->none = plan_word(ctx, "none", "（なし）");
	w->not_shared = plan_word(ctx, "not-shared", "［まだお伝えしていません］");
	w->todo = plan_word(ctx, "todo", "これからすること");
	w->who = plan_word(ctx, "who", "だれが");
	w->by = plan_word(ctx, "by", "いつまでに");
	w->done = plan_word(ctx, "done", "（できました）");
	w->who_parent = plan_word(ctx, "who-parent", "ご本人");
	w->who_staff = plan_word(ctx, "who-staff", "センター");
	w->contact = plan_word(ctx, "contact", "担当者（いつでもご相談ください）");
	w->phone = plan_word(ctx, "phone", "電話");
	w->next_review =
	    plan_word(ctx, "next-review", "次に一緒に見直す日");
	w->review_note = plan_word(ctx, "review-note", "前回の見直しから");
	w->agreement = plan_word(ctx,
	    "agreement", "この内容について一緒に話し合い、確認しました。\n"
			 "　　　　年　　月　　日　　ご署名 "
			 "＿＿＿＿＿＿＿＿＿＿＿＿＿＿");
	w->agreed = plan_word(ctx, "agreed", "保護者の同意");
	w->greeting = plan_word(ctx,
	    "greeting", "このプランはご家族と一緒に作りました。"
			"困ったときや予定が変わったときは、いつでも"
			"担当者にご連絡ください。");
}

static void pdf_words_free(struct pdf_words *w)
{
	char **p = (char **)w;
	size_t i;

	for (i = 0; i < sizeof(*w) / sizeof(char *); i++)
		free(p[i]);
}

/* Draw the worries of WHOSE, keeping unshared ones to the center copy. */
static void pdf_concerns(struct pdf_flow *f, const struct plan_doc *d,
			 const struct pdf_words *w, const char *whose,
			 int center)
{
	char *buf;
	int i, n = 0;

	for (i = 0; i < d->nconcerns; i++) {
		const struct plan_concern *c = &d->concerns[i];
		size_t len;

		if (strcmp(c->whose, whose) != 0 || c->resolved_on ||
		    (!center && !c->shared))
			continue;
		len = strlen(c->text) + strlen(w->not_shared) + 16;
		buf = malloc(len);
		if (!buf)
			abort();
		snprintf(buf, len, "・%s%s", c->text,
			 center && !c->shared ? w->not_shared : "");
		pdf_text(f, buf, 11, 0, 8, 4);
		free(buf);
		n++;
	}
	if (n == 0)
		pdf_text(f, w->none, 11, 0, 8, 4);
}

/* Draw one copy of D, from a new page. */
static void pdf_copy(struct pdf_flow *f, const struct plan_doc *d,
		     const struct pdf_words *w, int center, char **extra,
		     int nextra)
{
	char buf[4096], *made = plan_wareki(f->ctx, d->created_on);
	char *next = plan_wareki(f->ctx, d->next_review);
	int i, n = 0;

	f->copy = center ? w->center_copy : w->parent_copy;
	f->copy_page = 0;
	pdf_page(f);
	pdf_text(f, f->title, 22, 1, 0, 4);
	if (*f->center)
		pdf_text(f, f->center, 11, 0, 0, 8);
	snprintf(buf, sizeof(buf), "%s：%s", w->family,
		 d->names && *d->names ? d->names : d->family);
	pdf_text(f, buf, 13, 1, 0, 4);
	snprintf(buf, sizeof(buf), "%s：%s　（第%d%s）", w->made_on,
		 made ? made : "", d->version, w->version);
	pdf_text(f, buf, 10, 0, 0, 6);
	pdf_text(f, w->greeting, 10, 0, 0, 4);

	pdf_heading(f, w->your_worries);
	pdf_concerns(f, d, w, "parent", center);
	pdf_heading(f, w->my_worries);
	pdf_concerns(f, d, w, "staff", center);

	pdf_heading(f, w->todo);
	for (i = 0; i < d->nitems; i++) {
		const struct plan_item *it = &d->items[i];
		char *who = pdf_who(it->who, w->who_parent, w->who_staff);
		char *by = plan_wareki(f->ctx, it->by_date);

		/* Keep what and who/when together on one page. */
		if (f->y + 34 > PDF_BOTTOM)
			pdf_break(f);
		snprintf(buf, sizeof(buf), "・%s%s", it->what,
			 it->done_on ? w->done : "");
		pdf_text(f, buf, 11, 0, 8, 1);
		snprintf(buf, sizeof(buf), "%s：%s　　%s：%s", w->who, who,
			 w->by, by ? by : "―");
		pdf_text(f, buf, 9.5, 0, 22, 5);
		free(who);
		free(by);
		n++;
	}
	if (n == 0)
		pdf_text(f, w->none, 11, 0, 8, 4);

	pdf_heading(f, w->contact);
	snprintf(buf, sizeof(buf), "%s　　%s：%s",
		 d->contact_name ? d->contact_name
				 : (d->contact_staff ? d->contact_staff : "―"),
		 w->phone,
		 d->contact_phone ? d->contact_phone
				  : (*f->center_phone ? f->center_phone : "―"));
	pdf_text(f, buf, 13, 1, 8, 4);

	pdf_heading(f, w->next_review);
	pdf_text(f, next ? next : "―", 13, 1, 8, 4);
	if (d->review_note) {
		snprintf(buf, sizeof(buf), "%s：%s", w->review_note,
			 d->review_note);
		pdf_text(f, buf, 10, 0, 8, 4);
	}
	for (i = 0; i < nextra; i++)
		pdf_text(f, extra[i], 10, 0, 0, 4);
	f->y += 10;
	if (center) {
		snprintf(buf, sizeof(buf), "%s：%s　　PL%lld", w->agreed,
			 d->agreed ? "あり" : "未確認", d->id);
		pdf_text(f, buf, 10, 0, 0, 8);
	}
	pdf_text(f, w->agreement, 11, 0, 0, 4);
	pdf_footer(f);
	cairo_show_page(f->cr);
	free(made);
	free(next);
}

/* cairo's writer: append DATA to the stream CLOSURE. */
static cairo_status_t pdf_write_fn(void *closure, const unsigned char *data,
				   unsigned int length)
{
	FILE *out = closure;

	return fwrite(data, 1, length, out) == length
		   ? CAIRO_STATUS_SUCCESS
		   : CAIRO_STATUS_WRITE_ERROR;
}

int plan_pdf_write(struct tsu_ctx *ctx, const struct plan_doc *d,
		   const char *center,
		   const char *center_phone, const char *path, char **errmsg)
{
	struct pdf_flow f = {0};
	struct pdf_words w;
	cairo_surface_t *surface;
	cairo_status_t status;
	char **extra = NULL, id[TSU_ID_LEN];
	int fd, nextra, i, bad;
	FILE *out;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || fchmod(fd, 0600) < 0) {
		*errmsg = malloc(strlen(path) + 128);
		if (*errmsg)
			sprintf(*errmsg, _("-o: cannot write \"%s\": %s"), path,
				strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	out = fdopen(fd, "wb");
	if (!out) {
		close(fd);
		*errmsg = strdup(_("-o: out of memory"));
		return -1;
	}
	pdf_words_load(ctx, &w);
	snprintf(id, sizeof(id), "PL%lld", d->id);
	nextra = plan_extra_lines(ctx, id, &extra);
	surface = cairo_pdf_surface_create_for_stream(pdf_write_fn, out,
						      PDF_WIDTH, PDF_HEIGHT);
	cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
				       strcmp(d->kind, "self") == 0
					   ? w.self_title
					   : w.support_title);
	f.ctx = ctx;
	f.cr = cairo_create(surface);
	f.title = strcmp(d->kind, "self") == 0 ? w.self_title : w.support_title;
	f.center = center;
	f.center_phone = center_phone;
	pdf_copy(&f, d, &w, 0, extra, nextra);
	pdf_copy(&f, d, &w, 1, extra, nextra);
	status = cairo_status(f.cr);
	cairo_destroy(f.cr);
	cairo_surface_finish(surface);
	if (status == CAIRO_STATUS_SUCCESS)
		status = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	for (i = 0; i < nextra; i++)
		free(extra[i]);
	free(extra);
	pdf_words_free(&w);
	bad = fclose(out) != 0;
	if (status != CAIRO_STATUS_SUCCESS || bad) {
		*errmsg = malloc(strlen(path) + 128);
		if (*errmsg)
			sprintf(*errmsg, _("-o: cannot write \"%s\": %s"), path,
				status != CAIRO_STATUS_SUCCESS
				    ? cairo_status_to_string(status)
				    : strerror(errno));
		unlink(path);
		return -1;
	}
	return f.pages;
}
