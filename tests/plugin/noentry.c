/* noentry.c - a shared object without the tsunagu_plugin_entry symbol,
 * e.g. a library dropped into the plugin folder by mistake.  The loader
 * must refuse it, naming the symbol. */

int noentry_answer(void);

/* Something for the object to hold. */
int noentry_answer(void)
{
	return 42;
}
