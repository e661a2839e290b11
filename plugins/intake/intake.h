/* intake.h - what the files of the intake plugin share: the host table,
 * the registration of each area's commands, and the storing of one
 * pregnancy notification (interactive intake and import alike). */
#ifndef INTAKE_H
#define INTAKE_H

#include <tsunagu-plugin.h>

/* The host table, valid from init to shutdown. */
extern const struct tsu_host *intake_host;

/* What storing one pregnancy notification did. */
struct intake_result {
	char mother[TSU_ID_LEN];
	char family[TSU_ID_LEN];
	char pregnancy[TSU_ID_LEN];
	char response[TSU_ID_LEN]; /* "" when the notification was in */
	int matched;               /* the mother was already registered */
	int already;               /* the same pregnancy was already in */
	const char *match_reason;  /* "resident code", "kana name and..." */
	const char *changed;       /* fields of hers updated, or "" */
};

/* Store the validated ANSWERS of the pregnancy form (VERSION): match or
 * create the mother and her family, add the pregnancy unless the same
 * (mother, notified_on) is in, store the response and run the hooks.
 * Returns 0 with *R filled, or -1 (reported). */
int intake_pregnancy_store(struct tsu_ctx *ctx, const char *answers,
			   int version, struct intake_result *r);

/* Store ANSWERS of FORM for an existing SUBJECT dated DATE, unless the
 * same answers of that form are already stored for it (then *ALREADY is
 * 1 and nothing is written).  The response id goes to ID. 0 or -1. */
int intake_response_store(struct tsu_ctx *ctx, const char *subject,
			  const char *form, int version, const char *answers,
			  const char *date, char id[TSU_ID_LEN], int *already);

/* 1 when the host has the form entries (the forms of the core). */
int intake_has_forms(void);

/* Each area registers its commands; 0 or -1 with *ERRMSG (malloc'd). */
int intake_commands_register(struct tsu_plugin *self, char **errmsg);
int intake_find_register(struct tsu_plugin *self, char **errmsg);
int intake_contact_register(struct tsu_plugin *self, char **errmsg);
int intake_register_register(struct tsu_plugin *self, char **errmsg);
int intake_import_register(struct tsu_plugin *self, char **errmsg);

/* Register the commands in SPECS; 0 or -1 with *ERRMSG naming one. */
int intake_register_specs(struct tsu_plugin *self,
			  const struct tsu_command_spec *specs, int n,
			  char **errmsg);

#endif
