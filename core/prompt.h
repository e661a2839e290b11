/* prompt.h - what the shell's prompt says. */
#ifndef TSU_PROMPT_H
#define TSU_PROMPT_H

/* The prompt: the acting staff member's name and, when there are any, the
 * number of overdue entries of the due list ("tsunagu 山田 [overdue 3]> ").
 * The count is taken again only when the database changed since (in this
 * program or another) or when CHANGED_DEFINITIONS says a Scheme line ran.
 * Returns a malloc'd string. */
char *prompt_text(int changed_definitions);

#endif
