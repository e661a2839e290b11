/* report.h - what the report command and its PDF share. */
#ifndef TSU_EXPORT_REPORT_H
#define TSU_EXPORT_REPORT_H

#include <tsunagu-plugin.h>

/* One count of a report, as define-report gave it. */
struct report_row {
	char *line; /* owns the text the fields point into */
	const char *name, *section, *label;
	const char *value; /* digits, a decimal, or "" when not known */
	const char *note;  /* "" when none */
};

/* A report: its period and rows. */
struct report {
	int fiscal;	/* 1 for April..March, 0 for one month */
	int year;	/* the calendar year, or the fiscal year's first */
	char title[16]; /* "2026-04" or "2026" */
	char from[TSU_DATE_LEN], to[TSU_DATE_LEN];
	struct report_row *rows;
	int nrows;
};

/* Fill R's rows from the Scheme definitions for R's period.  0 or -1
 * (reported). */
int report_rows(struct tsu_ctx *ctx, struct report *r);

/* The count NAME (a define-report name) for FROM..TO, or -1 (reported). */
long report_value(struct tsu_ctx *ctx, const char *name, const char *from,
		  const char *to);

/* FROM and TO of month YEAR-MONTH.  0 or -1. */
int report_month_period(int year, int month, char from[TSU_DATE_LEN],
			char to[TSU_DATE_LEN]);

/* Write the fiscal report R to PATH as a one-page A4 PDF: the counts and
 * a bar chart of the twelve months.  0 or -1 (reported).  In the part
 * "pdf" (parts.h); the plugin calls export_report_pdf(). */
int report_pdf(struct tsu_ctx *ctx, const struct report *r, const char *path);

/* The command. */
int export_report_cmd(struct tsu_ctx *ctx, int argc, char **argv, void *data);

#endif
