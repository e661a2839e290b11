/* demo.h - a temporary database of fictional families (--demo). */
#ifndef TSU_DEMO_H
#define TSU_DEMO_H

/* A fresh path in a private temporary folder (malloc'd), or NULL with a
 * message on standard error. */
char *demo_db_path(void);
/* Fill the open database with fictional families, in one transaction. */
int demo_fill(char **errmsg);
/* Remove the database at PATH, its WAL files and its folder. */
void demo_cleanup(const char *path);

#endif
