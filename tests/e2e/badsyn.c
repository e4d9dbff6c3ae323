// SPDX-License-Identifier: GPL-2.0
/*
 * badsyn: send malformed TCP SYNs from a raw socket, with a correct TCP
 * checksum, so that only the malformation tells them apart.
 *
 *   badsyn SRC DST PORT KIND COUNT [GAP_US]
 *
 * KIND: mss_len (MSS option of length 3), mss_dup (two MSS options),
 * opt_zero (an option of length 0), opt_past (an option longer than the
 * header), doff_short (data offset 4), doff_past (data offset past the
 * segment), truncated (12 bytes of TCP header), tcp_ao (well formed, but
 * signed with a TCP-AO option, RFC 5925), or valid (a well-formed SYN with
 * MSS 1460, from any source address). Prints the segment in hex
 * (what must arrive unmodified) and exits 0 once COUNT were sent, GAP_US
 * microseconds apart if given.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct kind {
	const char *name;
	unsigned int doff;	/* in 32-bit words, as it goes on the wire */
	unsigned int len;	/* bytes of segment */
	uint8_t opt[20];
};

static const struct kind kinds[] = {
	{ "mss_len", 6, 24, { 2, 3, 5, 1 } },
	{ "mss_dup", 7, 28, { 2, 4, 5, 0xb4, 2, 4, 5, 0xb4 } },
	{ "opt_zero", 6, 24, { 8, 0, 0, 0 } },
	{ "opt_past", 6, 24, { 1, 8, 10, 0 } },
	{ "doff_short", 4, 20, { 0 } },
	{ "doff_past", 15, 24, { 2, 4, 5, 0xb4 } },
	{ "truncated", 5, 12, { 0 } },
	{ "valid", 6, 24, { 2, 4, 5, 0xb4 } },
	{ "tcp_ao", 10, 40, { 2, 4, 5, 0xb4, 29, 16, 1, 1, 0xa1, 0xa2, 0xa3,
			      0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab,
			      0xac } },
};

static uint32_t sum16(const uint8_t *p, unsigned int n, uint32_t s)
{
	unsigned int i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

int main(int argc, char **argv)
{
	const struct kind *k = NULL;
	struct sockaddr_in src = { .sin_family = AF_INET };
	struct sockaddr_in dst = { .sin_family = AF_INET };
	uint8_t seg[60] = { 0 }, pseudo[12];
	uint32_t s;
	unsigned int i;
	long n, count;
	int fd;

	if (argc != 6 && argc != 7) {
		fprintf(stderr, "usage: badsyn SRC DST PORT KIND COUNT [GAP_US]\n");
		return 2;
	}
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(argv[4], kinds[i].name))
			k = &kinds[i];
	count = strtol(argv[5], NULL, 10);
	if (!k || count < 1 || inet_pton(AF_INET, argv[1], &src.sin_addr) != 1 ||
	    inet_pton(AF_INET, argv[2], &dst.sin_addr) != 1) {
		fprintf(stderr, "badsyn: bad argument\n");
		return 2;
	}
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_TCP);
	if (fd < 0 || bind(fd, (struct sockaddr *)&src, sizeof(src))) {
		perror("badsyn: raw socket");
		return 2;
	}
	seg[0] = 0xc3;			/* source port 50000 */
	seg[1] = 0x50;
	seg[2] = atoi(argv[3]) >> 8;
	seg[3] = atoi(argv[3]) & 0xff;
	seg[4] = 0x12;			/* sequence number */
	seg[12] = k->doff << 4;
	seg[13] = 0x02;			/* SYN */
	seg[14] = 0xfa;			/* window */
	if (k->len > 20)
		memcpy(seg + 20, k->opt, k->len - 20);
	memcpy(pseudo, &src.sin_addr, 4);
	memcpy(pseudo + 4, &dst.sin_addr, 4);
	pseudo[8] = 0;
	pseudo[9] = IPPROTO_TCP;
	pseudo[10] = k->len >> 8;
	pseudo[11] = k->len & 0xff;
	/* The truncated kind has no checksum field to fill. */
	if (k->len >= 18) {
		s = sum16(seg, k->len, sum16(pseudo, 12, 0));
		while (s >> 16)
			s = (s & 0xffff) + (s >> 16);
		s = ~s & 0xffff;
		seg[16] = s >> 8;
		seg[17] = s & 0xff;
	}
	for (n = 0; n < count; n++) {
		if (sendto(fd, seg, k->len, 0, (struct sockaddr *)&dst,
			   sizeof(dst)) != (ssize_t)k->len) {
			perror("badsyn: sendto");
			return 1;
		}
		if (argc == 7)
			usleep(strtoul(argv[6], NULL, 10));
	}
	for (i = 0; i < k->len; i++)
		printf("%02x", seg[i]);
	printf("\n");
	return 0;
}
