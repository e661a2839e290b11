/* output_test.c - listings and records in the table, JSON and TSV formats. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "tap.h"

/* Print T (a listing, or row 0 as a record) in format F to memory.
 * Returns the text (to free) and the print status in *RC. */
static char *render(const struct tsu_table *t, enum tsu_format f, int record,
		    int *rc)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *m = open_memstream(&buf, &size);

	if (!m)
		return NULL;
	*rc = record ? tsu_table_print_record(t, f, m)
		     : tsu_table_print(t, f, m);
	fclose(m);
	return buf;
}

/* Check that T prints as WANT (listing or record) with status 0. */
static void check(const struct tsu_table *t, enum tsu_format f, int record,
		  const char *want, const char *name)
{
	int rc = -1;
	char *got = render(t, f, record, &rc);

	is_str(got, want, name);
	is_int(rc, 0, name);
	free(got);
}

/* JSON string literal of S as text. */
static char *json_of(const char *s)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *m = open_memstream(&buf, &size);

	if (!m)
		return NULL;
	tsu_json_string(m, s);
	fclose(m);
	return buf;
}

static void test_format_parse(void)
{
	enum tsu_format f = TSU_FORMAT_TSV;

	is_int(tsu_format_parse("table", &f), 0, "parse table");
	is_int(f, TSU_FORMAT_TABLE, "table format");
	is_int(tsu_format_parse("json", &f), 0, "parse json");
	is_int(f, TSU_FORMAT_JSON, "json format");
	is_int(tsu_format_parse("tsv", &f), 0, "parse tsv");
	is_int(f, TSU_FORMAT_TSV, "tsv format");
	is_int(tsu_format_parse("csv", &f), -1, "csv is no format");
	is_int(tsu_format_parse("JSON", &f), -1, "names are lowercase");
	is_int(tsu_format_parse(NULL, &f), -1, "no name");
	is_int(f, TSU_FORMAT_TSV, "format unchanged on error");
}

static void test_json_string(void)
{
	static const struct {
		const char *in, *want, *name;
	} cases[] = {
		{ "plain", "\"plain\"", "plain ASCII" },
		{ "", "\"\"", "empty string" },
		{ "say \"hi\"", "\"say \\\"hi\\\"\"", "quotes" },
		{ "a\\b", "\"a\\\\b\"", "backslash" },
		{ "a\nb\tc\rd", "\"a\\u000ab\\u0009c\\u000dd\"",
		  "newline, tab, carriage return" },
		{ "\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"",
		  "other control characters" },
		{ "山田 花子／ﾔﾏﾀﾞ😀", "\"山田 花子／ﾔﾏﾀﾞ😀\"",
		  "Japanese and emoji kept as UTF-8" },
		{ "a\xFF" "b\xE5\xB1", "\"a\\ufffdb\\ufffd\\ufffd\"",
		  "invalid UTF-8 replaced" },
		{ "/<>'", "\"/<>'\"", "nothing else escaped" },
	};
	size_t i;
	char *got;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = json_of(cases[i].in);
		is_str(got, cases[i].want, cases[i].name);
		free(got);
	}
	got = json_of(NULL);
	is_str(got, "null", "NULL prints null");
	free(got);
}

/* Persons: ids, a Japanese/ASCII name column, an age, a flag, a note. */
static struct tsu_table *persons(void)
{
	static const char *const keys[] = { "id", "name", "age", "active",
					    "note" };
	static const char *const headings[] = { "ID", "氏名", "年齢", NULL,
						"備考" };
	struct tsu_table *t = tsu_table_new(5, keys, headings);

	if (!t)
		return NULL;
	tsu_table_set_type(t, 0, TSU_CELL_INT);
	tsu_table_set_type(t, 2, TSU_CELL_INT);
	tsu_table_set_type(t, 3, TSU_CELL_BOOL);

	tsu_table_row(t);
	tsu_table_int(t, 1);
	tsu_table_text(t, "山田 花子");
	tsu_table_int(t, 32);
	tsu_table_bool(t, 1);
	tsu_table_text(t, "初回面接");

	tsu_table_row(t);
	tsu_table_int(t, 2);
	tsu_table_text(t, "Bob Smith");
	tsu_table_int(t, 5);
	tsu_table_bool(t, 0);
	tsu_table_text(t, NULL);

	tsu_table_row(t);
	tsu_table_int(t, 123);
	tsu_table_text(t, "tab\there");
	return t;
}

static void test_listing(void)
{
	struct tsu_table *t = persons();

	ok(t != NULL, "table made");
	if (!t)
		return;
	is_int(tsu_table_rows(t), 3, "three rows");

	check(t, TSU_FORMAT_TABLE, 0,
	      " ID  氏名       年齢  active  備考\n"
	      "---  ---------  ----  ------  --------\n"
	      "  1  山田 花子    32  yes     初回面接\n"
	      "  2  Bob Smith     5  no\n"
	      "123  tab here\n",
	      "table aligned by display width");

	check(t, TSU_FORMAT_JSON, 0,
	      "[\n"
	      "  {\"id\": 1, \"name\": \"山田 花子\", \"age\": 32, "
	      "\"active\": true, \"note\": \"初回面接\"},\n"
	      "  {\"id\": 2, \"name\": \"Bob Smith\", \"age\": 5, "
	      "\"active\": false, \"note\": null},\n"
	      "  {\"id\": 123, \"name\": \"tab\\u0009here\", \"age\": null, "
	      "\"active\": null, \"note\": null}\n"
	      "]\n",
	      "JSON array, numbers and booleans unquoted, nulls");

	check(t, TSU_FORMAT_TSV, 0,
	      "id\tname\tage\tactive\tnote\n"
	      "1\t山田 花子\t32\ttrue\t初回面接\n"
	      "2\tBob Smith\t5\tfalse\t\n"
	      "123\ttab\\there\t\t\t\n",
	      "TSV with keys and escaped tab");
	tsu_table_free(t);
}

static void test_empty(void)
{
	static const char *const keys[] = { "id", "name" };
	struct tsu_table *t = tsu_table_new(2, keys, NULL);
	int rc = 0;
	char *got;

	ok(t != NULL, "empty table made");
	if (!t)
		return;
	is_int(tsu_table_rows(t), 0, "no rows");
	check(t, TSU_FORMAT_TABLE, 0, "(none)\n", "empty table");
	check(t, TSU_FORMAT_JSON, 0, "[]\n", "empty JSON array");
	check(t, TSU_FORMAT_TSV, 0, "id\tname\n", "empty TSV has its header");

	got = render(t, TSU_FORMAT_JSON, 1, &rc);
	is_str(got, "", "no record to print");
	is_int(rc, -EINVAL, "record of an empty table fails");
	free(got);
	tsu_table_free(t);
}

static void test_cells(void)
{
	static const char *const keys[] = { "text", "count", "flag" };
	struct tsu_table *t = tsu_table_new(3, keys, NULL);

	ok(t != NULL, "cell table made");
	if (!t)
		return;
	tsu_table_set_type(t, 1, TSU_CELL_INT);
	tsu_table_set_type(t, 2, TSU_CELL_BOOL);

	/* Cells before the first tsu_table_row() start the first row. */
	tsu_table_int(t, -7);
	tsu_table_text(t, "42");
	tsu_table_text(t, "1");
	tsu_table_text(t, "ignored: past the last column");

	tsu_table_row(t);
	tsu_table_bool(t, 1);
	tsu_table_text(t, "007");
	tsu_table_int(t, 0);

	tsu_table_row(t);
	tsu_table_text(t, "say \"x\"\n\x01");
	tsu_table_text(t, "12abc");
	tsu_table_text(t, "maybe");

	check(t, TSU_FORMAT_JSON, 0,
	      "[\n"
	      "  {\"text\": -7, \"count\": 42, \"flag\": true},\n"
	      "  {\"text\": true, \"count\": \"007\", \"flag\": false},\n"
	      "  {\"text\": \"say \\\"x\\\"\\u000a\\u0001\", "
	      "\"count\": \"12abc\", \"flag\": \"maybe\"}\n"
	      "]\n",
	      "JSON stays valid whatever the cells hold");
	check(t, TSU_FORMAT_TABLE, 0,
	      "text       count  flag\n"
	      "---------  -----  -----\n"
	      "-7            42  yes\n"
	      "yes          007  no\n"
	      "say \"x\"    12abc  maybe\n",
	      "control characters shown as spaces");
	tsu_table_free(t);
}

static void test_truncation(void)
{
	static const char *const keys[] = { "note", "n" };
	static const char *const headings[] = { "備考", "番号" };
	struct tsu_table *t = tsu_table_new(2, keys, headings);
	char ascii[51], kanji[3 * 25 + 1], want[512];
	int i;

	ok(t != NULL, "truncation table made");
	if (!t)
		return;
	tsu_table_set_type(t, 1, TSU_CELL_INT);
	memset(ascii, 'a', 50);
	ascii[50] = '\0';
	for (i = 0; i < 25; i++)
		memcpy(kanji + 3 * i, "漢", 3);
	kanji[75] = '\0';

	tsu_table_row(t);
	tsu_table_text(t, ascii);
	tsu_table_int(t, 1);
	tsu_table_row(t);
	tsu_table_text(t, kanji);
	tsu_table_int(t, 22);

	/* 39 'a' and "…" fill the 40 columns; 19 kanji and "…" take 39. */
	strcpy(want, "備考");
	strcat(want, "                                      番号\n");
	strcat(want, "----------------------------------------  ----\n");
	sprintf(want + strlen(want), "%.39s", ascii);
	strcat(want, "…     1\n");
	for (i = 0; i < 19; i++)
		strcat(want, "漢");
	strcat(want, "…     22\n");
	check(t, TSU_FORMAT_TABLE, 0, want, "long cells cut at 40 columns");

	/* JSON and TSV keep the whole text. */
	strcpy(want, "note\tn\n");
	strcat(want, ascii);
	strcat(want, "\t1\n");
	strcat(want, kanji);
	strcat(want, "\t22\n");
	check(t, TSU_FORMAT_TSV, 0, want, "TSV is never cut");
	tsu_table_free(t);
}

/* Cells the table does not copy print as copied ones; text exactly 40
 * columns wide stays whole, a DEL and a byte that is not UTF-8 do not. */
static void test_borrowed(void)
{
	static const char *const keys[] = { "a", "b" };
	struct tsu_table *t = tsu_table_new(2, keys, NULL);
	char ascii[41], kanji[3 * 20 + 1], odd[] = "x\x7Fy\xFFz", want[512];
	int i;

	ok(t != NULL, "borrowed table made");
	if (!t)
		return;
	memset(ascii, 'a', 40);
	ascii[40] = '\0';
	for (i = 0; i < 20; i++)
		memcpy(kanji + 3 * i, "漢", 3);
	kanji[60] = '\0';
	tsu_table_row(t);
	tsu_table_text_ref(t, ascii);
	tsu_table_text(t, kanji);
	tsu_table_row(t);
	tsu_table_text_ref(t, odd);
	tsu_table_text_ref(t, NULL);

	sprintf(want, "a%39s  b\n", "");
	for (i = 0; i < 40; i++)
		strcat(want, "-");
	strcat(want, "  ----------------------------------------\n");
	strcat(want, ascii);
	strcat(want, "  ");
	strcat(want, kanji);
	strcat(want, "\nx y\xEF\xBF\xBDz\n");
	check(t, TSU_FORMAT_TABLE, 0, want,
	      "40 columns stay whole; DEL and a stray byte are shown safely");
	sprintf(want, "a\tb\n%s\t%s\n%s\t\n", ascii, kanji, odd);
	check(t, TSU_FORMAT_TSV, 0, want,
	      "borrowed cells print as they are in TSV");
	tsu_table_free(t);
	is_str(odd, "x\x7Fy\xFFz", "the table leaves a borrowed cell alone");
}

static void test_tsv_escaping(void)
{
	static const char *const keys[] = { "a", "b" };
	struct tsu_table *t = tsu_table_new(2, keys, NULL);

	ok(t != NULL, "TSV table made");
	if (!t)
		return;
	tsu_table_row(t);
	tsu_table_text(t, "x\ty");
	tsu_table_text(t, "line1\r\nline2\\end");
	check(t, TSU_FORMAT_TSV, 0, "a\tb\nx\\ty\tline1\\r\\nline2\\\\end\n",
	      "TSV escapes tab, newline, carriage return and backslash");
	tsu_table_free(t);
}

static void test_record(void)
{
	static const char *const keys[] = { "id", "name", "birth_date",
					    "overdue", "note", "phone" };
	static const char *const headings[] = { "ID", "氏名", "生年月日",
						"期限超過", "備考", "電話" };
	struct tsu_table *t = tsu_table_new(6, keys, headings);

	ok(t != NULL, "record table made");
	if (!t)
		return;
	tsu_table_set_type(t, 0, TSU_CELL_INT);
	tsu_table_set_type(t, 3, TSU_CELL_BOOL);
	tsu_table_row(t);
	tsu_table_int(t, 7);
	tsu_table_text(t, "山田 花子");
	tsu_table_text(t, "2024-04-01");
	tsu_table_bool(t, 0);
	tsu_table_text(t, "first\r\n\nthird\tline");

	check(t, TSU_FORMAT_TABLE, 1,
	      "ID:       7\n"
	      "氏名:     山田 花子\n"
	      "生年月日: 2024-04-01\n"
	      "期限超過: no\n"
	      "備考:     first\n"
	      "\n"
	      "          third line\n"
	      "電話:\n",
	      "record with aligned headings and indented lines");
	check(t, TSU_FORMAT_JSON, 1,
	      "{\"id\": 7, \"name\": \"山田 花子\", \"birth_date\": "
	      "\"2024-04-01\", \"overdue\": false, \"note\": "
	      "\"first\\u000d\\u000a\\u000athird\\u0009line\", "
	      "\"phone\": null}\n",
	      "record as one JSON object");
	check(t, TSU_FORMAT_TSV, 1,
	      "id\tname\tbirth_date\toverdue\tnote\tphone\n"
	      "7\t山田 花子\t2024-04-01\tfalse\tfirst\\r\\n\\nthird\\tline\t\n",
	      "record as TSV header and row");
	tsu_table_free(t);
}

static void test_many_rows(void)
{
	static const char *const keys[] = { "id" };
	struct tsu_table *t = tsu_table_new(1, keys, NULL);
	char *got;
	int i, rc = -1, lines = 0;

	ok(t != NULL, "large table made");
	if (!t)
		return;
	tsu_table_set_type(t, 0, TSU_CELL_INT);
	for (i = 0; i < 5000; i++) {
		tsu_table_row(t);
		tsu_table_int(t, i);
	}
	is_int(tsu_table_rows(t), 5000, "5000 rows kept");
	got = render(t, TSU_FORMAT_TSV, 0, &rc);
	for (i = 0; got && got[i]; i++)
		lines += got[i] == '\n';
	is_int(lines, 5001, "header and 5000 lines");
	ok(got && strstr(got, "\n4999\n"), "last row printed");
	free(got);
	tsu_table_free(t);
}

static void test_errors(void)
{
	static const char *const keys[] = { "id", NULL };
	struct tsu_table *t;
	FILE *full;

	ok(tsu_table_new(0, keys, NULL) == NULL, "no columns");
	ok(tsu_table_new(2, keys, NULL) == NULL, "a NULL key");
	tsu_table_free(NULL);
	tsu_table_text(NULL, "x");
	is_int(tsu_table_rows(NULL), 0, "NULL table has no rows");

	t = tsu_table_new(1, keys, NULL);
	ok(t != NULL, "one-column table made");
	if (!t)
		return;
	tsu_table_row(t);
	tsu_table_text(t, "x");
	full = fopen("/dev/full", "w");
	if (full) {
		is_int(tsu_table_print(t, TSU_FORMAT_JSON, full), -EIO,
		       "write error reported");
		fclose(full);
	} else {
		ok(1, "# SKIP no /dev/full");
	}
	is_int(tsu_table_print(t, (enum tsu_format)99, stdout), -EINVAL,
	       "unknown format");
	tsu_table_free(t);
}

int main(void)
{
	test_format_parse();
	test_json_string();
	test_listing();
	test_empty();
	test_cells();
	test_truncation();
	test_borrowed();
	test_tsv_escaping();
	test_record();
	test_many_rows();
	test_errors();
	return tap_done();
}
