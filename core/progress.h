/* progress.h - a progress line for long operations (import, export,
 * backup, reports over a large database).
 *
 * The line goes to standard error only when that is a terminal, is
 * rewritten in place at most ten times a second, and is erased when the
 * operation or its command ends; on a pipe or in a file nothing is
 * written at all. */
#ifndef TSU_PROGRESS_H
#define TSU_PROGRESS_H

/* Show that WHAT ("import notifications.csv") has come to DONE of TOTAL
 * (TOTAL <= 0 when not known).  DONE < 0 erases the line. */
void progress_show(const char *what, long done, long total);

/* Erase the line if one is shown (at the end of every command). */
void progress_end(void);

#endif
