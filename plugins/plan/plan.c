/* plan.c - the plan plugin: support plans (支援プラン) and self-plans,
 * made with the parent, kept as a chain of reviewed versions.
 *
 * Built as a loadable module against <tsunagu-plugin.h> only. */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include <stdlib.h>
#include <string.h>

#include <tsunagu-plugin.h>

static const char plan_summary[] =
    "support plans and self-plans: worries, what will be done, reviews";

static const char plan_help[] =
    "A support plan (支援プラン) is made together with the parent in a short\n"
    "talk: it records \"your worries\" (あなたの心配) and \"my worries as "
    "your\n"
    "supporter\" (わたしの心配), what will be done, by whom and by when, the\n"
    "contact person with a phone number, and when the plan is looked at\n"
    "again.  It shows the attitude of support; a detailed assessment is not\n"
    "needed to make one.  A parent may write a self-plan (セルフプラン) with\n"
    "the center watching over.\n"
    "\n"
    "Plans are reviewed, as a rule at the pregnancy notification, before\n"
    "the birth, after it, and then at the interval agreed at each contact.\n"
    "A review makes a new version and keeps the old one: history is never\n"
    "overwritten.  Each version has its own id.\n"
    "\n"
    "Its commands:\n"
    "  plan new FAMILY-ID [--self] [--next-review D] [--contact STAFF]\n"
    "  plan concern PLAN-ID --whose parent|staff --text T [--shared yes|no]\n"
    "  plan item PLAN-ID --what T --who parent|staff|AGENCY [--by D]\n"
    "  plan review PLAN-ID [--next-review D] [--note T]\n"
    "      a new version; prints its id.\n"
    "  plan show ID\n"
    "  plan list [--due] [--all]\n"
    "      current versions, or every version with --all.\n"
    "  plan close PLAN-ID --reason T\n"
    "  plan print PLAN-ID -o FILE.pdf\n"
    "      the printable plan (A4, Japanese): one copy for the parent and\n"
    "      one for the center.\n"
    "\n"
    "Wherever a FAMILY-ID is asked for, the id of any member will do.  A\n"
    "plan whose review date has come appears in `due`; each change is an\n"
    "event on the family's timeline and runs the plan hook.  When worries\n"
    "cannot be shared or support is not taken up, see `help referral`.\n"
    "\n"
    "Needs the CASEWORK permission (nurse, admin); viewing needs READ.";

/* Register the plan help topic.  Returns 0, or -1 with *ERRMSG. */
static int plan_init(const struct tsu_host *host, struct tsu_plugin *self,
		     char **errmsg)
{
	int rc = host->register_topic(self, "plan", plan_summary, plan_help);

	if (rc < 0)
		*errmsg = strdup("help topic \"plan\" is already taken");
	return rc < 0 ? -1 : 0;
}

static const struct tsu_plugin_info plan_info = {
    .abi_major = TSU_PLUGIN_ABI_MAJOR,
    .abi_minor = TSU_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(struct tsu_plugin_info),
    .name = "plan",
    .version = "0.1.0",
    .description = "support plans and self-plans with reviewed versions",
    .init = plan_init,
    .shutdown = NULL,
};

TSU_PLUGIN_DEFINE(plan_info)
