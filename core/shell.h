/* shell.h - the interactive shell on a terminal. */
#ifndef TSU_SHELL_H
#define TSU_SHELL_H

/* Read and run lines with GNU readline until Ctrl-D or `quit`.  Returns
 * the exit status (0). */
int shell_run(void);

/* Ask the shell to end after the current line (the `quit` command). */
void shell_request_quit(void);

#endif
