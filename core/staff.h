/* staff.h - who is acting, and with which role. */
#ifndef TSU_STAFF_H
#define TSU_STAFF_H

/* Take ID as the acting staff member, setting app.staff, app.role and
 * app.perms.  On a database without staff, ID becomes its first admin
 * (said on standard error).  An unknown ID is refused.  Returns 0 or -1. */
int staff_identify(const char *id, char **errmsg);

/* Register the staff commands (staff add, staff list). */
void staff_commands_register(void);

#endif
