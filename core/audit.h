/* audit.h - the append-only audit trail, chained by hashes. */
#ifndef TSU_AUDIT_H
#define TSU_AUDIT_H

/* Record that the acting staff did ACTION ("read", "create", "change",
 * "export", ...) on SUBJECT (may be NULL) with DETAIL, in the open
 * transaction.  A "read" made while a command flagged TSU_CMD_AUDITS_ACT
 * runs is covered by that command's own row and not recorded.  Returns 0
 * or -1 with *errmsg: then the act must fail. */
int audit_add(const char *action, const char *subject, const char *detail,
	      char **errmsg);

/* Walk the whole trail checking each row's hash and its link to the one
 * before.  Returns the number of rows checked, or -1 with *errmsg naming
 * the first row found changed, removed or inserted. */
long audit_verify(char **errmsg);

/* Register the `audit` command (listing and `audit verify`). */
void audit_commands_register(void);

#endif
