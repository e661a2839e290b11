/* tsunagu-plugin.h - everything a tsunagu plugin may use.
 *
 * A plugin is a shared object with one exported symbol, TSU_PLUGIN_ENTRY,
 * a function returning a pointer to a constant struct tsu_plugin_info.  The
 * host checks the ABI version, calls init() with the host API table and the
 * plugin's handle, and calls shutdown() before unloading it.
 *
 * The host API is a table of function pointers.  It only ever grows at the
 * end: a plugin built against ABI 1.N loads in any host of ABI 1.M with
 * M >= N, and can test for newer entries with TSU_HOST_HAS().  A change of
 * the major version means a plugin must be rebuilt.
 *
 * Ownership: strings passed to the host are copied by it.  Everything a
 * plugin registers (commands, schemas, due providers, hooks, Scheme
 * procedures) belongs to the host from then on and is released when the
 * plugin is unloaded; user data given with a free function is freed then
 * with that function.  Strings the host returns are valid until the stated
 * point and are never freed by the plugin, except error messages returned
 * through a `char **errmsg`, which the caller frees with free().
 *
 * Errors: functions returning int give 0 (or a count) on success and a
 * negative value on failure; functions returning a pointer give NULL.
 *
 * Database: a plugin never opens its own connection.  Every command runs in
 * one transaction that the host opens before and commits after it (or rolls
 * back when the command fails or is interrupted).  SQL is standard where it
 * can be; SQLite-only features stay behind the host's functions.
 */
#ifndef TSUNAGU_PLUGIN_H
#define TSUNAGU_PLUGIN_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TSU_PLUGIN_ABI_MAJOR 1
#define TSU_PLUGIN_ABI_MINOR 1

/* The symbol every plugin exports, as a string for dlsym(). */
#define TSU_PLUGIN_ENTRY tsunagu_plugin_entry
#define TSU_PLUGIN_ENTRY_NAME "tsunagu_plugin_entry"

/* Length of the buffers that receive ids ("P12", "F3", "PL7") and ISO
 * dates ("2026-04-01"), NUL included. */
#define TSU_ID_LEN 24
#define TSU_DATE_LEN 11

struct tsu_host;
struct tsu_plugin; /* the host's handle for one loaded plugin */
struct tsu_ctx;    /* one running command: staff, today, output, errors */
struct tsu_stmt;   /* a prepared SQL statement */
struct tsu_table;  /* rows to print as a table, JSON or TSV */

/* ---- What a plugin exports ------------------------------------------ */

struct tsu_plugin_info {
	int abi_major;      /* TSU_PLUGIN_ABI_MAJOR at build time */
	int abi_minor;      /* TSU_PLUGIN_ABI_MINOR at build time */
	size_t struct_size; /* sizeof(struct tsu_plugin_info) */
	const char *name;   /* unique, ASCII, e.g. "plan" */
	const char *version;
	const char *description;
	/* Register everything; return 0, or negative with *errmsg set
	 * (malloc'd).  On failure the host releases what was registered. */
	int (*init)(const struct tsu_host *host, struct tsu_plugin *self,
		    char **errmsg);
	/* Called before unloading; may be NULL. */
	void (*shutdown)(struct tsu_plugin *self);
};

typedef const struct tsu_plugin_info *(*tsu_plugin_entry_fn)(void);

/* ---- Roles and permissions ------------------------------------------ */

/* What a command needs.  Roles grant:
 *   viewer: READ
 *   clerk:  READ REGISTER EXPORT
 *   nurse:  READ REGISTER EXPORT CASEWORK SCRIPT
 *   admin:  everything, and ADMIN (staff, settings) */
enum tsu_perm {
	TSU_PERM_READ = 1 << 0,     /* look at records */
	TSU_PERM_REGISTER = 1 << 1, /* intake, contacts, import */
	TSU_PERM_EXPORT = 1 << 2,   /* data leaving the system */
	TSU_PERM_CASEWORK = 1 << 3, /* plans, referrals, flags */
	TSU_PERM_SCRIPT = 1 << 4,   /* Scheme at the prompt */
	TSU_PERM_ADMIN = 1 << 5,    /* staff and settings */
};

/* ---- Commands ------------------------------------------------------- */

/* A command's function.  ARGV[0] is the command name; the rest are the
 * words of the line, quotes removed.  Print results through the ctx and
 * return 0, or report with host->error() and return negative. */
typedef int (*tsu_command_fn)(struct tsu_ctx *ctx, int argc, char **argv,
			      void *data);

enum tsu_command_flags {
	TSU_CMD_READONLY = 1 << 0, /* runs in a read transaction (no audit) */
	TSU_CMD_NO_TRANSACTION = 1 << 1, /* manages its own (e.g. import) */
	/* Records one audit row for its whole act (who, what, how many
	 * rows, where) with host->audit(); the reads made for it through
	 * Scheme (query, person) are not recorded one by one. */
	TSU_CMD_AUDITS_ACT = 1 << 2,
};

struct tsu_command_spec {
	const char *name;    /* "plan" */
	const char *topic;   /* help group: "register", "follow up", "plan",
				"refer", "export", "administer" */
	const char *summary; /* one line for `help` */
	const char *usage;   /* usage lines, '\n'-separated */
	const char *help;    /* the text of `help NAME`; may be NULL */
	/* What Tab completes, blank-separated, e.g. "new review --self
	 * --next-review= --whose=parent|staff 2=<file>":
	 *   WORD          a sub-command: offered as the first word after
	 *                 the command name;
	 *   N=A|B|...     the words that may stand as the Nth word after
	 *                 the name (options and their values not counted);
	 *   --opt         an option that is a flag;
	 *   --opt=        an option that takes a value: after it Tab
	 *                 offers only its values (none, or a completer's);
	 *   --opt=A|B|... an option taking one of the words A, B...;
	 *   <file> as a value (N=<file>, --opt=<file>): file names. */
	const char *words;
	unsigned perm;       /* enum tsu_perm the command needs */
	unsigned flags;      /* enum tsu_command_flags */
	tsu_command_fn fn;
};

/* Options of a command line, for host->parse_options(). */
enum tsu_opt_kind {
	TSU_OPT_FLAG,   /* --self: value "1" when present */
	TSU_OPT_VALUE,  /* --next-review D or --next-review=D */
	TSU_OPT_REPEAT, /* --set F=V, any number of times */
};

struct tsu_opt {
	const char *name; /* with the dashes: "--next-review" */
	enum tsu_opt_kind kind;
};

/* The result of host->parse_options(); released by the host at the end of
 * the command. */
struct tsu_args {
	int npos;
	char **pos;      /* positional words, argv[0] excluded */
	const char **value;  /* per option: its value, or NULL if absent */
	char ***repeat;  /* per REPEAT option: NULL-terminated values */
	int *nrepeat;
};

/* ---- Due list ------------------------------------------------------- */

/* One entry of the continuous-grasp working list. */
struct tsu_due_item {
	const char *subject;   /* id of the person or family */
	const char *milestone; /* symbol, e.g. "newborn-visit" */
	const char *label;     /* what staff read */
	const char *kind;      /* "milestone", "plan-review", "referral"... */
	const char *due_on;    /* ISO date */
	const char *staff;     /* the family's contact staff id, or NULL */
	const char *note;      /* optional hint, or NULL */
};

/* A due provider calls EMIT once per entry that is due on or before
 * UNTIL (overdue ones included).  Return 0 or negative with host->error. */
typedef int (*tsu_due_fn)(struct tsu_ctx *ctx, const char *until,
			  int (*emit)(struct tsu_ctx *ctx,
				      const struct tsu_due_item *item),
			  void *data);

/* ---- Hooks ---------------------------------------------------------- */

/* A C hook receives the hook name ("intake", "contact", "plan",
 * "referral"), the subject id and a JSON object string describing the
 * change.  Returning negative fails the command (and so rolls it back). */
typedef int (*tsu_hook_fn)(struct tsu_ctx *ctx, const char *hook,
			   const char *subject, const char *json, void *data);

/* ---- Scheme --------------------------------------------------------- */

/* A Scheme procedure implemented in C, installed in module (tsunagu).
 * FN has the type of libguile's scm_t_subr: SCM fn(SCM...) taking
 * REQ + OPT (+1 if REST) arguments.  A plugin that registers Scheme
 * procedures links libguile-3.0 and is never dlclose()d; the bundled
 * plugins use tsu_scheme_text_proc below instead and do not link it. */
struct tsu_scheme_proc {
	const char *name;
	int req, opt, rest;
	void *fn;
	const char *doc;
};

/* A Scheme procedure implemented by a plugin that does not link libguile
 * (host->register_scheme_text).  The core converts each argument to text:
 * a string as it is, a symbol as its name, a number in decimal, #t as
 * "yes"; #f and a missing optional argument give NULL.  FN runs like a
 * command (in the running command's transaction, or in one of its own
 * when none runs; a failure rolls back what it did and raises a Scheme
 * error with the message reported on CTX).  It may set *JSON to a
 * malloc'd JSON text, which the procedure returns as Scheme data
 * (objects as alists with symbol keys, arrays as lists, null as #f);
 * left NULL, the procedure returns nothing.  Error messages name the
 * procedure without a leading "%" (the name of a keyword front-end
 * written in Scheme over "%plan-new!" is "plan-new!").  0 or negative. */
typedef int (*tsu_scheme_text_fn)(struct tsu_ctx *ctx, int argc,
				  const char *const *args, char **json,
				  void *data);

struct tsu_scheme_text_proc {
	const char *name; /* installed in module (tsunagu), e.g. "%plan-new" */
	int req, opt;     /* required and optional arguments */
	unsigned perm;    /* enum tsu_perm needed when called from the prompt */
	tsu_scheme_text_fn fn;
	const char *doc;
};

/* ---- Completion ----------------------------------------------------- */

/* A completer offers the words that may stand at one place of a command
 * line: it calls ADD once per word that starts with PREFIX (ADD copies
 * it).  It may read the database through CTX.  0 or negative. */
typedef int (*tsu_complete_fn)(struct tsu_ctx *ctx, const char *prefix,
			       void (*add)(struct tsu_ctx *ctx,
					   const char *word),
			       void *data);

/* ---- Parts ---------------------------------------------------------- */

/* A part is code of a plugin that only some commands need, and that
 * links libraries the rest does not (Cairo and Pango for a PDF,
 * libxlsxwriter): a shared object of its own, installed beside the
 * plugin in the folder named after it ($(pkglibdir)/plan/pdf.so beside
 * $(pkglibdir)/plan.so) and loaded with host->part_load() when a command
 * first needs it, so that starting the program does not load them.  It
 * exports one function, TSU_PART_ENTRY, which receives the host table
 * and IMPORTS (what the plugin lends it: a table of the plugin's own
 * functions, of a type the plugin and its parts agree on) and returns
 * the part's table of functions, or NULL when it cannot start. */
#define TSU_PART_ENTRY tsunagu_part_entry
#define TSU_PART_ENTRY_NAME "tsunagu_part_entry"

typedef const void *(*tsu_part_entry_fn)(const struct tsu_host *host,
					 const void *imports);

/* ---- Subjects ------------------------------------------------------- */

/* A person as the core keeps it.  NULL fields are unknown. */
struct tsu_person {
	char id[TSU_ID_LEN];
	const char *family_name, *given_name;
	const char *family_name_kana, *given_name_kana;
	const char *birth_date; /* ISO */
	const char *sex;        /* "female", "male", or NULL */
	const char *phone, *address, *resident_code;
	const char *status;     /* "active", "moved", "ended" */
};

/* ---- The host API table --------------------------------------------- */

struct tsu_host {
	int abi_major, abi_minor;
	size_t struct_size; /* grows as entries are added at the end */

	/* -- registration (owned by the host from then on) -- */

	/* Add a command.  DATA is passed to fn and freed with FREE_DATA
	 * (may be NULL) when the plugin is unloaded. */
	int (*register_command)(struct tsu_plugin *self,
				const struct tsu_command_spec *spec,
				void *data, void (*free_data)(void *));
	/* Declare the plugin's tables.  STEPS[i] is the SQL that takes the
	 * plugin's schema from version i to i+1; the host applies the
	 * missing steps in one transaction at start. */
	int (*register_schema)(struct tsu_plugin *self,
			       const char *const *steps, int nsteps);
	/* A due provider; NAME is also the kind its entries carry, which
	 * `due --kind NAME` keeps. */
	int (*register_due)(struct tsu_plugin *self, const char *name,
			    tsu_due_fn fn, void *data,
			    void (*free_data)(void *));
	int (*register_hook)(struct tsu_plugin *self, const char *hook,
			     tsu_hook_fn fn, void *data,
			     void (*free_data)(void *));
	int (*register_scheme)(struct tsu_plugin *self,
			       const struct tsu_scheme_proc *procs, int n);
	/* A help topic that is not a command (`help NAME`). */
	int (*register_topic)(struct tsu_plugin *self, const char *name,
			      const char *summary, const char *text);

	/* -- the running command -- */

	const char *(*staff)(struct tsu_ctx *ctx); /* acting staff id */
	const char *(*today)(struct tsu_ctx *ctx); /* ISO */
	int (*allowed)(struct tsu_ctx *ctx, unsigned perm); /* 1 or 0 */
	/* 1 when the shell talks with a person on a terminal. */
	int (*interactive)(struct tsu_ctx *ctx);
	/* 1 once Ctrl-C was pressed; long loops check it and give up. */
	int (*interrupted)(struct tsu_ctx *ctx);
	/* Report an error: printed as "tsunagu: COMMAND: message" once the
	 * command fails.  Always returns -1. */
	int (*error)(struct tsu_ctx *ctx, const char *fmt, ...)
		__attribute__((format(printf, 2, 3)));
	/* Print a line of information (stdout in the shell; nothing in json
	 * mode). */
	void (*info)(struct tsu_ctx *ctx, const char *fmt, ...)
		__attribute__((format(printf, 2, 3)));
	/* Split ARGV into options and positional words.  Unknown options
	 * and missing values are reported (with the nearest valid name) and
	 * give -1.  The result lives until the command ends. */
	int (*parse_options)(struct tsu_ctx *ctx, int argc, char **argv,
			     const struct tsu_opt *opts, int nopts,
			     struct tsu_args *out);

	/* -- output -- */

	/* KEYS are the JSON keys and TSV header (ASCII snake_case, never
	 * translated); HEADINGS (NULL: the keys) are what the table format
	 * shows, looked up in the "tsunagu" text domain (a heading not in it
	 * shows as given, so a plugin with its own domain passes translated
	 * headings). */
	struct tsu_table *(*table_new)(int ncols, const char *const *keys,
				       const char *const *headings);
	void (*table_row)(struct tsu_table *t);
	void (*table_text)(struct tsu_table *t, const char *s);
	void (*table_int)(struct tsu_table *t, long long v);
	void (*table_bool)(struct tsu_table *t, int v);
	void (*table_date)(struct tsu_ctx *ctx, struct tsu_table *t,
			   const char *iso); /* shown per `date-style` */
	/* Print as a listing (JSON array) or as one record (JSON object)
	 * in the command's format, then free T. */
	int (*table_emit)(struct tsu_ctx *ctx, struct tsu_table *t);
	int (*table_emit_record)(struct tsu_ctx *ctx, struct tsu_table *t);

	/* -- database -- */

	struct tsu_stmt *(*prepare)(struct tsu_ctx *ctx, const char *sql);
	int (*bind_text)(struct tsu_stmt *s, int i, const char *v);
	int (*bind_int)(struct tsu_stmt *s, int i, long long v);
	int (*bind_null)(struct tsu_stmt *s, int i);
	/* 1 a row, 0 done, negative an error (reported on the ctx). */
	int (*step)(struct tsu_stmt *s);
	const char *(*column_text)(struct tsu_stmt *s, int i); /* NULL=null */
	long long (*column_int)(struct tsu_stmt *s, int i);
	int (*reset)(struct tsu_stmt *s);
	void (*finalize)(struct tsu_stmt *s);
	/* Run SQL with no result rows.  Returns 0 or negative. */
	int (*exec)(struct tsu_ctx *ctx, const char *sql);
	long long (*last_insert_id)(struct tsu_ctx *ctx);

	/* -- settings -- */

	/* The value of setting NAME, or NULL; valid until the command ends. */
	const char *(*config_get)(struct tsu_ctx *ctx, const char *name);

	/* -- dates -- */

	/* Parse any accepted date form into ISO OUT.  FIELD names the input
	 * in the error message.  Returns 0 or -1 (reported). */
	int (*parse_date)(struct tsu_ctx *ctx, const char *field,
			  const char *text, char out[TSU_DATE_LEN]);
	int (*date_add)(const char *iso, long days, char out[TSU_DATE_LEN]);

	/* -- subjects and the timeline -- */

	/* Resolve TEXT (an id of any case) to a person or family id.
	 * KIND "person", "family" or NULL for either; for "family", a
	 * member's id gives the family.  Returns 0 or -1 (reported). */
	int (*resolve)(struct tsu_ctx *ctx, const char *text,
		       const char *kind, char out[TSU_ID_LEN]);
	int (*person_add)(struct tsu_ctx *ctx, const struct tsu_person *p,
			  char id[TSU_ID_LEN]);
	/* Fill P from the database; strings live until the command ends. */
	int (*person_get)(struct tsu_ctx *ctx, const char *id,
			  struct tsu_person *p);
	int (*family_add)(struct tsu_ctx *ctx, const char *contact_staff,
			  char id[TSU_ID_LEN]);
	int (*member_add)(struct tsu_ctx *ctx, const char *family,
			  const char *person, const char *role);
	/* Add an event to SUBJECT's timeline: KIND ("contact", "form",
	 * "plan", "referral", "conference"...), ISO DATE, a one-line
	 * SUMMARY, and optionally the record it stands for (REF "PL7").
	 * KIND may carry a sub-kind after a colon ("contact:visit",
	 * "form:checkup_4m"); kind and sub-kind are stored apart, and
	 * milestones are done by events of a given kind and sub-kind. */
	int (*event_add)(struct tsu_ctx *ctx, const char *subject,
			 const char *kind, const char *date,
			 const char *summary, const char *ref);
	int (*flag_set)(struct tsu_ctx *ctx, const char *subject,
			const char *name, const char *reason);
	/* Record ACTION ("read", "create", "change", "export") on SUBJECT
	 * (may be NULL) with DETAIL in the audit trail, in the command's
	 * transaction. */
	int (*audit)(struct tsu_ctx *ctx, const char *action,
		     const char *subject, const char *detail);
	/* Run the hooks named HOOK (C and Scheme); negative if one failed. */
	int (*run_hook)(struct tsu_ctx *ctx, const char *hook,
			const char *subject, const char *json);

	/* -- forms (defined in Scheme with define-form) -- */

	/* 1 if FORM is defined, with the kind of its subject ("mother",
	 * "child", "family") in *SUBJECT_KIND when not NULL; else 0. */
	int (*form_exists)(struct tsu_ctx *ctx, const char *form,
			   const char **subject_kind);
	/* Fill FORM for SUBJECT (NULL while the subject is being created).
	 * SETS are "field=value" words from --set.  Missing required
	 * fields are asked for on a terminal, one at a time (Ctrl-C
	 * abandons the form); elsewhere they are all named in one error.
	 * Every value is validated.  On success *ANSWERS is a JSON object
	 * (field ids as keys; dates ISO, integers, booleans, choices as
	 * strings) and *VERSION the form's version; both live until the
	 * command ends.  Returns 0 or -1 (reported). */
	int (*form_fill)(struct tsu_ctx *ctx, const char *form,
			 const char *subject, char *const *sets, int nsets,
			 const char **answers, int *version);
	/* Validate one record of raw text (a CSV row): VALUES[i] is the
	 * text for field FIELDS[i].  Never prompts.  As form_fill. */
	int (*form_check)(struct tsu_ctx *ctx, const char *form,
			  const char *const *fields,
			  const char *const *values, int n,
			  const char **answers, int *version);
	/* The field id that a CSV header names in FORM: the field's id or
	 * its label; NULL if none (valid until the command ends). */
	const char *(*form_field_for)(struct tsu_ctx *ctx, const char *form,
				      const char *header);
	/* Store ANSWERS of FORM at VERSION for SUBJECT, dated DATE (ISO),
	 * add it to the timeline, run the form's screening rules and the
	 * intake hook.  The response's id goes to ID.  0 or -1. */
	int (*response_add)(struct tsu_ctx *ctx, const char *subject,
			    const char *form, int version,
			    const char *answers, const char *date,
			    char id[TSU_ID_LEN]);
	/* The value of FIELD in the JSON object ANSWERS as text (numbers
	 * and booleans as written), or NULL when absent or null; valid until
	 * the command ends. */
	const char *(*answer)(struct tsu_ctx *ctx, const char *answers,
			      const char *field);

	/* -- whole-database copies (core/backup.c) -- */

	/* Copy the database to PATH as one consistent snapshot while other
	 * programs keep working (SQLite's online backup), check the copy
	 * with PRAGMA integrity_check, give it mode 0600 and move it into
	 * place; an existing PATH is replaced only by a verified copy.  The
	 * audit trail records it as "export".  Only from a command flagged
	 * TSU_CMD_NO_TRANSACTION.  Returns the number of pages copied, or
	 * -1 (reported). */
	long (*backup_to)(struct tsu_ctx *ctx, const char *path);
	/* 0 when PATH is a tsunagu database this program can read that
	 * passes integrity_check; else -1, reported with the reason. */
	int (*backup_check)(struct tsu_ctx *ctx, const char *path);
	/* Replace the whole database with PATH's contents, after the same
	 * check (a file failing it is refused and nothing changes); audited
	 * as "restore".  As backup_to: no transaction.  0 or -1. */
	int (*backup_restore)(struct tsu_ctx *ctx, const char *path);

	/* -- CSV files (core/csv.h): RFC 4180, UTF-8 or CP932 -- */

	/* These follow the rule of the core: 0 (or a count) on success,
	 * negative on failure with *ERRMSG set to a malloc'd message that
	 * the caller free()s (ERRMSG may be NULL); messages name the file
	 * and, where they can, the line and column.  ENCODING is "auto"
	 * (reading only: a BOM or valid UTF-8 means UTF-8, else CP932),
	 * "utf-8", "utf-8-bom" or "cp932" (also "sjis", "ms932"...); NULL
	 * means auto for reading and utf-8-bom for writing.  PATH "-" is
	 * standard input or output.
	 *
	 * Open PATH for reading; NULL with *ERRMSG on failure.  (The
	 * struct tsu_csv_reader and tsu_csv_writer types are opaque.) */
	struct tsu_csv_reader *(*csv_open)(const char *path,
					   const char *encoding,
					   char **errmsg);
	/* Read the next record: 1 with *FIELDS (*NFIELDS UTF-8 strings,
	 * owned by the reader, valid until the next call), 0 at the end;
	 * -1 for a bad record (reported with its line; the next call reads
	 * the next record), -2 when reading cannot go on.  *LINE gets the
	 * line where the record starts (LINE may be NULL).  Quoted fields
	 * may hold commas, quotes ("") and newlines; a BOM is skipped. */
	int (*csv_read)(struct tsu_csv_reader *r, char ***fields,
			int *nfields, long *line, char **errmsg);
	void (*csv_close)(struct tsu_csv_reader *r); /* NULL is ignored */
	/* Create PATH (mode 0600 when new) for writing, records ending in
	 * CRLF.  GUARD non-zero neutralises spreadsheet formulas: a cell
	 * starting with = + - @ TAB or CR gets a leading apostrophe. */
	struct tsu_csv_writer *(*csv_create)(const char *path,
					     const char *encoding, int guard,
					     char **errmsg);
	/* Write one record of N UTF-8 fields (NULL = empty), quoted as RFC
	 * 4180 needs.  -1 when this record cannot be written (nothing of it
	 * is; e.g. "record 12: column 3: U+20BB7 "𠮷" cannot be written in
	 * cp932"; records are counted from 1 by the calls), and the writer
	 * goes on; -2 on a write error. */
	int (*csv_write)(struct tsu_csv_writer *w, const char *const *fields,
			 int n, char **errmsg);
	/* Flush, sync and close, freeing W.  0, or -2 when anything could
	 * not be written. */
	int (*csv_finish)(struct tsu_csv_writer *w, char **errmsg);

	/* -- the register (core/register.c, core/search.c) -- */

	/* Change the fields of person ID that P gives (non-empty) and that
	 * differ from the record; P's id and status are ignored.  The names
	 * of the changed fields, comma-separated ("" when none), go to
	 * *CHANGED (valid until the command ends).  Audited.  0 or -1. */
	int (*person_update)(struct tsu_ctx *ctx, const char *id,
			     const struct tsu_person *p, const char **changed);
	/* The registered person that P is: the same resident code, or the
	 * same kana family and given name (hiragana, katakana, half-width
	 * alike) and birth date (when neither has another resident code).
	 * 1 with the id in ID, 0 when none, -1 on error (reported). */
	int (*person_match)(struct tsu_ctx *ctx, const struct tsu_person *p,
			    char id[TSU_ID_LEN]);
	/* Set STATUS ("active", "moved", "ended") of SUBJECT on DATE (any
	 * accepted form; NULL = today) with NOTE (the destination, the
	 * reason; may be NULL).  For a family, the family and every member.
	 * Refused (-1, reported) when the change would overwrite another:
	 * "moved" or "ended" of a subject already moved or ended, "active"
	 * of one already active; and for a date after today, before the
	 * birth of the person (of a member) or before the first event on
	 * record for it.  Audited.  0 or -1. */
	int (*status_set)(struct tsu_ctx *ctx, const char *subject,
			  const char *status, const char *date,
			  const char *note);
	/* Make staff member STAFF the contact staff (担当者) of FAMILY (or
	 * of a member's family).  Audited.  0 or -1. */
	int (*family_contact_set)(struct tsu_ctx *ctx, const char *family,
				  const char *staff);
	/* Add a pregnancy of MOTHER (FAMILY may be NULL); dates ISO, any may
	 * be NULL.  Its id ("PG3") goes to ID.  Audited.  0 or -1. */
	int (*pregnancy_add)(struct tsu_ctx *ctx, const char *mother,
			     const char *family, const char *notified_on,
			     const char *due_date, const char *handbook_no,
			     char id[TSU_ID_LEN]);
	/* MOTHER's pregnancy notified on NOTIFIED_ON (ISO), or with
	 * NOTIFIED_ON NULL her latest one still open (no outcome).  1 with
	 * its id in ID, 0 when none, -1 on error (reported). */
	int (*pregnancy_find)(struct tsu_ctx *ctx, const char *mother,
			      const char *notified_on, char id[TSU_ID_LEN]);
	/* Record the OUTCOME ("birth", "other") of pregnancy ID on ISO
	 * OUTCOME_ON, with the CHILD's id or NULL.  Audited.  0 or -1. */
	int (*pregnancy_close)(struct tsu_ctx *ctx, const char *id,
			       const char *outcome, const char *outcome_on,
			       const char *child);
	/* Persons matching every word of WORDS: part of a kanji or kana
	 * name (hiragana, katakana and half-width katakana alike), an id,
	 * phone digits (hyphens ignored) or a resident code; through the
	 * search index, never a scan.  At most LIMIT ids ("P12") in *IDS,
	 * by id, their number in *NIDS, *MORE 1 when more matched; valid
	 * until the command ends.  Needs a write transaction (the index is
	 * brought up to date first).  0 or -1 (reported). */
	int (*search_persons)(struct tsu_ctx *ctx, const char *const *words,
			      int nwords, int limit, const char ***ids,
			      int *nids, int *more);
	/* Bring the search index up to date now (e.g. after a batch). */
	int (*search_refresh)(struct tsu_ctx *ctx);
	/* S folded as the search index folds it (kana to hiragana,
	 * full-width ASCII to ASCII, lower case, blanks removed); valid
	 * until the command ends. */
	const char *(*fold)(struct tsu_ctx *ctx, const char *s);
	/* For TSU_CMD_NO_TRANSACTION commands: open a write transaction,
	 * commit it (0 or -1, reported), or roll it back.  Run from within
	 * another command, they leave that command's transaction alone. */
	int (*begin)(struct tsu_ctx *ctx);
	int (*commit)(struct tsu_ctx *ctx);
	void (*rollback)(struct tsu_ctx *ctx);
	/* The error reported so far on CTX, cleared so the command can go
	 * on (one rejected row of an import); NULL when none.  Valid until
	 * the command ends. */
	const char *(*error_take)(struct tsu_ctx *ctx);

	/* -- Scheme: calling the scripts (core/scm_call.c) -- */

	/* Call the Scheme procedure NAME of the scripts' module (tsunagu
	 * user) with the strings ARGS[0..ARGC-1].  Its value must be a
	 * string: it goes to *RESULT, malloc'd, for the caller to free().
	 * An unbound NAME, a Scheme error (with its file and line) or a
	 * value that is not a string is reported on CTX.  0 or -1. */
	int (*scheme_call)(struct tsu_ctx *ctx, const char *name, int argc,
			   const char *const *args, char **result);

	/* -- Scheme procedures without libguile (core/scm_call.c) -- */

	/* Install the N procedures of PROCS (see tsu_scheme_text_proc) in
	 * module (tsunagu); DATA is passed to each.  The plugin is then
	 * never dlclose()d.  0 or -1. */
	int (*register_scheme_text)(struct tsu_plugin *self,
				    const struct tsu_scheme_text_proc *procs,
				    int n, void *data);

	/* -- Tab completion in the shell (core/complete.c) -- */

	/* Let FN complete the word at POSITION of COMMAND's lines: an
	 * option's name ("--agency": the word after it) or a number N as
	 * text ("2": the Nth word after the command name, when no option
	 * stands before it).  DATA is passed to FN and freed with FREE_DATA
	 * (may be NULL) when the plugin is unloaded.  0 or -1. */
	int (*register_completer)(struct tsu_plugin *self, const char *command,
				  const char *position, tsu_complete_fn fn,
				  void *data, void (*free_data)(void *));

	/* -- flags (core/subject.c) -- */

	/* Lower the raised flag NAME of SUBJECT as `flag --clear` does: the
	 * row is kept with today as its cleared date, the change audited
	 * and put on the timeline with REASON (may be NULL).  1 when it was
	 * cleared, 0 when no such flag was raised, -1 on error (reported). */
	int (*flag_clear)(struct tsu_ctx *ctx, const char *subject,
			  const char *name, const char *reason);

	/* -- what a person reads (core/date_show.c, core/progress.c) -- */

	/* ISO as a person reads it, per the date-style setting: a date
	 * ("2026-04-01" gives 令和8年4月1日 or R8.4.1), or a date with a time
	 * ("2026-04-01T09:30:00Z", UTC, is shown in local time).  For
	 * messages and text put together for people (a history line); in
	 * the JSON and TSV formats, as in files, ISO stays as it is.  Text
	 * that is not a date comes back unchanged; NULL gives NULL.  Valid
	 * until the command ends. */
	const char *(*date_text)(struct tsu_ctx *ctx, const char *iso);
	/* Show how far a long operation has come: WHAT (e.g. "import
	 * notifications.csv"), DONE of TOTAL (TOTAL <= 0 when not known).
	 * Drawn on standard error only when it is a terminal, at most ten
	 * times a second, and erased when the command ends (or now, with
	 * DONE < 0); nothing on a pipe.  Call it as often as is handy. */
	void (*progress)(struct tsu_ctx *ctx, const char *what, long done,
			 long total);

	/* -- parts of a plugin, loaded on first use (core/part.c) -- */

	/* Load the part PART of the plugin named PLUGIN (see "Parts"
	 * above) the first time it is asked for, calling its entry with
	 * IMPORTS; give the table the entry returned, then and on every
	 * later call (IMPORTS is used once).  The file must be
	 * DIR/PLUGIN/PART.so, DIR being the folder of the plugin's own
	 * file, and pass the checks a plugin file passes.  NULL when it is
	 * missing or cannot be loaded, reported on CTX with the file and the
	 * reason.  Parts go when their plugin is unloaded. */
	const void *(*part_load)(struct tsu_ctx *ctx, const char *plugin,
				 const char *part, const void *imports);

	/* -- memory of a long command (core/register.c) -- */

	/* What the entries above return "valid until the command ends" is
	 * kept on CTX.  A command that works through many rows (import)
	 * takes a mark before a row and releases it after: everything kept
	 * since the mark is freed then, so memory stays flat however many
	 * rows there are.  Nothing obtained after the mark may be used once
	 * it is released. */
	long (*keep_mark)(struct tsu_ctx *ctx);
	void (*keep_release)(struct tsu_ctx *ctx, long mark);
	/* Bring up to date what the database knows of its tables' contents
	 * to plan its queries, after a command changed many rows (an
	 * import): without it, lists such as `due` may take a slow path on
	 * a large register.  In the running transaction.  0 or -1. */
	int (*store_analyze)(struct tsu_ctx *ctx);

	/* -- words -- */

	/* Edit distance of two UTF-8 strings in characters (the first 64 of
	 * each), to name the nearest valid choice in an error. */
	int (*edit_distance)(const char *a, const char *b);

	/* -- the audit of a bulk command (core/audit.c) -- */

	/* A command that writes thousands of rows (import) audits them in
	 * batches: audit_batch(CTX, NULL, 1) starts gathering what the
	 * entries above would audit row by row; audit_batch(CTX, WHAT, 1)
	 * writes what was gathered as one row of action "import" naming
	 * each act's subjects in ranges ("create P1-P480 F1-F480; change P7
	 * (WHAT)"), before each commit, and goes on; MORE 0 writes and
	 * stops.  `audit --subject P12` finds such a row.  What a rolled
	 * back savepoint did is dropped from the batch with it; a failing
	 * command's batch is dropped.  0 or -1 (reported). */
	int (*audit_batch)(struct tsu_ctx *ctx, const char *what, int more);
	/* Around the transactions of a bulk command (before its first
	 * begin, after its last commit or rollback): while ON, a commit
	 * does not wait for the disk (a batch lost to a power cut is redone
	 * by running the command again) and the write-ahead log is folded
	 * into the database less often; turning it off folds the log in,
	 * waiting for the disk, so that every batch is durable when the
	 * command says it is done.  Run from within another command, it
	 * leaves that command's transaction alone.  0 or -1 (reported). */
	int (*bulk_load)(struct tsu_ctx *ctx, int on);

	/* -- a file's rows, and remarks that are not data -- */

	/* The row of the record csv_read() last returned (also a bad one)
	 * as a spreadsheet numbers it: the first record is row 1, each
	 * record and each empty line one row, whatever line breaks its
	 * quoted cells hold (where csv_read's *LINE counts the file's
	 * lines). */
	long (*csv_row)(const struct tsu_csv_reader *r);
	/* Print a remark about the command's input or work that is not its
	 * result (a column left out, a summary in words): on standard
	 * output in the table format, on standard error in the json and
	 * tsv formats, so that standard output holds only data there. */
	void (*note)(struct tsu_ctx *ctx, const char *fmt, ...)
		__attribute__((format(printf, 2, 3)));

	/* -- Tab completion, continued (core/complete.c, core/form.c) -- */

	/* In a completer: the words of the line before the one being
	 * completed, quotes removed, in *ARGV (the command's first word
	 * first; valid while the completer runs).  Returns their count,
	 * or 0 outside a completer. */
	int (*complete_args)(struct tsu_ctx *ctx, const char *const **argv);
	/* The field ids of FORM in order, in *IDS (kept until the command
	 * or the completer ends).  Returns their count, or -1 (reported)
	 * when FORM is not defined. */
	int (*form_fields)(struct tsu_ctx *ctx, const char *form,
			   const char ***ids);
};

/* True when HOST has the entry FIELD (added in a later minor version). */
#define TSU_HOST_HAS(host, field)                                              \
	((host)->struct_size >=                                                \
	 offsetof(struct tsu_host, field) + sizeof((host)->field))

/* Declare the entry point of a plugin whose info struct is INFO. */
#define TSU_PLUGIN_DEFINE(info)                                                \
	const struct tsu_plugin_info *TSU_PLUGIN_ENTRY(void);                  \
	const struct tsu_plugin_info *TSU_PLUGIN_ENTRY(void)                   \
	{                                                                      \
		return &(info);                                                \
	}

#ifdef __cplusplus
}
#endif

#endif
