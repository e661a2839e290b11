/* part.h - the parts of plugins: shared objects a plugin loads only when
 * it first needs them (the PDF and Excel writers), so that starting the
 * program does not load the libraries they link. */
#ifndef TSU_PART_H
#define TSU_PART_H

#include "tsunagu-plugin.h"

/* host->part_load: load part PART of the loaded plugin named PLUGIN from
 * DIR/PLUGIN/PART.so, DIR being the folder of the plugin's own file,
 * once, and give the table its entry returned.  NULL when it is missing
 * or cannot be loaded, reported on CTX. */
const void *part_load(struct tsu_ctx *ctx, const char *plugin,
		      const char *part, const void *imports);

/* Forget the parts of plugin P, unloading them when CLOSE is non-zero
 * (the plugin itself is unloaded). */
void part_release_owner(const struct tsu_plugin *p, int close);

#endif
