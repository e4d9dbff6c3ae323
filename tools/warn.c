// SPDX-License-Identifier: GPL-2.0
/*
 * status's warnings: one line each where the answer to "is it working?"
 * is not yes, each saying what to do, in the order an operator would fix
 * them: boot loading (boot.c), another MSS clamp that runs before or
 * after the module, clamping off, SAs with nothing clamped, and counters
 * of SYNs the module could not handle. The SA count and the nft ruleset
 * need CAP_NET_ADMIN; without it, or without nft, those checks are left
 * out, silently, so that status stays usable by any user.
 */
#define _GNU_SOURCE	/* pipe2() */
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xfrm-mss.h"
#include "sysfs.h"

extern char **environ;

static void __attribute__((format(printf, 2, 3)))
add(struct warnings *w, const char *fmt, ...)
{
	va_list ap;

	if (w->n == WARN_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(w->text[w->n++], WARN_LEN, fmt, ap);
	va_end(ap);
}

/* bad_* and df_bad_*: malformed packets, passed unmodified. */
unsigned long long malformed_sum(const long long *c)
{
	unsigned long long sum = 0;
	unsigned int i;

	for (i = 0; i < C_MAX; i++)
		if (c[i] > 0 && strstr(counter_names[i], "bad_"))
			sum += c[i];
	return sum;
}

/*
 * Whether `nft list ruleset` (this namespace's) has a rule that sets the
 * MSS. 0 too when nft is not installed or fails (no CAP_NET_ADMIN).
 */
static int nft_sets_mss(void)
{
	char *const argv[] = { "nft", "list", "ruleset", NULL };
	posix_spawn_file_actions_t fa;
	int fds[2], err, st, found = 0;
	char *line = NULL;
	size_t cap = 0;
	pid_t pid;
	FILE *f;

	if (pipe2(fds, O_CLOEXEC))
		return 0;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
	posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
					 O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null",
					 O_WRONLY, 0);
	err = posix_spawnp(&pid, "nft", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	f = err ? NULL : fdopen(fds[0], "r");
	if (!f) {
		close(fds[0]);
		if (!err)
			waitpid(pid, &st, 0);
		return 0;
	}
	/* Read to the end: nft must not block on a full pipe. */
	while (getline(&line, &cap, f) > 0)
		if (strstr(line, "maxseg size set"))
			found = 1;
	free(line);
	fclose(f);
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		return 0;
	return found;
}

/* The change of a counter (or sum) over the pause, in words. */
static const char *rise(long long before, long long after, char *buf,
			size_t len)
{
	char n[32];

	if (after > before)
		snprintf(buf, len, "+%s in 1 s",
			 fmt_thousands(after - before, n, sizeof(n)));
	else
		snprintf(buf, len, "not rising over 1 s");
	return buf;
}

/*
 * SYNs the module had to pass unhandled. Rising or not tells a live
 * problem from an old one: if any is non-zero, read the counters again a
 * second later. When all are zero, status does not wait.
 */
static void counter_warnings(struct warnings *w, enum counter_scope scope,
			     const long long *c)
{
	long long unsup = c[C_skip_sa_unsupported], later[C_MAX];
	unsigned long long bad = malformed_sum(c);
	char a[32], r[48];

	if (unsup <= 0 && !bad)
		return;
	sleep(1);
	read_counters("status", scope, later);
	if (unsup > 0)
		add(w, "skip_sa_unsupported is %s (%s): SYNs through an SA the arithmetic does not cover passed unclamped; xfrm-mss sa shows which SA and why",
		    fmt_thousands(unsup, a, sizeof(a)),
		    rise(unsup, later[C_skip_sa_unsupported], r, sizeof(r)));
	if (bad)
		add(w, "%s malformed packet%s passed unmodified (bad_* counters, %s): xfrm-mss stats --zero-hidden shows which; if they keep rising, find the sender with tcpdump",
		    fmt_thousands(bad, a, sizeof(a)), bad == 1 ? "" : "s",
		    rise(bad, malformed_sum(later), r, sizeof(r)));
}

/*
 * @enabled: clamping in this namespace, 1 on, 0 off, -1 unknown;
 * @by_sysctl: decided by the namespace's sysctl, not the parameter.
 */
void status_warnings(struct warnings *w, enum counter_scope scope,
		     const long long *c, int enabled, int by_sysctl)
{
	char path[PATH_LEN], buf[WARN_LEN];
	int n;

	w->n = 0;
	if (boot_check(buf, sizeof(buf)))
		add(w, "%s", buf);
	/* xt_TCPMSS built in has no /sys/module entry: not seen. */
	path_sys(path, sizeof(path), "module/xt_TCPMSS", NULL);
	if (!access(path, F_OK))
		add(w, "xt_TCPMSS is loaded: an iptables TCPMSS rule (of any namespace) runs in mangle, before xfrm_mss, and a --set-mss below the fitting MSS wins; find it with iptables-save -t mangle and ip6tables-save -t mangle, and delete it");
	if (nft_sets_mss())
		add(w, "nft list ruleset has a rule that sets the MSS (maxseg size set) in this namespace: run before xfrm_mss, a lower value wins; run after it, it undoes the clamp; delete it");
	if (!enabled && by_sysctl)
		add(w, "clamping is off in this namespace by its sysctl: sysctl -w net.xfrm_mss.enable=1 turns it on (-1 follows the module parameter)");
	else if (!enabled)
		add(w, "clamping is off: the module parameter enable is N and this namespace follows it; xfrm-mss set enable y turns it on");
	/*
	 * The netlink dump only when nothing is clamped. SYNs found small
	 * enough then mean that something lowered them first.
	 */
	if (enabled == 1 && !c[C_clamped]) {
		n = sa_count();
		if (n > 0 && c[C_unchanged] > 0)
			add(w, "%d SA%s in this namespace but no SYN clamped yet, %s already small enough: something lowers the MSS first; delete any TCPMSS or nft maxseg rule (if none, the endpoints' own MSS fits)",
			    n, n == 1 ? "" : "s",
			    fmt_thousands(c[C_unchanged], buf, sizeof(buf)));
		else if (n > 0)
			add(w, "%d SA%s in this namespace but no SYN clamped yet: open a TCP connection through one; if clamped stays 0, xfrm-mss stats shows why (seen_syn, skip_no_sa)",
			    n, n == 1 ? "" : "s");
	}
	counter_warnings(w, scope, c);
}
