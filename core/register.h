/* register.h - host entries that write the core's register: person
 * updates, statuses (moved, ended), contact staff, pregnancies; and the
 * helpers a command running its own transactions needs (begin, commit,
 * taking a row's error). */
#ifndef TSU_REGISTER_H
#define TSU_REGISTER_H

#include "tsunagu-plugin.h"

int register_person_update(struct tsu_ctx *ctx, const char *id,
			   const struct tsu_person *p, const char **changed);
int register_person_match(struct tsu_ctx *ctx, const struct tsu_person *p,
			  char id[TSU_ID_LEN]);
int register_status_set(struct tsu_ctx *ctx, const char *subject,
			const char *status, const char *date,
			const char *note);
int register_family_contact(struct tsu_ctx *ctx, const char *family,
			    const char *staff);
int register_pregnancy_add(struct tsu_ctx *ctx, const char *mother,
			   const char *family, const char *notified_on,
			   const char *due_date, const char *handbook_no,
			   char id[TSU_ID_LEN]);
int register_pregnancy_find(struct tsu_ctx *ctx, const char *mother,
			    const char *notified_on, char id[TSU_ID_LEN]);
int register_pregnancy_close(struct tsu_ctx *ctx, const char *id,
			     const char *outcome, const char *outcome_on,
			     const char *child);
int register_search_persons(struct tsu_ctx *ctx, const char *const *words,
			    int nwords, int limit, const char ***ids,
			    int *nids, int *more);
int register_search_refresh(struct tsu_ctx *ctx);
int register_begin(struct tsu_ctx *ctx);
int register_commit(struct tsu_ctx *ctx);
void register_rollback(struct tsu_ctx *ctx);
int register_bulk_load(struct tsu_ctx *ctx, int on);
const char *register_error_take(struct tsu_ctx *ctx);
long register_keep_mark(struct tsu_ctx *ctx);
void register_keep_release(struct tsu_ctx *ctx, long mark);
int register_analyze(struct tsu_ctx *ctx);

#endif
