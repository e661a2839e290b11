/* search.h - the person search index: kana-folded names, phone digits and
 * resident codes in an FTS5 trigram table, with a prefix index for the
 * short words trigrams cannot serve. */
#ifndef TSU_SEARCH_H
#define TSU_SEARCH_H

#include "tsunagu-plugin.h"

/* Fold S for searching and matching: katakana and half-width katakana
 * become hiragana (voicing marks composed), full-width ASCII becomes
 * ASCII, upper case lower case; blanks (ASCII and U+3000) are removed.
 * Returns a malloc'd string (NULL for NULL). */
char *search_fold(const char *s);

/* S with its half-width katakana made full-width, voicing marks composed
 * ("ﾔﾏﾀﾞ" -> "ヤマダ"); all else as it is.  Malloc'd (NULL for NULL). */
char *search_kana_widen(const char *s);

/* The digits of S only ("090-1234-5678" -> "09012345678"); malloc'd. */
char *search_digits(const char *s);

/* Create the index when missing and bring it up to date with the person
 * table (persons added, changed or removed since).  Must run in a write
 * transaction.  Returns 0, or -1 reported on CTX. */
int search_refresh(struct tsu_ctx *ctx);

/* The persons matching every word of WORDS, by id order: at most LIMIT
 * ids ("P12") in *IDS (kept on CTX), their number in *NIDS, and *MORE set
 * to 1 when more persons matched.  Returns 0, or -1 reported on CTX. */
int search_persons(struct tsu_ctx *ctx, const char *const *words, int nwords,
		   int limit, const char ***ids, int *nids, int *more);

/* The person who is P by resident code, or by folded kana family and
 * given name and birth date.  Returns 1 with the id in ID, 0 when there is
 * none, -1 on error (reported). */
int search_person_match(struct tsu_ctx *ctx, const struct tsu_person *p,
			char id[TSU_ID_LEN]);

/* Host entry: search_fold kept on CTX. */
const char *search_fold_kept(struct tsu_ctx *ctx, const char *s);

#endif
