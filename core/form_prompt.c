/* form_prompt.c - filling a form at the terminal: one question at a time
 * with its label, numbered choices and default, asked again when the
 * answer is not valid.  Ctrl-C abandons the whole form.  Answers never
 * enter the shell's history. */
#include <config.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "app.h"
#include "command.h"
#include "form.h"
#include "i18n.h"
#include "scm.h"

/* The line readline handed over, and whether it did. */
static char *answer_line;
static int answer_ready;

static void on_answer(char *line)
{
	answer_line = line;
	answer_ready = 1;
	rl_callback_handler_remove();
}

/* Read one answer after PROMPT.  Returns a malloc'd line, or NULL on
 * Ctrl-C or end of input (*INTERRUPTED tells which). */
static char *prompt_read(const char *prompt, int *interrupted)
{
	*interrupted = 0;
	answer_line = NULL;
	answer_ready = 0;
	fflush(stdout);
	fflush(stderr);
	rl_callback_handler_install(prompt, on_answer);
	while (!answer_ready) {
		struct pollfd fd = {.fd = STDIN_FILENO, .events = POLLIN};
		int n;

		if (app.interrupted)
			break;
		n = poll(&fd, 1, 200);
		if (n < 0 && errno != EINTR)
			break;
		if (app.interrupted)
			break;
		if (n > 0)
			rl_callback_read_char();
	}
	if (!answer_ready) {
		*interrupted = app.interrupted != 0;
		rl_free_line_state();
		rl_callback_sigcleanup();
		rl_callback_handler_remove();
		fputs("\n", stdout);
		return NULL;
	}
	return answer_line;
}

/* The choices of the field being asked, offered by Tab. */
static char **choices;
static int nchoices;

static void choices_clear(void)
{
	int i;

	for (i = 0; i < nchoices; i++)
		free(choices[i]);
	free(choices);
	choices = NULL;
	nchoices = 0;
}

/* Hand readline the choices that start with TEXT, one by one. */
static char *choice_next(const char *text, int state)
{
	static int next;

	if (state == 0)
		next = 0;
	while (next < nchoices)
		if (strncmp(choices[next++], text, strlen(text)) == 0)
			return tsu_strdup(choices[next - 1]);
	return NULL;
}

/* Tab at a form's prompt: the field's choices, nothing else. */
static char **choice_complete(const char *text, int start, int end)
{
	(void)start;
	(void)end;
	rl_attempted_completion_over = 1;
	return nchoices ? rl_completion_matches(text, choice_next) : NULL;
}

/* What the shell's readline had, put back when the form is done. */
struct shell_state {
	HISTORY_STATE *history;
	rl_completion_func_t *complete;
	const char *breaks, *quotes;
};

/* Give the form's prompt a history of its own (empty: the answers are
 * not the shell's lines, and the shell's lines are not answers) and its
 * own Tab; SAVED keeps the shell's. */
static void shell_state_leave(struct shell_state *saved)
{
	HISTORY_STATE empty;

	saved->history = history_get_history_state();
	saved->complete = rl_attempted_completion_function;
	saved->breaks = rl_completer_word_break_characters;
	saved->quotes = rl_completer_quote_characters;
	memset(&empty, 0, sizeof(empty));
	history_set_history_state(&empty);
	rl_attempted_completion_function = choice_complete;
	rl_completer_word_break_characters = "";
	rl_completer_quote_characters = NULL;
}

static void shell_state_restore(struct shell_state *saved)
{
	history_set_history_state(saved->history);
	free(saved->history);
	rl_attempted_completion_function = saved->complete;
	rl_completer_word_break_characters = (char *)saved->breaks;
	rl_completer_quote_characters = saved->quotes;
	choices_clear();
}

/* Show the question for the field described by Q (from
 * %form-next-prompt) and return the prompt text (malloc'd). */
static char *question_show(SCM q)
{
	char *label = tsuscm_to_utf8(scm_list_ref(q, scm_from_int(1)));
	char *type = tsuscm_to_utf8(scm_list_ref(q, scm_from_int(2)));
	char *def = tsuscm_to_utf8(scm_list_ref(q, scm_from_int(5)));
	int required = scm_is_true(scm_list_ref(q, scm_from_int(3)));
	SCM list = scm_list_ref(q, scm_from_int(4));
	char *prompt;
	int i = 1;

	choices_clear();
	for (; scm_is_pair(list); list = scm_cdr(list), i++) {
		char *c = tsuscm_to_utf8(scm_car(list));

		printf("  %d) %s\n", i, c ? c : "");
		if (c) {
			choices = tsu_realloc(choices,
					      (nchoices + 1) * sizeof(char *));
			choices[nchoices++] = c;
		}
	}
	prompt = tsu_strdup_printf(
	    "%s%s%s%s%s: ", label ? label : "?", required ? " *" : "",
	    strcmp(type ? type : "", "boolean") == 0 ? " (y/n)" : "",
	    def ? " [" : "", def ? def : "");
	if (def) {
		char *p = tsu_strdup_printf("%.*s]: ", (int)strlen(prompt) - 2,
					    prompt);

		free(prompt);
		prompt = p;
	}
	free(label);
	free(type);
	free(def);
	return prompt;
}

/* 1 when LINE, typed for field ID, is refused by form_value_check()
 * (over-long, a control character, not UTF-8); the reason is shown. */
static int prompt_value_refused(const char *id, const char *line)
{
	char *why = NULL;

	if (form_value_check(id, line, strlen(line), &why) == 0)
		return 0;
	fprintf(stderr, "  %s\n", why);
	free(why);
	return 1;
}

static int form_prompt_fields(struct tsu_ctx *ctx, const char *form, SCM *raw,
			      SCM *asked);

int form_prompt(struct tsu_ctx *ctx, const char *form, SCM *raw, SCM *asked)
{
	struct shell_state saved;
	int rc;

	shell_state_leave(&saved);
	rc = form_prompt_fields(ctx, form, raw, asked);
	shell_state_restore(&saved);
	return rc;
}

/* Ask the fields one by one, as form_prompt() says. */
static int form_prompt_fields(struct tsu_ctx *ctx, const char *form, SCM *raw,
			      SCM *asked)
{
	SCM q, err;
	int shown = 0;

	for (;;) {
		char *id, *prompt, *line, *def;
		int required, interrupted;

		if (form_call(ctx, "%form-next-prompt",
			      scm_list_3(tsuscm_from_utf8(form), *raw, *asked),
			      &q) < 0)
			return -1;
		if (scm_is_false(q))
			return 0;
		if (!shown) {
			SCM title = SCM_BOOL_F;
			char *t, *label;

			/* The title staff know it by, with the name they
			 * type: "妊娠届出面接 (pregnancy)". */
			form_call(ctx, "form-title",
				  scm_list_1(tsuscm_from_utf8(form)), &title);
			t = tsuscm_to_utf8(title);
			label = t && *t && strcmp(t, form) != 0
				    ? tsu_strdup_printf("%s (%s)", t, form)
				    : tsu_strdup(form);
			printf(_("%s (Ctrl-C abandons the form; * required, "
			       "Enter skips)\n"),
			       label);
			free(label);
			free(t);
			shown = 1;
		}
		id = tsuscm_to_utf8(scm_car(q));
		required = scm_is_true(scm_list_ref(q, scm_from_int(3)));
		def = tsuscm_to_utf8(scm_list_ref(q, scm_from_int(5)));
		prompt = question_show(q);
		for (;;) {
			line = prompt_read(prompt, &interrupted);
			if (!line) {
				free(id), free(prompt), free(def);
				return ctx_error(ctx,
						 _("%s: %s; nothing was saved"),
						 form,
						 interrupted
						     ? _("abandoned (Ctrl-C)")
						     : _("input ended"));
			}
			if (!*line && def) {
				free(line);
				line = tsu_strdup(def);
			}
			if (!*line) {
				if (!required)
					break;
				fputs(_("  (required)\n"), stderr);
				free(line);
				continue;
			}
			if (prompt_value_refused(id, line)) {
				free(line);
				continue;
			}
			if (form_call(ctx, "%form-field-error",
				      scm_list_3(tsuscm_from_utf8(form),
						 tsuscm_from_utf8(id),
						 tsuscm_from_utf8(line)),
				      &err) < 0) {
				free(line), free(id), free(prompt), free(def);
				return -1;
			}
			if (scm_is_false(err))
				break;
			{
				char *m = tsuscm_to_utf8(err);

				fprintf(stderr, _("  %s\n"), m ? m : _("invalid"));
				free(m);
			}
			free(line);
		}
		*asked = scm_cons(tsuscm_from_utf8(id), *asked);
		if (*line)
			*raw = scm_append(scm_list_2(
			    *raw, scm_list_1(scm_cons(tsuscm_from_utf8(id),
						      tsuscm_from_utf8(line)))));
		free(line), free(id), free(prompt), free(def);
	}
}
