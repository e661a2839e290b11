/* report_pdf.c - the fiscal report as one A4 page (Cairo and Pango, font
 * IPAexGothic): the period, the table of counts, and a bar chart of the
 * twelve months (April to March) of pregnancy notifications and births. */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "export.h"
#include "report.h"

/* A4 in points, and the margin. */
#define PDF_W 595.0
#define PDF_H 842.0
#define PDF_MARGIN 40.0

/* The two series of the chart: a define-report name and its legend. */
static const char *const pdf_series[2][2] = {
    {"pregnancy-notifications", "妊娠届出"},
    {"births", "出生"},
};

/* Draw TEXT at X, Y (top left) in SIZE points; ALIGN_RIGHT puts its right
 * edge at X.  Returns the height of the text. */
static double pdf_text(cairo_t *cr, const char *text, double x, double y,
		       double size, int bold, int align_right)
{
	PangoLayout *layout = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_new();
	int w, h;

	pango_font_description_set_family(fd, "IPAexGothic");
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	if (bold)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(layout, fd);
	pango_layout_set_text(layout, text, -1);
	pango_layout_get_size(layout, &w, &h);
	cairo_move_to(cr, align_right ? x - (double)w / PANGO_SCALE : x, y);
	pango_cairo_show_layout(cr, layout);
	pango_font_description_free(fd);
	g_object_unref(layout);
	return (double)h / PANGO_SCALE;
}

/* The table of counts from Y down; returns the Y below it.  Rows get
 * smaller when there are many, so the page holds them all. */
static double pdf_table(cairo_t *cr, const struct report *r, double y,
			double room)
{
	double size = 8.5, line = 12.5, x0 = PDF_MARGIN,
	       x1 = PDF_W - PDF_MARGIN;
	const char *section = NULL;
	int i, nsections = 0;

	for (i = 0; i < r->nrows; i++)
		if (!section || strcmp(section, r->rows[i].section) != 0) {
			section = r->rows[i].section;
			nsections++;
		}
	if ((r->nrows + nsections) * line > room) {
		line = room / (r->nrows + nsections);
		size = line * 0.68;
	}
	section = NULL;
	for (i = 0; i < r->nrows; i++) {
		const struct report_row *row = &r->rows[i];
		char value[64];

		if (!section || strcmp(section, row->section) != 0) {
			section = row->section;
			cairo_set_source_rgb(cr, 0.90, 0.93, 0.97);
			cairo_rectangle(cr, x0, y, x1 - x0, line);
			cairo_fill(cr);
			cairo_set_source_rgb(cr, 0, 0, 0);
			pdf_text(cr, *section ? section : "その他", x0 + 4,
				 y + 1.5, size, 1, 0);
			y += line;
		}
		snprintf(value, sizeof(value), "%s",
			 *row->value ? row->value : "—");
		pdf_text(cr, row->label, x0 + 14, y + 1.5, size, 0, 0);
		pdf_text(cr, value, x0 + 330, y + 1.5, size, 0, 1);
		if (*row->note)
			pdf_text(cr, row->note, x0 + 340, y + 2, size * 0.85, 0,
				 0);
		cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
		cairo_set_line_width(cr, 0.4);
		cairo_move_to(cr, x0, y + line);
		cairo_line_to(cr, x1, y + line);
		cairo_stroke(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		y += line;
	}
	return y;
}

/* A round step for the chart's scale, so that MAX fits in about 5. */
static long pdf_step(long max)
{
	long step = 1;

	while (max / step > 5) {
		if (max / (step * 2) <= 5)
			return step * 2;
		if (max / (step * 5) <= 5)
			return step * 5;
		step *= 10;
	}
	return step;
}

/* The bar chart of V[2][12] in the box X, Y, W, H. */
static void pdf_chart(cairo_t *cr, long v[2][12], double x, double y, double w,
		      double h)
{
	static const double colour[2][3] = {{0.27, 0.51, 0.71},
					    {0.93, 0.55, 0.25}};
	double plot_x = x + 30, plot_w = w - 40, plot_y = y + 24,
	       plot_h = h - 50, slot = plot_w / 12;
	long max = 1, step, t;
	int s, m;

	for (s = 0; s < 2; s++)
		for (m = 0; m < 12; m++)
			if (v[s][m] > max)
				max = v[s][m];
	step = pdf_step(max);
	max = (max + step - 1) / step * step;
	pdf_text(cr, "月別の妊娠届出数と出生数", x, y, 10, 1, 0);
	for (s = 0; s < 2; s++) {
		double lx = x + w - 150 + s * 75;

		cairo_set_source_rgb(cr, colour[s][0], colour[s][1],
				     colour[s][2]);
		cairo_rectangle(cr, lx, y + 3, 9, 9);
		cairo_fill(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		pdf_text(cr, pdf_series[s][1], lx + 12, y + 1, 8.5, 0, 0);
	}
	cairo_set_line_width(cr, 0.4);
	for (t = 0; t <= max; t += step) {
		double gy = plot_y + plot_h - plot_h * (double)t / (double)max;
		char buf[32];

		cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
		cairo_move_to(cr, plot_x, gy);
		cairo_line_to(cr, plot_x + plot_w, gy);
		cairo_stroke(cr);
		cairo_set_source_rgb(cr, 0, 0, 0);
		snprintf(buf, sizeof(buf), "%ld", t);
		pdf_text(cr, buf, plot_x - 4, gy - 5, 7.5, 0, 1);
	}
	for (m = 0; m < 12; m++) {
		char label[16];
		double bx = plot_x + slot * m + slot * 0.15, bw = slot * 0.35;

		for (s = 0; s < 2; s++) {
			double bh = plot_h * (double)v[s][m] / (double)max;

			cairo_set_source_rgb(cr, colour[s][0], colour[s][1],
					     colour[s][2]);
			cairo_rectangle(cr, bx + s * bw, plot_y + plot_h - bh,
					bw, bh);
			cairo_fill(cr);
		}
		cairo_set_source_rgb(cr, 0, 0, 0);
		snprintf(label, sizeof(label), "%d月", (m + 3) % 12 + 1);
		pdf_text(cr, label, bx + bw + 6, plot_y + plot_h + 4, 8, 0, 1);
	}
	cairo_move_to(cr, plot_x, plot_y + plot_h);
	cairo_line_to(cr, plot_x + plot_w, plot_y + plot_h);
	cairo_stroke(cr);
}

int report_pdf(struct tsu_ctx *ctx, const struct report *r, const char *path)
{
	const struct tsu_host *h = export_host;
	cairo_surface_t *surface;
	cairo_status_t status;
	cairo_t *cr;
	long v[2][12];
	char title[128], period[160];
	const char *from;
	double y;
	size_t n;
	int s, m, fd;

	for (s = 0; s < 2; s++)
		for (m = 0; m < 12; m++) {
			char from[TSU_DATE_LEN], to[TSU_DATE_LEN];
			int month = (m + 3) % 12 + 1;

			report_month_period(m < 9 ? r->year : r->year + 1,
					    month, from, to);
			v[s][m] = report_value(ctx, pdf_series[s][0], from, to);
			if (v[s][m] < 0)
				return -1;
			h->progress(ctx, path, s * 12 + m + 1, 24);
		}
	/* Readable by its owner only, like every file export writes. */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return h->error(ctx, "%s: %s", path, strerror(errno));
	close(fd);
	surface = cairo_pdf_surface_create(path, PDF_W, PDF_H);
	status = cairo_surface_status(surface);
	if (status != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(surface);
		return h->error(ctx, "%s: %s", path,
				cairo_status_to_string(status));
	}
	cr = cairo_create(surface);
	/* Dates as the date-style shows them: 令和8年度, 令和8年4月1日. */
	from = h->date_text(ctx, r->from);
	n = strcspn(from, "年.");
	if ((unsigned char)from[0] > '9' && from[n])
		snprintf(title, sizeof(title),
			 "%.*s年度 母子保健・子育て支援 実績報告", (int)n, from);
	else
		snprintf(title, sizeof(title),
			 "%d年度 母子保健・子育て支援 実績報告", r->year);
	snprintf(period, sizeof(period), "期間 %s 〜 %s　作成 %s", from,
		 h->date_text(ctx, r->to), h->date_text(ctx, h->today(ctx)));
	cairo_set_source_rgb(cr, 0, 0, 0);
	y = PDF_MARGIN;
	y += pdf_text(cr, title, PDF_MARGIN, y, 15, 1, 0) + 4;
	y += pdf_text(cr, period, PDF_MARGIN, y, 9, 0, 0) + 10;
	y = pdf_table(cr, r, y, PDF_H - PDF_MARGIN - 230 - y);
	pdf_chart(cr, v, PDF_MARGIN, PDF_H - PDF_MARGIN - 215,
		  PDF_W - 2 * PDF_MARGIN, 215);
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_finish(surface);
	status = cairo_surface_status(surface);
	cairo_surface_destroy(surface);
	if (status != CAIRO_STATUS_SUCCESS) {
		unlink(path);
		return h->error(ctx, "%s: %s", path,
				cairo_status_to_string(status));
	}
	return 0;
}
