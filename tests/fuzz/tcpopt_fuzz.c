// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for src/tcpopt.c, compiled from the module's source,
 * and for the test rewrite on top of it (tcpopt_clamp.h).
 * Input: the target MSS (2 bytes, big-endian), then a TCP header with its
 * options and perhaps payload. The segment gets a valid checksum over an
 * IPv4 pseudo header, goes through tcpopt_clamp() in a heap buffer
 * of its exact size (ASan sees any read past it), and every property the
 * module relies on is checked with abort(): never raised, only the MSS
 * value and checksum bytes written, checksum still valid, malformed input
 * byte-identical, and the outcome equal to that of an independent
 * two-pass reference walk written here. The same input with the checksum
 * it came with (valid or not) must keep its ones' complement sum.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xfrm_mss/tcpopt.h>

#include "tcpopt_clamp.h"

#define MAX_SEG		128	/* bytes of segment looked at */
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define check(cond) do { if (!(cond)) fail(#cond, __LINE__); } while (0)

static void fail(const char *what, int line)
{
	fprintf(stderr, "tcpopt_fuzz.c:%d: check failed: %s\n", line, what);
	abort();
}

static void *dup_exact(const uint8_t *p, size_t n)
{
	/* malloc(0) may return NULL; one spare byte never read keeps it simple. */
	uint8_t *q = malloc(n ? n : 1);

	if (!q)
		abort();
	memcpy(q, p, n);
	return q;
}

/* RFC 1071 over the IPv4 pseudo header and the segment, folded, not inverted. */
static uint16_t full_sum(const uint8_t *seg, size_t len)
{
	static const uint8_t saddr[4] = { 10, 1, 0, 2 }, daddr[4] = { 10, 2, 0, 2 };
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < 4; i += 2)
		sum += (saddr[i] << 8 | saddr[i + 1]) + (daddr[i] << 8 | daddr[i + 1]);
	sum += 6 + len;		/* zero, protocol, TCP length */
	for (i = 0; i + 1 < len; i += 2)
		sum += seg[i] << 8 | seg[i + 1];
	if (len & 1)
		sum += seg[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/*
 * The reference walk, built differently from the shared one: first cut
 * the option list into options until the end, an EOL or the first
 * option that is not well formed; then look at the MSS options among
 * those, in order. An MSS problem comes before the broken option, so it
 * wins; the broken option wins over a clean list; a clean list with one
 * MSS and a TCP-AO option (kind 29) anywhere is TCP-AO. The outcomes are
 * the module's counters, as the shared walk's are.
 */
static enum xfrm_mss_stat ref_walk(const uint8_t *h, size_t hlen, uint16_t mss,
				   size_t *off, uint16_t *old)
{
	size_t start[MAX_SEG], olen[MAX_SEG], n = 0, i, pos = 20, found = 0;
	int broken = 0, seen = 0, ao = 0;

	*off = 0;
	*old = 0;
	while (pos < hlen && h[pos] != 0) {
		if (h[pos] == 1) {
			pos++;
			continue;
		}
		if (hlen - pos < 2 || h[pos + 1] < 2 || h[pos + 1] > hlen - pos) {
			broken = 1;
			break;
		}
		check(n < ARRAY_SIZE(start));
		start[n] = pos;
		olen[n++] = h[pos + 1];
		pos += h[pos + 1];
	}
	for (i = 0; i < n; i++) {
		if (h[start[i]] == 29)
			ao = 1;
		if (h[start[i]] != 2)
			continue;
		if (olen[i] != 4)
			return XFRM_MSS_STAT_bad_mss_len;
		if (seen++)
			return XFRM_MSS_STAT_bad_mss_dup;
		found = start[i];
	}
	if (broken)
		return XFRM_MSS_STAT_bad_option;
	if (!seen)
		return XFRM_MSS_STAT_skip_no_mss;
	if (ao)
		return XFRM_MSS_STAT_skip_tcp_ao;
	*off = found;
	*old = (uint16_t)(h[found + 2] << 8 | h[found + 3]);
	return *old > mss ? XFRM_MSS_STAT_clamped : XFRM_MSS_STAT_unchanged;
}

static enum xfrm_mss_stat ref_decide(const uint8_t *seg, size_t len,
				     uint16_t mss, size_t *off, uint16_t *old)
{
	size_t hlen;

	*off = 0;
	*old = 0;
	if (len < 20)
		return XFRM_MSS_STAT_bad_truncated;
	hlen = (size_t)(seg[12] >> 4) * 4;
	if (hlen < 20 || hlen > len)
		return XFRM_MSS_STAT_bad_doff;
	return ref_walk(seg, hlen, mss, off, old);
}

/* An MSS option was found: the only outcomes with an offset and a value. */
static int found(enum xfrm_mss_stat r)
{
	return r == XFRM_MSS_STAT_clamped || r == XFRM_MSS_STAT_unchanged;
}

/* The shared walker alone, on a buffer of exactly @len bytes. */
static void walk_alone(const uint8_t *seg, size_t len, uint16_t mss)
{
	uint8_t *h = dup_exact(seg, len);
	unsigned int off = 12345;
	uint16_t old = 12345, ref_old;
	size_t ref_off;
	enum xfrm_mss_stat r = ref_walk(seg, len, mss, &ref_off, &ref_old);

	check(xfrm_mss_opt_walk(h, len, mss, &off, &old) == r);
	check(off == ref_off && old == ref_old);
	check((off != 0) == found(r));
	check(memcmp(h, seg, len) == 0);
	free(h);
}

/* What the module's csum_word() was before it moved: htons(), swapped if odd. */
static void csum_word_as_before(uint16_t val, unsigned int off)
{
	uint16_t w = htons(val);

	check(xfrm_mss_opt_csum_word(val, off) ==
	      (off & 1 ? __builtin_bswap16(w) : w));
}

/* inet_proto_csum_replace2() for CHECKSUM_NONE: csum_replace4() in 32 bits. */
static uint16_t kernel_replace(uint16_t check, uint16_t from, uint16_t to)
{
	uint32_t s = ~(uint32_t)check, t;

	t = ~(uint32_t)from;
	s += t;
	s += s < t;
	s += to;
	s += s < to;
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static uint16_t load16(const uint8_t *p)
{
	uint16_t w;

	memcpy(&w, p, 2);
	return w;
}

/* One run of the rewrite on @seg; @valid says whether its checksum is. */
static void run(const uint8_t *seg, size_t len, uint16_t mss, int valid)
{
	uint8_t *buf = dup_exact(seg, len), side[2] = { 0xa5, 0x5a };
	uint8_t *ck = len >= 20 ? buf + 16 : side;
	enum xfrm_mss_stat res, want;
	uint16_t sum = full_sum(seg, len), old, dold;
	unsigned int doff;
	size_t off, i;

	want = ref_decide(seg, len, mss, &off, &old);
	/* The decision alone: same answer, reads only. */
	res = xfrm_mss_opt_decide(buf, len, mss, &doff, &dold);
	check(res == want);
	check(doff == off && dold == old);
	check(memcmp(buf, seg, len) == 0);

	res = tcpopt_clamp(buf, len, mss, ck);
	check(res == want);
	if (valid)
		check(sum == 0xffff);
	if (res != XFRM_MSS_STAT_clamped) {
		/* Malformed, no MSS or small enough: byte-identical. */
		check(memcmp(buf, seg, len) == 0);
		check(side[0] == 0xa5 && side[1] == 0x5a);
		free(buf);
		return;
	}
	check(len >= 20 && off >= 20 && off + 4 <= len);
	/* Never raised: the new value is the target, below the old one. */
	check(old > mss);
	check((buf[off + 2] << 8 | buf[off + 3]) == mss);
	check((buf[off + 2] << 8 | buf[off + 3]) < (seg[off + 2] << 8 | seg[off + 3]));
	for (i = 0; i < len; i++)
		if (i != 16 && i != 17 && i != off + 2 && i != off + 3)
			check(buf[i] == seg[i]);
	/* The sum over everything, checksum included, does not move. */
	check(full_sum(buf, len) == sum);
	/* And the kernel's own arithmetic agrees, up to +0/-0. */
	csum_word_as_before(old, off);
	csum_word_as_before(mss, off);
	{
		uint16_t k = kernel_replace(load16(seg + 16),
					    xfrm_mss_opt_csum_word(old, off),
					    xfrm_mss_opt_csum_word(mss, off));
		uint16_t got = load16(buf + 16);

		check(k == got || ((k == 0 || k == 0xffff) &&
				   (got == 0 || got == 0xffff)));
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t seg[MAX_SEG];
	size_t len;
	uint16_t mss, c;

	if (size < 2)
		return 0;
	mss = (uint16_t)(data[0] << 8 | data[1]);
	len = size - 2 < MAX_SEG ? size - 2 : MAX_SEG;
	memcpy(seg, data + 2, len);

	walk_alone(seg, len, mss);
	/* As it came: the checksum may be anything. */
	run(seg, len, mss, 0);
	if (len < 18)
		return 0;
	/* With a valid checksum. */
	seg[16] = 0;
	seg[17] = 0;
	c = (uint16_t)~full_sum(seg, len);
	seg[16] = c >> 8;
	seg[17] = c & 0xff;
	run(seg, len, mss, 1);
	return 0;
}
