/* help_topics.h - the help topics that are not one command: `help
 * scheme` (the Scheme API for a municipality's scripts) and `help forms`
 * (the forms defined now, with their fields). */
#ifndef TSU_HELP_TOPICS_H
#define TSU_HELP_TOPICS_H

#include "command.h"

/* The names of these topics, NULL-terminated: "scheme", "forms". */
extern const char *const help_core_topics[];

/* Print the summary of the Scheme API, with the procedures module
 * (tsunagu) exports now and a short example.  0 or -1 (reported). */
int help_scheme(struct tsu_ctx *ctx);

/* Print every defined form with its fields (id, label, type, required,
 * choices), from the form registry.  0 or -1 (reported). */
int help_forms(struct tsu_ctx *ctx);

#endif
