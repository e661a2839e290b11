/* subject.h - persons, families and their members, the timeline, form
 * responses and flags: what every plugin shares. */
#ifndef TSU_SUBJECT_H
#define TSU_SUBJECT_H

#include "tsunagu-plugin.h"

/* Split an id like "p12" or "PL7" into its upper-case PREFIX and number.
 * Returns 0, or -1 if TEXT is not an id. */
int subject_parse_id(const char *text, char prefix[8], long long *num);

int subject_resolve(struct tsu_ctx *ctx, const char *text, const char *kind,
		    char out[TSU_ID_LEN]);
int subject_person_add(struct tsu_ctx *ctx, const struct tsu_person *p,
		       char id[TSU_ID_LEN]);
int subject_person_get(struct tsu_ctx *ctx, const char *id,
		       struct tsu_person *p);
int subject_family_add(struct tsu_ctx *ctx, const char *contact_staff,
		       char id[TSU_ID_LEN]);
int subject_member_add(struct tsu_ctx *ctx, const char *family,
		       const char *person, const char *role);
int subject_event_add(struct tsu_ctx *ctx, const char *subject,
		      const char *kind, const char *date, const char *summary,
		      const char *ref);
int subject_flag_set(struct tsu_ctx *ctx, const char *subject,
		     const char *name, const char *reason);
/* Lower flag NAME of SUBJECT: 1 when cleared, 0 when it was not raised,
 * -1 on error (reported on CTX). */
int subject_flag_clear(struct tsu_ctx *ctx, const char *subject,
		       const char *name, const char *reason);
/* The family of person ID (first membership), into OUT; 0 or -1. */
int subject_family_of(const char *person, char out[TSU_ID_LEN]);

/* Commands on subjects: show, flag, flags. */
void subject_commands_register(void);

#endif
