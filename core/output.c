/* output.c - the one way every command prints records: a table of cells
 * printed as aligned text, JSON or TSV. */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "output.h"
#include "width.h"

/* Widest a cell (or heading) may be in the table format, in columns. */
#define CELL_MAX_WIDTH 40

/* Columns between two columns of the table format. */
#define COLUMN_GAP 2

enum cell_kind { CELL_NULL, CELL_TEXT, CELL_INT, CELL_BOOL };

/* 16 bytes: a long listing holds hundreds of thousands. */
struct cell {
	unsigned char kind;	/* enum cell_kind */
	unsigned char borrowed; /* text belongs to the caller (text_ref) */
	union {
		long long num; /* CELL_INT value, or 0/1 for CELL_BOOL */
		char *text;    /* CELL_TEXT value, owned unless borrowed */
	} u;
};

struct tsu_table {
	int ncols;
	char **keys;
	char **headings;
	enum tsu_cell_type *types;
	struct cell *cells; /* nrows * ncols, row after row */
	int nrows;
	int cap;    /* rows allocated in cells */
	int col;    /* where the next cell of the last row goes */
	int failed; /* memory ran out and a cell was lost */
};

/* A cell as it prints: its kind resolved against the column type. */
struct value {
	enum cell_kind kind;
	long long num;
	const char *text;
};

/* A growing line of text. */
struct line {
	char *p;
	size_t len;
	size_t cap;
	int failed;
};

/* Set F from a format name; see output.h. */
int tsu_format_parse(const char *name, enum tsu_format *f)
{
	if (!name)
		return -1;
	if (strcmp(name, "table") == 0)
		*f = TSU_FORMAT_TABLE;
	else if (strcmp(name, "json") == 0)
		*f = TSU_FORMAT_JSON;
	else if (strcmp(name, "tsv") == 0)
		*f = TSU_FORMAT_TSV;
	else
		return -1;
	return 0;
}

/* Make a table; see output.h. */
struct tsu_table *tsu_table_new(int ncols, const char *const *keys,
				const char *const *headings)
{
	struct tsu_table *t;
	int i;

	if (ncols < 1 || !keys)
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->ncols = ncols;
	t->keys = calloc((size_t)ncols, sizeof(*t->keys));
	t->headings = calloc((size_t)ncols, sizeof(*t->headings));
	t->types = calloc((size_t)ncols, sizeof(*t->types));
	if (!t->keys || !t->headings || !t->types)
		goto fail;
	for (i = 0; i < ncols; i++) {
		const char *h = headings && headings[i] ? headings[i] : keys[i];

		if (!keys[i])
			goto fail;
		/* Headings are message ids: shown translated; the keys never
		 * are.  "" would be the catalogue's header. */
		if (*h)
			h = dgettext(TSU_TEXTDOMAIN, h);
		t->keys[i] = strdup(keys[i]);
		t->headings[i] = strdup(h);
		if (!t->keys[i] || !t->headings[i])
			goto fail;
		t->types[i] = TSU_CELL_TEXT;
	}
	return t;
fail:
	tsu_table_free(t);
	return NULL;
}

/* Set a column's type; see output.h. */
void tsu_table_set_type(struct tsu_table *t, int col, enum tsu_cell_type type)
{
	if (!t || col < 0 || col >= t->ncols)
		return;
	if (type == TSU_CELL_TEXT || type == TSU_CELL_INT ||
	    type == TSU_CELL_BOOL)
		t->types[col] = type;
}

/* Start a row; see output.h. On failure later cells of the row are
 * dropped rather than written into the previous row. */
void tsu_table_row(struct tsu_table *t)
{
	size_t width, n;
	struct cell *cells;
	int cap;

	if (!t)
		return;
	width = (size_t)t->ncols;
	if (t->nrows == t->cap) {
		cap = t->cap ? t->cap * 2 : 16;
		cells = NULL;
		if (t->cap <= INT_MAX / 2 &&
		    (size_t)cap <= SIZE_MAX / sizeof(*cells) / width)
			cells = realloc(t->cells,
					(size_t)cap * width * sizeof(*cells));
		if (!cells) {
			t->failed = 1;
			t->col = t->ncols;
			return;
		}
		t->cells = cells;
		t->cap = cap;
	}
	n = (size_t)t->nrows * width;
	memset(&t->cells[n], 0, width * sizeof(*t->cells));
	t->nrows++;
	t->col = 0;
}

/* The cell the next value goes into, or NULL when it is to be ignored. */
static struct cell *next_cell(struct tsu_table *t)
{
	if (!t)
		return NULL;
	if (t->nrows == 0)
		tsu_table_row(t);
	if (t->nrows == 0 || t->col >= t->ncols)
		return NULL;
	return &t->cells[(size_t)(t->nrows - 1) * (size_t)t->ncols +
			 (size_t)t->col++];
}

/* Add a text cell; see output.h. */
void tsu_table_text(struct tsu_table *t, const char *s)
{
	struct cell *c = next_cell(t);

	if (!c || !s)
		return;
	c->u.text = strdup(s);
	if (!c->u.text) {
		t->failed = 1;
		return;
	}
	c->kind = CELL_TEXT;
}

/* Add a text cell that is not copied; see output.h. */
void tsu_table_text_ref(struct tsu_table *t, const char *s)
{
	struct cell *c = next_cell(t);

	if (!c || !s)
		return;
	c->u.text = (char *)s;
	c->borrowed = 1;
	c->kind = CELL_TEXT;
}

/* Add an integer cell; see output.h. */
void tsu_table_int(struct tsu_table *t, long long v)
{
	struct cell *c = next_cell(t);

	if (!c)
		return;
	c->kind = CELL_INT;
	c->u.num = v;
}

/* Add a boolean cell; see output.h. */
void tsu_table_bool(struct tsu_table *t, int v)
{
	struct cell *c = next_cell(t);

	if (!c)
		return;
	c->kind = CELL_BOOL;
	c->u.num = v != 0;
}

/* Number of rows; see output.h. */
int tsu_table_rows(const struct tsu_table *t)
{
	return t ? t->nrows : 0;
}

/* Free a table; see output.h. */
void tsu_table_free(struct tsu_table *t)
{
	size_t i, n;
	int c;

	if (!t)
		return;
	n = (size_t)t->nrows * (size_t)t->ncols;
	for (i = 0; i < n; i++)
		if (t->cells[i].kind == CELL_TEXT && !t->cells[i].borrowed)
			free(t->cells[i].u.text);
	free(t->cells);
	for (c = 0; c < t->ncols; c++) {
		if (t->keys)
			free(t->keys[c]);
		if (t->headings)
			free(t->headings[c]);
	}
	free(t->keys);
	free(t->headings);
	free(t->types);
	free(t);
}

/* Parse S as a plain decimal integer (no sign but '-', no blanks, no
 * leading zeros, in range). Returns 1 and sets *V if it is one. */
static int parse_int(const char *s, long long *v)
{
	const char *d = s[0] == '-' ? s + 1 : s;
	char *end;

	if (!(*d >= '0' && *d <= '9') || (d[0] == '0' && d[1] != '\0'))
		return 0;
	errno = 0;
	*v = strtoll(s, &end, 10);
	return *end == '\0' && errno == 0;
}

/* The cell at ROW, COL as it prints, given its column's type. */
static struct value cell_value(const struct tsu_table *t, int row, int col)
{
	const struct cell *c =
		&t->cells[(size_t)row * (size_t)t->ncols + (size_t)col];
	struct value v = {c->kind, 0, NULL};

	if (c->kind == CELL_TEXT)
		v.text = c->u.text;
	else if (c->kind != CELL_NULL)
		v.num = c->u.num;

	switch (t->types[col]) {
	case TSU_CELL_INT:
		if (c->kind == CELL_BOOL)
			v.kind = CELL_INT;
		else if (c->kind == CELL_TEXT && parse_int(v.text, &v.num))
			v.kind = CELL_INT;
		break;
	case TSU_CELL_BOOL:
		if (c->kind == CELL_INT) {
			v.kind = CELL_BOOL;
			v.num = v.num != 0;
		} else if (c->kind == CELL_TEXT) {
			if (!strcmp(v.text, "true") || !strcmp(v.text, "1")) {
				v.kind = CELL_BOOL;
				v.num = 1;
			} else if (!strcmp(v.text, "false") ||
				   !strcmp(v.text, "0")) {
				v.kind = CELL_BOOL;
				v.num = 0;
			}
		}
		break;
	case TSU_CELL_TEXT:
		break;
	}
	return v;
}

/* N in decimal, written at the end of BUF: by hand, as a long listing
 * has a number on every line. */
static const char *int_text(long long n, char buf[32])
{
	unsigned long long u = n < 0 ? 0 - (unsigned long long)n
				      : (unsigned long long)n;
	char *p = buf + 31;

	*p = '\0';
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (n < 0)
		*--p = '-';
	return p;
}

/* V as plain text for format F, using BUF for numbers; NULL for null. */
static const char *value_text(const struct value *v, enum tsu_format f,
			      char buf[32])
{
	switch (v->kind) {
	case CELL_TEXT:
		return v->text;
	case CELL_INT:
		return int_text(v->num, buf);
	case CELL_BOOL:
		if (f == TSU_FORMAT_TABLE)
			return v->num ? _("yes") : _("no");
		return v->num ? "true" : "false";
	case CELL_NULL:
		break;
	}
	return NULL;
}

/* Flush OUT and report whether everything was written. */
static int finish(FILE *out)
{
	if (fflush(out) != 0 || ferror(out))
		return -EIO;
	return 0;
}

/* Append N bytes at S to L. */
static void line_add(struct line *l, const char *s, size_t n)
{
	if (l->failed)
		return;
	if (l->len + n + 1 > l->cap) {
		size_t cap = l->cap ? l->cap : 128;
		char *p;

		while (cap < l->len + n + 1)
			cap *= 2;
		p = realloc(l->p, cap);
		if (!p) {
			l->failed = 1;
			return;
		}
		l->p = p;
		l->cap = cap;
	}
	memcpy(l->p + l->len, s, n);
	l->len += n;
	l->p[l->len] = '\0';
}

/* Append N copies of character C to L. */
static void line_fill(struct line *l, char c, int n)
{
	char run[64];

	if (n <= 0)
		return;
	memset(run, c, n < (int)sizeof(run) ? (size_t)n : sizeof(run));
	for (; n > (int)sizeof(run); n -= (int)sizeof(run))
		line_add(l, run, sizeof(run));
	line_add(l, run, (size_t)n);
}

/* Drop the blanks at the end of L. */
static void line_trim(struct line *l)
{
	while (!l->failed && l->len > 0 && l->p[l->len - 1] == ' ')
		l->p[--l->len] = '\0';
}

/* Trim L, end it with a newline, write it to OUT and empty it. Returns 0 or
 * -ENOMEM. */
static int line_put(struct line *l, FILE *out)
{
	line_trim(l);
	line_add(l, "\n", 1);
	if (l->failed)
		return -ENOMEM;
	fwrite(l->p, 1, l->len, out);
	l->len = 0;
	return 0;
}

/* Append S to L as a terminal shows it safely: control characters become
 * spaces (or, if NEWLINE_INDENT >= 0, a newline starts a new line indented
 * that far) and bytes that are not UTF-8 become U+FFFD. */
static void line_add_shown(struct line *l, const char *s, int newline_indent)
{
	size_t len = strlen(s), pos = 0;
	unsigned cp;

	while (pos < len) {
		int n = tsu_utf8_decode(s + pos, len - pos, &cp);

		if (n < 0) {
			line_add(l, "\xEF\xBF\xBD", 3);
			pos++;
		} else if (cp == '\n' && newline_indent >= 0) {
			line_trim(l);
			line_add(l, "\n", 1);
			line_fill(l, ' ', newline_indent);
			pos++;
		} else if (cp == '\r' && newline_indent >= 0 &&
			   s[pos + 1] == '\n') {
			pos++;
		} else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
			line_add(l, " ", 1);
			pos += (size_t)n;
		} else {
			line_add(l, s + pos, (size_t)n);
			pos += (size_t)n;
		}
	}
}

/* S made safe for one table cell and cut to CELL_MAX_WIDTH columns, in a
 * new string; its width goes in *W. Returns NULL when memory runs out. */
static char *cell_shown(const char *s, int *w)
{
	struct line l = { 0 };
	char *cut;
	size_t size;

	line_add(&l, "", 0);
	line_add_shown(&l, s ? s : "", -1);
	if (l.failed) {
		free(l.p);
		return NULL;
	}
	size = l.len + 4;
	cut = malloc(size);
	if (cut)
		*w = tsu_text_truncate(l.p, CELL_MAX_WIDTH, cut, size);
	free(l.p);
	return cut;
}

/* Whether S prints in a table cell as it is (valid UTF-8 without control
 * characters, at most CELL_MAX_WIDTH columns), its width then in *W: most
 * cells are, and need no copy. */
static int shown_as_is(const char *s, int *w)
{
	size_t len = strlen(s), pos = 0;
	int width = 0;

	while (pos < len) {
		unsigned char b = (unsigned char)s[pos];
		unsigned cp;
		int n;

		if (b >= 0x20 && b < 0x7F) {
			width++;
			pos++;
		} else {
			n = tsu_utf8_decode(s + pos, len - pos, &cp);
			if (n < 0 || cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
				return 0;
			width += tsu_char_width(cp);
			pos += (size_t)n;
		}
		if (width > CELL_MAX_WIDTH)
			return 0;
	}
	*w = width;
	return 1;
}

/* Whether cells A and B hold the very same string. */
static int same_text(const struct cell *a, const struct cell *b)
{
	return a->kind == CELL_TEXT && b->kind == CELL_TEXT &&
	       a->u.text == b->u.text;
}

/* Append one table line: cell I is TEXT[I], of width W[I], padded to
 * COLW[I] (on the left for INT columns). */
static void table_line(const struct tsu_table *t, struct line *l,
		       const char *const *text, const int *w, const int *colw)
{
	int c;

	for (c = 0; c < t->ncols; c++) {
		if (c > 0)
			line_fill(l, ' ', COLUMN_GAP);
		if (t->types[c] == TSU_CELL_INT) {
			line_fill(l, ' ', colw[c] - w[c]);
			line_add(l, text[c], strlen(text[c]));
		} else {
			line_add(l, text[c], strlen(text[c]));
			line_fill(l, ' ', colw[c] - w[c]);
		}
	}
}

/* A cell whose text is shown otherwise than it is (cut, or with control
 * characters made blanks): few in any listing, so kept apart. */
struct shown_copy {
	size_t cell;
	char *text;
};

/* Print T in the table format. */
static int print_table(const struct tsu_table *t, FILE *out)
{
	size_t ncells = (size_t)t->nrows * (size_t)t->ncols, i, k;
	size_t ncopies = 0, capcopies = 0;
	struct shown_copy *copies = NULL;
	char **head = NULL, (*bufs)[32] = NULL;
	const char **shown = NULL;
	int *w = NULL, *headw = NULL, *colw = NULL, *copied_row = NULL;
	struct line l = { 0 };
	int r, c, err = -ENOMEM;

	if (t->nrows == 0) {
		fputs(_("(none)\n"), out);
		return finish(out);
	}
	w = calloc(ncells, sizeof(*w));
	copied_row = malloc((size_t)t->ncols * sizeof(*copied_row));
	head = calloc((size_t)t->ncols, sizeof(*head));
	headw = calloc((size_t)t->ncols, sizeof(*headw));
	colw = calloc((size_t)t->ncols, sizeof(*colw));
	bufs = calloc((size_t)t->ncols, sizeof(*bufs));
	shown = calloc((size_t)t->ncols, sizeof(*shown));
	if (!w || !copied_row || !head || !headw || !colw || !bufs || !shown)
		goto out;
	for (c = 0; c < t->ncols; c++)
		copied_row[c] = -1; /* the last row with a copy in column c */

	for (c = 0; c < t->ncols; c++) {
		head[c] = cell_shown(t->headings[c], &headw[c]);
		if (!head[c])
			goto out;
		colw[c] = headw[c];
	}
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			struct value v;
			char buf[32];
			const char *s;

			i = (size_t)r * (size_t)t->ncols + (size_t)c;
			/* Listings repeat a string down a column (a label, a
			 * date): the very string above is as wide. */
			if (r > 0 && same_text(&t->cells[i],
					       &t->cells[i - (size_t)t->ncols]) &&
			    copied_row[c] != r - 1) {
				w[i] = w[i - (size_t)t->ncols];
				continue;
			}
			v = cell_value(t, r, c);
			s = value_text(&v, TSU_FORMAT_TABLE, buf);
			if (!shown_as_is(s ? s : "", &w[i])) {
				if (ncopies == capcopies) {
					struct shown_copy *more;

					capcopies = capcopies ? capcopies * 2
							      : 16;
					more = realloc(copies,
						       capcopies *
							   sizeof(*copies));
					if (!more)
						goto out;
					copies = more;
				}
				copies[ncopies].cell = i;
				if (!(copies[ncopies].text =
					  cell_shown(s, &w[i])))
					goto out;
				ncopies++;
				copied_row[c] = r;
			}
			if (w[i] > colw[c])
				colw[c] = w[i];
		}
	}

	table_line(t, &l, (const char *const *)head, headw, colw);
	if (line_put(&l, out) < 0)
		goto out;
	/* '-' rather than U+2500: box drawing is East Asian "ambiguous" and
	 * many Japanese terminals draw it two columns wide. */
	for (c = 0; c < t->ncols; c++) {
		if (c > 0)
			line_fill(&l, ' ', COLUMN_GAP);
		line_fill(&l, '-', colw[c]);
	}
	if (line_put(&l, out) < 0)
		goto out;
	for (r = 0, k = 0; r < t->nrows; r++) {
		i = (size_t)r * (size_t)t->ncols;
		for (c = 0; c < t->ncols; c++) {
			struct value v = cell_value(t, r, c);

			shown[c] = NULL;
			if (k < ncopies && copies[k].cell == i + (size_t)c)
				shown[c] = copies[k++].text;
			if (!shown[c])
				shown[c] =
				    value_text(&v, TSU_FORMAT_TABLE, bufs[c]);
			if (!shown[c])
				shown[c] = "";
		}
		table_line(t, &l, shown, &w[i], colw);
		if (line_put(&l, out) < 0)
			goto out;
	}
	err = finish(out);
out:
	for (k = 0; k < ncopies; k++)
		free(copies[k].text);
	free(copies);
	free(copied_row);
	if (head)
		for (c = 0; c < t->ncols; c++)
			free(head[c]);
	free(w);
	free(bufs);
	free(shown);
	free(head);
	free(headw);
	free(colw);
	free(l.p);
	return err;
}

/* Print row 0 of T as "heading: value" lines. */
static int print_table_record(const struct tsu_table *t, FILE *out)
{
	struct line l = { 0 };
	char **head;
	int *headw, maxw = 0, c, err = -ENOMEM;

	head = calloc((size_t)t->ncols, sizeof(*head));
	headw = calloc((size_t)t->ncols, sizeof(*headw));
	if (!head || !headw)
		goto out;
	for (c = 0; c < t->ncols; c++) {
		head[c] = cell_shown(t->headings[c], &headw[c]);
		if (!head[c])
			goto out;
		if (headw[c] > maxw)
			maxw = headw[c];
	}
	for (c = 0; c < t->ncols; c++) {
		struct value v = cell_value(t, 0, c);
		char buf[32];
		const char *s = value_text(&v, TSU_FORMAT_TABLE, buf);

		line_add(&l, head[c], strlen(head[c]));
		line_add(&l, ":", 1);
		line_fill(&l, ' ', maxw - headw[c] + 1);
		if (s)
			line_add_shown(&l, s, maxw + 2);
		if (line_put(&l, out) < 0)
			goto out;
	}
	err = finish(out);
out:
	if (head)
		for (c = 0; c < t->ncols; c++)
			free(head[c]);
	free(head);
	free(headw);
	free(l.p);
	return err;
}

/* Write a JSON string literal; see output.h. */
void tsu_json_string(FILE *out, const char *s)
{
	size_t len, pos = 0, run = 0;
	unsigned cp;

	if (!s) {
		fputs("null", out);
		return;
	}
	len = strlen(s);
	fputc('"', out);
	while (pos < len) {
		int n = tsu_utf8_decode(s + pos, len - pos, &cp);

		if (n > 0 && cp >= 0x20 && cp != 0x7F && cp != '"' &&
		    cp != '\\') {
			pos += (size_t)n;
			continue;
		}
		fwrite(s + run, 1, pos - run, out);
		if (n < 0)
			fputs("\\ufffd", out);
		else if (cp == '"' || cp == '\\')
			fprintf(out, "\\%c", (char)cp);
		else
			fprintf(out, "\\u%04x", cp);
		pos++;
		run = pos;
	}
	fwrite(s + run, 1, pos - run, out);
	fputc('"', out);
}

/* Write row ROW of T as one JSON object. */
static void json_object(const struct tsu_table *t, int row, FILE *out)
{
	char buf[32];
	int c;

	fputc('{', out);
	for (c = 0; c < t->ncols; c++) {
		struct value v = cell_value(t, row, c);

		if (c > 0)
			fputs(", ", out);
		tsu_json_string(out, t->keys[c]);
		fputs(": ", out);
		switch (v.kind) {
		case CELL_NULL:
			fputs("null", out);
			break;
		case CELL_TEXT:
			tsu_json_string(out, v.text);
			break;
		case CELL_INT:
			fputs(int_text(v.num, buf), out);
			break;
		case CELL_BOOL:
			fputs(v.num ? "true" : "false", out);
			break;
		}
	}
	fputc('}', out);
}

/* Write S as one TSV field: backslash, tab, newline and carriage return
 * escaped. */
static void tsv_field(FILE *out, const char *s)
{
	while (s && *s) {
		size_t run = strcspn(s, "\\\t\n\r");

		fwrite(s, 1, run, out);
		s += run;
		switch (*s) {
		case '\\':
			fputs("\\\\", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		default: /* the end */
			return;
		}
		s++;
	}
}

/* Write the TSV header line of T. */
static void tsv_header(const struct tsu_table *t, FILE *out)
{
	int c;

	for (c = 0; c < t->ncols; c++) {
		if (c > 0)
			fputc('\t', out);
		tsv_field(out, t->keys[c]);
	}
	fputc('\n', out);
}

/* Write row ROW of T as one TSV line. */
static void tsv_row(const struct tsu_table *t, int row, FILE *out)
{
	int c;

	for (c = 0; c < t->ncols; c++) {
		struct value v = cell_value(t, row, c);
		char buf[32];

		if (c > 0)
			fputc('\t', out);
		tsv_field(out, value_text(&v, TSU_FORMAT_TSV, buf));
	}
	fputc('\n', out);
}

/* Print a listing; see output.h. */
int tsu_table_print(const struct tsu_table *t, enum tsu_format f, FILE *out)
{
	int r;

	if (!t || !out)
		return -EINVAL;
	if (t->failed)
		return -ENOMEM;
	switch (f) {
	case TSU_FORMAT_TABLE:
		return print_table(t, out);
	case TSU_FORMAT_JSON:
		if (t->nrows == 0) {
			fputs("[]\n", out);
			break;
		}
		fputs("[\n", out);
		for (r = 0; r < t->nrows; r++) {
			fputs("  ", out);
			json_object(t, r, out);
			fputs(r + 1 < t->nrows ? ",\n" : "\n", out);
		}
		fputs("]\n", out);
		break;
	case TSU_FORMAT_TSV:
		tsv_header(t, out);
		for (r = 0; r < t->nrows; r++)
			tsv_row(t, r, out);
		break;
	default:
		return -EINVAL;
	}
	return finish(out);
}

/* Print row 0 as one record; see output.h. */
int tsu_table_print_record(const struct tsu_table *t, enum tsu_format f,
			   FILE *out)
{
	if (!t || !out || t->nrows == 0)
		return -EINVAL;
	if (t->failed)
		return -ENOMEM;
	switch (f) {
	case TSU_FORMAT_TABLE:
		return print_table_record(t, out);
	case TSU_FORMAT_JSON:
		json_object(t, 0, out);
		fputc('\n', out);
		break;
	case TSU_FORMAT_TSV:
		tsv_header(t, out);
		tsv_row(t, 0, out);
		break;
	default:
		return -EINVAL;
	}
	return finish(out);
}
