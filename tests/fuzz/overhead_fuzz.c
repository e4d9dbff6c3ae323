// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for src/overhead.c, compiled from the module's source.
 * Input bytes become up to four SA descriptions, an MTU, a second MTU and
 * a family. For each valid SA the MTU is checked against the size of the
 * transformed packet, computed here from the terms the way esp_output()
 * and ah_output() build it, and against xfrm_state_mtu()'s own formula;
 * the bundle MTU against folding the single-SA MTU and against pushing
 * a packet of that size through every transform. IP-TFS: without
 * dont-frag the largest IP packet of the outer family whatever the MTU;
 * with it the tunnel arithmetic (AGGFRAG header in header_len), capped
 * at the packet size less header_len.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <xfrm_mss/overhead.h>

#define MAX_SA	4

#define check(cond) do { if (!(cond)) fail(#cond, __LINE__); } while (0)

static void fail(const char *what, int line)
{
	fprintf(stderr, "overhead_fuzz.c:%d: check failed: %s\n", line, what);
	abort();
}

struct rd {
	const uint8_t *p;
	size_t n;
};

static uint8_t u8(struct rd *r)
{
	if (!r->n)
		return 0;
	r->n--;
	return *r->p++;
}

static uint16_t u16(struct rd *r)
{
	uint16_t hi = u8(r);

	return (uint16_t)(hi << 8 | u8(r));
}

static uint32_t u32(struct rd *r)
{
	uint32_t hi = u16(r);

	return hi << 16 | u16(r);
}

/* Mostly sensible values, so that most SAs are valid; raw ones now and then. */
static void get_sa(struct rd *r, struct xfrm_mss_sa *sa)
{
	uint8_t sel = u8(r), b;

	if (sel & 0x80) {
		sa->proto = u8(r);
		sa->mode = u8(r);
		sa->family = u8(r);
		sa->sel_family = u8(r);
		sa->encap = u8(r);
		sa->ah_align4 = u8(r);
		sa->iv = u16(r);
		sa->block = u16(r);
		sa->icv = u16(r);
		sa->iptfs_dont_frag = u8(r);
		sa->iptfs_pkt_size = u32(r);
		return;
	}
	sa->proto = sel % 3;
	sa->mode = sel / 3 % 4;
	b = u8(r);
	sa->family = b & 1 ? 6 : 4;
	sa->sel_family = (uint8_t)(b >> 1 & 3) == 1 ? 4 : (b >> 1 & 3) == 2 ? 6 : 0;
	sa->encap = b >> 3 & 3;
	sa->ah_align4 = b >> 5 & 1;
	sa->iv = u8(r);
	b = u8(r);
	sa->block = b & 0x80 ? b & 0x7f : 1u << (b % 9);
	sa->icv = u8(r);
	if (sa->mode == XFRM_MSS_MODE_IPTFS) {
		b = u8(r);
		sa->iptfs_dont_frag = b & 1;
		sa->iptfs_pkt_size = b & 2 ? u16(r) : 0;
	}
}

static int iptfs(const struct xfrm_mss_sa *sa)
{
	return sa->mode == XFRM_MSS_MODE_IPTFS;
}

/* IP-TFS without dont-frag: inner packets of any size, in pieces. */
static int fragmenting(const struct xfrm_mss_sa *sa)
{
	return iptfs(sa) && !sa->iptfs_dont_frag;
}

static uint64_t ip_hlen(unsigned int family)
{
	return family == 6 ? 40 : 20;
}

/* The IP header left outside ESP's padding in transport and BEET mode. */
static uint64_t net_adj(const struct xfrm_mss_sa *sa)
{
	return sa->mode == XFRM_MSS_MODE_TUNNEL || iptfs(sa) ? 0 :
	       ip_hlen(sa->family);
}

/*
 * The size of a @len-byte packet once transformed. ESP (esp_output()):
 * the part after the IP header, plus the trailer, padded to the block,
 * then the ICV; every header in t.header_len in front. AH, IPComp: the
 * header in front.
 */
static uint64_t transformed(const struct xfrm_mss_sa *sa,
			    const struct xfrm_mss_terms *t, uint64_t len)
{
	uint64_t n = net_adj(sa), body;

	if (sa->proto != XFRM_MSS_PROTO_ESP)
		return len + t->header_len;
	body = (len > n ? len - n : 0) + t->trailer;
	body = (body + t->pad_align - 1) / t->pad_align * t->pad_align;
	return n + t->header_len + body + t->icv;
}

/* xfrm_state_mtu() as the kernel writes it, in signed 64-bit. */
static int64_t kernel_mtu(const struct xfrm_mss_sa *sa,
			  const struct xfrm_mss_terms *t, uint32_t mtu)
{
	int64_t n = (int64_t)net_adj(sa), v;

	if (sa->proto != XFRM_MSS_PROTO_ESP)
		return (int64_t)mtu - t->header_len;
	v = (int64_t)mtu - t->header_len - t->icv - n;
	/* & ~(blksize - 1) on a two's complement value rounds down. */
	v &= ~(int64_t)(t->pad_align - 1);
	return v + n - 2;
}

static void check_terms(const struct xfrm_mss_sa *sa,
			const struct xfrm_mss_terms *t)
{
	check(t->header_len == t->outer_ip + t->encap + t->esp + t->iv +
	      t->beet + t->ah + t->iptfs);
	check(xfrm_mss_sa_header_len(sa) == t->header_len);
	check(t->outer_ip == (sa->mode == XFRM_MSS_MODE_TUNNEL || iptfs(sa) ?
			      ip_hlen(sa->family) : 0));
	check(t->iptfs == (iptfs(sa) ? 4 : 0));
	check(!iptfs(sa) || sa->proto == XFRM_MSS_PROTO_ESP);
	if (sa->proto == XFRM_MSS_PROTO_ESP) {
		check(t->esp == 8 && t->iv == sa->iv && t->icv == sa->icv);
		check(t->trailer == 2 && t->ah == 0);
		check(t->pad_align >= 4 && t->pad_align % 4 == 0);
		check((t->pad_align & (t->pad_align - 1)) == 0);
		check(t->pad_align >= sa->block && t->pad_align - sa->block < 4);
		check(t->max_pad == t->pad_align - 1);
	} else {
		check(t->esp == 0 && t->iv == 0 && t->icv == 0 && t->encap == 0);
		check(t->trailer == 0 && t->pad_align == 0 && t->beet == 0);
		check(sa->proto == XFRM_MSS_PROTO_AH ? t->ah >= 12 + sa->icv :
		      t->ah == 0);
	}
}

static void check_sa(const struct xfrm_mss_sa *sa, uint32_t mtu, uint32_t mtu2)
{
	struct xfrm_mss_terms t;
	uint32_t r = xfrm_mss_sa_mtu(sa, mtu), cap;
	int64_t k;

	xfrm_mss_sa_terms(sa, &t);
	check_terms(sa, &t);
	if (fragmenting(sa)) {
		check(r == (sa->family == 6 ? 65575U : 65535U));
		check(xfrm_mss_sa_mtu(sa, mtu2) == r);
		return;
	}
	/* IP-TFS dont-frag: at most the packet size less header_len. */
	cap = iptfs(sa) && sa->iptfs_pkt_size ?
	      (sa->iptfs_pkt_size > t.header_len ?
	       sa->iptfs_pkt_size - t.header_len : 0) : UINT32_MAX;
	check(r <= mtu && r <= cap);
	if (r) {
		/* It fits, and one byte more does not (or the cap stops it). */
		check(transformed(sa, &t, r) <= mtu);
		check(transformed(sa, &t, (uint64_t)r + 1) > mtu || r == cap);
		/*
		 * ESP: room for more than the IP header it keeps. AH and
		 * IPComp subtract a constant, as the kernel does.
		 */
		if (sa->proto == XFRM_MSS_PROTO_ESP)
			check(r > net_adj(sa));
	} else {
		/* Nothing fits: not one byte, not the bare IP header. */
		check(transformed(sa, &t, net_adj(sa) ? net_adj(sa) : 1) > mtu ||
		      cap == 0);
	}
	/*
	 * The kernel's answer wherever it means something: for ESP, room
	 * for more than the IP header (below that it is mtu - 2 rounded,
	 * not a size that fits); else above zero.
	 */
	k = kernel_mtu(sa, &t, mtu);
	if (k > (int64_t)cap)
		k = cap;
	if (sa->proto == XFRM_MSS_PROTO_ESP)
		check(r == (k > (int64_t)net_adj(sa) ? (uint64_t)k : 0));
	else
		check(r == (k > 0 ? (uint64_t)k : 0));
	/* Monotonic, never above the MTU. */
	if (mtu < UINT32_MAX)
		check(xfrm_mss_sa_mtu(sa, mtu + 1) >= r);
	if (mtu2 >= mtu)
		check(xfrm_mss_sa_mtu(sa, mtu2) >= r);
	else
		check(xfrm_mss_sa_mtu(sa, mtu2) <= r);
}

static void check_bundle(const struct xfrm_mss_sa *sa, unsigned int n,
			 uint32_t mtu)
{
	uint32_t b = xfrm_mss_bundle_mtu(sa, n, mtu), f = mtu;
	struct xfrm_mss_terms t;
	uint64_t len;
	unsigned int i;

	/* The outermost transform sees the path MTU. */
	for (i = n; i-- > 0 && f;)
		f = xfrm_mss_sa_mtu(&sa[i], f);
	check(b == f);
	if (mtu < UINT32_MAX)
		check(xfrm_mss_bundle_mtu(sa, n, mtu + 1) >= b);
	/* Fragmenting IP-TFS carries any size: no packet size to check. */
	for (i = 0; i < n; i++)
		if (fragmenting(&sa[i]))
			return;
	check(b <= mtu);
	if (!b)
		return;
	/* A packet of that size, transformed innermost first, still fits. */
	len = b;
	for (i = 0; i < n; i++) {
		xfrm_mss_sa_terms(&sa[i], &t);
		len = transformed(&sa[i], &t, len);
	}
	check(len <= mtu);
}

static void check_mss(uint32_t mtu, unsigned int family)
{
	uint32_t mss = xfrm_mss_mtu_to_mss(mtu, family);
	uint32_t hdrs = family == 4 ? 40 : 60;

	if (family != 4 && family != 6) {
		check(mss == 0);
		return;
	}
	check(mss <= mtu);
	check(mss == (mtu > hdrs ? mtu - hdrs : 0));
	if (mss)
		check((uint64_t)mss + hdrs == mtu);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rd r = { data, size };
	struct xfrm_mss_sa sa[MAX_SA] = { 0 };
	unsigned int i, n, valid = 1, family;
	uint32_t mtu, mtu2;
	uint8_t b;

	n = 1 + u8(&r) % MAX_SA;
	for (i = 0; i < n; i++)
		get_sa(&r, &sa[i]);
	b = u8(&r);
	mtu = b & 1 ? u32(&r) : u16(&r);
	mtu2 = b & 2 ? u32(&r) : u16(&r);
	b = u8(&r);
	family = b & 0x80 ? b : b & 1 ? 6 : 4;

	for (i = 0; i < n; i++) {
		if (!xfrm_mss_sa_valid(&sa[i])) {
			valid = 0;
			continue;
		}
		check_sa(&sa[i], mtu, mtu2);
	}
	if (valid) {
		check_bundle(sa, n, mtu);
		check_mss(xfrm_mss_bundle_mtu(sa, n, mtu), family);
	}
	check_mss(mtu, family);
	check_mss(mtu2, family);
	return 0;
}
