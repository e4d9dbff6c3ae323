/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared declarations of the xfrm-mss control tool: exit codes, error
 * reporting, number parsing, the algorithm table, the JSON writer and the
 * subcommands. The overhead arithmetic itself is the module's own
 * (src/overhead.c, include/xfrm_mss/overhead.h).
 */
#ifndef _XFRM_MSS_TOOL_H
#define _XFRM_MSS_TOOL_H

#include <stdint.h>
#include <xfrm_mss/overhead.h>

/* Exit codes, as documented in xfrm-mss(8). */
#define EXIT_OK		0
#define EXIT_RUNTIME	1
#define EXIT_USAGE	2
#define EXIT_NOMODULE	3

/* Counter ids, from the same list the module expands. */
enum counter_id {
#define XFRM_MSS_COUNTER(name, desc) C_##name,
#include <xfrm_mss/counters.h>
#undef XFRM_MSS_COUNTER
	C_MAX,
};

extern const char *const counter_names[C_MAX];
extern const char *const counter_descs[C_MAX];

/* xfrm-mss.c: every error is one line "xfrm-mss: ..." on stderr. */
void __attribute__((noreturn, format(printf, 2, 3)))
die(int code, const char *fmt, ...);
extern int json_mode;
const char *safe(const char *s);
unsigned long parse_num(const char *cmd, const char *what, const char *s,
			unsigned long min, unsigned long max);
int opt_value(int argc, char **argv, int *i, const char *cmd,
	      const char *name, const char **val);
int common_opt(const char *cmd, const char *a);
void __attribute__((noreturn)) bad_arg(const char *cmd, const char *a);

/* alg.c: ESP algorithms by the names ip-xfrm(8) and the kernel use. */
enum alg_kind { ALG_AEAD, ALG_CRYPT, ALG_AUTH };

struct alg {
	const char *name;	/* the kernel's name, as XFRM dumps show it */
	const char *alias;	/* the short name the kernel also accepts */
	enum alg_kind kind;
	uint16_t iv;		/* IV bytes per packet (AEAD, CRYPT) */
	uint16_t block;		/* cipher block bytes, 1 for counter modes */
	uint16_t icv_bits;	/* default ICV (AEAD) or truncation (AUTH) */
	uint16_t icv_max;	/* largest ICV in bits */
	uint8_t icv_fixed;	/* AEAD: only 64, 96 or 128 (GCM, CCM) */
};

const struct alg *alg_find(const char *name);
int alg_icv_ok(const struct alg *a, unsigned long bits);
const char *alg_kind_name(enum alg_kind kind);

/* output.c: a small streaming JSON writer (one document, one line). */
void js_open(const char *key);
void js_close(void);
void js_array(const char *key);
void js_array_close(void);
void js_str(const char *key, const char *v);
void js_uint(const char *key, unsigned long long v);
void js_int(const char *key, long long v);
void js_bool(const char *key, int v);
void js_null(const char *key);
void js_end(void);
const char *fmt_thousands(unsigned long long v, char *buf, unsigned int len);
const char *mode_name(unsigned int mode);
const char *encap_name(unsigned int encap);
void terms_json(const struct xfrm_mss_terms *t);
void terms_text(const struct xfrm_mss_terms *t, const char *indent);
void iptfs_text(const struct xfrm_mss_sa *sa);

/* sa-print.c: one dumped SA; @why says why it has no arithmetic. */
struct xfrm_usersa_info;
struct nlattr;
void sa_print(const struct xfrm_usersa_info *p, const struct nlattr **tb,
	      const struct xfrm_mss_sa *sa, const char *why, unsigned long mtu,
	      unsigned int index);

/* sa.c: ESP and AH SAs of this namespace (CAP_NET_ADMIN), or -errno. */
int sa_count(void);

/* Subcommands: argv[0] is the subcommand name. */
int cmd_status(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_set(int argc, char **argv);
int cmd_sa(int argc, char **argv);
int cmd_calc(int argc, char **argv);

#endif /* _XFRM_MSS_TOOL_H */
