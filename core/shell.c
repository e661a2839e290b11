/* shell.c - the interactive shell: GNU readline through its callback
 * interface, so that our own signal handlers decide what Ctrl-C does
 * (abandon the line being edited, or interrupt the running command and
 * roll it back; never end the program); Scheme continued over several
 * lines; a history kept per user; Tab completion of commands,
 * sub-commands, options and subject ids. */
#include <config.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "app.h"
#include "command.h"
#include "complete.h"
#include "help_topics.h"
#include "i18n.h"
#include "line.h"
#include "prompt.h"
#include "shell.h"
#include "store.h"

#define HISTORY_MAX 1000 /* lines kept in memory and in the file */

static volatile sig_atomic_t quit_requested;
static volatile sig_atomic_t resized;
static volatile sig_atomic_t running;	/* a line runs, readline is off */
static volatile sig_atomic_t suspended; /* Ctrl-Z while editing */
static int wake_pipe[2] = {-1, -1};	/* signal handlers wake poll() */

static char *line_read;	   /* the line readline handed over */
static int line_ready;	   /* line_read holds a line, or NULL for Ctrl-D */
static char *pending;	   /* Scheme text waiting for its closing ')' */
static char *history_file; /* NULL when the history is not kept */
static int history_added;  /* lines added in this session */

void shell_request_quit(void)
{
	quit_requested = 1;
}

/* ---- signals ---- */

static void wake(void)
{
	int saved = errno;
	ssize_t n = write(wake_pipe[1], "", 1);

	(void)n;
	errno = saved;
}

/* Ctrl-C: remember it; a running SQL statement fails soon after.  While
 * a line runs, end the "^C" the terminal echoed, so that the command's
 * message starts on a line of its own. */
static void on_sigint(int sig)
{
	(void)sig;
	app.interrupted = 1;
	store_interrupt();
	if (running) {
		int saved = errno;
		ssize_t n = write(STDERR_FILENO, "\n", 1);

		(void)n;
		errno = saved;
	}
	wake();
}

static void on_sigwinch(int sig)
{
	(void)sig;
	resized = 1;
	wake();
}

/* Ctrl-Z while editing: stop in the loop, once the terminal is back in
 * its normal mode (a running line is stopped by the default action). */
static void on_sigtstp(int sig)
{
	(void)sig;
	suspended = 1;
	wake();
}

/* The terminal went away or we are asked to stop: end the running
 * command (rolled back) and leave after it, keeping the history. */
static void on_sigterm(int sig)
{
	(void)sig;
	app.interrupted = 1;
	quit_requested = 1;
	store_interrupt();
	wake();
}

struct saved_signals {
	struct sigaction intr, winch, term, hup, tstp, quit;
};

/* Catch Ctrl-Z (while editing) or leave it to the system (while a line
 * runs). */
static void catch_sigtstp(int on)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on ? on_sigtstp : SIG_DFL;
	sigaction(SIGTSTP, &sa, NULL);
}

/* Install our handlers; without SA_RESTART so that a blocking read in a
 * command returns on Ctrl-C.  Returns 0, or -1 when no pipe is left. */
static int signals_install(struct saved_signals *old)
{
	struct sigaction sa;
	int i;

	if (pipe(wake_pipe) < 0)
		return -1;
	for (i = 0; i < 2; i++) {
		fcntl(wake_pipe[i], F_SETFD, FD_CLOEXEC);
		fcntl(wake_pipe[i], F_SETFL,
		      fcntl(wake_pipe[i], F_GETFL) | O_NONBLOCK);
	}
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_sigint;
	sigaction(SIGINT, &sa, &old->intr);
	sa.sa_handler = on_sigterm;
	sigaction(SIGTERM, &sa, &old->term);
	sigaction(SIGHUP, &sa, &old->hup);
	sa.sa_flags = SA_RESTART;
	sa.sa_handler = on_sigwinch;
	sigaction(SIGWINCH, &sa, &old->winch);
	sigaction(SIGTSTP, NULL, &old->tstp);
	/* Ctrl-\ (SIGQUIT) pressed by mistake must not end the session
	 * and lose its history. */
	sa.sa_flags = 0;
	sa.sa_handler = SIG_IGN;
	sigaction(SIGQUIT, &sa, &old->quit);
	return 0;
}

static void signals_restore(const struct saved_signals *old)
{
	sigaction(SIGINT, &old->intr, NULL);
	sigaction(SIGTERM, &old->term, NULL);
	sigaction(SIGHUP, &old->hup, NULL);
	sigaction(SIGWINCH, &old->winch, NULL);
	sigaction(SIGTSTP, &old->tstp, NULL);
	sigaction(SIGQUIT, &old->quit, NULL);
	close(wake_pipe[0]);
	close(wake_pipe[1]);
	wake_pipe[0] = wake_pipe[1] = -1;
}

/* Empty the wake-up pipe. */
static void wake_drain(void)
{
	char buf[64];

	while (read(wake_pipe[0], buf, sizeof(buf)) > 0)
		;
}

/* ---- history ---- */

/* Create each missing folder of PATH (mode 0700).  Returns 0 or -1. */
static int make_folders(const char *path)
{
	char *copy = tsu_strdup(path), *p;
	int rc = 0;

	for (p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0700) < 0 && errno != EEXIST)
			rc = -1;
		*p = '/';
		if (rc < 0)
			break;
	}
	if (rc == 0 && mkdir(copy, 0700) < 0 && errno != EEXIST)
		rc = -1;
	free(copy);
	return rc;
}

/* The history file: $XDG_STATE_HOME/tsunagu/history, else
 * ~/.local/state/tsunagu/history.  Returns a malloc'd path or NULL. */
static char *history_path(void)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

	if (xdg && xdg[0] == '/')
		return tsu_strdup_printf("%s/tsunagu/history", xdg);
	if (!home || !*home) {
		struct passwd *pw = getpwuid(getuid());

		home = pw ? pw->pw_dir : NULL;
	}
	if (!home || !*home)
		return NULL;
	return tsu_strdup_printf("%s/.local/state/tsunagu/history", home);
}

/* Find, create (0600, in 0700 folders) and read the history file.  Any
 * trouble is a warning and the shell goes on without it. */
static void history_start(void)
{
	char *path = history_path(), *slash;
	struct stat st;
	int fd, rc;

	stifle_history(HISTORY_MAX);
	if (!path) {
		tsu_warn("history", _("no home folder; the history is not kept"));
		return;
	}
	slash = strrchr(path, '/');
	*slash = '\0';
	rc = make_folders(path);
	if (rc < 0) {
		tsu_warn("history",
			 _("cannot create %s: %s (the history is not "
			 "kept)"),
			 path, strerror(errno));
		free(path);
		return;
	}
	*slash = '/';
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0) {
		tsu_warn("history", _("%s: %s (the history is not kept)"), path,
			 strerror(errno));
		free(path);
		return;
	}
	/* What the staff typed names families: keep it to its owner. */
	if (fstat(fd, &st) == 0 && (st.st_mode & 077))
		fchmod(fd, st.st_mode & 0700);
	close(fd);
	rc = read_history(path);
	if (rc != 0)
		tsu_warn("history", "%s: %s", path, strerror(rc));
	history_file = path;
	history_added = 0;
}

/* Append this session's lines to the file and trim it. */
static void history_end(void)
{
	int n = history_added < history_length ? history_added : history_length;
	int rc;

	if (!history_file)
		return;
	if (n > 0) {
		rc = append_history(n, history_file);
		if (rc == 0)
			rc = history_truncate_file(history_file, HISTORY_MAX);
		if (rc != 0)
			tsu_warn("history", "%s: %s", history_file,
				 strerror(rc));
	}
	free(history_file);
	history_file = NULL;
	clear_history();
}

/* Remember LINE unless it is blank or repeats the previous one. */
static void history_remember(const char *line)
{
	HIST_ENTRY *last;

	if (line[strspn(line, " \t")] == '\0')
		return;
	last = history_length > 0
		   ? history_get(history_base + history_length - 1)
		   : NULL;
	if (last && strcmp(last->line, line) == 0)
		return;
	add_history(line);
	history_added++;
}

/* ---- completion ---- */

struct candidates {
	char **v;
	int n, cap;
	int next;  /* for the generator */
	int quote; /* offered in double quotes: one holds a blank */
};

static struct candidates cands;

static void cands_add(const char *s)
{
	if (cands.n == cands.cap) {
		cands.cap = cands.cap ? cands.cap * 2 : 64;
		cands.v = tsu_realloc(cands.v, cands.cap * sizeof(char *));
	}
	cands.v[cands.n++] = tsu_strdup(s);
}

static void cands_clear(void)
{
	int i;

	for (i = 0; i < cands.n; i++)
		free(cands.v[i]);
	free(cands.v);
	memset(&cands, 0, sizeof(cands));
}

/* Add NAME when it starts with PREFIX. */
static void cands_add_match(const char *name, const char *prefix)
{
	if (name && strncmp(name, prefix, strlen(prefix)) == 0)
		cands_add(name);
}

/* Add the first word of command NAME when it starts with PREFIX and is
 * not offered yet ("import" once for "import" and "import json"). */
static void cands_add_first_word(const char *name, const char *prefix)
{
	size_t n = strcspn(name, " ");
	int i;

	if (strncmp(name, prefix, strlen(prefix)) != 0)
		return;
	for (i = 0; i < cands.n; i++)
		if (strlen(cands.v[i]) == n && strncmp(cands.v[i], name, n) == 0)
			return;
	if (name[n]) {
		char *word = tsu_strdup_printf("%.*s", (int)n, name);

		cands_add(word);
		free(word);
	} else {
		cands_add(name);
	}
}

/* command_next_words' ADD: a candidate when it starts with PREFIX. */
static void cands_add_next(const char *word, void *prefix)
{
	cands_add_match(word, prefix);
}

/* 1 when TEXT may begin a subject id: letters, then digits ("P", "f12"). */
static int looks_like_id(const char *text)
{
	const char *p = text;

	while (isalpha((unsigned char)*p))
		p++;
	if (p == text)
		return 0;
	while (isdigit((unsigned char)*p))
		p++;
	return *p == '\0';
}

/* Add the person and family ids that start with TEXT (any case), at
 * most 200 of each kind. */
static void cands_add_ids(const char *text)
{
	static const struct {
		char letter;
		const char *sql;
	} kinds[] = {
	    {'P', "SELECT 'P'||id FROM person WHERE ('P'||id) LIKE ?1||'%' "
		  "ORDER BY id LIMIT 200"},
	    {'F', "SELECT 'F'||id FROM family WHERE ('F'||id) LIKE ?1||'%' "
		  "ORDER BY id LIMIT 200"},
	};
	sqlite3 *db = store_db();
	char prefix[32];
	size_t i, k;

	if (!db || strlen(text) >= sizeof(prefix))
		return;
	for (i = 0; text[i]; i++)
		prefix[i] = (char)toupper((unsigned char)text[i]);
	prefix[i] = '\0';
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		sqlite3_stmt *st;

		if (prefix[0] != kinds[k].letter)
			continue;
		if (sqlite3_prepare_v2(db, kinds[k].sql, -1, &st, NULL) !=
		    SQLITE_OK)
			continue;
		sqlite3_bind_text(st, 1, prefix, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW)
			cands_add((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
}

/* Count the words of LINE before END (the word being completed), and
 * copy the first one into FIRST. */
static int words_before(const char *line, int end, char *first, size_t firstsz)
{
	int i = 0, n = 0;

	first[0] = '\0';
	while (i < end) {
		int start, quoted = 0;

		while (i < end && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (i >= end)
			break;
		start = i;
		while (i < end &&
		       (quoted || (line[i] != ' ' && line[i] != '\t'))) {
			if (line[i] == '"')
				quoted = !quoted;
			else if (line[i] == '\\' && quoted && i + 1 < end)
				i++;
			i++;
		}
		if (n++ == 0)
			snprintf(first, firstsz, "%.*s", i - start,
				 line + start);
	}
	return n;
}

/* ---- a command's words (tsu_command_spec.words) ---- */

/* 1 when WORD is an option ("--kind", "-o", "--kind=visit"). */
static int is_option(const char *word)
{
	return word[0] == '-' && word[1] && word[1] != ' ';
}

/* Find the next blank-separated item of WORDS from *P: its start, and
 * its length in *LEN.  NULL at the end. */
static const char *words_item(const char **p, size_t *len)
{
	const char *item;

	if (!*p)
		return NULL;
	*p += strspn(*p, " \t\n");
	if (!**p)
		return NULL;
	item = *p;
	*len = strcspn(item, " \t\n");
	*p += *len;
	return item;
}

/* The values WORDS gives for OPTION ("--kind"): 1 with *VALUES (not
 * NUL-terminated, *VLEN bytes; "" for any value) when the option takes
 * a value, 0 for a flag or an option WORDS does not name. */
static int words_option(const char *words, const char *option,
			const char **values, size_t *vlen)
{
	size_t olen = strlen(option), len;
	const char *item;

	while ((item = words_item(&words, &len)) != NULL)
		if (len > olen && item[olen] == '=' &&
		    strncmp(item, option, olen) == 0) {
			*values = item + olen + 1;
			*vlen = len - olen - 1;
			return 1;
		}
	return 0;
}

/* Add the alternatives "A|B|..." of VALUES (VLEN bytes) that start with
 * PREFIX.  Returns 1 when they are file names ("<file>"), else 0. */
static int cands_add_values(const char *values, size_t vlen, const char *prefix)
{
	size_t plen = strlen(prefix);

	if (vlen == 6 && strncmp(values, "<file>", 6) == 0)
		return 1;
	while (vlen > 0) {
		size_t n = 0;

		while (n < vlen && values[n] != '|')
			n++;
		if (n >= plen && n > 0 && strncmp(values, prefix, plen) == 0) {
			char *w = tsu_strdup_printf("%.*s", (int)n, values);

			cands_add(w);
			free(w);
		}
		values += n;
		vlen -= n;
		if (vlen > 0) {
			values++;
			vlen--;
		}
	}
	return 0;
}

/* 1 when OPTION of command C (whose first word is FIRST) takes a value:
 * WORDS says so ("--kind="), or a completer offers its values. */
static int option_takes_value(const struct command *c, const char *first,
			      const char *option)
{
	const char *values;
	size_t vlen;

	return words_option(c->spec.words, option, &values, &vlen) ||
	       complete_has_option(first, option);
}

/* Add what WORDS gives for the Nth word after the command name that
 * starts with PREFIX: the sub-commands for the first, the items
 * "N=A|B" for any.  Returns 1 when file names go there. */
static int cands_add_position(const char *words, int n, const char *prefix)
{
	const char *item;
	size_t len;
	int files = 0;

	while ((item = words_item(&words, &len)) != NULL) {
		char *end;
		long k;

		if (is_option(item))
			continue;
		k = strtol(item, &end, 10);
		if (end != item && *end == '=') {
			if (k == n)
				files |= cands_add_values(
				    end + 1, len - (size_t)(end + 1 - item),
				    prefix);
		} else if (n == 1) {
			files |= cands_add_values(item, len, prefix);
		}
	}
	return files;
}

/* Add the options of WORDS that start with PREFIX. */
static void cands_add_options(const char *words, const char *prefix)
{
	size_t plen = strlen(prefix), len;
	const char *item;

	while ((item = words_item(&words, &len)) != NULL) {
		size_t n = strcspn(item, "= \t\n");

		if (n > len)
			n = len;
		if (is_option(item) && n >= plen &&
		    strncmp(item, prefix, plen) == 0) {
			char *w = tsu_strdup_printf("%.*s", (int)n, item);

			cands_add(w);
			free(w);
		}
	}
}

/* Add what Tab offers for TEXT (starting at START of the line) after
 * ARGS, the NARGS words that follow command C's name on the line: the
 * values of the option before it, if it takes one, and only those;
 * else the words that may stand at its position, the options, subject
 * ids and what the completers give.  Returns 1 when file names go
 * there instead. */
static int cands_add_command(const struct command *c, const char *first,
			     char **args, int nargs, const char *text,
			     int start)
{
	const char *prev = nargs ? args[nargs - 1] : NULL, *values;
	size_t vlen;
	int i, pos = 1, files = 0;

	/* After an option that takes a value: its values, nothing else. */
	if (prev && is_option(prev) && !strchr(prev, '=') &&
	    option_takes_value(c, first, prev)) {
		if (words_option(c->spec.words, prev, &values, &vlen))
			files = cands_add_values(values, vlen, text);
		if (!files)
			complete_words(rl_line_buffer, start, text, cands_add);
		return files;
	}
	for (i = 0; i < nargs; i++) {
		if (!is_option(args[i]))
			pos++;
		else if (!strchr(args[i], '=') &&
			 option_takes_value(c, first, args[i]))
			i++;
	}
	if (*text != '-' && cands_add_position(c->spec.words, pos, text)) {
		cands_clear();
		return 1;
	}
	cands_add_options(c->spec.words, text);
	if (looks_like_id(text))
		cands_add_ids(text);
	complete_words(rl_line_buffer, start, text, cands_add);
	return 0;
}

/* Hand readline the candidates one by one (it frees them). */
static char *cands_next(const char *text, int state)
{
	(void)text;
	if (state == 0)
		cands.next = 0;
	if (cands.next >= cands.n)
		return NULL;
	if (cands.quote)
		return tsu_strdup_printf("\"%s\"", cands.v[cands.next++]);
	return tsu_strdup(cands.v[cands.next++]);
}

/* What Tab offers for TEXT, the word from START to END of the line:
 * command names first; after `help`, commands and topics; then what
 * cands_add_command() finds for the command's line, or file names. */
static char **shell_complete(const char *text, int start, int end)
{
	char first[64], **words = NULL, *msg = NULL;
	const struct command *c;
	char **matches;
	int nbefore, nsplit, i, opened = 0, files = 0;

	(void)end;
	rl_attempted_completion_over = 1; /* file names only where asked */
	if (line_is_scheme(rl_line_buffer))
		return NULL;
	/* A word opened by a quote starts after it. */
	if (start > 0 && rl_line_buffer[start - 1] == '"') {
		start--;
		opened = 1;
	}
	nbefore = words_before(rl_line_buffer, start, first, sizeof(first));
	cands_clear();
	/* The words before, for names of several words ("import json"). */
	nsplit = nbefore ? line_split(rl_line_buffer, (size_t)start, &words,
				      &msg)
			 : -1;
	free(msg);
	if (nbefore == 0) {
		for (i = 0; i < command_count(); i++)
			cands_add_first_word(command_at(i)->spec.name, text);
	} else if (strcmp(first, "help") == 0) {
		if (nbefore == 1) {
			for (i = 0; i < command_count(); i++)
				cands_add_first_word(command_at(i)->spec.name,
						     text);
			for (i = 0; i < topic_count(); i++) {
				const char *name, *summary, *body;

				topic_at(i, &name, &summary, &body);
				cands_add_match(name, text);
			}
			for (i = 0; help_core_topics[i]; i++)
				if (!command_find(help_core_topics[i]))
					cands_add_match(help_core_topics[i],
							text);
		} else if (nsplit > 1) {
			command_next_words(words + 1, nsplit - 1,
					   cands_add_next, (void *)text);
		}
	} else {
		int nwords = 1;

		if (nsplit > 0) {
			command_next_words(words, nsplit, cands_add_next,
					   (void *)text);
			c = command_resolve(nsplit, words, &nwords);
		} else {
			c = command_find(first);
		}
		if (c && nsplit > 0)
			files = cands_add_command(c, first, words + nwords,
						  nsplit - nwords, text, start);
	}
	if (nsplit >= 0)
		line_free(words);
	if (files) {
		cands_clear();
		return rl_completion_matches(text,
					     rl_filename_completion_function);
	}
	/* A field offered for --set ("family_name=") takes its value
	 * right after the '=': no blank. */
	for (i = 0; i < cands.n; i++) {
		size_t n = strlen(cands.v[i]);

		if (n == 0 || cands.v[i][n - 1] != '=')
			break;
	}
	if (cands.n > 0 && i == cands.n)
		rl_completion_suppress_append = 1;
	/* A name with a blank ("子ども家庭 支援センター") goes in as one
	 * word: quoted, unless the user opened the quote (readline closes
	 * it then).  Only when what Tab inserts, the part all candidates
	 * share, holds the blank: a list of names is offered as it is. */
	if (cands.n > 0 && !opened) {
		size_t common = strlen(cands.v[0]);

		for (i = 1; i < cands.n; i++) {
			size_t k = 0;

			while (k < common && cands.v[i][k] == cands.v[0][k])
				k++;
			common = k;
		}
		cands.quote = strcspn(cands.v[0], " \t") < common;
	}
	matches = cands.n ? rl_completion_matches(text, cands_next) : NULL;
	cands_clear();
	return matches;
}

/* ---- the loop ---- */

static int scheme_ran; /* a Scheme line ran since the last prompt */

/* The prompt: "tsunagu NAME [overdue N]> " (core/prompt.c), refreshed
 * after every line.  Returns a malloc'd string. */
static char *shell_prompt(void)
{
	char *prompt = prompt_text(scheme_ran);

	scheme_ran = 0;
	return prompt;
}

/* readline calls this with a finished line (NULL on Ctrl-D); the line
 * runs outside readline, with the terminal in its normal mode. */
static void on_line(char *line)
{
	rl_callback_handler_remove();
	catch_sigtstp(0);
	line_read = line;
	line_ready = 1;
}

/* Show the prompt (the continuation prompt while Scheme is pending). */
static void prompt_show(void)
{
	char *prompt = pending ? tsu_strdup("... ") : shell_prompt();

	fflush(stdout);
	fflush(stderr);
	rl_callback_handler_install(prompt, on_line);
	catch_sigtstp(1);
	free(prompt);
}

/* Ctrl-Z while editing: give the terminal back, stop, and on `fg` take
 * it again and redraw the line being edited. */
static void shell_suspend(void)
{
	rl_echo_signal_char(SIGTSTP);
	rl_cleanup_after_signal();
	catch_sigtstp(0);
	raise(SIGTSTP);
	/* Continued. */
	catch_sigtstp(1);
	rl_reset_after_signal();
	rl_on_new_line();
	rl_redisplay();
}

/* Ctrl-C while editing: drop the line (and any pending Scheme text),
 * and start afresh on a new line. */
static void shell_cancel_line(void)
{
	app.interrupted = 0;
	rl_point = rl_end;
	rl_redisplay();
	rl_echo_signal_char(SIGINT);
	rl_free_line_state();
	rl_callback_sigcleanup();
	rl_replace_line("", 0);
	rl_point = 0;
	rl_crlf();
	rl_callback_handler_remove();
	using_history();
	free(pending);
	pending = NULL;
	prompt_show();
}

/* Run one line typed at the prompt, or keep it when it opens Scheme that
 * is not closed yet. */
static void shell_line(const char *line)
{
	char *text;

	if (pending) {
		text = tsu_strdup_printf("%s\n%s", pending, line);
		free(pending);
		pending = NULL;
	} else if (line_is_scheme(line)) {
		text = tsu_strdup(line);
	} else {
		app.interrupted = 0;
		command_run_line(line);
		return;
	}
	if (line_paren_depth(text) > 0) {
		pending = text;
		return;
	}
	app.interrupted = 0;
	scheme_ran = 1; /* it may have defined a milestone */
	command_run_line(text);
	free(text);
}

/* Handle what readline handed over: NULL is Ctrl-D; a pasted text may
 * hold several lines, which run one after the other. */
static void shell_accept(char *text)
{
	char *p, *nl;

	if (!text) {
		if (pending) {
			fputs("\n", stdout);
			tsu_warn("scheme", _("unfinished expression dropped "
					   "(Ctrl-D again leaves)"));
			free(pending);
			pending = NULL;
			return;
		}
		fputs("\n", stdout);
		quit_requested = 1;
		return;
	}
	for (p = text; p && !quit_requested; p = nl) {
		nl = strchr(p, '\n');
		if (nl)
			*nl++ = '\0';
		if (!nl && !*p && p != text)
			break; /* the newline ending a paste */
		history_remember(p);
		shell_line(p);
		fflush(stdout);
		fflush(stderr);
		if (app.interrupted)
			break; /* Ctrl-C stops the rest of a paste too */
	}
	free(text);
}

int shell_run(void)
{
	static char word_breaks[] = " \t";
	struct saved_signals old;

	if (signals_install(&old) < 0) {
		tsu_warn("shell", _("cannot start: %s"), strerror(errno));
		return 1;
	}
	rl_readline_name = "tsunagu";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_attempted_completion_function = shell_complete;
	rl_completer_word_break_characters = word_breaks;
	rl_basic_quote_characters = "\"";
	rl_completer_quote_characters = "\"";
	history_start();
	quit_requested = 0;
	printf(_("tsunagu %s — type help, or quit to leave\n"), PACKAGE_VERSION);
	prompt_show();
	while (!quit_requested) {
		struct pollfd fds[2] = {
		    {.fd = STDIN_FILENO, .events = POLLIN},
		    {.fd = wake_pipe[0], .events = POLLIN},
		};
		int n = poll(fds, 2, -1);

		if (n < 0 && errno != EINTR)
			break;
		wake_drain();
		if (resized) {
			resized = 0;
			rl_resize_terminal();
		}
		if (suspended) {
			suspended = 0;
			shell_suspend();
		}
		if (app.interrupted) {
			if (quit_requested) {
				fputs("\n", stdout);
				break;
			}
			shell_cancel_line();
			continue;
		}
		if (n <= 0 || !(fds[0].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		rl_callback_read_char();
		if (!line_ready)
			continue;
		line_ready = 0;
		running = 1;
		shell_accept(line_read);
		running = 0;
		line_read = NULL;
		app.interrupted = 0; /* a Ctrl-C the command has seen */
		if (!quit_requested)
			prompt_show();
	}
	rl_callback_handler_remove();
	free(pending);
	pending = NULL;
	history_end();
	signals_restore(&old);
	fflush(stdout);
	return 0;
}
