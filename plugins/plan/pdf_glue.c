/* pdf_glue.c - the part's side of the plan plugin's part "pdf"
 * (pdf_part.h): the entry the host calls, and the plugin's functions
 * pdf.c calls, forwarded to the ones the plugin lent, so that pdf.c
 * reads the same as it would inside the plugin. */
#include <stdlib.h>

#include "pdf_part.h"

static const struct plan_pdf_imports *imports;

char *plan_word(struct tsu_ctx *ctx, const char *key, const char *def)
{
	return imports->word(ctx, key, def);
}

int plan_extra_lines(struct tsu_ctx *ctx, const char *plan_id, char ***lines)
{
	return imports->extra_lines(ctx, plan_id, lines);
}

char *plan_wareki(struct tsu_ctx *ctx, const char *iso)
{
	return imports->wareki(ctx, iso);
}

static const struct plan_pdf_part plan_pdf_part = {
    .size = sizeof(struct plan_pdf_part),
    .write = plan_pdf_write,
};

const void *TSU_PART_ENTRY(const struct tsu_host *host, const void *lent);

/* Keep what the plugin lent; give the writer, or NULL when the plugin
 * lends less than pdf.c calls. */
const void *TSU_PART_ENTRY(const struct tsu_host *host, const void *lent)
{
	const struct plan_pdf_imports *imp = lent;

	(void)host;
	if (!imp || imp->size < sizeof(*imp))
		return NULL;
	imports = imp;
	return &plan_pdf_part;
}
