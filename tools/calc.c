// SPDX-License-Identifier: GPL-2.0
/*
 * calc: the module's arithmetic for an ESP SA described on the command
 * line, with no kernel involved. The algorithms give the IV, block and
 * ICV sizes (alg.c); src/overhead.c does the rest, exactly as in the
 * module.
 */
#include <stdio.h>
#include <string.h>

#include "xfrm-mss.h"

#define MTU_MIN 68	/* RFC 791 minimum; anything lower is a typo */
#define MTU_MAX 65535

struct calc {
	const struct alg *alg[2];
	unsigned int nalg;
	long icv;		/* bits, -1 when not given */
	unsigned long mtu;	/* 0 when not given */
	struct xfrm_mss_sa sa;
};

static unsigned int word(const char *what, const char *v,
			 const char *const *words, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (words[i] && !strcmp(v, words[i]))
			return i;
	die(EXIT_USAGE, "calc: %s: unknown value '%s'", what, safe(v));
}

static const char *const modes[] = {
	[XFRM_MSS_MODE_TRANSPORT] = "transport",
	[XFRM_MSS_MODE_TUNNEL] = "tunnel",
	[XFRM_MSS_MODE_BEET] = "beet",
	[XFRM_MSS_MODE_IPTFS] = "iptfs",
};

static const char *const encaps[] = {
	[XFRM_MSS_ENCAP_NONE] = "none",
	[XFRM_MSS_ENCAP_UDP] = "udp",
	[XFRM_MSS_ENCAP_UDP_NON_IKE] = "udp-nonike",
	[XFRM_MSS_ENCAP_TCP] = "tcp",
};

static const char *const families[] = { [4] = "4", [6] = "6" };

static void parse(struct calc *c, int argc, char **argv)
{
	const char *v;
	int inner = 0, iptfs_opt = 0, i;

	c->sa.proto = XFRM_MSS_PROTO_ESP;
	c->sa.mode = XFRM_MSS_MODE_TUNNEL;
	c->sa.family = 4;
	for (i = 1; i < argc; i++) {
		if (common_opt("calc", argv[i]))
			continue;
		if (opt_value(argc, argv, &i, "calc", "--alg", &v)) {
			if (c->nalg == 2)
				die(EXIT_USAGE, "calc: at most two --alg");
			c->alg[c->nalg] = alg_find(v);
			if (!c->alg[c->nalg])
				die(EXIT_USAGE, "calc: unknown algorithm '%s'",
				    safe(v));
			c->nalg++;
		} else if (opt_value(argc, argv, &i, "calc", "--icv", &v)) {
			c->icv = parse_num("calc", "--icv", v, 0, 512);
		} else if (opt_value(argc, argv, &i, "calc", "--mtu", &v)) {
			c->mtu = parse_num("calc", "--mtu", v, MTU_MIN, MTU_MAX);
		} else if (opt_value(argc, argv, &i, "calc", "--mode", &v)) {
			c->sa.mode = word("--mode", v, modes, 4);
		} else if (!strcmp(argv[i], "--dont-frag")) {
			c->sa.iptfs_dont_frag = 1;
			iptfs_opt = 1;
		} else if (opt_value(argc, argv, &i, "calc", "--pkt-size", &v)) {
			c->sa.iptfs_pkt_size = parse_num("calc", "--pkt-size", v,
							 MTU_MIN, MTU_MAX);
			iptfs_opt = 1;
		} else if (opt_value(argc, argv, &i, "calc", "--encap", &v)) {
			c->sa.encap = word("--encap", v, encaps, 4);
		} else if (opt_value(argc, argv, &i, "calc", "--outer", &v)) {
			c->sa.family = word("--outer", v, families, 7);
		} else if (opt_value(argc, argv, &i, "calc", "--inner", &v)) {
			inner = word("--inner", v, families, 7);
		} else {
			bad_arg("calc", argv[i]);
		}
	}
	if (!c->nalg)
		die(EXIT_USAGE, "calc: --alg is required");
	if (!c->mtu)
		die(EXIT_USAGE, "calc: --mtu is required");
	if (iptfs_opt && c->sa.mode != XFRM_MSS_MODE_IPTFS)
		die(EXIT_USAGE, "calc: --dont-frag and --pkt-size need --mode iptfs");
	if (!inner)
		inner = c->sa.family;
	/* Transport mode keeps the packet's own header: one family. */
	if (c->sa.mode == XFRM_MSS_MODE_TRANSPORT && inner != c->sa.family)
		die(EXIT_USAGE, "calc: transport mode needs --inner equal to --outer");
	c->sa.sel_family = inner;
}

/* IV, block and ICV from one AEAD, or a cipher with an optional auth. */
static void describe(struct calc *c)
{
	const struct alg *enc = NULL, *auth = NULL, *aead = NULL, *icv_alg;
	unsigned int i, bits;

	for (i = 0; i < c->nalg; i++) {
		const struct alg **slot = c->alg[i]->kind == ALG_AEAD ? &aead :
					  c->alg[i]->kind == ALG_CRYPT ? &enc :
					  &auth;
		if (*slot)
			die(EXIT_USAGE, "calc: two %s algorithms given",
			    alg_kind_name(c->alg[i]->kind));
		*slot = c->alg[i];
	}
	if (aead && c->nalg > 1)
		die(EXIT_USAGE, "calc: %s is an AEAD: give it alone", aead->name);
	if (auth && !enc)
		die(EXIT_USAGE, "calc: %s needs a cipher (e.g. --alg cipher_null)",
		    auth->name);
	icv_alg = aead ? aead : auth;
	if (c->icv >= 0 && !icv_alg)
		die(EXIT_USAGE, "calc: --icv needs an AEAD or auth algorithm");
	bits = icv_alg ? icv_alg->icv_bits : 0;
	if (c->icv >= 0) {
		if (!alg_icv_ok(icv_alg, c->icv))
			die(EXIT_USAGE, "calc: --icv %ld is not valid for %s",
			    c->icv, icv_alg->name);
		bits = c->icv;
	}
	enc = aead ? aead : enc;
	c->sa.iv = enc->iv;
	c->sa.block = enc->block;
	c->sa.icv = bits / 8;
}

static void print_json(const struct calc *c, const struct xfrm_mss_terms *t,
		       unsigned int mtu, unsigned int mss)
{
	unsigned int i;

	js_open(NULL);
	js_array("algorithms");
	for (i = 0; i < c->nalg; i++) {
		js_open(NULL);
		js_str("type", alg_kind_name(c->alg[i]->kind));
		js_str("name", c->alg[i]->name);
		js_close();
	}
	js_array_close();
	js_uint("icv_bits", c->sa.icv * 8);
	js_str("mode", mode_name(c->sa.mode));
	if (c->sa.mode == XFRM_MSS_MODE_IPTFS) {
		js_bool("dont_frag", c->sa.iptfs_dont_frag);
		js_uint("pkt_size", c->sa.iptfs_pkt_size);
	}
	js_str("encap", encap_name(c->sa.encap));
	js_uint("outer", c->sa.family);
	js_uint("inner", c->sa.sel_family);
	js_uint("path_mtu", c->mtu);
	terms_json(t);
	js_uint("inner_mtu", mtu);
	js_uint("mss", mss);
	js_close();
	js_end();
}

int cmd_calc(int argc, char **argv)
{
	struct calc c = { .icv = -1 };
	struct xfrm_mss_terms t;
	unsigned int mtu, mss, i;

	parse(&c, argc, argv);
	describe(&c);
	if (!xfrm_mss_sa_valid(&c.sa))
		die(EXIT_USAGE, "calc: this combination is not an SA the arithmetic covers");
	xfrm_mss_sa_terms(&c.sa, &t);
	mtu = xfrm_mss_sa_mtu(&c.sa, c.mtu);
	mss = xfrm_mss_mtu_to_mss(mtu, c.sa.sel_family);
	if (json_mode) {
		print_json(&c, &t, mtu, mss);
		return EXIT_OK;
	}
	printf("ESP %s, outer IPv%u, inner IPv%u, encap %s,", mode_name(c.sa.mode),
	       c.sa.family, c.sa.sel_family, encap_name(c.sa.encap));
	for (i = 0; i < c.nalg; i++)
		printf(" %s", c.alg[i]->name);
	printf(", ICV %u bits\n", c.sa.icv * 8);
	if (c.sa.mode == XFRM_MSS_MODE_IPTFS)
		iptfs_text(&c.sa);
	terms_text(&t, "  ");
	if (!mtu)
		printf("path MTU %lu: nothing fits\n", c.mtu);
	else
		printf("path MTU %lu -> inner MTU %u, MSS %u\n", c.mtu, mtu, mss);
	return EXIT_OK;
}
