/* main.c - the tsunagu program: options, start-up, and the three ways of
 * running lines (-c, --batch, the interactive shell).
 * Exit status: 0 all lines succeeded, 1 a line failed, 2 bad usage. */
#include <config.h>

#include <getopt.h>
#include <libguile.h>
#include <limits.h>
#include <locale.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "builtins.h"
#include "command.h"
#include "demo.h"
#include "i18n.h"
#include "line.h"
#include "plugin.h"
#include "scm.h"
#include "settings.h"
#include "shell.h"
#include "staff.h"
#include "store.h"

#define EXIT_USAGE 2

struct options {
	const char *db, *staff, *today, *format;
	char **scripts, **lines, **plugin_dirs;
	int nscripts, nlines, nplugin_dirs;
	int batch, demo, no_init;
	int status; /* the exit status */
};

/* Where the Scheme files and plugins are: the build tree when the program
 * runs from there, the installed folders otherwise. */
struct paths {
	char *core_scheme; /* folder of tsunagu.scm */
	char *scheme;      /* folder of the shipped defaults */
	char *go;          /* compiled twins of both */
	char *plugins;
};

static const char *const usage_text =
	N_("Usage: tsunagu [--db PATH] [--staff ID] [--today DATE]\n"
	"               [--format table|json|tsv] [-l FILE.scm]... [-c LINE]...\n"
	"               [--batch] [--demo] [--no-init] [--plugin-dir DIR]\n"
	"               [--version] [--help]\n"
	"\n"
	"The case register of a family-support center (pregnancy to pre-school).\n"
	"\n"
	"  --db PATH         the database (default $TSUNAGU_DB, else\n"
	"                    $XDG_DATA_HOME/tsunagu/tsunagu.db)\n"
	"  --staff ID        acting staff id (default $TSUNAGU_STAFF, else login)\n"
	"  --today DATE      the date taken as today (default $TSUNAGU_TODAY)\n"
	"  --format F        table, json or tsv\n"
	"  -l FILE.scm       load a Scheme file after the site's and user's\n"
	"  -c LINE           run LINE and exit (repeatable; stops at a failure)\n"
	"  --batch           read lines from standard input, no prompt\n"
	"  --demo            work on a temporary database of fictional families\n"
	"  --no-init         skip the site's local.d and the user's init.scm\n"
	"  --plugin-dir DIR  load the plugins in DIR too (also\n"
	"                    $TSUNAGU_PLUGIN_PATH, colon-separated)\n"
	"  --no-dlclose      keep plugins mapped at exit (for valgrind)\n"
	"\n"
	"Exit status: 0 all lines succeeded, 1 a line failed, 2 bad usage.\n"
	"Type `help` in the shell for the commands.\n");

static void usage_error(const char *fmt, const char *arg, const char *hint)
{
	fputs(_("tsunagu: "), stderr);
	fprintf(stderr, fmt, arg);
	if (hint)
		fprintf(stderr, _(" (did you mean %s?)"), hint);
	fputs(_("\nTry 'tsunagu --help'.\n"), stderr);
	exit(EXIT_USAGE);
}

static const struct option long_options[] = {
	{"db", required_argument, NULL, 'd'},
	{"staff", required_argument, NULL, 's'},
	{"today", required_argument, NULL, 't'},
	{"format", required_argument, NULL, 'f'},
	{"batch", no_argument, NULL, 'b'},
	{"demo", no_argument, NULL, 'D'},
	{"no-init", no_argument, NULL, 'n'},
	{"plugin-dir", required_argument, NULL, 'p'},
	{"no-dlclose", no_argument, NULL, 'N'},
	{"version", no_argument, NULL, 'V'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

/* The long option nearest to the unknown word ARG, or NULL. */
static const char *nearest_option(const char *arg)
{
	const char *best = NULL;
	char name[64];
	int i, d, bestd = 4;

	for (i = 0; long_options[i].name; i++) {
		snprintf(name, sizeof(name), "--%s", long_options[i].name);
		d = tsu_edit_distance(arg, name);
		if (d < bestd) {
			bestd = d;
			best = long_options[i].name;
		}
	}
	if (!best)
		return NULL;
	static char buf[64];
	snprintf(buf, sizeof(buf), "--%s", best);
	return buf;
}

static void push(char ***list, int *n, const char *s)
{
	*list = tsu_realloc(*list, (*n + 1) * sizeof(char *));
	(*list)[(*n)++] = (char *)s;
}

static void parse_options(int argc, char **argv, struct options *o)
{
	int c, prev_optind;

	opterr = 0;
	for (;;) {
		prev_optind = optind;
		c = getopt_long(argc, argv, ":l:c:", long_options, NULL);
		if (c == -1)
			break;
		switch (c) {
		case 'd':
			o->db = optarg;
			break;
		case 's':
			o->staff = optarg;
			break;
		case 't':
			o->today = optarg;
			break;
		case 'f':
			o->format = optarg;
			break;
		case 'b':
			o->batch = 1;
			break;
		case 'D':
			o->demo = 1;
			break;
		case 'n':
			o->no_init = 1;
			break;
		case 'N':
			app.no_dlclose = 1;
			break;
		case 'p':
			push(&o->plugin_dirs, &o->nplugin_dirs, optarg);
			break;
		case 'l':
			push(&o->scripts, &o->nscripts, optarg);
			break;
		case 'c':
			push(&o->lines, &o->nlines, optarg);
			break;
		case 'V':
			printf("tsunagu %s (plugin ABI %d.%d)\n", PACKAGE_VERSION,
			       TSU_PLUGIN_ABI_MAJOR, TSU_PLUGIN_ABI_MINOR);
			exit(0);
		case 'h':
			fputs(_(usage_text), stdout);
			exit(0);
		case ':':
			usage_error(_("option %s needs a value"),
				    argv[prev_optind], NULL);
			break;
		default: {
			const char *bad = argv[prev_optind];
			char word[64];

			snprintf(word, sizeof(word), "%.*s",
				 (int)strcspn(bad, "="), bad);
			usage_error(_("unknown option %s"), word,
				    nearest_option(word));
		}
		}
	}
	if (optind < argc)
		usage_error(_("unexpected argument \"%s\" (lines go after -c)"),
			    argv[optind], NULL);
	if (o->batch && o->nlines)
		usage_error("%s", _("-c and --batch cannot be used together"),
			    NULL);
	/* --demo makes a database of its own: a --db given with it would
	 * be silently left alone, or taken for a demo's. */
	if (o->demo && o->db)
		usage_error("%s",
			    _("--demo and --db cannot be used together (--demo "
			      "works on a temporary database of its own)"),
			    NULL);
}

static int file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* 1 when the program runs from its build tree (not installed). */
static int in_build_tree(void)
{
	char exe[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return 0;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	return strcmp(exe, TSU_BUILDDIR) == 0 &&
	       file_exists(TSU_SRCDIR "/core/tsunagu.scm");
}

/* Bind the message catalogue: the one just built in the build tree, else
 * the installed one. */
static void bind_messages(void)
{
	bindtextdomain(TSU_TEXTDOMAIN,
		       in_build_tree() ? TSU_BUILDDIR "/locale" : LOCALEDIR);
	bind_textdomain_codeset(TSU_TEXTDOMAIN, "UTF-8");
	textdomain(TSU_TEXTDOMAIN);
}

/* Decide where the Scheme files and plugins are. */
static void find_paths(struct paths *p)
{
	const char *env = getenv("TSUNAGU_DATA_DIR");

	if (in_build_tree()) {
		p->core_scheme = tsu_strdup(TSU_SRCDIR "/core");
		p->scheme = tsu_strdup(TSU_SRCDIR "/scripts/scheme");
		p->go = tsu_strdup(TSU_BUILDDIR "/ccache");
		p->plugins = tsu_strdup(TSU_BUILDDIR "/plugins/.libs");
	} else {
		p->core_scheme = tsu_strdup(env ? env : PKGDATADIR);
		p->scheme = tsu_strdup_printf("%s/scheme",
					      env ? env : PKGDATADIR);
		p->go = tsu_strdup(PKGLIBDIR "/ccache");
		p->plugins = tsu_strdup(PKGLIBDIR);
	}
}

static void free_paths(struct paths *p)
{
	free(p->core_scheme);
	free(p->scheme);
	free(p->go);
	free(p->plugins);
}

/* The database path from the option, $TSUNAGU_DB or the XDG default. */
static char *default_db(const char *opt)
{
	const char *env = getenv("TSUNAGU_DB"), *xdg, *home;

	if (opt)
		return tsu_strdup(opt);
	if (env && *env)
		return tsu_strdup(env);
	xdg = getenv("XDG_DATA_HOME");
	if (xdg && *xdg)
		return tsu_strdup_printf("%s/tsunagu/tsunagu.db", xdg);
	home = getenv("HOME");
	return tsu_strdup_printf("%s/.local/share/tsunagu/tsunagu.db",
				 home ? home : ".");
}

static const char *default_staff(const char *opt)
{
	const char *env = getenv("TSUNAGU_STAFF");
	struct passwd *pw;

	if (opt)
		return opt;
	if (env && *env)
		return env;
	pw = getpwuid(getuid());
	return pw ? pw->pw_name : "staff";
}

static void set_today(const char *opt)
{
	const char *text = opt ? opt : getenv("TSUNAGU_TODAY");
	char *msg = NULL;

	if (text && *text) {
		if (tsu_date_parse(text, app.today, &msg) < 0) {
			fprintf(stderr, _("tsunagu: --today: %s\n"), msg);
			free(msg);
			exit(EXIT_USAGE);
		}
	} else {
		time_t now = time(NULL);
		struct tm tm;

		localtime_r(&now, &tm);
		strftime(app.today, sizeof(app.today), "%Y-%m-%d", &tm);
	}
}

/* Run each -c line in order; stop at the first that fails. */
static int run_lines(char **lines, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (command_run_line(lines[i]) < 0)
			return 1;
	return 0;
}

/* Read lines from standard input (Scheme continues until balanced). */
static int run_batch(void)
{
	char *line = NULL, *pending = NULL, *msg = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0;
	int rc = 0;

	while ((len = getline(&line, &cap, stdin)) >= 0) {
		lineno++;
		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		/* A NUL byte would cut the line short unseen: refuse it. */
		if (line_check(line, (size_t)len, &msg) < 0) {
			tsu_warn("<stdin>", _("line %ld: %s"), lineno, msg);
			free(msg);
			rc = 1;
			break;
		}
		if (pending) {
			char *joined = tsu_strdup_printf("%s\n%s", pending, line);

			free(pending);
			pending = joined;
		} else if (line_is_scheme(line)) {
			pending = tsu_strdup(line);
		} else {
			if (command_run_line(line) < 0) {
				rc = 1;
				break;
			}
			continue;
		}
		if (line_paren_depth(pending) <= 0) {
			int failed = command_run_line(pending) < 0;

			free(pending);
			pending = NULL;
			if (failed) {
				rc = 1;
				break;
			}
		}
	}
	if (pending && rc == 0) {
		tsu_warn("scheme", _("unbalanced parentheses at the end of input"));
		rc = 1;
	}
	free(pending);
	free(line);
	return rc;
}

static void shutdown_all(void)
{
	plugin_unload_all();
	command_unregister_all();
	store_close();
}

/* Everything after the options, inside Guile mode. */
static void *run(void *data)
{
	struct options *o = data;
	struct paths paths;
	char *msg = NULL, *env;
	int i, failed;

	scm_finalize_on_main_thread();
	find_paths(&paths);
	if (o->demo) {
		app.db_path = demo_db_path();
		if (!app.db_path) {
			o->status = 1;
			free_paths(&paths);
			return NULL;
		}
	} else {
		app.db_path = default_db(o->db);
	}
	if (store_open(app.db_path, &msg) < 0) {
		fprintf(stderr, _("tsunagu: %s\n"), msg);
		free(msg);
		o->status = 1;
		goto out;
	}
	if (staff_identify(default_staff(o->staff), &msg) < 0) {
		fprintf(stderr, _("tsunagu: %s\n"), msg);
		free(msg);
		o->status = 1;
		goto out;
	}
	settings_apply();
	if (scm_boot(paths.core_scheme, paths.go, &msg) < 0) {
		fprintf(stderr, _("tsunagu: %s\n"), msg);
		free(msg);
		o->status = 1;
		goto out;
	}
	builtins_register();
	plugin_load_dir(paths.plugins);
	env = tsu_strdup(getenv("TSUNAGU_PLUGIN_PATH"));
	if (env) {
		char *save = NULL, *dir;

		for (dir = strtok_r(env, ":", &save); dir;
		     dir = strtok_r(NULL, ":", &save))
			if (*dir)
				plugin_load_dir(dir);
		free(env);
	}
	for (i = 0; i < o->nplugin_dirs; i++)
		plugin_load_dir(o->plugin_dirs[i]);
	failed = scm_load_scripts(paths.scheme, paths.go, o->no_init,
				  o->scripts, o->nscripts);
	if (o->demo && demo_fill(&msg) < 0) {
		fprintf(stderr, _("tsunagu: --demo: %s\n"), msg);
		free(msg);
		o->status = 1;
		goto out;
	}
	if (o->nlines) {
		o->status = failed && o->nscripts ? 1 : run_lines(o->lines, o->nlines);
	} else if (o->batch || !isatty(STDIN_FILENO)) {
		o->status = failed && o->nscripts ? 1 : run_batch();
	} else {
		app.interactive = 1;
		o->status = shell_run();
	}
out:
	shutdown_all();
	if (o->demo)
		demo_cleanup(app.db_path);
	free(app.db_path);
	free_paths(&paths);
	return NULL;
}

int main(int argc, char **argv)
{
	struct options o = {0};

	/* Whatever this process creates (database, journals, exports,
	 * backups, prints) holds personal records: its owner's only. */
	umask(077);
	setlocale(LC_ALL, "");
	bind_messages();
	parse_options(argc, argv, &o);
	if (o.format && tsu_format_parse(o.format, &app.format) < 0)
		usage_error(_("--format: \"%s\" is not one of table, json, tsv"),
			    o.format, NULL);
	set_today(o.today);
	/* Guile must not print compiler or locale noise to the user. */
	setenv("GUILE_AUTO_COMPILE", "0", 1);
	setenv("GUILE_WARN_DEPRECATED", "no", 0);
	scm_with_guile(run, &o);
	free(o.scripts);
	free(o.lines);
	free(o.plugin_dirs);
	return o.status;
}
