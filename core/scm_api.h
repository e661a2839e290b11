/* scm_api.h - the procedures the core defines in C for module (tsunagu). */
#ifndef TSU_SCM_API_H
#define TSU_SCM_API_H

/* Define and export them in the current module (called while (tsunagu)
 * is being created). */
void scm_api_define(void);

#endif
