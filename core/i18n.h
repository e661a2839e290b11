/* i18n.h - message translation for the core and the bundled plugins.
 *
 * Every message a user reads goes through _() (or N_() in static tables,
 * translated where it is shown), in the "tsunagu" text domain, so the
 * bundled plugins share the program's catalogue.  Out-of-tree plugins
 * use their own domain. */
#ifndef TSU_I18N_H
#define TSU_I18N_H

#include <libintl.h>

#define TSU_TEXTDOMAIN "tsunagu"
#define _(s) dgettext(TSU_TEXTDOMAIN, s)
#define N_(s) (s)
/* The form of a message for the number N ("1 row", "2 rows"). */
#define P_(one, many, n) dngettext(TSU_TEXTDOMAIN, one, many, n)

#endif
