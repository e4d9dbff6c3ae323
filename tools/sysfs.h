/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the module's files live (below XFRM_MSS_SYSFS, default /sys, and
 * XFRM_MSS_PROCFS, default /proc; the configuration files status checks
 * below XFRM_MSS_ROOT, default /) and the parameters the tool knows, with
 * the ranges of include/uapi/linux/xfrm_mss.h.
 */
#ifndef _XFRM_MSS_TOOL_SYSFS_H
#define _XFRM_MSS_TOOL_SYSFS_H

#include <stddef.h>
#include <uapi/linux/xfrm_mss.h>

#define PATH_LEN	4096
#define MOD_DIR		"module/xfrm_mss"
#define PARAM_DIR	"module/xfrm_mss/parameters/"
#define STATS_DIR	"kernel/xfrm_mss/stats/"
#define SYSCTL_DIR	"sys/net/xfrm_mss/"

enum param_kind { PARAM_BOOL, PARAM_UINT, PARAM_WORD };

/* One module parameter; its sysctl has the same name. */
struct param {
	const char *name;
	enum param_kind kind;
	unsigned long min;		/* PARAM_UINT: range */
	unsigned long max;
	unsigned long min_nonzero;	/* path_mtu: 0 or at least this */
};

#define N_PARAMS 4
extern const struct param params[N_PARAMS];
const struct param *param_find(const char *name);

void path_sys(char *buf, size_t len, const char *rel, const char *name);
void path_proc(char *buf, size_t len, const char *rel, const char *name);
void path_root(char *buf, size_t len, const char *rel, const char *name);
int read_text(const char *path, char *buf, size_t len);
void need_module(const char *cmd);
int read_param(const char *name, char *buf, size_t len);
int read_sysctl(const char *name, char *buf, size_t len);

/*
 * counters.c: whose counters are read, the caller's network namespace's
 * (/proc/net/xfrm_mss_stat) or the totals of all of them (sysfs, --all).
 */
enum counter_scope { SCOPE_NETNS, SCOPE_ALL };

const char *scope_key(enum counter_scope scope);
const char *scope_text(enum counter_scope scope);
void read_counters(const char *cmd, enum counter_scope scope,
		   long long *v);

/* boot.c: NULL if xfrm_mss is loaded at boot, else why not, in @buf. */
const char *boot_check(char *buf, size_t len);

/* warn.c: status's warnings, one line each, each saying what to do. */
#define WARN_MAX	8
#define WARN_LEN	512

struct warnings {
	unsigned int n;
	char text[WARN_MAX][WARN_LEN];
};

void status_warnings(struct warnings *w, enum counter_scope scope,
		     const long long *c, int enabled, int by_sysctl);
unsigned long long malformed_sum(const long long *c);

#endif /* _XFRM_MSS_TOOL_SYSFS_H */
