/* answers_test.c - reading one answer out of a response's JSON
 * (form_answer, the host's answer()): escapes, keys written with them,
 * and malformed text that must give nothing rather than read past it. */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "command.h"
#include "form.h"
#include "tap.h"

static struct tsu_ctx ctx;

/* The answer FIELD of the JSON text given as bytes, copied into a buffer
 * of its own length so that a read past its end is seen. */
static const char *answer(const char *json, const char *field)
{
	size_t n = strlen(json) + 1;
	char *copy = malloc(n);
	const char *v;

	memcpy(copy, json, n);
	v = form_answer(&ctx, copy, field);
	free(copy);
	return v;
}

int main(void)
{
	const char *v;

	ctx.command = "answers_test";
	is_str(answer("{\"family_name\":\"山田\",\"age\":31}", "family_name"),
	       "山田", "a text answer");
	is_str(answer("{\"family_name\":\"山田\",\"age\":31}", "age"), "31",
	       "a number answer, as written");
	ok(answer("{\"family_name\":\"山田\"}", "family") == NULL,
	   "a key's beginning is not the key");
	ok(answer("{\"family_name\":null}", "family_name") == NULL,
	   "null is no answer");
	is_str(answer("{\"note\":\"a\\\"b\\\\c\\nd\"}", "note"), "a\"b\\c\nd",
	       "escaped quote, backslash and newline");
	is_str(answer("{\"note\":\"\\u5c71\\u7530\"}", "note"), "山田",
	       "\\u escapes");
	is_str(answer("{\"note\":\"\\ud83d\\ude00\"}", "note"),
	       "\xF0\x9F\x98\x80", "a surrogate pair");
	is_str(answer("{\"n\\u006fte\":\"x\",\"note\":\"y\"}", "note"), "x",
	       "a key written with an escape");

	/* Malformed: nothing, and nothing read past the text. */
	ok(answer("{\"note\":\"\\u12\"abcdefghijklmnop\"}", "note") == NULL,
	   "\\u with two hex digits before a quote");
	ok(answer("{\"note\":\"\\u12", "note") == NULL,
	   "\\u cut off by the end of the text");
	ok(answer("{\"note\":\"abc", "note") == NULL, "an unterminated string");
	ok(answer("{\"note\":\"abc\\", "note") == NULL,
	   "a backslash at the very end");
	v = answer("{\"note\":\"\\ud83dxyz\"}", "note");
	ok(v && strlen(v) == 6, "a lone high surrogate stays one character");

	for (int i = 0; i < ctx.nkeep; i++)
		free(ctx.keep[i]);
	free(ctx.keep);
	return tap_done();
}
