/* line_test.c - the shell-line parser: words, quotes, errors, and the
 * balance of Scheme lines. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "line.h"
#include "tap.h"

/* Split LINE and join the words with '|' for comparison. */
static char *split_joined(const char *line)
{
	static char buf[512];
	char **argv, *msg = NULL;
	int n, i;

	n = line_split(line, strlen(line), &argv, &msg);
	if (n < 0) {
		snprintf(buf, sizeof(buf), "error: %s", msg);
		free(msg);
		return buf;
	}
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i)
			strcat(buf, "|");
		strcat(buf, argv[i]);
	}
	line_free(argv);
	return buf;
}

int main(void)
{
	char **argv, *msg = NULL;
	char big[70000];

	is_str(split_joined("help due"), "help|due", "two words");
	is_str(split_joined("  due   --within  14  "), "due|--within|14",
	       "extra blanks");
	is_str(split_joined("\tdue\t--within\t14"), "due|--within|14", "tabs");
	is_str(split_joined("contact P1 --note \"a b  c\""),
	       "contact|P1|--note|a b  c", "quoted words keep blanks");
	is_str(split_joined("x --note=\"a b\""), "x|--note=a b",
	       "quotes join with text");
	is_str(split_joined("x \"say \\\"hi\\\"\""), "x|say \"hi\"",
	       "escaped quotes");
	is_str(split_joined("x \"\""), "x|", "empty quoted word");
	is_str(split_joined("find 山田\xe3\x80\x80花子"), "find|山田|花子",
	       "ideographic space separates");
	is_str(split_joined("find \"山田\xe3\x80\x80花子\""),
	       "find|山田\xe3\x80\x80花子", "quoted ideographic space kept");
	is_str(split_joined(""), "", "empty line");
	is_str(split_joined("   "), "", "blank line");
	is_str(split_joined("x \"open"),
	       "error: unterminated quote: a \" is missing", "unterminated");
	is_str(split_joined("x \xff\xfe"),
	       "error: the line is not valid UTF-8 at column 3 (byte 0xff)",
	       "invalid UTF-8");
	is_str(split_joined("花子 \xe3\x80"),
	       "error: the line is not valid UTF-8 at column 4 (byte 0xe3)",
	       "cut-off character: its column counts characters");
	ok(line_split("a\0b", 3, &argv, &msg) < 0 &&
		   strcmp(msg, "the line holds a NUL byte at column 2") == 0,
	   "NUL byte refused with its column");
	free(msg);
	msg = NULL;
	memset(big, 'a', sizeof(big));
	ok(line_split(big, sizeof(big), &argv, &msg) < 0 &&
		   strstr(msg, "too long"),
	   "over-long line refused");
	free(msg);

	is_int(line_paren_depth("(+ 1 2)"), 0, "balanced");
	is_int(line_paren_depth("(define (f x)"), 1, "one open");
	is_int(line_paren_depth("(display \")\""), 1, "paren in string");
	is_int(line_paren_depth("(f #\\( "), 1, "character literal");
	is_int(line_paren_depth("(f ; )\n"), 1, "comment");
	is_int(line_paren_depth("(f))"), -1, "too many close");
	is_int(line_paren_depth("(f \"open"), 1, "open string");
	is_int(line_paren_depth("[a (b)]"), 0, "brackets");
	ok(line_is_scheme("  (+ 1 2)"), "scheme line");
	ok(!line_is_scheme("help"), "command line");
	return tap_done();
}
