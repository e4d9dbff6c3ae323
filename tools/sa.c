// SPDX-License-Identifier: GPL-2.0
/*
 * sa: dump the SAs of the caller's network namespace (XFRM_MSG_GETSA over
 * NETLINK_XFRM, with libmnl; needs CAP_NET_ADMIN) and describe each as
 * struct xfrm_mss_sa the way xfrm_mss_sa_from_state() (src/sa.c) does
 * from the kernel's state: mode, outer and selector family, encapsulation,
 * and IV, block and ICV sizes of the ESP transform (from alg.c by the
 * algorithm names the kernel reports). Then the module's arithmetic at a
 * path MTU of --mtu N, 1500 by default: the tool does not look up routes.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <linux/udp.h>
#include <linux/xfrm.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "xfrm-mss.h"

#ifndef UDP_ENCAP_ESPINUDP_NON_IKE
#define UDP_ENCAP_ESPINUDP_NON_IKE 1
#endif
#ifndef TCP_ENCAP_ESPINTCP
#define TCP_ENCAP_ESPINTCP 7
#endif

/* From <linux/xfrm.h> of 6.14, newer than the build host's may be. */
#define ATTR_SA_DIR		33
#define ATTR_IPTFS_DONT_FRAG	38
#define ATTR_IPTFS_PKT_SIZE	41
#define SA_DIR_OUT		2

#define DEFAULT_MTU 1500
#define DUMP_BUF 32768	/* MNL_SOCKET_DUMP_SIZE, absent from older libmnl */

struct dump {
	unsigned long mtu;
	int given;		/* --mtu was on the command line */
	unsigned int count;
};

/* JSON opens once the dump answered, so an error leaves stdout empty. */
static void begin(struct dump *d)
{
	if (d->count || !json_mode)
		return;
	js_open(NULL);
	js_uint("path_mtu", d->mtu);
	js_str("path_mtu_source", d->given ? "option" : "default");
	js_array("sas");
}

/* Minimum payload of each attribute the tool reads. */
static const size_t attr_min[XFRMA_MAX + 1] = {
	[XFRMA_ALG_AEAD] = sizeof(struct xfrm_algo_aead),
	[XFRMA_ALG_CRYPT] = sizeof(struct xfrm_algo),
	[XFRMA_ALG_AUTH] = sizeof(struct xfrm_algo),
	[XFRMA_ALG_AUTH_TRUNC] = sizeof(struct xfrm_algo_auth),
	[XFRMA_ALG_COMP] = sizeof(struct xfrm_algo),
	[XFRMA_ENCAP] = sizeof(struct xfrm_encap_tmpl),
};

static int attr_cb(const struct nlattr *a, void *data)
{
	const struct nlattr **tb = data;
	unsigned int type = mnl_attr_get_type(a);

	if (type > XFRMA_MAX)
		return MNL_CB_OK;	/* newer kernel: not ours to read */
	if (mnl_attr_get_payload_len(a) < attr_min[type])
		return MNL_CB_OK;	/* too short: as if absent */
	tb[type] = a;
	return MNL_CB_OK;
}

/* alg_name is a fixed 64-byte field: never trust its terminator. */
static const char *alg_name(const struct nlattr *a, char *buf)
{
	const struct xfrm_algo *x = mnl_attr_get_payload(a);

	memcpy(buf, x->alg_name, sizeof(x->alg_name));
	buf[sizeof(x->alg_name)] = 0;
	return buf;
}

/* As encap_of() in src/sa.c. */
static const char *map_encap(const struct nlattr **tb, struct xfrm_mss_sa *sa)
{
	const struct xfrm_encap_tmpl *e;

	if (!tb[XFRMA_ENCAP])
		return NULL;
	e = mnl_attr_get_payload(tb[XFRMA_ENCAP]);
	switch (e->encap_type) {
	case UDP_ENCAP_ESPINUDP:
		sa->encap = XFRM_MSS_ENCAP_UDP;
		return NULL;
	case UDP_ENCAP_ESPINUDP_NON_IKE:
		sa->encap = XFRM_MSS_ENCAP_UDP_NON_IKE;
		return NULL;
	case TCP_ENCAP_ESPINTCP:
		sa->encap = XFRM_MSS_ENCAP_TCP;
		return NULL;
	}
	return "unknown encapsulation type";
}

/* ESP: IV and block of the cipher (or AEAD), ICV of the AEAD or auth. */
static const char *map_esp(const struct nlattr **tb, struct xfrm_mss_sa *sa)
{
	char name[80];
	const struct alg *a;

	if (tb[XFRMA_ALG_AEAD]) {
		const struct xfrm_algo_aead *x =
			mnl_attr_get_payload(tb[XFRMA_ALG_AEAD]);

		a = alg_find(alg_name(tb[XFRMA_ALG_AEAD], name));
		if (!a || a->kind != ALG_AEAD)
			return "AEAD algorithm not in the tool's table";
		sa->icv = x->alg_icv_len / 8;
	} else if (tb[XFRMA_ALG_CRYPT]) {
		a = alg_find(alg_name(tb[XFRMA_ALG_CRYPT], name));
		if (!a || a->kind != ALG_CRYPT)
			return "cipher not in the tool's table";
		if (tb[XFRMA_ALG_AUTH_TRUNC]) {
			const struct xfrm_algo_auth *x =
				mnl_attr_get_payload(tb[XFRMA_ALG_AUTH_TRUNC]);

			sa->icv = x->alg_trunc_len / 8;
		} else if (tb[XFRMA_ALG_AUTH]) {
			/* Kernels dump AUTH_TRUNC too; this is a fallback. */
			const struct alg *h =
				alg_find(alg_name(tb[XFRMA_ALG_AUTH], name));

			if (!h || h->kind != ALG_AUTH)
				return "auth algorithm not in the tool's table";
			sa->icv = h->icv_bits / 8;
		}
	} else {
		return "no algorithm (larval or acquire state)";
	}
	sa->iv = a->iv;
	sa->block = a->block;
	return NULL;
}

/* The IP-TFS settings and the direction of a dumped state. */
struct iptfs_attrs {
	int dir;
	int dont_frag;
	int have_pkt_size;
	__u32 pkt_size;
};

static int iptfs_cb(const struct nlattr *a, void *data)
{
	struct iptfs_attrs *t = data;

	switch (mnl_attr_get_type(a)) {
	case ATTR_SA_DIR:
		if (mnl_attr_get_payload_len(a) >= 1)
			t->dir = mnl_attr_get_u8(a);
		break;
	case ATTR_IPTFS_DONT_FRAG:
		t->dont_frag = 1;
		break;
	case ATTR_IPTFS_PKT_SIZE:
		if (mnl_attr_get_payload_len(a) >= 4) {
			t->pkt_size = mnl_attr_get_u32(a);
			t->have_pkt_size = 1;
		}
		break;
	}
	return MNL_CB_OK;
}

/*
 * As iptfs_config() in src/sa.c: only an outbound SA reports dont-frag
 * and the packet size.
 */
static const char *map_iptfs(const struct nlmsghdr *nlh, struct xfrm_mss_sa *sa)
{
	struct iptfs_attrs t = { 0 };

	if (mnl_attr_parse(nlh, sizeof(struct xfrm_usersa_info), iptfs_cb, &t) < 0 ||
	    t.dir != SA_DIR_OUT)
		return "inbound IP-TFS SA: its peer's dont-frag and packet size are not in it";
	if (!t.have_pkt_size)
		return "IP-TFS settings not reported";
	sa->iptfs_dont_frag = t.dont_frag;
	sa->iptfs_pkt_size = t.pkt_size;
	return NULL;
}

/* Fill @sa from one dumped state; NULL, or why the arithmetic cannot. */
static const char *map_sa(const struct nlmsghdr *nlh,
			  const struct xfrm_usersa_info *p,
			  const struct nlattr **tb, struct xfrm_mss_sa *sa)
{
	const char *why = NULL;

	/* The module's own mapping, from the same source (src/overhead.c). */
	if (xfrm_mss_sa_init(sa, p->mode, p->id.proto,
			     p->family == AF_INET6 ? 6 : 4,
			     p->sel.family == AF_INET ? 4 :
			     p->sel.family == AF_INET6 ? 6 : 0))
		return p->mode != XFRM_MODE_TRANSPORT &&
		       p->mode != XFRM_MODE_TUNNEL &&
		       p->mode != XFRM_MODE_BEET &&
		       p->mode != XFRM_MSS_XFRM_MODE_IPTFS ? "mode not covered" :
							      "protocol not covered";
	why = map_encap(tb, sa);
	if (!why && sa->mode == XFRM_MSS_MODE_IPTFS)
		why = map_iptfs(nlh, sa);
	if (why)
		return why;
	switch (sa->proto) {
	case XFRM_MSS_PROTO_ESP:
		why = map_esp(tb, sa);
		break;
	case XFRM_MSS_PROTO_AH:
		if (!tb[XFRMA_ALG_AUTH_TRUNC])
			return "AH without an auth algorithm";
		sa->icv = ((const struct xfrm_algo_auth *)
			   mnl_attr_get_payload(tb[XFRMA_ALG_AUTH_TRUNC]))
			  ->alg_trunc_len / 8;
		sa->ah_align4 = !!(p->flags & XFRM_STATE_ALIGN4);
		break;
	}
	if (!why && !xfrm_mss_sa_valid(sa))
		why = "combination the arithmetic does not cover";
	return why;
}

static int msg_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[XFRMA_MAX + 1] = { NULL };
	const struct xfrm_usersa_info *p;
	struct dump *d = data;
	struct xfrm_mss_sa sa;
	const char *why;

	if (nlh->nlmsg_type != XFRM_MSG_NEWSA ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*p))
		return MNL_CB_OK;
	p = mnl_nlmsg_get_payload(nlh);
	if (mnl_attr_parse(nlh, sizeof(*p), attr_cb, tb) < 0)
		return MNL_CB_ERROR;
	why = map_sa(nlh, p, tb, &sa);
	begin(d);
	sa_print(p, tb, &sa, why, d->mtu, d->count++);
	return MNL_CB_OK;
}

/*
 * One XFRM_MSG_GETSA dump through @cb: 0, or -errno with the step that
 * failed in @step. Dies of nothing, so that status can ask quietly.
 */
static int xfrm_dump(mnl_cb_t cb, void *data, const char **step)
{
	static char buf[DUMP_BUF];
	struct mnl_socket *nl;
	struct nlmsghdr *nlh;
	unsigned int seq = time(NULL), portid;
	int ret, err;

	*step = "netlink socket";
	nl = mnl_socket_open(NETLINK_XFRM);
	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = errno;
		mnl_socket_close(nl);
		*step = "netlink bind";
		return -err;
	}
	portid = mnl_socket_get_portid(nl);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = XFRM_MSG_GETSA;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	ret = mnl_socket_sendto(nl, nlh, nlh->nlmsg_len);
	while (ret > 0) {
		ret = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (ret <= 0)
			break;
		ret = mnl_cb_run(buf, ret, seq, portid, cb, data);
	}
	err = errno;
	mnl_socket_close(nl);
	*step = "cannot dump SAs";
	return ret < 0 ? -(err ? err : EIO) : 0;
}

/* Larval (acquire) states count: IKE is negotiating an SA for traffic. */
static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct xfrm_usersa_info *p;
	unsigned int *n = data;

	if (nlh->nlmsg_type != XFRM_MSG_NEWSA ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*p))
		return MNL_CB_OK;
	p = mnl_nlmsg_get_payload(nlh);
	if (p->id.proto == IPPROTO_ESP || p->id.proto == IPPROTO_AH)
		(*n)++;
	return MNL_CB_OK;
}

int sa_count(void)
{
	unsigned int n = 0;
	const char *step;
	int err = xfrm_dump(count_cb, &n, &step);

	return err ? err : (int)n;
}

int cmd_sa(int argc, char **argv)
{
	struct dump d = { .mtu = DEFAULT_MTU };
	const char *v, *step;
	int i, err;

	for (i = 1; i < argc; i++) {
		if (common_opt("sa", argv[i]))
			continue;
		if (opt_value(argc, argv, &i, "sa", "--mtu", &v)) {
			d.mtu = parse_num("sa", "--mtu", v, 68, 65535);
			d.given = 1;
		} else {
			bad_arg("sa", argv[i]);
		}
	}
	err = xfrm_dump(msg_cb, &d, &step);
	if (err)
		die(EXIT_RUNTIME, "sa: %s: %s%s", step, strerror(-err),
		    err == -EPERM ? " (needs CAP_NET_ADMIN)" : "");
	begin(&d);
	if (json_mode) {
		js_array_close();
		js_close();
		js_end();
	} else if (!d.count) {
		printf("no SAs in this network namespace\n");
	}
	return EXIT_OK;
}
