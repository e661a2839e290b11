/* pdf_load.c - the plugin's side of its part "pdf" (pdf_part.h): the
 * functions it lends the part, and loading it on the first print. */
#include <stdlib.h>

#include "i18n.h"
#include "pdf_part.h"

static const struct plan_pdf_imports plan_pdf_imports = {
    .size = sizeof(struct plan_pdf_imports),
    .word = plan_word,
    .extra_lines = plan_extra_lines,
    .wareki = plan_wareki,
};

int plan_pdf_print(struct tsu_ctx *ctx, const struct plan_doc *d,
		   const char *center, const char *center_phone,
		   const char *path, char **errmsg)
{
	const struct plan_pdf_part *part;

	*errmsg = NULL;
	if (!TSU_HOST_HAS(plan_host, part_load))
		return plan_host->error(ctx, _("this program cannot load the "
					       "pdf part of the plan plugin "
					       "(it is older than the "
					       "plugin)"));
	part = plan_host->part_load(ctx, "plan", "pdf", &plan_pdf_imports);
	if (!part)
		return -1;
	if (part->size < sizeof(*part))
		return plan_host->error(ctx, _("the pdf part of the plan "
					       "plugin is older than the "
					       "plugin; reinstall them "
					       "together"));
	return part->write(ctx, d, center, center_phone, path, errmsg);
}
