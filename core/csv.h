/* csv.h - reading and writing CSV files in UTF-8 and CP932.
 *
 * The reader streams: it holds one record at a time, so its memory is
 * bounded by the longest record, never by the size of the file.  Whatever
 * the file's encoding, the fields it returns are UTF-8.  The writer takes
 * UTF-8 and writes UTF-8 (with or without a byte order mark) or CP932, the
 * encoding Excel on Japanese Windows opens by default.
 *
 * CP932 goes through glibc iconv ("CP932").  Reading, 0x8160 becomes
 * U+FF5E FULLWIDTH TILDE; writing, the characters Linux and macOS input
 * methods produce where Windows has a different code point are mapped first:
 * U+301C WAVE DASH -> U+FF5E, U+2016 -> U+2225, U+2212 MINUS SIGN -> U+FF0D,
 * U+2014 EM DASH -> U+2015, U+00A2/00A3/00AC -> U+FFE0/FFE1/FFE2.  The IBM
 * extensions (0xFA40-0xFC4B, e.g. 髙 0xFBFC, 﨑 0xFAB1) round-trip byte for
 * byte; their NEC-selected duplicates (0xED40-0xEEFC) and the duplicates in
 * NEC row 13 come back as the IBM or JIS code, as they do on Windows.
 * glibc writes U+00A5 YEN SIGN as 0x5C and U+203E OVERLINE as 0x7E, which
 * Japanese Windows fonts show as ¥ and ‾; they read back as '\' and '~'.
 *
 * Errors follow the project's rule: 0 (or a count) on success, negative on
 * failure with a message in *errmsg (malloc'd, the caller frees it; ERRMSG
 * may be NULL).  Messages name the file, and the line and column where they
 * can: "people.csv: line 17: column 3: unterminated quoted field".  Standard
 * input and output are named "<stdin>" and "<stdout>".
 */
#ifndef TSU_CSV_H
#define TSU_CSV_H

/* The longest field the reader accepts, in bytes as they are in the file
 * (after a quoted CRLF has become LF). */
#define TSU_CSV_FIELD_MAX 65536

enum tsu_csv_encoding {
	TSU_CSV_AUTO,	  /* reading only: detect UTF-8 or CP932 */
	TSU_CSV_UTF8,	  /* reading: a leading BOM is skipped */
	TSU_CSV_UTF8_BOM, /* reading: as UTF8; writing: starts with a BOM */
	TSU_CSV_CP932,	  /* Windows Japanese (Shift_JIS with extensions) */
};

/* Parse an encoding name: "auto", "utf-8" (or "utf8"), "utf-8-bom",
 * "cp932" (also "sjis", "shift_jis", "shift-jis", "ms932",
 * "windows-31j"), in any case.  Returns 0 and sets *ENC, or -1 for any other
 * name (*ENC untouched). */
int tsu_csv_encoding_parse(const char *name, enum tsu_csv_encoding *enc);

/* ---- Reading ------------------------------------------------------- */

struct tsu_csv_reader;

/* Open PATH for reading ("-" = standard input, which is not closed by
 * tsu_csv_close()).  With ENC TSU_CSV_AUTO: a UTF-8 byte order mark means
 * UTF-8; otherwise the encoding is decided at the first byte that is not
 * ASCII, wherever it is in the file (the reader still holds no more than
 * 128 KiB of it): the file is UTF-8 when the 64 KiB from there are valid
 * UTF-8 or mostly so (at least four valid multi-byte characters for each
 * byte that is not UTF-8: a UTF-8 file with a few bad bytes, which are
 * then refused as invalid UTF-8), CP932 when they are not.  A file of
 * ASCII only is read as UTF-8.  The BOM is never part of the first field.
 * A file that starts with a UTF-8 BOM is refused when CP932 was asked for.
 * Returns NULL with *ERRMSG set when the file cannot be opened or read. */
struct tsu_csv_reader *tsu_csv_open(const char *path, enum tsu_csv_encoding enc,
				    char **errmsg);

/* Read the next record.
 *
 * Returns 1 with a record: *FIELDS points to *NFIELDS (>= 1) UTF-8,
 * NUL-terminated fields, owned by the reader and valid until the next call
 * or tsu_csv_close().  Returns 0 at the end of the file.  *LINE is set to
 * the physical line (1-based) where the record starts, also when an error
 * is returned, and left alone at the end of the file; LINE may be NULL.
 *
 * Syntax: fields are separated by commas and records end at LF, CRLF or a
 * lone CR; the last record may lack its newline; empty lines are skipped
 * (a line holding only "" is a record with one empty field).  A field that
 * starts with a double quote is quoted: it may hold commas, "" (one quote)
 * and newlines; a CRLF in it becomes "\n", a lone CR or LF stays as it is.
 * A quote inside an unquoted field is an ordinary character.
 *
 * Returns -1, a recoverable error, for a record that breaks one of these
 * rules: text after the closing quote of a field, a field longer than
 * TSU_CSV_FIELD_MAX bytes, a NUL byte, bytes that are not valid UTF-8
 * (UTF-8 files) or not valid CP932 (CP932 files).  The message names the
 * file, the record's row as a spreadsheet numbers it (tsu_csv_row()) and
 * the column (field number, 1-based); when a line break in a quoted cell
 * makes the line of the fault another number, it is given too:
 * "a.csv: line 3 (line 5 in a text editor): column 2: NUL byte".
 * The rest of the record is skipped up to its end (the next newline outside
 * quotes), so the next call reads the next record: an import can report the
 * bad row and go on.  *FIELDS is set to NULL and *NFIELDS to 0.
 *
 * Returns -2, a fatal error, when reading cannot go on: an I/O error, or a
 * quoted field still open at the end of the file (the message gives the
 * line where it was opened).  Every later call returns -2 again. */
int tsu_csv_read(struct tsu_csv_reader *r, char ***fields, int *nfields,
		 long *line, char **errmsg);

/* The row of the record last read by tsu_csv_read() (also a refused
 * one) as a spreadsheet numbers it: the first record is row 1, each
 * record and each empty line is one row, whatever line breaks its quoted
 * fields hold (where *LINE counts the lines of the file).  0 before the
 * first record. */
long tsu_csv_row(const struct tsu_csv_reader *r);

/* The encoding the reader uses: "utf-8" or "cp932" ("utf-8" too while
 * every byte read so far was ASCII). */
const char *tsu_csv_encoding_name(const struct tsu_csv_reader *r);

/* Close the file and free R (NULL is ignored). */
void tsu_csv_close(struct tsu_csv_reader *r);

/* ---- Writing ------------------------------------------------------- */

struct tsu_csv_writer;

/* Create (or truncate) PATH for writing ("-" = standard output) in ENC:
 * TSU_CSV_UTF8, TSU_CSV_UTF8_BOM (the file starts with a BOM, which Excel
 * needs to recognise UTF-8) or TSU_CSV_CP932; TSU_CSV_AUTO is refused.  A
 * new file gets mode 0600, as it usually holds personal data.  Records end
 * in CRLF.
 *
 * GUARD non-zero turns on the formula-injection guard for spreadsheets: a
 * cell that starts with = + - @ TAB or CR gets a leading apostrophe, so
 * "=HYPERLINK(...)" is shown as text and "-5" is written as "'-5".
 * Returns NULL with *ERRMSG set on failure. */
struct tsu_csv_writer *tsu_csv_create(const char *path,
				      enum tsu_csv_encoding enc, int guard,
				      char **errmsg);

/* Write one record of N (>= 1) UTF-8 fields; a NULL field is empty.  A
 * field is quoted (RFC 4180, "" for a quote) when it holds a comma, quote,
 * CR or LF, starts or ends with a space or TAB, or starts with U+FEFF
 * (which would read back as a byte order mark); a record of one empty
 * field is written as "" so that it does not read back as an empty line.
 * A CR LF inside a field is written as it is, and so reads back as LF,
 * like any line break in a quoted field.
 *
 * Returns 0 on success.  Returns -1 when the record cannot be written as
 * given, and then nothing of it is written and the writer can go on with
 * the next record: N < 1, a field that is not valid UTF-8, or (CP932) a
 * character CP932 cannot hold, e.g. "record 12: column 3: U+20BB7 "𠮷"
 * cannot be written in cp932".  Records are numbered from 1 by the calls
 * to this function, counting the refused ones.  Returns -2 on a write
 * error; every later call returns -2 too. */
int tsu_csv_write(struct tsu_csv_writer *w, const char *const *fields, int n,
		  char **errmsg);

/* Flush and close the file (syncing it to disk) and free W; standard output
 * is flushed, not closed.  Returns 0, or -2 with *ERRMSG set when anything
 * could not be written (e.g. the disk is full), including an earlier
 * failed tsu_csv_write().  W is freed in every case (NULL is ignored). */
int tsu_csv_finish(struct tsu_csv_writer *w, char **errmsg);

#endif
