/* csvhost.c - core/csv.h's streaming reader and writer for plugins: the
 * same functions, with the encoding given by its name ("auto", "utf-8",
 * "utf-8-bom", "cp932" and the aliases tsu_csv_encoding_parse() takes). */
#include <config.h>

#include <stdlib.h>

#include "app.h"
#include "csvhost.h"
#include "i18n.h"

/* Parse ENCODING (NULL means DEFLT) into *ENC; -1 with *ERRMSG naming the
 * choices when it is unknown. */
static int csvhost_encoding(const char *encoding, enum tsu_csv_encoding deflt,
			    int reading, enum tsu_csv_encoding *enc,
			    char **errmsg)
{
	*enc = deflt;
	if (!encoding)
		return 0;
	if (tsu_csv_encoding_parse(encoding, enc) == 0 &&
	    (reading || *enc != TSU_CSV_AUTO))
		return 0;
	if (errmsg)
		*errmsg = tsu_strdup_printf(
			_("unknown encoding \"%s\" (use %sutf-8, utf-8-bom or "
			"cp932)"),
			encoding, reading ? _("auto, ") : "");
	return -1;
}

/* Open PATH for reading in ENCODING (NULL: detect).  As tsu_csv_open(). */
struct tsu_csv_reader *csvhost_open(const char *path, const char *encoding,
				    char **errmsg)
{
	enum tsu_csv_encoding enc;

	if (csvhost_encoding(encoding, TSU_CSV_AUTO, 1, &enc, errmsg) < 0)
		return NULL;
	return tsu_csv_open(path, enc, errmsg);
}

/* Read the next record.  As tsu_csv_read(). */
int csvhost_read(struct tsu_csv_reader *r, char ***fields, int *nfields,
		 long *line, char **errmsg)
{
	return tsu_csv_read(r, fields, nfields, line, errmsg);
}

void csvhost_close(struct tsu_csv_reader *r)
{
	tsu_csv_close(r);
}

/* Create PATH for writing in ENCODING (NULL: UTF-8 with a byte order
 * mark).  As tsu_csv_create(). */
struct tsu_csv_writer *csvhost_create(const char *path, const char *encoding,
				      int guard, char **errmsg)
{
	enum tsu_csv_encoding enc;

	if (csvhost_encoding(encoding, TSU_CSV_UTF8_BOM, 0, &enc, errmsg) < 0)
		return NULL;
	return tsu_csv_create(path, enc, guard, errmsg);
}

/* Write one record.  As tsu_csv_write(). */
int csvhost_write(struct tsu_csv_writer *w, const char *const *fields, int n,
		  char **errmsg)
{
	return tsu_csv_write(w, fields, n, errmsg);
}

/* Close the file.  As tsu_csv_finish(). */
int csvhost_finish(struct tsu_csv_writer *w, char **errmsg)
{
	return tsu_csv_finish(w, errmsg);
}
