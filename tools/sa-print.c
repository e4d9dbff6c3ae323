// SPDX-License-Identifier: GPL-2.0
/*
 * sa, the output side: one dumped SA as text or as one element of the
 * "sas" JSON array. Keys are never printed. The MSS is given for each
 * inner family the SA can carry: both in tunnel mode, the outer family in
 * transport mode, the selector family in BEET mode (both if unspecified).
 */
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/xfrm.h>
#include <stdio.h>
#include <string.h>

#include "xfrm-mss.h"

static const char *addr(unsigned int family, const xfrm_address_t *a,
			char *buf)
{
	if (!inet_ntop(family == AF_INET6 ? AF_INET6 : AF_INET, a, buf,
		       INET6_ADDRSTRLEN))
		strcpy(buf, "?");
	return buf;
}

static const char *proto_name(unsigned int proto)
{
	switch (proto) {
	case IPPROTO_ESP:
		return "esp";
	case IPPROTO_AH:
		return "ah";
	case IPPROTO_COMP:
		return "comp";
	case IPPROTO_IPIP:	/* the tunnel IPComp adds for its */
		return "ipip";	/* incompressible packets */
	case IPPROTO_IPV6:
		return "ipip6";
	}
	return "other";
}

static const struct {
	unsigned int type;
	const char *kind;	/* as ip-xfrm(8) names it */
} alg_attrs[] = {
	{ XFRMA_ALG_AEAD, "aead" },
	{ XFRMA_ALG_CRYPT, "enc" },
	{ XFRMA_ALG_AUTH_TRUNC, "auth-trunc" },
	{ XFRMA_ALG_COMP, "comp" },
};

/* The algorithms with their ICV or truncation in bits, no keys. */
static void algs(const struct nlattr **tb)
{
	unsigned int i;
	int bits;

	if (json_mode)
		js_array("algorithms");
	for (i = 0; i < sizeof(alg_attrs) / sizeof(alg_attrs[0]); i++) {
		const struct nlattr *a = tb[alg_attrs[i].type];
		const struct xfrm_algo *x;
		char name[sizeof(x->alg_name) + 1];

		if (!a)
			continue;
		x = mnl_attr_get_payload(a);
		memcpy(name, x->alg_name, sizeof(x->alg_name));
		name[sizeof(x->alg_name)] = 0;
		bits = -1;
		if (alg_attrs[i].type == XFRMA_ALG_AEAD)
			bits = ((const struct xfrm_algo_aead *)x)->alg_icv_len;
		else if (alg_attrs[i].type == XFRMA_ALG_AUTH_TRUNC)
			bits = ((const struct xfrm_algo_auth *)x)->alg_trunc_len;
		if (json_mode) {
			js_open(NULL);
			js_str("type", alg_attrs[i].kind);
			js_str("name", name);
			if (bits >= 0)
				js_uint("icv_bits", bits);
			else
				js_null("icv_bits");
			js_close();
		} else {
			printf("  %s %s", alg_attrs[i].kind, safe(name));
			if (bits >= 0)
				printf(" %d", bits);
			printf("\n");
		}
	}
	if (json_mode)
		js_array_close();
}

static void encap(const struct nlattr **tb, const struct xfrm_mss_sa *sa)
{
	const struct xfrm_encap_tmpl *e = NULL;

	if (tb[XFRMA_ENCAP])
		e = mnl_attr_get_payload(tb[XFRMA_ENCAP]);
	if (json_mode) {
		js_open("encap");
		js_str("type", e ? encap_name(sa->encap) : "none");
		if (e) {
			js_uint("sport", ntohs(e->encap_sport));
			js_uint("dport", ntohs(e->encap_dport));
		}
		js_close();
	} else if (e) {
		printf("  encap %s %u %u\n", encap_name(sa->encap),
		       ntohs(e->encap_sport), ntohs(e->encap_dport));
	}
}

/* Which inner families the SA carries: bit 0 IPv4, bit 1 IPv6. */
static unsigned int inner_families(const struct xfrm_mss_sa *sa)
{
	if (sa->mode == XFRM_MSS_MODE_TRANSPORT)
		return sa->family == 6 ? 2 : 1;
	if (sa->mode == XFRM_MSS_MODE_BEET && sa->sel_family)
		return sa->sel_family == 6 ? 2 : 1;
	return 3;
}

static void arithmetic(const struct xfrm_mss_sa *sa, unsigned long path)
{
	unsigned int fam = inner_families(sa);
	unsigned int mtu = xfrm_mss_sa_mtu(sa, path);
	unsigned int mss4 = xfrm_mss_mtu_to_mss(mtu, 4);
	unsigned int mss6 = xfrm_mss_mtu_to_mss(mtu, 6);
	struct xfrm_mss_terms t;

	xfrm_mss_sa_terms(sa, &t);
	if (json_mode) {
		if (sa->mode == XFRM_MSS_MODE_IPTFS) {
			js_bool("dont_frag", sa->iptfs_dont_frag);
			js_uint("pkt_size", sa->iptfs_pkt_size);
		}
		terms_json(&t);
		js_uint("inner_mtu", mtu);
		if (fam & 1)
			js_uint("mss_ipv4", mss4);
		else
			js_null("mss_ipv4");
		if (fam & 2)
			js_uint("mss_ipv6", mss6);
		else
			js_null("mss_ipv6");
		return;
	}
	if (sa->mode == XFRM_MSS_MODE_IPTFS)
		iptfs_text(sa);
	terms_text(&t, "  ");
	printf("  path MTU %lu -> inner MTU %u, MSS", path, mtu);
	if (fam & 1)
		printf(" %u (IPv4)", mss4);
	if (fam & 2)
		printf("%s %u (IPv6)", fam & 1 ? "," : "", mss6);
	printf("\n");
}

void sa_print(const struct xfrm_usersa_info *p, const struct nlattr **tb,
	      const struct xfrm_mss_sa *sa, const char *why, unsigned long mtu,
	      unsigned int index)
{
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN], spi[16];
	const char *mode = p->mode == XFRM_MODE_TRANSPORT ? "transport" :
			   p->mode == XFRM_MODE_TUNNEL ? "tunnel" :
			   p->mode == XFRM_MODE_BEET ? "beet" :
			   p->mode == XFRM_MSS_XFRM_MODE_IPTFS ? "iptfs" : "other";
	unsigned int sel = p->sel.family == AF_INET ? 4 :
			   p->sel.family == AF_INET6 ? 6 : 0;

	addr(p->family, &p->saddr, src);
	addr(p->family, &p->id.daddr, dst);
	snprintf(spi, sizeof(spi), "0x%08x", ntohl(p->id.spi));
	if (json_mode) {
		js_open(NULL);
		js_uint("index", index);
		js_str("src", src);
		js_str("dst", dst);
		js_uint("spi", ntohl(p->id.spi));
		js_str("spi_hex", spi);
		js_str("proto", proto_name(p->id.proto));
		js_str("mode", mode);
		js_uint("family", p->family == AF_INET6 ? 6 : 4);
		if (sel)
			js_uint("sel_family", sel);
		else
			js_null("sel_family");
		js_uint("reqid", p->reqid);
		algs(tb);
		encap(tb, sa);
		js_bool("supported", !why);
		if (why)
			js_str("reason", why);
		else
			arithmetic(sa, mtu);
		js_close();
		return;
	}
	printf("%s%s -> %s %s spi %s reqid %u mode %s\n", index ? "\n" : "",
	       src, dst, proto_name(p->id.proto), spi, p->reqid, mode);
	algs(tb);
	encap(tb, sa);
	if (why)
		printf("  not covered: %s\n", why);
	else
		arithmetic(sa, mtu);
}
