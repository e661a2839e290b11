/* intake.c - the intake plugin: registering pregnant women, births and
 * form responses, one at a time or in bulk from CSV.
 *
 * Built as a loadable module against <tsunagu-plugin.h> only. */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include <stdlib.h>
#include <string.h>

#include <tsunagu-plugin.h>

static const char intake_summary[] =
    "registering families: pregnancy notification, birth, forms, CSV import";

static const char intake_help[] =
    "Intake is where a family enters the center's continuous grasp: every\n"
    "pregnant woman from her pregnancy notification (妊娠届出) on, and every\n"
    "child from birth, whether or not a risk is seen at the time.\n"
    "\n"
    "Its commands:\n"
    "  intake pregnancy [--set F=V]...\n"
    "      the pregnancy-notification interview: finds or creates the mother,\n"
    "      her family and the pregnancy.  Missing required fields are asked\n"
    "      for on a terminal; otherwise the command fails naming them.\n"
    "  intake birth MOTHER-ID [--set F=V]...\n"
    "      registers the child, links it to its mother and family and closes\n"
    "      the pregnancy.\n"
    "  intake FORM SUBJECT-ID [--set F=V]...\n"
    "      fills any defined form for a person or family.\n"
    "  import FORM FILE [--encoding auto|utf-8|cp932] [--map COL=FIELD]...\n"
    "         [--dry-run]\n"
    "      bulk intake from CSV; rejected rows are reported with their line\n"
    "      numbers, and importing the same rows again changes nothing.\n"
    "\n"
    "Field ids (--set names, CSV --map targets, JSON keys) are the same\n"
    "everywhere.  The shipped forms and their validation are defined in\n"
    "Scheme, and a municipality extends them (extend-form,\n"
    "define-screening).  Each intake is an event on the subject's timeline\n"
    "and runs the intake hook.\n"
    "\n"
    "Needs the REGISTER permission (clerk, nurse, admin).\n"
    "See also: contact, due, show.";

/* Register the intake help topic.  Returns 0, or -1 with *ERRMSG. */
static int intake_init(const struct tsu_host *host, struct tsu_plugin *self,
		       char **errmsg)
{
	int rc =
	    host->register_topic(self, "intake", intake_summary, intake_help);

	if (rc < 0)
		*errmsg = strdup("help topic \"intake\" is already taken");
	return rc < 0 ? -1 : 0;
}

static const struct tsu_plugin_info intake_info = {
    .abi_major = TSU_PLUGIN_ABI_MAJOR,
    .abi_minor = TSU_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(struct tsu_plugin_info),
    .name = "intake",
    .version = "0.1.0",
    .description = "pregnancy notification, birth and form intake; CSV import",
    .init = intake_init,
    .shutdown = NULL,
};

TSU_PLUGIN_DEFINE(intake_info)
