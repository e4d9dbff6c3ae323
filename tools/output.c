// SPDX-License-Identifier: GPL-2.0
/*
 * Output shared by the subcommands: a streaming JSON writer (compact, one
 * document per line, keys in snake_case), number formatting, the names of
 * modes and encapsulations, and the overhead terms in both forms so that
 * sa and calc print them alike.
 */
#include <stdio.h>

#include "xfrm-mss.h"

#define JS_DEPTH 8

static int js_level;
static int js_comma[JS_DEPTH];

static void js_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* Comma and key before a value; @key is NULL inside arrays. */
static void js_key(const char *key)
{
	if (js_comma[js_level])
		putchar(',');
	js_comma[js_level] = 1;
	if (key) {
		js_string(key);
		putchar(':');
	}
}

static void js_push(char c)
{
	putchar(c);
	if (js_level < JS_DEPTH - 1)
		js_comma[++js_level] = 0;
}

void js_open(const char *key)
{
	js_key(key);
	js_push('{');
}

void js_close(void)
{
	putchar('}');
	if (js_level)
		js_level--;
}

void js_array(const char *key)
{
	js_key(key);
	js_push('[');
}

void js_array_close(void)
{
	putchar(']');
	if (js_level)
		js_level--;
}

void js_str(const char *key, const char *v)
{
	js_key(key);
	js_string(v);
}

void js_uint(const char *key, unsigned long long v)
{
	js_key(key);
	printf("%llu", v);
}

void js_int(const char *key, long long v)
{
	js_key(key);
	printf("%lld", v);
}

void js_bool(const char *key, int v)
{
	js_key(key);
	fputs(v ? "true" : "false", stdout);
}

void js_null(const char *key)
{
	js_key(key);
	fputs("null", stdout);
}

/* End of one document: a newline, and the writer is ready for the next. */
void js_end(void)
{
	putchar('\n');
	js_level = 0;
	js_comma[0] = 0;
	fflush(stdout);
}

/* 1234567 -> "1,234,567", as the status verdict prints it. */
const char *fmt_thousands(unsigned long long v, char *buf, unsigned int len)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof(tmp), "%llu", v);
	unsigned int o = 0;
	int i;

	for (i = 0; i < n && o + 2 < len; i++) {
		if (i && (n - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	buf[o] = 0;
	return buf;
}

const char *mode_name(unsigned int mode)
{
	switch (mode) {
	case XFRM_MSS_MODE_TRANSPORT:
		return "transport";
	case XFRM_MSS_MODE_TUNNEL:
		return "tunnel";
	case XFRM_MSS_MODE_BEET:
		return "beet";
	case XFRM_MSS_MODE_IPTFS:
		return "iptfs";
	}
	return "unknown";
}

/* The names ip-xfrm(8) uses for "encap TYPE". */
const char *encap_name(unsigned int encap)
{
	switch (encap) {
	case XFRM_MSS_ENCAP_NONE:
		return "none";
	case XFRM_MSS_ENCAP_UDP:
		return "espinudp";
	case XFRM_MSS_ENCAP_UDP_NON_IKE:
		return "espinudp-nonike";
	case XFRM_MSS_ENCAP_TCP:
		return "espintcp";
	}
	return "unknown";
}

/* Worst case: the padding is pad_align - 1 bytes. */
static unsigned int terms_total(const struct xfrm_mss_terms *t)
{
	return t->header_len + t->max_pad + t->trailer + t->icv;
}

void terms_json(const struct xfrm_mss_terms *t)
{
	js_open("overhead");
	js_uint("outer_ip", t->outer_ip);
	js_uint("encap", t->encap);
	js_uint("esp_header", t->esp);
	js_uint("iv", t->iv);
	js_uint("beet", t->beet);
	js_uint("ah", t->ah);
	js_uint("iptfs", t->iptfs);
	js_uint("pad_align", t->pad_align);
	js_uint("max_padding", t->max_pad);
	js_uint("trailer", t->trailer);
	js_uint("icv", t->icv);
	js_uint("header_len", t->header_len);
	js_uint("total_worst_case", terms_total(t));
	js_close();
}

/* IP-TFS: whether inner packets are fragmented, which decides the MTU. */
void iptfs_text(const struct xfrm_mss_sa *sa)
{
	if (!sa->iptfs_dont_frag)
		printf("  IP-TFS without dont-frag: inner packets of any size are carried in\n"
		       "  pieces across outer packets; the tunnel lowers no MSS\n");
	else if (sa->iptfs_pkt_size)
		printf("  IP-TFS dont-frag, packet size %u: each inner packet fits one outer\n"
		       "  packet of at most that size less the header length\n",
		       sa->iptfs_pkt_size);
	else
		printf("  IP-TFS dont-frag: each inner packet fits one outer packet\n");
}

void terms_text(const struct xfrm_mss_terms *t, const char *in)
{
	printf("%souter IP header          %4u\n", in, t->outer_ip);
	if (t->esp)
		printf("%sUDP/TCP encapsulation    %4u\n", in, t->encap);
	if (t->ah)
		printf("%sAH header with ICV       %4u\n", in, t->ah);
	if (t->esp) {
		printf("%sESP header               %4u\n", in, t->esp);
		printf("%sIV                       %4u\n", in, t->iv);
	}
	if (t->beet)
		printf("%sBEET pseudo header       %4u\n", in, t->beet);
	if (t->iptfs)
		printf("%sIP-TFS AGGFRAG header    %4u\n", in, t->iptfs);
	if (t->pad_align) {
		printf("%spadding, worst case      %4u  (to a multiple of %u)\n",
		       in, t->max_pad, t->pad_align);
		printf("%spad length + next header %4u\n", in, t->trailer);
		printf("%sICV                      %4u\n", in, t->icv);
	}
	printf("%stotal, worst case        %4u\n", in, terms_total(t));
}
