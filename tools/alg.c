// SPDX-License-Identifier: GPL-2.0
/*
 * The one table of ESP algorithm properties, used by calc (names typed by
 * the user) and by sa (names the kernel dumps). The numbers are what the
 * module reads from the kernel's crypto_aead for the same state:
 * crypto_aead_ivsize(), crypto_aead_blocksize() and crypto_aead_authsize()
 * (src/sa.c). For cipher + auth, the kernel wraps both in
 * authenc(AUTH,CIPHER), whose IV and block size are the cipher's and whose
 * ICV is the truncated digest.
 */
#include <string.h>

#include "xfrm-mss.h"

static const struct alg algs[] = {
	/* AEAD, RFC 4106/4309/4543/7634: 8-byte IV, stream-like (block 1). */
	{ "rfc4106(gcm(aes))", NULL, ALG_AEAD, 8, 1, 128, 128, 1 },
	{ "rfc4309(ccm(aes))", NULL, ALG_AEAD, 8, 1, 128, 128, 1 },
	{ "rfc4543(gcm(aes))", NULL, ALG_AEAD, 8, 1, 128, 128, 0 },
	{ "rfc7539esp(chacha20,poly1305)", NULL, ALG_AEAD, 8, 1, 128, 128, 0 },
	/* Ciphers: the IV is one block, except for counter mode (RFC 3686). */
	{ "cbc(aes)", "aes", ALG_CRYPT, 16, 16, 0, 0, 0 },
	{ "cbc(des3_ede)", "des3_ede", ALG_CRYPT, 8, 8, 0, 0, 0 },
	{ "cbc(des)", "des", ALG_CRYPT, 8, 8, 0, 0, 0 },
	{ "cbc(cast5)", "cast5", ALG_CRYPT, 8, 8, 0, 0, 0 },
	{ "cbc(blowfish)", "blowfish", ALG_CRYPT, 8, 8, 0, 0, 0 },
	{ "cbc(serpent)", "serpent", ALG_CRYPT, 16, 16, 0, 0, 0 },
	{ "cbc(twofish)", "twofish", ALG_CRYPT, 16, 16, 0, 0, 0 },
	{ "cbc(camellia)", "camellia", ALG_CRYPT, 16, 16, 0, 0, 0 },
	{ "rfc3686(ctr(aes))", "ctr(aes)", ALG_CRYPT, 8, 1, 0, 0, 0 },
	{ "ecb(cipher_null)", "cipher_null", ALG_CRYPT, 0, 1, 0, 0, 0 },
	/*
	 * Auth: default truncation per RFC 2404/4868/3566/4494/2403. For
	 * hmac(sha256) the old XFRMA_ALG_AUTH ("auth", not "auth-trunc")
	 * still truncates to 96 bits in the kernel; pass --icv 96 for that.
	 */
	{ "hmac(md5)", "md5", ALG_AUTH, 0, 0, 96, 128, 0 },
	{ "hmac(sha1)", "sha1", ALG_AUTH, 0, 0, 96, 160, 0 },
	{ "hmac(sha256)", "sha256", ALG_AUTH, 0, 0, 128, 256, 0 },
	{ "hmac(sha384)", "sha384", ALG_AUTH, 0, 0, 192, 384, 0 },
	{ "hmac(sha512)", "sha512", ALG_AUTH, 0, 0, 256, 512, 0 },
	{ "hmac(rmd160)", "rmd160", ALG_AUTH, 0, 0, 96, 160, 0 },
	{ "xcbc(aes)", NULL, ALG_AUTH, 0, 0, 96, 128, 0 },
	{ "cmac(aes)", NULL, ALG_AUTH, 0, 0, 96, 128, 0 },
	{ "digest_null", NULL, ALG_AUTH, 0, 0, 0, 0, 0 },
};

const struct alg *alg_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++)
		if (!strcmp(name, algs[i].name) ||
		    (algs[i].alias && !strcmp(name, algs[i].alias)))
			return &algs[i];
	/* The kernel knows counter mode also as plain "rfc3686". */
	if (!strcmp(name, "rfc3686"))
		return alg_find("rfc3686(ctr(aes))");
	return NULL;
}

/* Whether the kernel would accept an ICV of @bits for @a. */
int alg_icv_ok(const struct alg *a, unsigned long bits)
{
	if (a->kind == ALG_CRYPT)
		return 0;
	if (a->icv_fixed)	/* GCM and CCM setauthsize(): 8, 12 or 16 */
		return bits == 64 || bits == 96 || bits == 128;
	if (a->kind == ALG_AEAD)
		return bits == a->icv_max;
	/* xfrm_user: trunc_len at most the full digest, whole bytes. */
	return bits % 8 == 0 && bits <= a->icv_max &&
	       (bits > 0 || a->icv_max == 0);
}

const char *alg_kind_name(enum alg_kind kind)
{
	switch (kind) {
	case ALG_AEAD:
		return "aead";
	case ALG_CRYPT:
		return "enc";
	case ALG_AUTH:
		return "auth";
	}
	return "?";
}
