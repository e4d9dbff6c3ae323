// SPDX-License-Identifier: GPL-2.0
/*
 * iptfs: installs IP-TFS (RFC 9347, Linux 6.14+) SAs and policies over
 * XFRM netlink, which the guest's ip(8) cannot: bookworm's and trixie's
 * iproute2 know no "mode iptfs" and no IP-TFS attributes. Built static.
 *   iptfs sa SRC DST SPI REQID in|out [dont-frag] [pkt-size N]
 *        ESP, rfc4106(gcm(aes)) with the tests' 128-bit key and salt
 *        (KEY_GCM of lib.sh), ICV 128, no replay window
 *   iptfs policy SRC/LEN DST/LEN in|out|fwd TSRC TDST REQID
 *        the policy, with one ESP template in IP-TFS mode
 * Addresses are IPv4 or IPv6, one family per call. Exit 0, or 1 with the
 * kernel's error on stderr.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* From <linux/xfrm.h> of 6.14; bookworm's uapi headers are 6.1's. */
#define MODE_IPTFS		5
#define ATTR_SA_DIR		33
#define ATTR_IPTFS_DONT_FRAG	38
#define ATTR_IPTFS_PKT_SIZE	41
#define SA_DIR_IN		1
#define SA_DIR_OUT		2

static const unsigned char key[20] = {
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x10,
	0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x20,
};

static union {
	struct nlmsghdr n;
	char buf[1024];
} req;

static void usage(void)
{
	fprintf(stderr, "usage: iptfs sa SRC DST SPI REQID in|out [dont-frag] [pkt-size N]\n"
		"       iptfs policy SRC/LEN DST/LEN in|out|fwd TSRC TDST REQID\n");
	exit(2);
}

static void *put(unsigned short type, const void *data, size_t len)
{
	struct nlattr *a = (struct nlattr *)(req.buf + NLMSG_ALIGN(req.n.nlmsg_len));

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (data)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	req.n.nlmsg_len = NLMSG_ALIGN(req.n.nlmsg_len) + NLA_ALIGN(a->nla_len);
	return (char *)a + NLA_HDRLEN;
}

/* "a.b.c.d" or an IPv6 address into @a; returns the family. */
static int addr(const char *s, xfrm_address_t *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, &a->a4) == 1)
		return AF_INET;
	if (inet_pton(AF_INET6, s, a->a6) == 1)
		return AF_INET6;
	fprintf(stderr, "iptfs: not an address: %s\n", s);
	exit(2);
}

static int prefix(char *s, xfrm_address_t *a, unsigned char *len)
{
	char *slash = strchr(s, '/');
	int family;

	if (!slash)
		usage();
	*slash = 0;
	family = addr(s, a);
	*len = atoi(slash + 1);
	return family;
}

static unsigned long num(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	if (!*s || *end)
		usage();
	return v;
}

static void no_limits(struct xfrm_lifetime_cfg *l)
{
	l->soft_byte_limit = XFRM_INF;
	l->hard_byte_limit = XFRM_INF;
	l->soft_packet_limit = XFRM_INF;
	l->hard_packet_limit = XFRM_INF;
}

static void sa(int argc, char **argv)
{
	struct xfrm_usersa_info *p = NLMSG_DATA(&req.n);
	struct xfrm_algo_aead *aead;
	unsigned char dir;
	int i;

	if (argc < 7)
		usage();
	req.n.nlmsg_type = XFRM_MSG_NEWSA;
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(*p));
	p->family = addr(argv[2], &p->saddr);
	if (addr(argv[3], &p->id.daddr) != p->family)
		usage();
	p->id.spi = htonl(num(argv[4]));
	p->id.proto = IPPROTO_ESP;
	p->reqid = num(argv[5]);
	p->mode = MODE_IPTFS;
	no_limits(&p->lft);
	if (!strcmp(argv[6], "in"))
		dir = SA_DIR_IN;
	else if (!strcmp(argv[6], "out"))
		dir = SA_DIR_OUT;
	else
		usage();
	aead = put(XFRMA_ALG_AEAD, NULL, sizeof(*aead) + sizeof(key));
	strcpy(aead->alg_name, "rfc4106(gcm(aes))");
	aead->alg_key_len = sizeof(key) * 8;
	aead->alg_icv_len = 128;
	memcpy(aead->alg_key, key, sizeof(key));
	put(ATTR_SA_DIR, &dir, 1);
	for (i = 7; i < argc; i++) {
		if (!strcmp(argv[i], "dont-frag")) {
			put(ATTR_IPTFS_DONT_FRAG, NULL, 0);
		} else if (!strcmp(argv[i], "pkt-size") && i + 1 < argc) {
			unsigned int v = num(argv[++i]);

			put(ATTR_IPTFS_PKT_SIZE, &v, sizeof(v));
		} else {
			usage();
		}
	}
}

static void policy(int argc, char **argv)
{
	struct xfrm_userpolicy_info *p = NLMSG_DATA(&req.n);
	struct xfrm_user_tmpl *t;

	if (argc != 8)
		usage();
	req.n.nlmsg_type = XFRM_MSG_NEWPOLICY;
	req.n.nlmsg_len = NLMSG_LENGTH(sizeof(*p));
	p->sel.family = prefix(argv[2], &p->sel.saddr, &p->sel.prefixlen_s);
	if (prefix(argv[3], &p->sel.daddr, &p->sel.prefixlen_d) != p->sel.family)
		usage();
	if (!strcmp(argv[4], "in"))
		p->dir = XFRM_POLICY_IN;
	else if (!strcmp(argv[4], "out"))
		p->dir = XFRM_POLICY_OUT;
	else if (!strcmp(argv[4], "fwd"))
		p->dir = XFRM_POLICY_FWD;
	else
		usage();
	p->action = XFRM_POLICY_ALLOW;
	no_limits(&p->lft);
	t = put(XFRMA_TMPL, NULL, sizeof(*t));
	memset(t, 0, sizeof(*t));
	t->family = addr(argv[5], &t->saddr);
	if (addr(argv[6], &t->id.daddr) != t->family)
		usage();
	t->id.proto = IPPROTO_ESP;
	t->reqid = num(argv[7]);
	t->mode = MODE_IPTFS;
	t->aalgos = t->ealgos = t->calgos = ~0U;
}

int main(int argc, char **argv)
{
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK };
	union {
		struct nlmsghdr n;
		char buf[4096];
	} ack;
	struct nlmsgerr *e;
	ssize_t len;
	int fd;

	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "sa"))
		sa(argc, argv);
	else if (!strcmp(argv[1], "policy"))
		policy(argc, argv);
	else
		usage();
	req.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
	req.n.nlmsg_seq = 1;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_XFRM);
	if (fd < 0 || sendto(fd, &req, req.n.nlmsg_len, 0,
			     (struct sockaddr *)&nl, sizeof(nl)) < 0) {
		fprintf(stderr, "iptfs: netlink: %s\n", strerror(errno));
		return 1;
	}
	len = recv(fd, &ack, sizeof(ack), 0);
	if (len < (ssize_t)NLMSG_LENGTH(sizeof(*e)) || ack.n.nlmsg_type != NLMSG_ERROR) {
		fprintf(stderr, "iptfs: no acknowledgement from the kernel\n");
		return 1;
	}
	e = NLMSG_DATA(&ack.n);
	if (e->error) {
		fprintf(stderr, "iptfs: %s: %s\n", argv[1], strerror(-e->error));
		return 1;
	}
	return 0;
}
