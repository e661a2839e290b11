/* form.c - fuzz target for the form-value validators: the C check every
 * value passes first (form_value_check in core/form.c) and the Scheme
 * parsers of each field type (field-parse in core/tsunagu.scm, reached
 * through %form-field-error), for the fields of the shipped forms.
 *
 * Guile boots once, in LLVMFuzzerInitialize, with the core's Scheme and
 * the shipped scripts from the source tree.  The first byte of an input
 * picks the field, the rest is the value.  A value the C check refuses
 * must come with a message naming the field; one it takes must be valid
 * UTF-8 within the limit; the field's parser must answer (an error
 * message or nothing) and never raise a Scheme error. */
#include <config.h>

#include <libguile.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "form.h"
#include "fuzz.h"
#include "scm.h"
#include "width.h"

#define MAX_FIELDS 256

static struct {
	char *form, *id;
} fields[MAX_FIELDS];
static int nfields;

/* Note the fields of every defined form. */
static void collect_fields(void)
{
	SCM forms, rows;
	char *msg = NULL;

	if (tsuscm_safe_apply(tsuscm_ref("%form-list"), SCM_EOL, &forms, &msg) <
	    0) {
		fprintf(stderr, "%%form-list: %s\n", msg);
		abort();
	}
	for (; scm_is_pair(forms); forms = scm_cdr(forms)) {
		SCM name = scm_caar(forms);

		if (tsuscm_safe_apply(tsuscm_ref("%form-field-rows"),
				      scm_list_1(name), &rows, &msg) < 0) {
			fprintf(stderr, "%%form-field-rows: %s\n", msg);
			abort();
		}
		for (; scm_is_pair(rows) && nfields < MAX_FIELDS;
		     rows = scm_cdr(rows)) {
			fields[nfields].form = tsuscm_to_utf8(name);
			fields[nfields].id = tsuscm_to_utf8(scm_caar(rows));
			nfields++;
		}
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char *msg = NULL;

	(void)argc;
	(void)argv;
	setenv("GUILE_AUTO_COMPILE", "0", 1);
	scm_init_guile();
	if (scm_boot(TSU_SRCDIR "/core", TSU_BUILDDIR "/ccache", &msg) < 0) {
		fprintf(stderr, "%s\n", msg);
		abort();
	}
	if (scm_load_scripts(TSU_SRCDIR "/scripts/scheme",
			     TSU_BUILDDIR "/ccache", 1, NULL, 0) != 0)
		abort();
	collect_fields();
	FUZZ_CHECK(nfields > 0);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *value = (const char *)data + 1;
	char *msg = NULL, *text;
	size_t len;
	SCM r;
	int i, rc;

	if (size == 0)
		return 0;
	i = data[0] % nfields;
	len = size - 1;
	rc = form_value_check(fields[i].id, value, len, &msg);
	if (rc < 0) {
		FUZZ_CHECK(msg && strncmp(msg, fields[i].id,
					  strlen(fields[i].id)) == 0);
		free(msg);
		return 0;
	}
	FUZZ_CHECK(len <= TSU_FORM_VALUE_MAX);
	FUZZ_CHECK(tsu_utf8_valid(value, len) && !memchr(value, 0, len));

	text = fuzz_text((const uint8_t *)value, len);
	rc = tsuscm_safe_apply(tsuscm_ref("%form-field-error"),
			       scm_list_3(tsuscm_from_utf8(fields[i].form),
					  tsuscm_from_utf8(fields[i].id),
					  tsuscm_from_utf8(text)),
			       &r, &msg);
	if (rc < 0)
		fprintf(stderr, "%s %s \"%s\": %s\n", fields[i].form,
			fields[i].id, text, msg);
	FUZZ_CHECK(rc == 0);
	FUZZ_CHECK(scm_is_false(r) || scm_is_string(r));
	free(text);
	return 0;
}
