/* csv_test.c - tests of the CSV reader and writer (core/csv.c).
 *
 * Every file is made here, in a temporary directory, with explicit bytes:
 * CP932 with 髙 (0xFBFC), 﨑 (0xFAB1) and ～ (0x8160), BOMs, CRLF, quoted
 * commas and newlines, and each kind of broken input. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include "csv.h"
#include "tap.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define HEAP_BY_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HEAP_BY_ASAN 1
#endif
#endif

#ifdef HEAP_BY_ASAN
size_t __sanitizer_get_current_allocated_bytes(void);
#else
#include <malloc.h>
#endif

/* CP932 bytes used below (checked against glibc iconv). */
#define SJ_TAKA "\xfb\xfc"	     /* 髙 U+9AD9, IBM extension */
#define SJ_HASHI "\x8b\xb4"	     /* 橋 */
#define SJ_YAMA "\x8e\x52"	     /* 山 */
#define SJ_SAKI "\xfa\xb1"	     /* 﨑 U+FA11, IBM extension */
#define SJ_TILDE "\x81\x60"	     /* ～ U+FF5E (〜 on Windows) */
#define SJ_ICHI "\x88\xea"	     /* 一 */
#define SJ_NI "\x93\xf1"	     /* 二 */
#define SJ_GYOUME "\x8d\x73\x96\xda" /* 行目 */
#define SJ_KANA "\xb1\xb2\xb3"	     /* ｱｲｳ, half-width */
#define BOM "\xef\xbb\xbf"	     /* UTF-8 byte order mark */

static char tmpdir[4096];
static char tmpl[4096 + 32];

/* Bytes in use on the heap now. */
static size_t heap_in_use(void)
{
#ifdef HEAP_BY_ASAN
	return __sanitizer_get_current_allocated_bytes();
#else
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
#endif
}

/* Make an empty temporary file; returns its path (static, one at a time
 * is enough here; the caller unlinks it). */
static const char *temp_path(void)
{
	int fd;

	snprintf(tmpl, sizeof(tmpl), "%s/csv_test.XXXXXX", tmpdir);
	fd = mkstemp(tmpl);
	if (fd < 0) {
		perror("mkstemp");
		exit(2);
	}
	close(fd);
	return tmpl;
}

/* Make a temporary file holding LEN bytes of DATA; returns its path. */
static const char *temp_file(const char *data, size_t len)
{
	const char *path = temp_path();
	FILE *fp = fopen(path, "wb");

	if (!fp || fwrite(data, 1, len, fp) != len || fclose(fp) != 0) {
		perror(path);
		exit(2);
	}
	return path;
}

/* The whole content of PATH in a malloc'd buffer, its length in *LEN. */
static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	long n;

	*len = 0;
	if (!fp)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) >= 0 &&
	    fseek(fp, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf && fread(buf, 1, (size_t)n, fp) == (size_t)n) {
			buf[n] = '\0';
			*len = (size_t)n;
		}
	}
	fclose(fp);
	return buf;
}

/* Append printf-style text to the malloc'd string *S. */
static void append(char **s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void append(char **s, const char *fmt, ...)
{
	char *add, *joined;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&add, fmt, ap) < 0)
		exit(2);
	va_end(ap);
	if (asprintf(&joined, "%s%s", *s ? *s : "", add) < 0)
		exit(2);
	free(add);
	free(*s);
	*s = joined;
}

/* Read every record of PATH and describe them, one per line: "L:[f1][f2]"
 * for a record starting on line L, "E-1:message" for an error (the file
 * name at the start of messages replaced by "F").  Stops at the end or at a
 * fatal error.  *ENCNAME (if not NULL) gets the detected encoding. */
static char *dump_path(const char *path, enum tsu_csv_encoding enc,
		       const char **encname)
{
	struct tsu_csv_reader *r;
	char **f, *err = NULL, *out = NULL;
	long line;
	int n, rc, i;
	size_t plen = strlen(path), size = 0;
	FILE *o;

	r = tsu_csv_open(path, enc, &err);
	if (!r) {
		append(&out, "OPEN:%s",
		       err && strncmp(err, path, plen) == 0 ? err + plen : err);
		free(err);
		return out;
	}
	/* A stream, not append(): files of tens of thousands of records. */
	o = open_memstream(&out, &size);
	if (!o)
		exit(2);
	for (;;) {
		rc = tsu_csv_read(r, &f, &n, &line, &err);
		if (rc == 0)
			break;
		if (rc < 0) {
			const char *m = err ? err : "(no message)";

			if (strncmp(m, path, plen) == 0)
				fprintf(o, "E%d:F%s\n", rc, m + plen);
			else
				fprintf(o, "E%d:%s\n", rc, m);
			free(err);
			err = NULL;
			if (rc == -2)
				break;
			continue;
		}
		fprintf(o, "%ld:", line);
		for (i = 0; i < n; i++)
			fprintf(o, "[%s]", f[i]);
		fputc('\n', o);
	}
	if (fclose(o) != 0)
		exit(2);
	/* The encoding read in, which may have been settled on the way. */
	if (encname)
		*encname = strcmp(tsu_csv_encoding_name(r), "cp932") == 0
			       ? "cp932"
			       : "utf-8";
	tsu_csv_close(r);
	return out;
}

/* Write LEN bytes of DATA to a file and dump it (see dump_path). */
static char *dump(const char *data, size_t len, enum tsu_csv_encoding enc)
{
	const char *path = temp_file(data, len);
	char *out = dump_path(path, enc, NULL);

	unlink(path);
	return out;
}

#define DUMP(lit, enc) dump((lit), sizeof(lit) - 1, (enc))

/* Check that dumping DATA in ENC gives WANT. */
#define is_dump(lit, enc, want, name)                                          \
	do {                                                                   \
		char *got_ = DUMP(lit, enc);                                   \
		is_str(got_, want, name);                                      \
		free(got_);                                                    \
	} while (0)

static void test_encoding_parse(void)
{
	enum tsu_csv_encoding e = TSU_CSV_UTF8;

	ok(tsu_csv_encoding_parse("auto", &e) == 0 && e == TSU_CSV_AUTO,
	   "parse auto");
	ok(tsu_csv_encoding_parse("utf-8", &e) == 0 && e == TSU_CSV_UTF8,
	   "parse utf-8");
	ok(tsu_csv_encoding_parse("UTF-8-BOM", &e) == 0 &&
	       e == TSU_CSV_UTF8_BOM,
	   "parse UTF-8-BOM");
	ok(tsu_csv_encoding_parse("cp932", &e) == 0 && e == TSU_CSV_CP932,
	   "parse cp932");
	e = TSU_CSV_UTF8;
	ok(tsu_csv_encoding_parse("sjis", &e) == 0 && e == TSU_CSV_CP932,
	   "parse sjis");
	e = TSU_CSV_UTF8;
	ok(tsu_csv_encoding_parse("Shift_JIS", &e) == 0 && e == TSU_CSV_CP932,
	   "parse Shift_JIS");
	e = TSU_CSV_UTF8;
	is_int(tsu_csv_encoding_parse("euc-jp", &e), -1, "parse euc-jp fails");
	is_int(tsu_csv_encoding_parse("", &e), -1, "parse empty fails");
	ok(e == TSU_CSV_UTF8, "failed parse leaves the value");
}

/* Read LEN bytes of CP932 DATA and write the records back in CP932.
 * Returns the bytes written (malloc'd, NUL-terminated), or NULL. */
static char *cp932_rewrite(const char *data, size_t len)
{
	const char *in = temp_file(data, len);
	char inpath[sizeof(tmpl)], *back = NULL, **f;
	struct tsu_csv_reader *r;
	struct tsu_csv_writer *w;
	const char *out;
	long line;
	int n, rc = 0;

	strcpy(inpath, in);
	r = tsu_csv_open(inpath, TSU_CSV_CP932, NULL);
	out = temp_path();
	w = tsu_csv_create(out, TSU_CSV_CP932, 0, NULL);
	if (r && w) {
		while ((rc = tsu_csv_read(r, &f, &n, &line, NULL)) == 1)
			if (tsu_csv_write(w, (const char *const *)f, n, NULL))
				break;
	}
	if (tsu_csv_finish(w, NULL) == 0 && r && rc == 0)
		back = slurp(out, &len);
	tsu_csv_close(r);
	unlink(out);
	unlink(inpath);
	return back;
}

static void test_cp932(void)
{
	/* clang-format off */
	static const char data[] =
		SJ_TAKA SJ_HASHI "," SJ_YAMA SJ_SAKI "," SJ_TILDE "\r\n"
		"\"a,b\",\"" SJ_ICHI SJ_GYOUME "\r\n" SJ_NI SJ_GYOUME "\","
		SJ_KANA "\r\n"
		"\"say \"\"hi\"\"\",x\r\n";
	/* clang-format on */
	/* As the writer writes it: CRLF at the end, LF in a field; with
	 * ① (NEC row 13) and 纊 (IBM extension 0xFA5C). */
	/* clang-format off */
	static const char canon[] =
		SJ_TAKA SJ_HASHI "," SJ_YAMA SJ_SAKI "," SJ_TILDE "\r\n"
		"\"a,b\",\"" SJ_ICHI SJ_GYOUME "\n" SJ_NI SJ_GYOUME "\","
		SJ_KANA ",\"\"\"\"\r\n"
		"\x87\x40,\xfa\x5c\r\n";
	/* clang-format on */
	const char *want = "1:[髙橋][山﨑][～]\n"
			   "2:[a,b][一行目\n二行目][ｱｲｳ]\n"
			   "4:[say \"hi\"][x]\n";
	const char *path = temp_file(data, sizeof(data) - 1);
	const char *encname = NULL;
	char *got;

	got = dump_path(path, TSU_CSV_CP932, &encname);
	is_str(got, want, "cp932: 髙橋, 﨑, ～, quoted comma and CRLF");
	is_str(encname, "cp932", "cp932: encoding name");
	free(got);
	got = dump_path(path, TSU_CSV_AUTO, &encname);
	is_str(got, want, "cp932: detected");
	is_str(encname, "cp932", "cp932: auto-detected encoding name");
	free(got);
	unlink(path);

	got = cp932_rewrite(canon, sizeof(canon) - 1);
	ok(got && strlen(got) == sizeof(canon) - 1 &&
	       memcmp(got, canon, sizeof(canon) - 1) == 0,
	   "cp932: bytes identical after read and write (髙 FBFC, 﨑 FAB1)");
	free(got);
	got = cp932_rewrite("\xed\x40,\xee\xe0\r\n", 7);
	is_str(got, "\xfa\x5c,\xfb\xfc\r\n",
	       "cp932: NEC-selected 纊 and 髙 come back as IBM extensions");
	free(got);

	/* Invalid CP932: a lone lead byte, an undefined byte, a bad pair. */
	is_dump("ok\r\nab\x81,c\r\nx,\xa0\r\n\x85\x40\r\n\"q\r\n\x80\"\r\nend",
		TSU_CSV_CP932,
		"1:[ok]\n"
		"E-1:F: line 2: column 1: invalid cp932 (byte 0x81)\n"
		"E-1:F: line 3: column 2: invalid cp932 (byte 0xa0)\n"
		"E-1:F: line 4: column 1: invalid cp932 (bytes 0x85 0x40)\n"
		"E-1:F: line 5 (line 6 in a text editor): column 1: invalid "
		"cp932 (byte 0x80)\n"
		"7:[end]\n",
		"cp932: invalid bytes refused with line and column");
	is_dump(BOM "a\r\n", TSU_CSV_CP932,
		"OPEN:: starts with a UTF-8 byte order mark; it is UTF-8, "
		"not cp932",
		"cp932: a file with a UTF-8 BOM is refused");
}

static void test_utf8(void)
{
	const char *encname = NULL;
	const char *path;
	char *got;
	char *big;
	size_t i;

	is_dump(BOM "name,age\r\n髙橋,3\r\n", TSU_CSV_AUTO,
		"1:[name][age]\n2:[髙橋][3]\n",
		"utf-8 BOM: not in first field");
	is_dump(BOM "name\n", TSU_CSV_UTF8, "1:[name]\n",
		"utf-8 BOM: skipped when utf-8 is given");
	is_dump(BOM "name\n", TSU_CSV_UTF8_BOM, "1:[name]\n",
		"utf-8 BOM: skipped when utf-8-bom is given");
	is_dump("\xef\xbb\xbf", TSU_CSV_AUTO, "", "utf-8 BOM only: no records");
	is_dump("", TSU_CSV_AUTO, "", "empty file: no records");

	path = temp_file("山﨑,〜\n", strlen("山﨑,〜\n"));
	got = dump_path(path, TSU_CSV_AUTO, &encname);
	is_str(got, "1:[山﨑][〜]\n", "utf-8 without BOM: read");
	is_str(encname, "utf-8", "utf-8 without BOM: detected");
	free(got);
	unlink(path);

	path = temp_file("plain,ascii\n", 12);
	got = dump_path(path, TSU_CSV_AUTO, &encname);
	is_str(encname, "utf-8", "ascii: detected as utf-8");
	free(got);
	unlink(path);

	/* A character cut by the 64 KiB sniffing limit is still UTF-8. */
	big = malloc(65536 * 3 + 16);
	for (i = 0; i < 65535; i += 5)
		memcpy(big + i, "abcd\n", 5);
	memcpy(big + 65535, "あ\n", 4);
	path = temp_file(big, 65535 + 4);
	got = dump_path(path, TSU_CSV_AUTO, &encname);
	is_str(encname, "utf-8", "auto: utf-8 character across 64 KiB");
	ok(got && strstr(got, "\n13107:[abcd]\n13108:[あ]\n") != NULL,
	   "auto: that character reads whole");
	free(got);
	unlink(path);

	/* The first non-ASCII bytes decide, however far into the file:
	 * CP932 after 64 KiB of ASCII is CP932, also with its first byte
	 * the last of a chunk, and UTF-8 there is UTF-8. */
	for (i = 0; i < 65536; i += 4)
		memcpy(big + i, "aa\r\n", 4);
	memcpy(big + 65536, SJ_TAKA "\r\n", 4);
	path = temp_file(big, 65536 + 4);
	got = dump_path(path, TSU_CSV_AUTO, &encname);
	is_str(encname, "cp932", "auto: cp932 after 64 KiB of ascii");
	ok(got && strstr(got, "\n16385:[髙]\n") != NULL,
	   "auto: that row reads as cp932");
	free(got);
	unlink(path);
	/* 0xE3 could start UTF-8 too: the bytes after it decide. */
	memcpy(big + 65532, "aaa\xe3\x40\xe3\x41\r\n", 9);
	path = temp_file(big, 65532 + 9);
	got = dump_path(path, TSU_CSV_AUTO, &encname);
	is_str(encname, "cp932", "auto: cp932 lead byte ending a chunk");
	ok(got && strstr(got, "[aaa紂紜]\n") != NULL,
	   "auto: that character reads whole");
	free(got);
	unlink(path);
	memcpy(big + 65536 * 3, "あ\r\n", 5);
	for (i = 65532; i < 65536 * 3; i += 4)
		memcpy(big + i, "bb\r\n", 4);
	path = temp_file(big, 65536 * 3 + 5);
	got = dump_path(path, TSU_CSV_AUTO, &encname);
	is_str(encname, "utf-8", "auto: utf-8 after 192 KiB of ascii");
	ok(got && strstr(got, "\n49153:[あ]\n") != NULL,
	   "auto: that row reads as utf-8");
	free(got);
	unlink(path);
	free(big);

	is_dump("ok\nab\xff"
		"c,d\n\"x\ny\xc3\",z\n"
		"\xed\xa0\x80\n\xc0\xaf\nend\n",
		TSU_CSV_UTF8,
		"1:[ok]\n"
		"E-1:F: line 2: column 1: invalid UTF-8 (byte 0xff)\n"
		"E-1:F: line 3 (line 4 in a text editor): column 1: invalid "
		"UTF-8 (byte 0xc3)\n"
		"E-1:F: line 4 (line 5 in a text editor): column 1: invalid "
		"UTF-8 (byte 0xed)\n"
		"E-1:F: line 5 (line 6 in a text editor): column 1: invalid "
		"UTF-8 (byte 0xc0)\n"
		"7:[end]\n",
		"utf-8: invalid bytes, surrogates, overlongs refused");
}

/* The rows of DATA as a spreadsheet numbers them, "ROW/LINE " each. */
static char *rows_of(const char *data)
{
	const char *path = temp_file(data, strlen(data));
	struct tsu_csv_reader *r = tsu_csv_open(path, TSU_CSV_UTF8, NULL);
	char **f, *out = NULL;
	long line;
	int n, rc;

	append(&out, "%s", "");
	while (r && (rc = tsu_csv_read(r, &f, &n, &line, NULL)) != 0) {
		append(&out, "%ld/%ld ", tsu_csv_row(r), line);
		if (rc == -2)
			break;
	}
	tsu_csv_close(r);
	unlink(path);
	return out;
}

static void test_syntax(void)
{
	char *got;

	got = rows_of("h\r\n\"a\r\nb\",c\r\n,\r\n\r\n\"x\ny\nz\"q\r\nlast");
	is_str(got, "1/1 2/2 3/4 5/6 6/9 ",
	       "rows: a quoted line break is no row, an empty line is one, "
	       "a refused record is one");
	free(got);
	is_dump("a,\"x\ny\",b\r\n\r\nc\rd\n\n\ne", TSU_CSV_UTF8,
		"1:[a][x\ny][b]\n4:[c]\n5:[d]\n8:[e]\n",
		"line numbers: quoted newline, blank lines, lone CR, no final "
		"newline");
	is_dump("\n\r\n\rfirst\n", TSU_CSV_UTF8, "4:[first]\n",
		"line numbers: leading blank lines");
	is_dump("\"a\r\nb\",\"c\rd\",\"e\nf\"\r\nnext\r\n", TSU_CSV_UTF8,
		"1:[a\nb][c\rd][e\nf]\n5:[next]\n",
		"quoted CRLF becomes LF, lone CR and LF stay");
	is_dump("a,,b\n,\n\"\"\n\"\",\"\"\n", TSU_CSV_UTF8,
		"1:[a][][b]\n2:[][]\n3:[]\n4:[][]\n", "empty fields");
	is_dump("\"say \"\"hi\"\"\",\"\"\"\"\n", TSU_CSV_UTF8,
		"1:[say \"hi\"][\"]\n", "doubled quotes");
	is_dump("ab\"c,d\"\n", TSU_CSV_UTF8, "1:[ab\"c][d\"]\n",
		"quote inside an unquoted field is kept");
	is_dump(" a , b \n", TSU_CSV_UTF8, "1:[ a ][ b ]\n", "spaces are kept");
}

static void test_refusals(void)
{
	char *data, *got, *want;
	size_t i;

	is_dump("\"ab\"c,d\nnext\n", TSU_CSV_UTF8,
		"E-1:F: line 1: column 1: text after closing quote\n"
		"2:[next]\n",
		"text after closing quote: refused, next record read");
	is_dump("x,\"ab\" ,\"multi\nline\"\nok\n", TSU_CSV_UTF8,
		"E-1:F: line 1: column 2: text after closing quote\n"
		"3:[ok]\n",
		"text after closing quote: skips a quoted newline after it");
	is_dump("a\0b,c\nx,\"q\n\0\"\nok\n", TSU_CSV_UTF8,
		"E-1:F: line 1: column 1: NUL byte\n"
		"E-1:F: line 2 (line 3 in a text editor): column 2: NUL byte\n"
		"4:[ok]\n",
		"NUL bytes refused");
	is_dump("ok\na,\"abc\ndef\n", TSU_CSV_UTF8,
		"1:[ok]\nE-2:F: line 2: column 2: unterminated quoted field\n",
		"unterminated quote at end of file is fatal");
	{
		static const char d[] = "\"abc";
		const char *path = temp_file(d, sizeof(d) - 1);
		struct tsu_csv_reader *r =
		    tsu_csv_open(path, TSU_CSV_UTF8, NULL);
		char **f, *err = NULL;
		int n;
		long line;

		is_int(tsu_csv_read(r, &f, &n, &line, NULL), -2,
		       "fatal error without errmsg");
		is_int(tsu_csv_read(r, &f, &n, &line, &err), -2,
		       "fatal error repeats");
		ok(err && strstr(err, "unterminated"), "fatal message repeats");
		free(err);
		tsu_csv_close(r);
		unlink(path);
	}

	/* A field of exactly TSU_CSV_FIELD_MAX bytes, then one byte more. */
	data = malloc(2 * TSU_CSV_FIELD_MAX + 64);
	memset(data, 'x', TSU_CSV_FIELD_MAX);
	i = TSU_CSV_FIELD_MAX;
	memcpy(data + i, "\n\"", 2);
	i += 2;
	memset(data + i, 'y', TSU_CSV_FIELD_MAX + 1);
	i += TSU_CSV_FIELD_MAX + 1;
	memcpy(data + i, "\",z\nok\n", 7);
	i += 7;
	got = dump(data, i, TSU_CSV_UTF8);
	want = NULL;
	append(&want, "1:[%.*s]\n", TSU_CSV_FIELD_MAX, data);
	append(&want, "E-1:F: line 2: column 1: field longer than 65536 "
		      "bytes\n3:[ok]\n");
	is_str(got, want, "field of 64 KiB read, field of 64 KiB + 1 refused");
	free(want);
	free(got);
	free(data);

	is_dump(BOM "a", (enum tsu_csv_encoding)42,
		"OPEN:: unknown encoding 42", "open: unknown encoding");
}

static void test_open_errors(void)
{
	char *err = NULL;
	char path[sizeof(tmpdir) + 32];

	snprintf(path, sizeof(path), "%s/csv_test-missing/x.csv", tmpdir);
	ok(tsu_csv_open(path, TSU_CSV_AUTO, &err) == NULL,
	   "open: missing file");
	ok(err && strstr(err, "x.csv: No such file or directory"),
	   "open: message names the file");
	free(err);
	err = NULL;
	ok(tsu_csv_open(tmpdir, TSU_CSV_AUTO, &err) == NULL,
	   "open: directory refused");
	ok(err && strstr(err, ": is a directory"), "open: says directory");
	free(err);
	ok(tsu_csv_open(path, TSU_CSV_AUTO, NULL) == NULL,
	   "open: errmsg may be NULL");
	/* Reading the start of this file fails with EIO. */
	err = NULL;
	ok(tsu_csv_open("/proc/self/mem", TSU_CSV_AUTO, &err) == NULL,
	   "open: read error");
	is_str(err, "/proc/self/mem: Input/output error",
	       "open: read error message");
	free(err);
	ok(tsu_csv_create(path, TSU_CSV_UTF8, 0, NULL) == NULL,
	   "create: missing directory");
	err = NULL;
	ok(tsu_csv_create(path, TSU_CSV_AUTO, 0, &err) == NULL && err,
	   "create: auto refused");
	free(err);
}

/* Reading "-" reads standard input. */
static void test_stdin(void)
{
	static const char d[] = BOM "a,b\r\nc\r\n";
	const char *path = temp_file(d, sizeof(d) - 1);
	int saved = dup(0), fd = open(path, O_RDONLY);
	char *got;

	fflush(stdout);
	dup2(fd, 0);
	close(fd);
	clearerr(stdin);
	got = dump_path("-", TSU_CSV_AUTO, NULL);
	is_str(got, "1:[a][b]\n2:[c]\n", "read standard input");
	free(got);
	dup2(saved, 0);
	close(saved);
	clearerr(stdin);
	unlink(path);
}

/* Write RECS (NREC records of NF fields) to a new file in ENC, return its
 * path (static). */
static const char *write_file(enum tsu_csv_encoding enc, int guard,
			      const char *const *recs, int nrec, int nf)
{
	const char *path = temp_path();
	struct tsu_csv_writer *w;
	char *err = NULL;
	int i;

	w = tsu_csv_create(path, enc, guard, &err);
	if (!w) {
		printf("# %s\n", err);
		exit(2);
	}
	for (i = 0; i < nrec; i++)
		if (tsu_csv_write(w, recs + i * nf, nf, &err) != 0) {
			printf("# %s\n", err);
			free(err);
			err = NULL;
		}
	if (tsu_csv_finish(w, &err) != 0) {
		printf("# %s\n", err);
		free(err);
	}
	return path;
}

static void test_writer_round_trip(void)
{
	/* clang-format off */
	static const char *const recs[] = {
		"氏名", "備考", "空", "NULL",
		"髙橋 花子", "a,b", "say \"hi\"", NULL,
		"山﨑", "一行目\n二行目", " lead", "trail ",
		"～ ｱｲｳ", "", "x\r\ny", "=1+1",
	};
	/* clang-format on */
	static const char *const one_empty[] = {""};
	static const char want[] = "1:[氏名][備考][空][NULL]\n"
				   "2:[髙橋 花子][a,b][say \"hi\"][]\n"
				   "3:[山﨑][一行目\n二行目][ lead][trail ]\n"
				   "5:[～ ｱｲｳ][][x\ny][=1+1]\n";
	static const struct {
		enum tsu_csv_encoding enc;
		const char *name;
	} encs[] = {
	    {TSU_CSV_UTF8, "utf-8"},
	    {TSU_CSV_UTF8_BOM, "utf-8-bom"},
	    {TSU_CSV_CP932, "cp932"},
	};
	const char *path, *encname;
	char name[128], *got, *bytes;
	size_t i, len;
	struct stat st;
	int has_bom;

	for (i = 0; i < sizeof(encs) / sizeof(encs[0]); i++) {
		path = write_file(encs[i].enc, 0, recs, 4, 4);
		got = dump_path(path, encs[i].enc, NULL);
		snprintf(name, sizeof(name), "round trip %s", encs[i].name);
		is_str(got, want, name);
		free(got);
		got = dump_path(path, TSU_CSV_AUTO, &encname);
		snprintf(name, sizeof(name), "round trip %s, detected",
			 encs[i].name);
		is_str(got, want, name);
		is_str(encname,
		       encs[i].enc == TSU_CSV_CP932 ? "cp932" : "utf-8",
		       "detected encoding of the written file");
		free(got);
		bytes = slurp(path, &len);
		snprintf(name, sizeof(name), "%s: BOM only with utf-8-bom",
			 encs[i].name);
		has_bom = bytes && len >= 3 && memcmp(bytes, BOM, 3) == 0;
		ok(bytes && has_bom == (encs[i].enc == TSU_CSV_UTF8_BOM), name);
		free(bytes);
		if (i == 0) {
			ok(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600,
			   "new file has mode 0600");
		}
		unlink(path);
	}

	path = write_file(TSU_CSV_UTF8, 0, recs + 4, 1, 4);
	bytes = slurp(path, &len);
	is_str(bytes, "髙橋 花子,\"a,b\",\"say \"\"hi\"\"\",\r\n",
	       "utf-8: quoting and CRLF");
	free(bytes);
	unlink(path);

	path = write_file(TSU_CSV_UTF8, 0, recs + 8, 1, 4);
	bytes = slurp(path, &len);
	is_str(bytes, "山﨑,\"一行目\n二行目\",\" lead\",\"trail \"\r\n",
	       "utf-8: newline and edge spaces quoted");
	free(bytes);
	unlink(path);

	path = write_file(TSU_CSV_UTF8, 0, one_empty, 1, 1);
	bytes = slurp(path, &len);
	is_str(bytes, "\"\"\r\n", "one empty field is written as \"\"");
	free(bytes);
	got = dump_path(path, TSU_CSV_AUTO, NULL);
	is_str(got, "1:[]\n", "one empty field reads back");
	free(got);
	unlink(path);
}

static void test_writer_cp932(void)
{
	static const char *const typed[] = {
	    "〜", "～", "‖", "−", "¢£¬", "—", "髙﨑",
	};
	/* clang-format off */
	static const char *const recs[] = {
		"ok", "1", "x",
		"名前", "吉", "𠮷野家",
		"3", "emoji", "😀",
		"fine", "2", "y",
		"bad", "\xff", "z",
	};
	/* clang-format on */
	const char *path;
	struct tsu_csv_writer *w;
	char *err = NULL, *bytes, *got;
	size_t len;
	int rc;

	path = write_file(TSU_CSV_CP932, 0, typed, 1, 7);
	bytes = slurp(path, &len);
	is_str(bytes,
	       "\x81\x60,\x81\x60,\x81\x61,\x81\x7c,\x81\x91\x81\x92\x81\xca,"
	       "\x81\x5c," SJ_TAKA SJ_SAKI "\r\n",
	       "cp932: wave dash, ‖, minus, ¢£¬, em dash as Windows has them");
	free(bytes);
	unlink(path);

	path = temp_path();
	w = tsu_csv_create(path, TSU_CSV_CP932, 0, &err);
	ok(w != NULL, "cp932 writer created");
	is_int(tsu_csv_write(w, recs, 3, &err), 0, "cp932: record 1 written");
	rc = tsu_csv_write(w, recs + 3, 3, &err);
	is_int(rc, -1, "cp932: 𠮷 refused");
	ok(err && strstr(err, ": record 2: column 3: U+20BB7 \"𠮷\" cannot be "
			      "written in cp932"),
	   "cp932: 𠮷 reported with record, column, code point");
	if (err && strncmp(err, path, strlen(path)) == 0)
		printf("# message: F%s\n", err + strlen(path));
	free(err);
	err = NULL;
	rc = tsu_csv_write(w, recs + 6, 3, &err);
	is_int(rc, -1, "cp932: emoji refused");
	ok(err && strstr(err, ": record 3: column 3: U+1F600 \"😀\" cannot be "
			      "written in cp932"),
	   "cp932: emoji reported with record and column");
	free(err);
	err = NULL;
	is_int(tsu_csv_write(w, recs + 9, 3, &err), 0,
	       "cp932: record 4 written");
	rc = tsu_csv_write(w, recs + 12, 3, &err);
	is_int(rc, -1, "invalid UTF-8 refused");
	ok(err && strstr(err, ": record 5: column 2: invalid UTF-8"),
	   "invalid UTF-8 reported with record and column");
	free(err);
	err = NULL;
	is_int(tsu_csv_write(w, recs, 0, &err), -1, "no fields refused");
	free(err);
	err = NULL;
	is_int(tsu_csv_finish(w, &err), 0, "cp932 writer finished");
	got = dump_path(path, TSU_CSV_CP932, NULL);
	is_str(got, "1:[ok][1][x]\n2:[fine][2][y]\n",
	       "refused records left nothing in the file");
	free(got);
	unlink(path);
}

static void test_guard(void)
{
	static const char *const cells[] = {
	    "=SUM(A1:A9)", "+81", "-5", "@cmd", "\tx", "\rx", "a=b", "",
	};
	const char *path;
	char *got, *bytes;
	size_t len;

	path = write_file(TSU_CSV_UTF8, 1, cells, 1, 8);
	got = dump_path(path, TSU_CSV_UTF8, NULL);
	is_str(got, "1:['=SUM(A1:A9)]['+81]['-5]['@cmd]['\tx]['\rx][a=b][]\n",
	       "guard: dangerous cells start with an apostrophe");
	free(got);
	bytes = slurp(path, &len);
	is_str(bytes, "'=SUM(A1:A9),'+81,'-5,'@cmd,'\tx,\"'\rx\",a=b,\r\n",
	       "guard: bytes");
	free(bytes);
	unlink(path);

	path = write_file(TSU_CSV_UTF8, 0, cells, 1, 8);
	got = dump_path(path, TSU_CSV_UTF8, NULL);
	is_str(got, "1:[=SUM(A1:A9)][+81][-5][@cmd][\tx][\rx][a=b][]\n",
	       "no guard: cells as given");
	free(got);
	unlink(path);
}

static void test_write_errors(void)
{
	static const char *const rec[] = {"a", "b"};
	struct tsu_csv_writer *w;
	char *err = NULL, *big;

	w = tsu_csv_create("/dev/full", TSU_CSV_UTF8, 0, &err);
	ok(w != NULL, "/dev/full opened");
	if (!w)
		return;
	is_int(tsu_csv_write(w, rec, 2, &err), 0, "small record buffered");
	is_int(tsu_csv_finish(w, &err), -2, "disk full reported at finish");
	is_str(err, "/dev/full: write error: No space left on device",
	       "disk full message");
	free(err);
	err = NULL;

	big = malloc(100000);
	memset(big, 'x', 99999);
	big[99999] = '\0';
	w = tsu_csv_create("/dev/full", TSU_CSV_UTF8, 0, &err);
	{
		const char *const f[] = {big};

		is_int(tsu_csv_write(w, f, 1, &err), -2,
		       "disk full reported by write");
		ok(err && strstr(err, "record 1: write error"),
		   "write error names the record");
		free(err);
		err = NULL;
		is_int(tsu_csv_write(w, rec, 2, &err), -2,
		       "writes after a write error fail");
		free(err);
		err = NULL;
	}
	is_int(tsu_csv_finish(w, &err), -2, "finish reports the write error");
	free(err);
	free(big);
	is_int(tsu_csv_finish(NULL, NULL), 0, "finish(NULL)");
	tsu_csv_close(NULL);
}

/* A 10 MB file is read with memory bounded by its longest record. */
static void test_big_file(void)
{
	const char *path = temp_path();
	FILE *fp = fopen(path, "wb");
	struct tsu_csv_reader *r;
	size_t base, peak = 0, now;
	long line = 0, last = 0, records = 0, bytes = 0, wantlines = 0;
	char **f;
	int n, rc, i, ok_fields = 1;

	for (i = 0; bytes < 10L * 1000 * 1000; i++) {
		int w = fprintf(fp,
				"%d,髙橋 花子,\"東京都千代田区\n%d丁目, "
				"\"\"ビル\"\"\",2026-04-01,%s\r\n",
				i, i % 9 + 1, i % 100 ? "" : "note");

		bytes += w;
		wantlines += 2;
	}
	fclose(fp);

	base = heap_in_use();
	r = tsu_csv_open(path, TSU_CSV_AUTO, NULL);
	ok(r != NULL, "10 MB: opened");
	if (!r)
		return;
	while ((rc = tsu_csv_read(r, &f, &n, &line, NULL)) == 1) {
		if (n != 5 || atol(f[0]) != records)
			ok_fields = 0;
		last = line;
		records++;
		if (records % 997 == 0) {
			now = heap_in_use();
			if (now > peak)
				peak = now;
		}
	}
	tsu_csv_close(r);
	is_int(rc, 0, "10 MB: read to the end");
	is_int(records, i, "10 MB: every record read");
	is_int(last, wantlines - 1, "10 MB: line of the last record");
	ok(ok_fields, "10 MB: fields as written");
	ok(peak < base + 512 * 1024, "10 MB: memory stayed bounded");
	printf("# 10 MB file: %ld bytes, heap while reading %zu KiB\n", bytes,
	       (peak > base ? peak - base : 0) / 1024);
	unlink(path);
}

int main(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s", t && *t ? t : "/tmp");
	umask(022);

	test_encoding_parse();
	test_cp932();
	test_utf8();
	test_syntax();
	test_refusals();
	test_open_errors();
	test_stdin();
	test_writer_round_trip();
	test_writer_cp932();
	test_guard();
	test_write_errors();
	test_big_file();
	return tap_done();
}
