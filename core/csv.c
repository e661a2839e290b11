/* csv.c - reading and writing CSV files in UTF-8 and CP932.
 *
 * The reader splits records on the bytes as they are in the file and
 * converts each field to UTF-8 when it is complete.  This is safe for CP932
 * too: its trail bytes are 0x40-0xFC, so a comma, quote, CR, LF or NUL byte
 * is always that character.  A lead byte cut off by one of them is left at
 * the end of its field and refused there as invalid CP932. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include "csv.h"
#include "i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define READ_CHUNK 65536 /* bytes read at a time; also the sniffed prefix */
/* The buffer holds a chunk, and up to one more while the encoding is
 * decided on the first non-ASCII bytes of a chunk (see rd_decide). */
#define READ_BUF (2 * READ_CHUNK)
#define STDIN_NAME "<stdin>"
#define STDOUT_NAME "<stdout>"

/* Where the reader is in a record. */
enum rd_state {
	ST_START,    /* at the start of a field */
	ST_UNQUOTED, /* inside an unquoted field */
	ST_QUOTED,   /* inside a quoted field */
	ST_AFTER,    /* just after the closing quote of a field */
};

struct tsu_csv_reader {
	FILE *fp;
	int own_fp;		   /* fclose() on close (not for stdin) */
	char *name;		   /* file name for messages */
	/* TSU_CSV_UTF8 or TSU_CSV_CP932; TSU_CSV_AUTO while every byte
	 * read so far is ASCII and the encoding is still open. */
	enum tsu_csv_encoding enc;
	iconv_t cd; /* CP932 -> UTF-8, or (iconv_t)-1 */

	unsigned char *buf; /* input bytes, READ_BUF */
	size_t pos, len;    /* next byte, bytes in buf */
	int eof;	    /* fread() returned nothing more */
	int read_errno;	    /* errno of a failed read, 0 if none */
	long line;	    /* current physical line, 1-based */
	long row_next;	    /* spreadsheet row of the next record */
	long row;	    /* spreadsheet row of the last record read */
	int stopped;	    /* a fatal error happened */
	char *fatal;	    /* its message, repeated by later calls */

	char *raw; /* bytes of the field being read */
	size_t raw_len, raw_cap;
	char *out; /* UTF-8 fields of the record, NUL-separated */
	size_t out_len, out_cap;
	size_t *offs;  /* offset in out of each field */
	char **fields; /* pointers into out, given to the caller */
	int nf, fcap;
};

struct tsu_csv_writer {
	FILE *fp;
	int own_fp; /* fclose() on finish (not for stdout) */
	char *name;
	enum tsu_csv_encoding enc;
	int guard;
	iconv_t cd;	 /* UTF-8 -> CP932, or (iconv_t)-1 */
	long nrec;	 /* records passed to tsu_csv_write() */
	int write_errno; /* errno of a failed write, 0 if none */

	char *cell; /* one cell as UTF-8, quoted if needed */
	size_t cell_len, cell_cap;
	char *rec; /* the record as it will be written */
	size_t rec_len, rec_cap;
};

/* Store a formatted message in *ERRMSG (if ERRMSG is not NULL). */
static void set_err(char **errmsg, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void set_err(char **errmsg, const char *fmt, ...)
{
	va_list ap;

	if (!errmsg)
		return;
	va_start(ap, fmt);
	if (vasprintf(errmsg, fmt, ap) < 0)
		*errmsg = NULL;
	va_end(ap);
}

/* Make room for NEED more bytes in *BUF (length LEN, capacity *CAP).
 * Returns 0, or -1 when memory runs out. */
static int grow(char **buf, size_t *cap, size_t len, size_t need)
{
	size_t ncap;
	char *p;

	if (len + need <= *cap)
		return 0;
	ncap = *cap ? *cap : 256;
	while (ncap < len + need)
		ncap *= 2;
	p = realloc(*buf, ncap);
	if (!p)
		return -1;
	*buf = p;
	*cap = ncap;
	return 0;
}

/* Decode the UTF-8 character at S (LEN bytes available) into *CP.  Returns
 * its length (1-4), or 0 when the bytes are not valid UTF-8 (truncated,
 * overlong, a surrogate, beyond U+10FFFF). */
static int utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c;
	int n, i;

	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len < (size_t)n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return n;
}

/* Encode code point CP as UTF-8 into OUT (4 bytes). Returns the length. */
static int utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Returns 1 when the N bytes at S (fewer than the character needs) can
 * begin a valid UTF-8 character, 0 otherwise. */
static int utf8_prefix_ok(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t need, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		need = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		need = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		need = 4;
	else
		return 0;
	if (n >= need)
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	for (i = 1; i < n; i++) {
		if (s[i] < (i == 1 ? lo : 0x80) || s[i] > (i == 1 ? hi : 0xbf))
			return 0;
	}
	return 1;
}

/* Returns the offset of the first byte of S (LEN bytes) that does not start
 * a valid UTF-8 character, or LEN when all of S is valid.  With PARTIAL_OK,
 * a character cut off by the end of S counts as valid. */
static size_t utf8_check(const unsigned char *s, size_t len, int partial_ok)
{
	size_t i = 0;
	uint32_t cp;
	int n;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			if (partial_ok && utf8_prefix_ok(s + i, len - i))
				return len;
			return i;
		}
		i += n;
	}
	return len;
}

/* Returns 1 when the LEN bytes at S are UTF-8 text with a few bad bytes
 * rather than CP932: its valid multi-byte UTF-8 characters are at least
 * four times as many as the bytes that are not UTF-8.  Japanese text in
 * CP932 breaks UTF-8's rules at almost every character. */
static int mostly_utf8(const unsigned char *s, size_t len)
{
	size_t i = 0, good = 0, bad = 0;
	uint32_t cp;
	int n;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (n == 0) {
			bad++;
			i++;
		} else {
			good++;
			i += (size_t)n;
		}
	}
	return good >= 4 * bad;
}

/* ---- Reading ------------------------------------------------------- */

/* The encoding of text whose first non-ASCII byte starts the LEN bytes
 * at S: UTF-8 when they are valid UTF-8 (a character cut off at the end
 * counts when MORE says the file goes on) or mostly so (see
 * mostly_utf8), CP932 otherwise. */
static enum tsu_csv_encoding sniff(const unsigned char *s, size_t len,
				   int more)
{
	if (utf8_check(s, len, more) == len || mostly_utf8(s, len))
		return TSU_CSV_UTF8;
	return TSU_CSV_CP932;
}

/* While the encoding is open, look for the first non-ASCII byte in the
 * unread part of the buffer and settle the encoding on it and the bytes
 * after it, reading up to READ_CHUNK more behind it when the buffer ends
 * soon after it.  Nothing read before it was anything but ASCII, so the
 * fields already converted are the same in either encoding. */
static void rd_decide(struct tsu_csv_reader *r)
{
	size_t k = r->pos, n, want;
	int more = !r->eof;

	while (k < r->len && r->buf[k] < 0x80)
		k++;
	if (k == r->len)
		return;
	if (more && r->len - k < READ_CHUNK) {
		want = READ_BUF - r->len;
		if (want > k + READ_CHUNK - r->len)
			want = k + READ_CHUNK - r->len;
		errno = 0;
		n = fread(r->buf + r->len, 1, want, r->fp);
		r->len += n;
		/* A short read is the end of the file (or an error, which
		 * the next fill reports). */
		more = n == want;
	}
	r->enc = sniff(r->buf + k, r->len - k, more);
}

/* Read the next chunk of the file into r->buf.  Returns the number of
 * bytes now available (0 at the end of the file or on a read error). */
static size_t rd_fill(struct tsu_csv_reader *r)
{
	size_t n;

	if (r->eof)
		return 0;
	errno = 0;
	n = fread(r->buf, 1, READ_CHUNK, r->fp);
	r->pos = 0;
	r->len = n;
	if (n == 0) {
		r->eof = 1;
		if (ferror(r->fp))
			r->read_errno = errno ? errno : EIO;
	}
	if (r->enc == TSU_CSV_AUTO)
		rd_decide(r);
	return r->len;
}

/* Returns the next byte of the file without taking it, or EOF. */
static int rd_peek(struct tsu_csv_reader *r)
{
	if (r->pos == r->len && rd_fill(r) == 0)
		return EOF;
	return r->buf[r->pos];
}

/* Returns the next byte of the file, or EOF. */
static int rd_get(struct tsu_csv_reader *r)
{
	if (r->pos == r->len && rd_fill(r) == 0)
		return EOF;
	return r->buf[r->pos++];
}

/* Fill the buffer with up to READ_CHUNK bytes from the start of the file,
 * however short the reads.  Returns 0, or -1 on a read error. */
static int rd_sniff(struct tsu_csv_reader *r)
{
	size_t n;

	while (r->len < READ_CHUNK) {
		errno = 0;
		n = fread(r->buf + r->len, 1, READ_CHUNK - r->len, r->fp);
		if (n == 0) {
			if (ferror(r->fp)) {
				r->read_errno = errno ? errno : EIO;
				return -1;
			}
			r->eof = 1;
			break;
		}
		r->len += n;
	}
	return 0;
}

/* Open a file for reading and settle its encoding (see csv.h). */
struct tsu_csv_reader *tsu_csv_open(const char *path, enum tsu_csv_encoding enc,
				    char **errmsg)
{
	struct tsu_csv_reader *r;
	struct stat st;
	int bom;

	if (errmsg)
		*errmsg = NULL;
	r = calloc(1, sizeof(*r));
	if (!r) {
		set_err(errmsg, _("%s: out of memory"), path);
		return NULL;
	}
	r->cd = (iconv_t)-1;
	r->line = 1;
	r->name = strdup(strcmp(path, "-") == 0 ? STDIN_NAME : path);
	r->row_next = 1;
	r->buf = malloc(READ_BUF);
	if (!r->name || !r->buf) {
		set_err(errmsg, _("%s: out of memory"), path);
		goto fail;
	}
	if (strcmp(path, "-") == 0) {
		r->fp = stdin;
	} else {
		r->fp = fopen(path, "rbe");
		if (!r->fp) {
			set_err(errmsg, "%s: %s", path, strerror(errno));
			goto fail;
		}
		r->own_fp = 1;
		if (fstat(fileno(r->fp), &st) == 0 && S_ISDIR(st.st_mode)) {
			set_err(errmsg, _("%s: is a directory"), path);
			goto fail;
		}
	}
	if (rd_sniff(r) < 0) {
		set_err(errmsg, "%s: %s", r->name, strerror(r->read_errno));
		goto fail;
	}
	bom = r->len >= 3 && memcmp(r->buf, "\xef\xbb\xbf", 3) == 0;
	switch (enc) {
	case TSU_CSV_AUTO:
		/* Open until the first non-ASCII byte, wherever it is. */
		r->enc = bom ? TSU_CSV_UTF8 : TSU_CSV_AUTO;
		if (!bom)
			rd_decide(r);
		break;
	case TSU_CSV_UTF8:
	case TSU_CSV_UTF8_BOM:
		r->enc = TSU_CSV_UTF8;
		break;
	case TSU_CSV_CP932:
		if (bom) {
			set_err(errmsg,
				_("%s: starts with a UTF-8 byte order mark; "
				"it is UTF-8, not cp932"),
				r->name);
			goto fail;
		}
		r->enc = TSU_CSV_CP932;
		break;
	default:
		set_err(errmsg, _("%s: unknown encoding %d"), r->name, (int)enc);
		goto fail;
	}
	if (bom)
		r->pos = 3;
	if (r->enc != TSU_CSV_UTF8) {
		r->cd = iconv_open("UTF-8", "CP932");
		if (r->cd == (iconv_t)-1) {
			set_err(errmsg, _("%s: cannot convert from cp932: %s"),
				r->name, strerror(errno));
			goto fail;
		}
	}
	return r;
fail:
	tsu_csv_close(r);
	return NULL;
}

/* Where a fault on line LINE of the file lies in the record being read,
 * for a message: "FILE: line ROW", ROW being the record's row as a
 * spreadsheet numbers it, and the file's line as well when a line break
 * in a quoted cell makes it another.  Malloc'd; NULL without memory. */
static char *rd_where(const struct tsu_csv_reader *r, long line)
{
	char *s = NULL;

	if (line == r->row)
		set_err(&s, _("%s: line %ld"), r->name, line);
	else
		set_err(&s, _("%s: line %ld (line %ld in a text editor)"),
			r->name, r->row, line);
	return s;
}

/* Line of byte OFF in the current field, which started on line FLINE:
 * each LF or CR in the field before OFF was a line break. */
static long field_line(const struct tsu_csv_reader *r, long fline, size_t off)
{
	size_t i;

	for (i = 0; i < off; i++)
		if (r->raw[i] == '\n' || r->raw[i] == '\r')
			fline++;
	return fline;
}

/* Append the UTF-8 of the field in r->raw to r->out, NUL-terminated.
 * Returns 0, -1 with *ERRMSG set for bytes not valid in the file's
 * encoding, -2 when memory runs out.  COL and FLINE are for messages. */
static int rd_convert(struct tsu_csv_reader *r, int col, long fline,
		      char **errmsg)
{
	const unsigned char *raw = (const unsigned char *)r->raw;
	size_t bad, n, left, room, want;
	char *in, *o, *at;

	if (r->enc != TSU_CSV_CP932) {
		bad = utf8_check(raw, r->raw_len, 0);
		if (bad < r->raw_len) {
			char *at = rd_where(r, field_line(r, fline, bad));

			set_err(errmsg,
				_("%s: column %d: invalid UTF-8 (byte 0x%02x)"),
				at ? at : r->name, col, raw[bad]);
			free(at);
			return -1;
		}
		if (grow(&r->out, &r->out_cap, r->out_len, r->raw_len + 1))
			goto nomem;
		if (r->raw_len > 0)
			memcpy(r->out + r->out_len, r->raw, r->raw_len);
		r->out_len += r->raw_len;
		r->out[r->out_len++] = '\0';
		return 0;
	}

	in = r->raw;
	left = r->raw_len;
	iconv(r->cd, NULL, NULL, NULL, NULL);
	/* CP932 -> UTF-8 at most triples the size. */
	want = 3 * left + 1;
	while (left > 0) {
		if (grow(&r->out, &r->out_cap, r->out_len, want))
			goto nomem;
		o = r->out + r->out_len;
		room = r->out_cap - r->out_len - 1;
		n = iconv(r->cd, &in, &left, &o, &room);
		r->out_len = (size_t)(o - r->out);
		if (n != (size_t)-1)
			break;
		if (errno == E2BIG) {
			want = 2 * (room + 1) + 3 * left;
			continue;
		}
		bad = (size_t)(in - r->raw);
		at = rd_where(r, field_line(r, fline, bad));
		if (left >= 2 && ((raw[bad] >= 0x81 && raw[bad] <= 0x9f) ||
				  (raw[bad] >= 0xe0 && raw[bad] <= 0xfc)))
			set_err(errmsg,
				_("%s: column %d: invalid cp932 (bytes 0x%02x "
				"0x%02x)"),
				at ? at : r->name, col, raw[bad], raw[bad + 1]);
		else
			set_err(errmsg,
				_("%s: column %d: invalid cp932 (byte 0x%02x)"),
				at ? at : r->name, col, raw[bad]);
		free(at);
		return -1;
	}
	if (grow(&r->out, &r->out_cap, r->out_len, 1))
		goto nomem;
	r->out[r->out_len++] = '\0';
	return 0;
nomem:
	set_err(errmsg, _("%s: line %ld: out of memory"), r->name, fline);
	return -2;
}

/* Close the current field: convert it and add it to the record.  Returns
 * 0, -1 (bad bytes, *ERRMSG set) or -2 (out of memory). */
static int rd_end_field(struct tsu_csv_reader *r, int col, long fline,
			char **errmsg)
{
	size_t start = r->out_len;
	int rc;

	if (r->nf == r->fcap) {
		int ncap = r->fcap ? 2 * r->fcap : 16;
		size_t *no = realloc(r->offs, ncap * sizeof(*no));
		char **nfl;

		if (!no)
			goto nomem;
		r->offs = no;
		nfl = realloc(r->fields, ncap * sizeof(*nfl));
		if (!nfl)
			goto nomem;
		r->fields = nfl;
		r->fcap = ncap;
	}
	rc = rd_convert(r, col, fline, errmsg);
	if (rc < 0)
		return rc;
	r->offs[r->nf++] = start;
	return 0;
nomem:
	set_err(errmsg, _("%s: line %ld: out of memory"), r->name, fline);
	return -2;
}

/* Append byte C to the current field.  Returns 0, or -1 when the field
 * would grow beyond TSU_CSV_FIELD_MAX, -2 when memory runs out. */
static int rd_add(struct tsu_csv_reader *r, int c)
{
	if (r->raw_len >= TSU_CSV_FIELD_MAX)
		return -1;
	if (grow(&r->raw, &r->raw_cap, r->raw_len, 1))
		return -2;
	r->raw[r->raw_len++] = (char)c;
	return 0;
}

/* Record a fatal error: keep MSG for later calls and hand out a copy. */
static int rd_fatal(struct tsu_csv_reader *r, char *msg, char **errmsg)
{
	r->stopped = 1;
	free(r->fatal);
	r->fatal = msg;
	if (!r->fatal)
		set_err(&r->fatal, _("%s: line %ld: out of memory"), r->name,
			r->line);
	if (errmsg)
		*errmsg = r->fatal ? strdup(r->fatal) : NULL;
	return -2;
}

/* Read the next record: 1, 0 at the end, -1 bad record, -2 fatal. */
int tsu_csv_read(struct tsu_csv_reader *r, char ***fields, int *nfields,
		 long *line, char **errmsg)
{
	enum rd_state st = ST_START;
	char *err = NULL; /* message of the first error in this record */
	char *msg = NULL;
	int bad = 0;	/* the record is broken: skip to its end */
	long fline = 0; /* line where the current field started */
	int col = 1, c, rc;

	if (errmsg)
		*errmsg = NULL;
	*fields = NULL;
	*nfields = 0;
	if (r->stopped) {
		if (line)
			*line = r->line;
		if (errmsg && r->fatal)
			*errmsg = strdup(r->fatal);
		return -2;
	}

	/* Skip empty lines (each still a row of a spreadsheet). */
	for (;;) {
		c = rd_peek(r);
		if (c == '\n') {
			r->pos++;
			r->line++;
			r->row_next++;
		} else if (c == '\r') {
			r->pos++;
			if (rd_peek(r) == '\n')
				r->pos++;
			r->line++;
			r->row_next++;
		} else {
			break;
		}
	}
	if (line)
		*line = r->line;
	if (c == EOF && !r->read_errno)
		return 0;
	r->row = r->row_next++;

	r->out_len = 0;
	r->nf = 0;
	for (;;) {
		c = rd_get(r);
		if (c == EOF && r->read_errno) {
			free(err);
			set_err(&msg, _("%s: line %ld: read error: %s"), r->name,
				r->line, strerror(r->read_errno));
			return rd_fatal(r, msg, errmsg);
		}

		/* Work out what C is: data, or the end of a field or record. */
		if (st == ST_START) {
			fline = r->line;
			r->raw_len = 0;
			if (c == '"') {
				st = ST_QUOTED;
				continue;
			}
			st = ST_UNQUOTED;
		}
		if (st == ST_QUOTED) {
			if (c == EOF) {
				free(err);
				set_err(&msg,
					_("%s: line %ld: column %d: "
					"unterminated quoted field"),
					r->name, fline, col);
				return rd_fatal(r, msg, errmsg);
			}
			if (c == '"') {
				if (rd_peek(r) != '"') {
					st = ST_AFTER;
					continue;
				}
				r->pos++;
			} else if (c == '\r') {
				r->line++;
				if (rd_peek(r) == '\n') {
					r->pos++;
					c = '\n';
				}
			} else if (c == '\n') {
				r->line++;
			}
		} else if (st == ST_AFTER && c != ',' && c != '\n' &&
			   c != '\r' && c != EOF) {
			if (!bad) {
				char *at = rd_where(r, r->line);

				set_err(&err,
					_("%s: column %d: text after closing "
					"quote"),
					at ? at : r->name, col);
				free(at);
			}
			bad = 1;
			st = ST_UNQUOTED; /* skip the rest as unquoted */
		}

		if (st != ST_QUOTED &&
		    (c == ',' || c == '\n' || c == '\r' || c == EOF)) {
			if (!bad) {
				rc = rd_end_field(r, col, fline, &err);
				if (rc == -2)
					return rd_fatal(r, err, errmsg);
				bad = rc < 0;
			}
			if (c == ',') {
				col++;
				st = ST_START;
				continue;
			}
			if (c == '\n') {
				r->line++;
			} else if (c == '\r') {
				r->line++;
				if (rd_peek(r) == '\n')
					r->pos++;
			}
			break;
		}

		if (bad)
			continue;
		if (c == '\0') {
			char *at = rd_where(r, r->line);

			set_err(&err, _("%s: column %d: NUL byte"),
				at ? at : r->name, col);
			free(at);
			bad = 1;
			continue;
		}
		rc = rd_add(r, c);
		if (rc == -2)
			return rd_fatal(r, NULL, errmsg);
		if (rc < 0) {
			char *at = rd_where(r, fline);

			set_err(&err,
				_("%s: column %d: field longer than %d "
				  "bytes"),
				at ? at : r->name, col, TSU_CSV_FIELD_MAX);
			free(at);
			bad = 1;
		}
	}

	if (bad) {
		if (errmsg)
			*errmsg = err;
		else
			free(err);
		r->nf = 0;
		return -1;
	}
	for (c = 0; c < r->nf; c++)
		r->fields[c] = r->out + r->offs[c];
	*fields = r->fields;
	*nfields = r->nf;
	return 1;
}

/* The spreadsheet row of the record last read. */
long tsu_csv_row(const struct tsu_csv_reader *r)
{
	return r->row;
}

/* The encoding in use: "utf-8" or "cp932". */
const char *tsu_csv_encoding_name(const struct tsu_csv_reader *r)
{
	return r->enc == TSU_CSV_CP932 ? "cp932" : "utf-8";
}

/* Close the file (not stdin) and free the reader. */
void tsu_csv_close(struct tsu_csv_reader *r)
{
	if (!r)
		return;
	if (r->own_fp && r->fp)
		fclose(r->fp);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	free(r->name);
	free(r->buf);
	free(r->fatal);
	free(r->raw);
	free(r->out);
	free(r->offs);
	free(r->fields);
	free(r);
}

/* ---- Writing ------------------------------------------------------- */

/* The code point Windows uses where CP932 has another one than Unicode
 * text typed on Linux or macOS; CP itself when there is none. */
static uint32_t cp932_preferred(uint32_t cp)
{
	switch (cp) {
	case 0x301c:
		return 0xff5e; /* WAVE DASH -> FULLWIDTH TILDE */
	case 0x2016:
		return 0x2225; /* DOUBLE VERTICAL LINE -> PARALLEL TO */
	case 0x2212:
		return 0xff0d; /* MINUS SIGN -> FULLWIDTH HYPHEN-MINUS */
	case 0x2014:
		return 0x2015; /* EM DASH -> HORIZONTAL BAR */
	case 0x00a2:
		return 0xffe0; /* CENT SIGN */
	case 0x00a3:
		return 0xffe1; /* POUND SIGN */
	case 0x00ac:
		return 0xffe2; /* NOT SIGN */
	default:
		return cp;
	}
}

/* Append LEN bytes at S to the cell being built.  Returns 0 or -1. */
static int wr_cell_add(struct tsu_csv_writer *w, const char *s, size_t len)
{
	if (len == 0)
		return 0;
	if (grow(&w->cell, &w->cell_cap, w->cell_len, len))
		return -1;
	memcpy(w->cell + w->cell_len, s, len);
	w->cell_len += len;
	return 0;
}

/* Append LEN bytes at S to the record being built.  Returns 0 or -1. */
static int wr_rec_add(struct tsu_csv_writer *w, const char *s, size_t len)
{
	if (len == 0)
		return 0;
	if (grow(&w->rec, &w->rec_cap, w->rec_len, len))
		return -1;
	memcpy(w->rec + w->rec_len, s, len);
	w->rec_len += len;
	return 0;
}

/* Returns 1 when field S must be quoted; GUARDED says it will start with
 * an apostrophe. */
static int wr_needs_quotes(const char *s, int guarded)
{
	size_t len = strlen(s);

	if (len == 0)
		return 0;
	if ((!guarded && (s[0] == ' ' || s[0] == '\t')) || s[len - 1] == ' ' ||
	    s[len - 1] == '\t')
		return 1;
	/* U+FEFF at the start of a file would read back as a byte order
	 * mark and be dropped. */
	if (!guarded && strncmp(s, "\xef\xbb\xbf", 3) == 0)
		return 1;
	return strcspn(s, ",\"\r\n") < len;
}

/* Build field S, column COL of the current record, as a cell in w->cell:
 * guarded, mapped for CP932, quoted.  Returns 0, or -1 with *ERRMSG set. */
static int wr_build_cell(struct tsu_csv_writer *w, const char *s, int col,
			 char **errmsg)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = strlen(s), i;
	int n, guarded, quote;
	char enc[4];
	uint32_t cp;

	guarded = w->guard && (s[0] == '=' || s[0] == '+' || s[0] == '-' ||
			       s[0] == '@' || s[0] == '\t' || s[0] == '\r');
	quote = wr_needs_quotes(s, guarded);
	w->cell_len = 0;
	if (quote && wr_cell_add(w, "\"", 1))
		goto nomem;
	if (guarded && wr_cell_add(w, "'", 1))
		goto nomem;
	for (i = 0; i < len; i += n) {
		n = utf8_decode(u + i, len - i, &cp);
		if (n == 0) {
			set_err(errmsg,
				_("%s: record %ld: column %d: invalid UTF-8 "
				"(byte 0x%02x)"),
				w->name, w->nrec, col, u[i]);
			return -1;
		}
		if (cp == '"') {
			if (wr_cell_add(w, "\"\"", 2))
				goto nomem;
		} else if (w->enc == TSU_CSV_CP932 &&
			   cp932_preferred(cp) != cp) {
			if (wr_cell_add(w, enc,
					utf8_encode(cp932_preferred(cp), enc)))
				goto nomem;
		} else if (wr_cell_add(w, s + i, n)) {
			goto nomem;
		}
	}
	if (quote && wr_cell_add(w, "\"", 1))
		goto nomem;
	return 0;
nomem:
	set_err(errmsg, _("%s: record %ld: out of memory"), w->name, w->nrec);
	return -1;
}

/* Append the cell in w->cell to the record, converted to the file's
 * encoding.  Returns 0, or -1 with *ERRMSG set (a character CP932 cannot
 * hold, or out of memory). */
static int wr_put_cell(struct tsu_csv_writer *w, int col, char **errmsg)
{
	char *in, *o;
	size_t left, room, n, want;
	uint32_t cp;
	int len;

	if (w->enc != TSU_CSV_CP932) {
		if (wr_rec_add(w, w->cell, w->cell_len))
			goto nomem;
		return 0;
	}
	in = w->cell;
	left = w->cell_len;
	iconv(w->cd, NULL, NULL, NULL, NULL);
	/* UTF-8 -> CP932 does not grow the text. */
	want = left;
	while (left > 0) {
		if (grow(&w->rec, &w->rec_cap, w->rec_len, want))
			goto nomem;
		o = w->rec + w->rec_len;
		room = w->rec_cap - w->rec_len;
		n = iconv(w->cd, &in, &left, &o, &room);
		w->rec_len = (size_t)(o - w->rec);
		if (n != (size_t)-1)
			break;
		if (errno == E2BIG) {
			want = 2 * room + left + 4;
			continue;
		}
		len = utf8_decode((const unsigned char *)in, left, &cp);
		if (len == 0) {
			set_err(errmsg,
				_("%s: record %ld: column %d: invalid UTF-8"),
				w->name, w->nrec, col);
			return -1;
		}
		set_err(errmsg,
			_("%s: record %ld: column %d: U+%04X \"%.*s\" cannot be "
			"written in cp932"),
			w->name, w->nrec, col, (unsigned)cp, len, in);
		return -1;
	}
	return 0;
nomem:
	set_err(errmsg, _("%s: record %ld: out of memory"), w->name, w->nrec);
	return -1;
}

/* Create a file for writing in ENC, with a BOM for utf-8-bom. */
struct tsu_csv_writer *tsu_csv_create(const char *path,
				      enum tsu_csv_encoding enc, int guard,
				      char **errmsg)
{
	struct tsu_csv_writer *w;
	int fd;

	if (errmsg)
		*errmsg = NULL;
	if (enc != TSU_CSV_UTF8 && enc != TSU_CSV_UTF8_BOM &&
	    enc != TSU_CSV_CP932) {
		set_err(errmsg, _("%s: no encoding given for writing"), path);
		return NULL;
	}
	w = calloc(1, sizeof(*w));
	if (!w) {
		set_err(errmsg, _("%s: out of memory"), path);
		return NULL;
	}
	w->cd = (iconv_t)-1;
	w->enc = enc;
	w->guard = guard;
	w->name = strdup(strcmp(path, "-") == 0 ? STDOUT_NAME : path);
	if (!w->name) {
		set_err(errmsg, _("%s: out of memory"), path);
		goto fail;
	}
	if (enc == TSU_CSV_CP932) {
		w->cd = iconv_open("CP932", "UTF-8");
		if (w->cd == (iconv_t)-1) {
			set_err(errmsg, _("%s: cannot convert to cp932: %s"),
				w->name, strerror(errno));
			goto fail;
		}
	}
	if (strcmp(path, "-") == 0) {
		w->fp = stdout;
	} else {
		fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		if (fd < 0) {
			set_err(errmsg, "%s: %s", path, strerror(errno));
			goto fail;
		}
		w->fp = fdopen(fd, "wb");
		if (!w->fp) {
			set_err(errmsg, "%s: %s", path, strerror(errno));
			close(fd);
			goto fail;
		}
		w->own_fp = 1;
	}
	if (enc == TSU_CSV_UTF8_BOM &&
	    fwrite("\xef\xbb\xbf", 1, 3, w->fp) != 3) {
		set_err(errmsg, "%s: %s", w->name, strerror(errno));
		goto fail;
	}
	return w;
fail:
	if (w->own_fp)
		fclose(w->fp);
	if (w->cd != (iconv_t)-1)
		iconv_close(w->cd);
	free(w->name);
	free(w);
	return NULL;
}

/* Convert and write one record, or nothing of it: 0, -1 or -2. */
int tsu_csv_write(struct tsu_csv_writer *w, const char *const *fields, int n,
		  char **errmsg)
{
	int i;

	if (errmsg)
		*errmsg = NULL;
	w->nrec++;
	if (w->write_errno) {
		set_err(errmsg,
			_("%s: record %ld: not written after an earlier "
			"write error: %s"),
			w->name, w->nrec, strerror(w->write_errno));
		return -2;
	}
	if (n < 1) {
		set_err(errmsg, _("%s: record %ld: no fields"), w->name, w->nrec);
		return -1;
	}
	w->rec_len = 0;
	for (i = 0; i < n; i++) {
		if (i > 0 && wr_rec_add(w, ",", 1))
			goto nomem;
		if (wr_build_cell(w, fields[i] ? fields[i] : "", i + 1,
				  errmsg) < 0)
			return -1;
		if (wr_put_cell(w, i + 1, errmsg) < 0)
			return -1;
	}
	if (w->rec_len == 0 && wr_rec_add(w, "\"\"", 2))
		goto nomem;
	if (wr_rec_add(w, "\r\n", 2))
		goto nomem;
	errno = 0;
	if (fwrite(w->rec, 1, w->rec_len, w->fp) != w->rec_len) {
		w->write_errno = errno ? errno : EIO;
		set_err(errmsg, _("%s: record %ld: write error: %s"), w->name,
			w->nrec, strerror(w->write_errno));
		return -2;
	}
	return 0;
nomem:
	set_err(errmsg, _("%s: record %ld: out of memory"), w->name, w->nrec);
	return -1;
}

/* Flush, sync and close the file, free W; -2 if anything was lost. */
int tsu_csv_finish(struct tsu_csv_writer *w, char **errmsg)
{
	struct stat st;
	int err;

	if (errmsg)
		*errmsg = NULL;
	if (!w)
		return 0;
	err = w->write_errno;
	errno = 0;
	if (fflush(w->fp) != 0 && !err)
		err = errno ? errno : EIO;
	if (w->own_fp) {
		if (!err && fstat(fileno(w->fp), &st) == 0 &&
		    S_ISREG(st.st_mode) && fsync(fileno(w->fp)) != 0)
			err = errno;
		if (fclose(w->fp) != 0 && !err)
			err = errno ? errno : EIO;
	} else if (ferror(w->fp) && !err) {
		err = EIO;
	}
	if (err)
		set_err(errmsg, _("%s: write error: %s"), w->name, strerror(err));
	if (w->cd != (iconv_t)-1)
		iconv_close(w->cd);
	free(w->name);
	free(w->cell);
	free(w->rec);
	free(w);
	return err ? -2 : 0;
}

/* Map an encoding name to its enum value; -1 if unknown. */
int tsu_csv_encoding_parse(const char *name, enum tsu_csv_encoding *enc)
{
	static const struct {
		const char *name;
		enum tsu_csv_encoding enc;
	} names[] = {
	    {"auto", TSU_CSV_AUTO},	  {"utf-8", TSU_CSV_UTF8},
	    {"utf8", TSU_CSV_UTF8},	  {"utf-8-bom", TSU_CSV_UTF8_BOM},
	    {"cp932", TSU_CSV_CP932},	  {"sjis", TSU_CSV_CP932},
	    {"shift_jis", TSU_CSV_CP932}, {"shift-jis", TSU_CSV_CP932},
	    {"ms932", TSU_CSV_CP932},	  {"windows-31j", TSU_CSV_CP932},
	};
	size_t i;

	if (!name)
		return -1;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcasecmp(name, names[i].name) == 0) {
			*enc = names[i].enc;
			return 0;
		}
	}
	return -1;
}
