/* sha256_test.c - SHA-256 against the FIPS 180-4 example vectors. */
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "tap.h"

/* Hex digest of CTX's input. */
static void final_hex(struct tsu_sha256 *ctx, char out[65])
{
	unsigned char d[32];
	int i;

	tsu_sha256_final(ctx, d);
	for (i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

int main(void)
{
	static const char msg448[] =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	static const char msg896[] =
		"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
		"hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	struct tsu_sha256 ctx;
	char hex[65], as[131], *million;
	size_t i;

	tsu_sha256_hex("", 0, hex);
	is_str(hex,
	       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	       "empty message");

	tsu_sha256_hex("abc", 3, hex);
	is_str(hex,
	       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	       "\"abc\"");

	tsu_sha256_hex(msg448, strlen(msg448), hex);
	is_str(hex,
	       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	       "448-bit message");

	tsu_sha256_hex(msg896, strlen(msg896), hex);
	is_str(hex,
	       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
	       "896-bit message");

	million = malloc(1000000);
	if (!million)
		return 1;
	memset(million, 'a', 1000000);
	tsu_sha256_hex(million, 1000000, hex);
	is_str(hex,
	       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	       "one million 'a' in one call");
	free(million);

	/* The same million fed in pieces that straddle block boundaries. */
	memset(as, 'a', sizeof(as));
	tsu_sha256_init(&ctx);
	for (i = 0; i < 1000000;) {
		size_t n = 1 + i % 131;

		if (n > 1000000 - i)
			n = 1000000 - i;
		tsu_sha256_update(&ctx, as, n);
		i += n;
	}
	final_hex(&ctx, hex);
	is_str(hex,
	       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	       "one million 'a' in uneven pieces");

	/* Lengths around the padding boundary. */
	tsu_sha256_hex(as, 55, hex);
	is_str(hex,
	       "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318",
	       "55 bytes (padding fits in one block)");
	tsu_sha256_hex(as, 56, hex);
	is_str(hex,
	       "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a",
	       "56 bytes (padding spills into a second block)");
	tsu_sha256_hex(as, 64, hex);
	is_str(hex,
	       "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb",
	       "64 bytes (one whole block)");
	return tap_done();
}
