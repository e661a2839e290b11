/* referral.c - the referral plugin: liaison with the agencies around a
 * family, and escalation to the regional council (要対協).
 *
 * Built as a loadable module against <tsunagu-plugin.h> only. */
#define _POSIX_C_SOURCE 200809L /* strdup */

#include <stdlib.h>
#include <string.h>

#include <tsunagu-plugin.h>

static const char referral_summary[] =
    "referrals to agencies and the regional council, with their replies";

static const char referral_help[] =
    "Referrals record the center's liaison with health, medical, welfare\n"
    "and education agencies: who was referred where, why, with or without\n"
    "consent, and what became of it.  When worries cannot be shared with a\n"
    "family or support is not taken up, the case is considered for the\n"
    "regional council for children requiring aid (要保護児童対策地域協議会,\n"
    "要対協) with a designation: 特定妊婦 (specified expectant mother),\n"
    "要支援児童 (child requiring support) or 要保護児童 (child requiring\n"
    "protection).\n"
    "\n"
    "A referral moves through proposed -> sent -> accepted or declined ->\n"
    "closed; every change is kept.  One that has no reply by its expected\n"
    "date appears in `due`, so that nobody falls between services.\n"
    "\n"
    "Its commands:\n"
    "  agency add NAME --kind K [--phone P]\n"
    "      K: 要対協, 児童相談所, 医療機関, 保育所・幼稚園,\n"
    "      子ども家庭総合支援拠点 or other.\n"
    "  agency list\n"
    "  refer SUBJECT-ID AGENCY --reason T [--consent yes|no]\n"
    "        [--designation D] [--reply-by D]\n"
    "  referral update REF-ID --status S [--note T]\n"
    "  referral list [--open]\n"
    "\n"
    "Each referral and change of status is an event on the subject's\n"
    "timeline and runs the referral hook.\n"
    "\n"
    "Needs the CASEWORK permission (nurse, admin); viewing needs READ.";

/* Register the referral help topic.  Returns 0, or -1 with *ERRMSG. */
static int referral_init(const struct tsu_host *host, struct tsu_plugin *self,
			 char **errmsg)
{
	int rc = host->register_topic(self, "referral", referral_summary,
				      referral_help);

	if (rc < 0)
		*errmsg = strdup("help topic \"referral\" is already taken");
	return rc < 0 ? -1 : 0;
}

static const struct tsu_plugin_info referral_info = {
    .abi_major = TSU_PLUGIN_ABI_MAJOR,
    .abi_minor = TSU_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(struct tsu_plugin_info),
    .name = "referral",
    .version = "0.1.0",
    .description = "referrals to agencies and the regional council",
    .init = referral_init,
    .shutdown = NULL,
};

TSU_PLUGIN_DEFINE(referral_info)
