/* settings.h - settings kept in the database (`config`). */
#ifndef TSU_SETTINGS_H
#define TSU_SETTINGS_H

/* The value of NAME (malloc'd), the default when unset, or NULL when NAME
 * is not a known setting. */
char *settings_get(const char *name);
/* Apply the settings that live in the process (date-style). */
void settings_apply(void);
void settings_commands_register(void);

#endif
