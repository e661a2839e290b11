/* sha256.h - SHA-256 message digest (FIPS 180-4). */
#ifndef TSU_SHA256_H
#define TSU_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* The state of one digest in progress; fill it with tsu_sha256_init(). */
struct tsu_sha256 {
	uint32_t state[8];
	uint64_t length;	 /* bytes hashed so far */
	unsigned char block[64]; /* pending input */
	size_t used;		 /* bytes pending in block */
};

/* Start a new digest in CTX. */
void tsu_sha256_init(struct tsu_sha256 *ctx);

/* Add LEN bytes at DATA to the digest. */
void tsu_sha256_update(struct tsu_sha256 *ctx, const void *data, size_t len);

/* Finish the digest and store its 32 bytes in OUT. CTX must be initialised
 * again before it is reused. */
void tsu_sha256_final(struct tsu_sha256 *ctx, unsigned char out[32]);

/* Store in OUT the digest of LEN bytes at DATA as 64 lowercase hex digits
 * and a terminating NUL. */
void tsu_sha256_hex(const void *data, size_t len, char out[65]);

#endif
