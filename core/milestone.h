/* milestone.h - milestones defined in Scheme (define-milestone), fed to
 * the due list by the core's "milestones" provider. */
#ifndef TSU_MILESTONE_H
#define TSU_MILESTONE_H

/* Register the provider with the due list.  Returns 0 or -1. */
int milestone_register(void);

#endif
