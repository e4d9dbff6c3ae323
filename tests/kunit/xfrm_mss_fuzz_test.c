// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the packet path fuzzed in the kernel. Generated TCP packets, most
 * of them SYN and SYN/ACK, go through xfrm_mss_process(), the entry the
 * hooks call, as real skbs in every shape the stack hands a hook: linear;
 * paged, split at every point behind the IP header in turn; cloned, the
 * clone sharing the data; with each ip_summed mode (NONE, UNNECESSARY,
 * COMPLETE with skb->csum over the packet, PARTIAL with the
 * pseudo-header sum in the TCP checksum). The headers: IPv4 with
 * and without options, IPv6 with chains of extension headers, fragments,
 * AH. The options: random layouts of every kind, padding and garbage
 * after EOL, and one malformation in about a third of them.
 *
 * The generator knows what it built, so each packet is checked against
 * what must become of it, independently of the module's walk:
 *  - exactly the counters of its outcome moved, in its namespace;
 *  - a packet to be clamped: the MSS is the expected value (never higher
 *    than before), no byte but the MSS and the checksum changed, and the
 *    checksum verifies (PARTIAL: left to the device, and verifies once
 *    completed with skb_checksum_help()); skb->csum of a COMPLETE packet
 *    still sums its bytes;
 *  - every other packet, malformed ones included, is byte-identical;
 *  - a clone never sees a change.
 * KASAN, lockdep and kmemleak watch all of it (the debug kernel).
 *
 * Build-time settings: XFRM_MSS_FUZZ_PACKETS (tests/kunit/run.sh: 20,000
 * in make test, 1,000,000 in make stress) and XFRM_MSS_FUZZ_SEED; a
 * failure names the packet's number and the seed, which reproduce it.
 */
#include <kunit/test.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/prandom.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/tcp.h>

#include "../../src/mss.c"
#include "../../src/overhead.c"
#include "../../src/stats.c"
#include "stats_suite.h"
#include "../../src/tcpopt.c"

/*
 * The count and the seed are fixed at build time (tests/kunit/run.sh
 * passes XFRM_MSS_FUZZ_PACKETS): on 6.1, KUnit runs a module's suites
 * from the module notifier, before the module's parameters are parsed.
 */
#ifndef XFRM_MSS_FUZZ_PACKETS
#define XFRM_MSS_FUZZ_PACKETS	20000
#endif
#ifndef XFRM_MSS_FUZZ_SEED
#define XFRM_MSS_FUZZ_SEED	1
#endif
static const unsigned long packets = XFRM_MSS_FUZZ_PACKETS;
static const unsigned long seed = XFRM_MSS_FUZZ_SEED;

#define SADDR		htonl(0x0a010002)
#define DADDR		htonl(0x0a020002)
#define MAX_PKT		400
#define MIN_MSS		536

static struct rnd_state rnd;
static u64 cur_seed;		/* of the chunk in progress */

static u32 rn(u32 n)
{
	return n ? prandom_u32_state(&rnd) % n : 0;
}

/* What the fake MTU lookup answers for the packet in flight. */
static u32 cur_mtu;
static int cur_err;

static int fuzz_mtu_fn(struct sk_buff *skb, struct net *net,
		       unsigned int family, unsigned int thoff, u32 ceiling,
		       u32 *mtu)
{
	if (cur_err)
		return cur_err;
	*mtu = min(cur_mtu, ceiling);
	return 0;
}

static void fuzz_cfg_get(const struct net *net, struct xfrm_mss_cfg *cfg)
{
	*cfg = (struct xfrm_mss_cfg){ .enable = true, .min_mss = MIN_MSS };
}

static const struct xfrm_mss_ops fuzz_ops = {
	.cfg_get = fuzz_cfg_get,
	.flow_mtu = fuzz_mtu_fn,
};

/* One generated packet and what must become of it. */
struct gen {
	u8 b[MAX_PKT];
	unsigned int len;	/* bytes in the packet */
	unsigned int thoff;	/* TCP header offset */
	unsigned int nhmin;	/* bytes a hook always finds linear */
	u8 family;
	unsigned int mss_off;	/* of the MSS value, 0 if none to clamp */
	u16 mss_old, mss_new;	/* expected; equal: left alone */
	bool csum_valid;	/* the TCP checksum verifies as built */
	/* counters that must move, 1 each; XFRM_MSS_STAT_MAX for none */
	enum xfrm_mss_stat stat[3];
};

/* Tallies, to report what the run covered. */
static unsigned long n_syn, n_clamped, n_bad, n_paged, n_cloned, n_partial;

static void want(struct gen *g, enum xfrm_mss_stat a, enum xfrm_mss_stat b,
		 enum xfrm_mss_stat c)
{
	g->stat[0] = a;
	g->stat[1] = b;
	g->stat[2] = c;
}

/* Option kinds the generator writes besides MSS, EOL and NOP. */
static unsigned int put_valid_opt(u8 *o, unsigned int room, bool *ao)
{
	unsigned int len, i;
	u8 kind;

	switch (rn(9)) {
	case 0:
		kind = TCPOPT_WINDOW;
		len = TCPOLEN_WINDOW;
		break;
	case 1:
		kind = TCPOPT_SACK_PERM;
		len = TCPOLEN_SACK_PERM;
		break;
	case 2:
		kind = TCPOPT_SACK;
		len = 2 + 8 * (1 + rn(4));
		break;
	case 3:
	case 4:
		kind = TCPOPT_TIMESTAMP;
		len = TCPOLEN_TIMESTAMP;
		break;
	case 5:
		kind = 29;		/* TCP-AO: key ids and a MAC */
		len = 4 + 4 * (1 + rn(4));
		break;
	case 6:
		kind = TCPOPT_MPTCP;
		len = 4 + rn(17);
		break;
	case 7:
		kind = TCPOPT_FASTOPEN;
		len = 2 + rn(17);
		break;
	default:
		/* Any other kind, with any length that fits. */
		do {
			kind = 3 + rn(253);
		} while (kind == TCPOPT_MSS || kind == 29);
		len = 2 + rn(12);
		break;
	}
	if (len > room)
		return 0;
	o[0] = kind;
	o[1] = len;
	for (i = 2; i < len; i++)
		o[i] = prandom_u32_state(&rnd);
	if (kind == 29)
		*ao = true;
	return len;
}

/* An MSS value: the usual ones, the small and the large. */
static u16 gen_mss(void)
{
	switch (rn(6)) {
	case 0:
		return 1 + rn(MIN_MSS + 100);
	case 1:
		return 65535 - rn(100);
	case 2:
		return 1460;
	case 3:
		return 1440;
	default:
		return 1 + rn(65535);
	}
}

/* Malformations of the option list; one per packet at most. */
enum malf {
	M_NONE,
	M_OPT_LEN,	/* an option of length 0 or 1 */
	M_OVERRUN,	/* the last option runs past the header */
	M_NO_LEN,	/* a kind byte with no length byte behind it */
	M_MSS_LEN,	/* an MSS option of length other than 4 */
	M_MSS_DUP,	/* two MSS options */
	M_DOFF_SHORT,	/* data offset below 5 */
	M_DOFF_PAST,	/* data offset past the packet */
	M_CUT_FLAGS,	/* packet ends before the flags byte */
	M_CUT_HEADER,	/* packet ends inside the fixed header */
	M_CUT_OPTIONS,	/* packet ends inside the options */
	M_MAX
};

/*
 * The option list into @o (at most 40 bytes): returns its length, a
 * multiple of 4. Sets *mss_pos (offset in @o of the only MSS option, or
 * -1), *ao, and *m to the malformation it wrote (M_NONE if none fitted).
 */
static unsigned int gen_options(u8 *o, enum malf *m, int *mss_pos, bool *ao,
				u16 mss)
{
	unsigned int n = 0, others = rn(6), e, len, room;
	int mss_slot = rn(10) < 8 ? (int)rn(others + 1) : -1;
	unsigned int malf_slot = rn(others + 1);
	bool end_malf = *m == M_OVERRUN || *m == M_NO_LEN;
	bool opt_malf = end_malf || *m == M_OPT_LEN || *m == M_MSS_LEN ||
			*m == M_MSS_DUP;
	bool done = !opt_malf;

	*mss_pos = -1;
	*ao = false;
	if (*m == M_MSS_DUP)
		mss_slot = rn(others + 1);
	for (e = 0; e <= others; e++) {
		if ((int)e == mss_slot && n + TCPOLEN_MSS <= 40) {
			*mss_pos = n;
			o[n++] = TCPOPT_MSS;
			o[n++] = TCPOLEN_MSS;
			o[n++] = mss >> 8;
			o[n++] = mss & 0xff;
		}
		if (e == malf_slot && !end_malf && *m != M_NONE && !done) {
			room = 40 - n;
			switch (*m) {
			case M_OPT_LEN:
				if (room >= 2) {
					o[n] = 3 + rn(250);
					o[n + 1] = rn(2);
					n += 2;
					done = true;
				}
				break;
			case M_MSS_LEN:
				len = 2 + rn(5);
				if (len == TCPOLEN_MSS)
					len = 6;
				if (room >= len) {
					o[n] = TCPOPT_MSS;
					o[n + 1] = len;
					memset(o + n + 2, 0x05, len - 2);
					n += len;
					done = true;
				}
				break;
			case M_MSS_DUP:
				if (room >= TCPOLEN_MSS && *mss_pos >= 0) {
					o[n] = TCPOPT_MSS;
					o[n + 1] = TCPOLEN_MSS;
					o[n + 2] = 0x02;
					o[n + 3] = 0x18;
					n += TCPOLEN_MSS;
					done = true;
				}
				break;
			default:
				break;
			}
		}
		if (e < others) {
			if (rn(4) == 0 && n < 40)
				o[n++] = TCPOPT_NOP;
			else
				n += put_valid_opt(o + n, 40 - n, ao);
		}
	}
	if (end_malf && n + 2 <= 40) {
		/* Pad with NOPs so that the bad option ends the header. */
		len = round_up(n + 2, 4);
		while (n < len - 2)
			o[n++] = TCPOPT_NOP;
		if (*m == M_NO_LEN) {
			o[n++] = TCPOPT_NOP;
			o[n++] = 3 + rn(250);
		} else {
			o[n] = 3 + rn(250);
			o[n + 1] = 3 + rn(60);	/* 2 bytes left: past the end */
			n += 2;
		}
		done = true;
	}
	/* Written nowhere, for want of room: none. */
	if (!done)
		*m = M_NONE;
	/* Fill to a multiple of 4: NOPs, or EOL and garbage (ignored). */
	len = round_up(n, 4);
	if (n < len && rn(2)) {
		o[n++] = TCPOPT_EOL;
		while (n < len)
			o[n++] = prandom_u32_state(&rnd);
	}
	while (n < len)
		o[n++] = TCPOPT_NOP;
	return n;
}

/* The IPv4 or IPv6 header with extension headers; returns its length. */
static unsigned int gen_ip(struct gen *g, bool *later_frag, bool *ah)
{
	u8 *b = g->b;
	unsigned int n, i, k, hl;
	u8 *nexthdr;

	*later_frag = false;
	*ah = false;
	if (g->family == 4) {
		struct iphdr *iph = (struct iphdr *)b;
		unsigned int ihl = rn(3) ? 5 : 5 + rn(11);

		memset(iph, 0, sizeof(*iph));
		iph->version = 4;
		iph->ihl = ihl;
		iph->ttl = 64;
		iph->protocol = IPPROTO_TCP;
		iph->saddr = SADDR;
		iph->daddr = DADDR;
		iph->id = htons(rn(65536));
		for (i = sizeof(*iph); i < ihl * 4; i++)
			b[i] = rn(2) ? IPOPT_NOOP : prandom_u32_state(&rnd);
		switch (rn(25)) {
		case 0:
			iph->frag_off = htons(1 + rn(IP_OFFSET));
			*later_frag = true;
			break;
		case 1:
			iph->frag_off = htons(IP_MF);	/* the first: parsed */
			break;
		case 2:
			iph->frag_off = htons(IP_DF);
			break;
		}
		g->nhmin = sizeof(*iph);
		return ihl * 4;
	}

	memset(b, 0, sizeof(struct ipv6hdr));
	((struct ipv6hdr *)b)->version = 6;
	((struct ipv6hdr *)b)->hop_limit = 64;
	b[8] = 0xfd;
	b[23] = 2;
	b[24] = 0xfd;
	b[25] = 2;
	b[39] = 2;
	nexthdr = &((struct ipv6hdr *)b)->nexthdr;
	n = sizeof(struct ipv6hdr);
	g->nhmin = n;
	k = rn(3) ? 0 : 1 + rn(3);
	for (i = 0; i < k; i++) {
		static const u8 types[] = { NEXTHDR_HOP, NEXTHDR_DEST,
					    NEXTHDR_ROUTING, NEXTHDR_FRAGMENT };
		u8 t = types[rn(ARRAY_SIZE(types))];

		if (t == NEXTHDR_HOP && i)
			t = NEXTHDR_DEST;
		*nexthdr = t;
		nexthdr = &b[n];
		if (t == NEXTHDR_FRAGMENT) {
			struct frag_hdr *fh = (struct frag_hdr *)&b[n];

			memset(fh, 0, sizeof(*fh));
			fh->identification = htonl(rn(1 << 30));
			if (rn(6) == 0) {
				fh->frag_off = htons((1 + rn(8000)) << 3);
				*later_frag = true;
			} else {
				fh->frag_off = htons(IP6_MF);
			}
			n += sizeof(*fh);
			/* The rest is payload of the fragment. */
			if (*later_frag)
				break;
			continue;
		}
		hl = rn(2);			/* 8 or 16 bytes */
		b[n + 1] = hl;
		memset(&b[n + 2], 0, 6 + hl * 8);
		if (t != NEXTHDR_ROUTING) {
			b[n + 2] = IPV6_TLV_PADN;	/* PadN over the rest */
			b[n + 3] = 4 + hl * 8;
		} else {
			b[n + 2] = 0xfd;		/* unknown type, segs 0 */
		}
		n += 8 + hl * 8;
	}
	if (!*later_frag && rn(25) == 0) {
		/* AH, RFC 4302: 12 bytes and a 12-byte ICV. */
		*nexthdr = NEXTHDR_AUTH;
		nexthdr = &b[n];
		b[n + 1] = 24 / 4 - 2;
		memset(&b[n + 2], 0x5a, 22);
		n += 24;
		*ah = true;
	}
	*nexthdr = IPPROTO_TCP;
	return n;
}

static void tcp_csum(struct gen *g, unsigned int seglen, bool partial)
{
	struct tcphdr *th = (struct tcphdr *)(g->b + g->thoff);
	__wsum sum;

	th->check = 0;
	sum = partial ? 0 : csum_partial(th, seglen, 0);
	if (g->family == 4)
		th->check = tcp_v4_check(seglen, SADDR, DADDR, sum);
	else
		th->check = tcp_v6_check(seglen, &((struct ipv6hdr *)g->b)->saddr,
					 &((struct ipv6hdr *)g->b)->daddr, sum);
	if (partial)
		th->check = ~th->check;
}

/* Builds one packet; @partial: its checksum as CHECKSUM_PARTIAL has it. */
static void gen_packet(struct gen *g, bool partial)
{
	enum xfrm_mss_stat err_stat = XFRM_MSS_STAT_MAX;
	unsigned int optlen, seglen, payload, doff, i;
	bool later_frag, ah, syn, ao;
	enum malf m = M_NONE;
	struct tcphdr *th;
	int mss_pos;
	u16 mss = gen_mss();
	u8 flags;

	memset(g, 0, sizeof(*g));
	g->family = rn(2) ? 4 : 6;
	g->thoff = gen_ip(g, &later_frag, &ah);
	switch (rn(20)) {
	case 0:
		flags = TCPHDR_ACK;
		break;
	case 1:
		flags = TCPHDR_SYN | TCPHDR_RST;
		break;
	case 2:
		flags = TCPHDR_FIN | TCPHDR_ACK | TCPHDR_PSH;
		break;
	default:
		flags = rn(2) ? TCPHDR_SYN : TCPHDR_SYN | TCPHDR_ACK;
		flags |= rn(8) == 0 ? TCPHDR_ECE | TCPHDR_CWR : 0;
		break;
	}
	syn = (flags & (TCPHDR_SYN | TCPHDR_RST)) == TCPHDR_SYN;
	n_syn += syn;
	if (rn(3) == 0)
		m = 1 + rn(M_MAX - 1);

	th = (struct tcphdr *)(g->b + g->thoff);
	memset(th, 0, sizeof(*th));
	th->source = htons(1024 + rn(60000));
	th->dest = htons(rn(2) ? 443 : 1 + rn(65535));
	th->seq = htonl(prandom_u32_state(&rnd));
	th->ack_seq = flags & TCPHDR_ACK ? htonl(prandom_u32_state(&rnd)) : 0;
	th->window = htons(rn(65536));
	((u8 *)th)[13] = flags;
	optlen = gen_options((u8 *)(th + 1), &m, &mss_pos, &ao, mss);
	payload = rn(4) ? 0 : rn(64);
	seglen = sizeof(*th) + optlen + payload;
	for (i = sizeof(*th) + optlen; i < seglen; i++)
		((u8 *)th)[i] = prandom_u32_state(&rnd);
	doff = (sizeof(*th) + optlen) / 4;
	if (m == M_DOFF_SHORT) {
		doff = rn(5);
	} else if (m == M_DOFF_PAST) {
		if (seglen < 60)
			doff = 15;
		else
			m = M_NONE;
	}
	th->doff = doff;
	g->len = g->thoff + seglen;
	if (g->family == 4) {
		struct iphdr *iph = (struct iphdr *)g->b;

		iph->tot_len = htons(g->len);
		iph->check = ip_fast_csum(iph, iph->ihl);
	} else {
		((struct ipv6hdr *)g->b)->payload_len =
			htons(g->len - sizeof(struct ipv6hdr));
	}
	tcp_csum(g, seglen, partial);
	g->csum_valid = true;

	/* Cut short, after the checksum. */
	if (m == M_CUT_FLAGS) {
		g->len = g->thoff + rn(14);
	} else if (m == M_CUT_HEADER) {
		g->len = g->thoff + 14 + rn(6);
	} else if (m == M_CUT_OPTIONS) {
		if (optlen)
			g->len = g->thoff + sizeof(*th) + rn(optlen);
		else
			m = M_NONE;
	}
	if (g->len != g->thoff + seglen)
		g->csum_valid = false;
	if (g->len < g->nhmin)
		g->len = g->nhmin;

	/* An MTU that clamps, one that does not, one below the floor. */
	cur_err = 0;
	cur_mtu = 576 + rn(9000 - 576);
	switch (rn(20)) {
	case 0:
		cur_err = -ENOENT;
		err_stat = XFRM_MSS_STAT_skip_no_sa;
		break;
	case 1:
		cur_err = -EOPNOTSUPP;
		err_stat = XFRM_MSS_STAT_skip_sa_unsupported;
		break;
	case 2:
		cur_err = -EHOSTUNREACH;
		err_stat = XFRM_MSS_STAT_skip_no_mtu;
		break;
	case 3:
		cur_mtu = 68 + rn(576 - 68);
		break;
	}

	/* What must become of it, in the order the module decides. */
	want(g, XFRM_MSS_STAT_MAX, XFRM_MSS_STAT_MAX, XFRM_MSS_STAT_MAX);
	if (g->family == 4 && rn(40) == 0) {
		/* ihl below 5, as a raw socket can send: never parsed. */
		((struct iphdr *)g->b)->ihl = rn(5);
		g->csum_valid = false;
		want(g, XFRM_MSS_STAT_bad_ip_header, XFRM_MSS_STAT_MAX,
		     XFRM_MSS_STAT_MAX);
		return;
	}
	if (later_frag) {
		if (g->family == 4 || g->len >= g->thoff)
			want(g, XFRM_MSS_STAT_skip_fragment, XFRM_MSS_STAT_MAX,
			     XFRM_MSS_STAT_MAX);
		return;
	}
	if (m == M_CUT_FLAGS) {
		want(g, XFRM_MSS_STAT_bad_truncated, XFRM_MSS_STAT_MAX,
		     XFRM_MSS_STAT_MAX);
		return;
	}
	if (!syn)
		return;
	if (ah) {
		want(g, XFRM_MSS_STAT_skip_ah, XFRM_MSS_STAT_MAX,
		     XFRM_MSS_STAT_MAX);
		return;
	}
	if (cur_err) {
		want(g, XFRM_MSS_STAT_seen_syn, err_stat, XFRM_MSS_STAT_MAX);
		return;
	}
	switch (m) {
	case M_CUT_HEADER:
		want(g, XFRM_MSS_STAT_seen_syn, XFRM_MSS_STAT_bad_truncated,
		     XFRM_MSS_STAT_MAX);
		return;
	case M_DOFF_SHORT:
	case M_DOFF_PAST:
	case M_CUT_OPTIONS:
		want(g, XFRM_MSS_STAT_seen_syn, XFRM_MSS_STAT_bad_doff,
		     XFRM_MSS_STAT_MAX);
		return;
	case M_OPT_LEN:
	case M_OVERRUN:
	case M_NO_LEN:
		want(g, XFRM_MSS_STAT_seen_syn, XFRM_MSS_STAT_bad_option,
		     XFRM_MSS_STAT_MAX);
		return;
	case M_MSS_LEN:
		want(g, XFRM_MSS_STAT_seen_syn, XFRM_MSS_STAT_bad_mss_len,
		     XFRM_MSS_STAT_MAX);
		return;
	case M_MSS_DUP:
		want(g, XFRM_MSS_STAT_seen_syn, XFRM_MSS_STAT_bad_mss_dup,
		     XFRM_MSS_STAT_MAX);
		return;
	default:
		break;
	}
	if (mss_pos < 0) {
		want(g, XFRM_MSS_STAT_seen_syn, XFRM_MSS_STAT_skip_no_mss,
		     XFRM_MSS_STAT_MAX);
		return;
	}
	if (ao) {
		want(g, XFRM_MSS_STAT_seen_syn, XFRM_MSS_STAT_skip_tcp_ao,
		     XFRM_MSS_STAT_MAX);
		return;
	}
	{
		u32 t = min_t(u32, xfrm_mss_mtu_to_mss(cur_mtu, g->family),
			      U16_MAX);
		bool floor = t < MIN_MSS;

		if (floor)
			t = MIN_MSS;
		g->mss_off = g->thoff + sizeof(*th) + mss_pos + 2;
		g->mss_old = mss;
		g->mss_new = mss > t ? t : mss;
		if (mss > t)
			want(g, XFRM_MSS_STAT_seen_syn, XFRM_MSS_STAT_clamped,
			     floor ? XFRM_MSS_STAT_clamped_floor :
				     XFRM_MSS_STAT_MAX);
		else
			want(g, XFRM_MSS_STAT_seen_syn, XFRM_MSS_STAT_unchanged,
			     XFRM_MSS_STAT_MAX);
	}
}

/*
 * The packet as an skb: linear up to @split, the rest in a page fragment
 * at a random offset.
 */
static struct sk_buff *make_skb(const struct gen *g, unsigned int split)
{
	struct sk_buff *skb = alloc_skb(split + 64, GFP_KERNEL);
	unsigned int rest = g->len - split, off;
	struct page *page;

	if (!skb)
		return NULL;
	skb_reserve(skb, 32 + rn(16));
	skb_reset_network_header(skb);
	skb_put_data(skb, g->b, split);
	skb->protocol = htons(g->family == 4 ? ETH_P_IP : ETH_P_IPV6);
	if (!rest)
		return skb;
	page = alloc_page(GFP_KERNEL);
	if (!page) {
		kfree_skb(skb);
		return NULL;
	}
	off = rn(PAGE_SIZE - rest + 1);
	memcpy(page_address(page) + off, g->b + split, rest);
	skb_fill_page_desc(skb, 0, page, off, rest);
	skb->len += rest;
	skb->data_len = rest;
	skb->truesize += PAGE_SIZE;
	return skb;
}

static bool tcp_csum_ok(const struct gen *g, struct sk_buff *skb)
{
	unsigned int seglen = skb->len - g->thoff;
	__wsum sum = skb_checksum(skb, g->thoff, seglen, 0);

	if (g->family == 4)
		return !csum_tcpudp_magic(SADDR, DADDR, seglen, IPPROTO_TCP,
					  sum);
	return !csum_ipv6_magic(&((struct ipv6hdr *)g->b)->saddr,
				&((struct ipv6hdr *)g->b)->daddr, seglen,
				IPPROTO_TCP, sum);
}

static void dump(struct kunit *test, const char *what, const u8 *b,
		 unsigned int len)
{
	char line[3 * 32 + 1];
	unsigned int i, j;

	kunit_info(test, "%s (%u bytes):", what, len);
	for (i = 0; i < len; i += 32) {
		for (j = 0; j < 32 && i + j < len; j++)
			snprintf(line + 3 * j, 4, "%02x ", b[i + j]);
		kunit_info(test, "  %04x: %s", i, line);
	}
}

/* One packet through the module; false, with a message, if it went wrong. */
static bool fuzz_one(struct kunit *test, unsigned long k, unsigned int split,
		     bool clone, u8 summed)
{
	unsigned long before[XFRM_MSS_STAT_MAX];
	struct sk_buff *skb, *cl = NULL;
	static struct gen g;
	static u8 out[MAX_PKT];
	unsigned int i, j;
	bool good = true;
	u16 mss;

	gen_packet(&g, summed == CHECKSUM_PARTIAL);
	split = g.nhmin + split % (g.len - g.nhmin + 1);
	if (summed == CHECKSUM_PARTIAL) {
		/*
		 * The stack hands out PARTIAL only for whole segments whose
		 * checksum field is linear (skb_checksum_help() insists).
		 */
		if (!g.csum_valid)
			summed = CHECKSUM_NONE;
		else
			split = max(split, min(g.len, g.thoff + 20));
	}
	skb = make_skb(&g, split);
	if (!skb) {
		KUNIT_FAIL(test, "no memory for packet %lu", k);
		return false;
	}
	if (skb_is_nonlinear(skb))
		n_paged++;
	skb->ip_summed = summed;
	if (summed == CHECKSUM_COMPLETE)
		skb->csum = skb_checksum(skb, 0, skb->len, 0);
	if (summed == CHECKSUM_PARTIAL) {
		skb->csum_start = skb_headroom(skb) + g.thoff;
		skb->csum_offset = offsetof(struct tcphdr, check);
		n_partial++;
	}
	if (clone) {
		cl = skb_clone(skb, GFP_KERNEL);
		if (!cl) {
			kfree_skb(skb);
			KUNIT_FAIL(test, "no memory for the clone of %lu", k);
			return false;
		}
		n_cloned++;
	}

	for (i = 0; i < XFRM_MSS_STAT_MAX; i++)
		before[i] = xfrm_mss_stat_read(&init_net, i);
	xfrm_mss_process(skb, &init_net, g.family, &fuzz_ops);

	for (i = 0; i < XFRM_MSS_STAT_MAX; i++) {
		unsigned long d = xfrm_mss_stat_read(&init_net, i) - before[i];
		unsigned long w = 0;

		for (j = 0; j < ARRAY_SIZE(g.stat); j++)
			w += g.stat[j] == i;
		if (d != w) {
			KUNIT_FAIL(test, "packet %lu: counter %s moved by %lu, not %lu",
				   k, xfrm_mss_stat_names[i], d, w);
			good = false;
		}
	}
	if (skb->len != g.len) {
		KUNIT_FAIL(test, "packet %lu: length %u, built %u", k,
			   skb->len, g.len);
		good = false;
		goto out;
	}
	if (skb_copy_bits(skb, 0, out, g.len)) {
		KUNIT_FAIL(test, "packet %lu: cannot read it back", k);
		good = false;
		goto out;
	}
	for (i = 0; i < g.len; i++) {
		bool csum_byte = i == g.thoff + 16 || i == g.thoff + 17;
		bool mss_byte = g.mss_off && (i == g.mss_off || i == g.mss_off + 1);

		if (g.mss_old != g.mss_new && (mss_byte ||
		    (csum_byte && summed != CHECKSUM_PARTIAL)))
			continue;
		if (out[i] != g.b[i]) {
			KUNIT_FAIL(test, "packet %lu: byte %u changed %02x -> %02x",
				   k, i, g.b[i], out[i]);
			good = false;
			break;
		}
	}
	if (g.mss_off) {
		mss = out[g.mss_off] << 8 | out[g.mss_off + 1];
		if (mss != g.mss_new || mss > g.mss_old) {
			KUNIT_FAIL(test, "packet %lu: MSS %u -> %u, want %u",
				   k, g.mss_old, mss, g.mss_new);
			good = false;
		}
		if (mss < g.mss_old)
			n_clamped++;
	}
	for (j = 0; j < ARRAY_SIZE(g.stat); j++)
		if (g.stat[j] >= XFRM_MSS_STAT_bad_ip_header &&
		    g.stat[j] <= XFRM_MSS_STAT_bad_mss_dup)
			n_bad++;
	if (summed == CHECKSUM_COMPLETE &&
	    csum_fold(skb->csum) != csum_fold(skb_checksum(skb, 0, skb->len, 0))) {
		KUNIT_FAIL(test, "packet %lu: skb->csum no longer sums the packet", k);
		good = false;
	}
	if (summed == CHECKSUM_PARTIAL && g.csum_valid) {
		if (skb_checksum_help(skb)) {
			KUNIT_FAIL(test, "packet %lu: skb_checksum_help failed", k);
			good = false;
		}
	}
	if (g.csum_valid && !tcp_csum_ok(&g, skb)) {
		KUNIT_FAIL(test, "packet %lu: the TCP checksum does not verify", k);
		good = false;
	}
	if (cl) {
		if (skb_copy_bits(cl, 0, out, g.len) || memcmp(out, g.b, g.len)) {
			KUNIT_FAIL(test, "packet %lu: the clone changed", k);
			good = false;
		}
	}
out:
	if (!good) {
		kunit_info(test, "packet %lu, seed %llu: family %u, split %u, clone %d, ip_summed %u",
			   k, cur_seed, g.family, split, clone, summed);
		dump(test, "as built", g.b, g.len);
	}
	kfree_skb(cl);
	kfree_skb(skb);
	return good;
}

/*
 * KUnit gives each case 300 s on 6.1 and cannot stop one that runs
 * longer, so the packets come in chunks of FUZZ_CHUNK SYNs, one case each
 * (about a minute under TCG with KASAN), each with a seed of its own.
 */
#define FUZZ_CHUNK	20000
#define FUZZ_CHUNKS	DIV_ROUND_UP(XFRM_MSS_FUZZ_PACKETS, FUZZ_CHUNK)
static const unsigned long chunks[FUZZ_CHUNKS];

static XFRM_MSS_KUNIT_GEN(chunk_gen)
{
	const unsigned long *c = prev ? (const unsigned long *)prev + 1 : chunks;

	if (c >= chunks + FUZZ_CHUNKS)
		return NULL;
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "chunk_%u",
		 (unsigned int)(c - chunks));
	return c;
}

static void fuzz_packet_path(struct kunit *test)
{
	static const u8 modes[] = { CHECKSUM_NONE, CHECKSUM_UNNECESSARY,
				    CHECKSUM_COMPLETE, CHECKSUM_PARTIAL };
	unsigned long idx = (const unsigned long *)test->param_value - chunks;
	unsigned long want = min(FUZZ_CHUNK, packets - idx * FUZZ_CHUNK);
	u64 start = ktime_get_ns(), cseed = seed + idx * 1000003;
	unsigned long k, fails = 0;

	cur_seed = cseed;
	prandom_seed_state(&rnd, cseed);
	n_syn = n_clamped = n_bad = n_paged = n_cloned = n_partial = 0;
	for (k = 0; n_syn < want && fails < 10; k++) {
		/* The split walks every offset; clones and modes rotate. */
		if (!fuzz_one(test, k, k / 4, rn(4) == 0, modes[rn(4)]))
			fails++;
		cond_resched();
	}
	kunit_info(test, "%lu packets, %lu of them SYN or SYN/ACK (seed %llu) in %llu s: %lu clamped, %lu malformed, %lu paged, %lu cloned, %lu CHECKSUM_PARTIAL",
		   k, n_syn, cseed, div_u64(ktime_get_ns() - start, NSEC_PER_SEC),
		   n_clamped, n_bad, n_paged, n_cloned, n_partial);
	KUNIT_EXPECT_EQ(test, fails, 0UL);
	KUNIT_EXPECT_EQ(test, n_syn, want);
	/* The generator reached what it must: all kinds, in numbers. */
	KUNIT_EXPECT_GT(test, n_clamped, want / 20);
	KUNIT_EXPECT_GT(test, n_bad, want / 20);
	KUNIT_EXPECT_GT(test, n_paged, want / 2);
	KUNIT_EXPECT_GT(test, n_cloned, want / 8);
}

static struct kunit_case fuzz_cases[] = {
	KUNIT_CASE_PARAM(fuzz_packet_path, chunk_gen),
	{}
};

static struct kunit_suite fuzz_suite = {
	.name = "xfrm_mss_fuzz",
	.test_cases = fuzz_cases,
	.suite_init = stats_suite_init,
	.suite_exit = stats_suite_exit,
};

kunit_test_suite(fuzz_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit: the xfrm_mss packet path fuzzed on generated skbs");
