/* csvhost.h - the CSV reader and writer of core/csv.h as the host table
 * hands them to plugins, with encodings named by text. */
#ifndef TSU_CSVHOST_H
#define TSU_CSVHOST_H

#include "csv.h"

struct tsu_csv_reader *csvhost_open(const char *path, const char *encoding,
				    char **errmsg);
int csvhost_read(struct tsu_csv_reader *r, char ***fields, int *nfields,
		 long *line, char **errmsg);
void csvhost_close(struct tsu_csv_reader *r);
struct tsu_csv_writer *csvhost_create(const char *path, const char *encoding,
				      int guard, char **errmsg);
int csvhost_write(struct tsu_csv_writer *w, const char *const *fields, int n,
		  char **errmsg);
int csvhost_finish(struct tsu_csv_writer *w, char **errmsg);

#endif
