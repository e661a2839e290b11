/* pdf_part.h - the plan plugin's part "pdf": the printed plan (pdf.c,
 * Cairo and Pango), a shared object of its own that the plugin loads
 * through host->part_load() on the first `plan print`, so that starting
 * the program does not load those libraries.  The plugin lends the part
 * the Scheme-backed words of rules.c; the part gives back its writer. */
#ifndef TSU_PLAN_PDF_PART_H
#define TSU_PLAN_PDF_PART_H

#include "plan.h"

/* What the plugin lends the part: the functions of plan.h pdf.c calls. */
struct plan_pdf_imports {
	size_t size; /* sizeof(struct plan_pdf_imports) */
	char *(*word)(struct tsu_ctx *ctx, const char *key, const char *def);
	int (*extra_lines)(struct tsu_ctx *ctx, const char *plan_id,
			   char ***lines);
	char *(*wareki)(struct tsu_ctx *ctx, const char *iso);
};

/* What the part gives: plan_pdf_write. */
struct plan_pdf_part {
	size_t size;
	int (*write)(struct tsu_ctx *ctx, const struct plan_doc *d,
		     const char *center, const char *center_phone,
		     const char *path, char **errmsg);
};

/* In the plugin (pdf_load.c): load the part on first use and write the
 * PDF as plan_pdf_write() does.  When the part is missing it is reported
 * on CTX and -1 returned with *ERRMSG left NULL. */
int plan_pdf_print(struct tsu_ctx *ctx, const struct plan_doc *d,
		   const char *center, const char *center_phone,
		   const char *path, char **errmsg);

#endif
