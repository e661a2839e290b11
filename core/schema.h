/* schema.h - the core's tables, as migration steps. */
#ifndef TSU_SCHEMA_H
#define TSU_SCHEMA_H

#define TSU_CORE_SCHEMA_VERSION 3

extern const char *const tsu_core_schema[TSU_CORE_SCHEMA_VERSION];

#endif
