/* builtins.h - the commands of the core itself. */
#ifndef TSU_BUILTINS_H
#define TSU_BUILTINS_H

/* Register help, quit, plugins and the commands of each core area. */
void builtins_register(void);

#endif
