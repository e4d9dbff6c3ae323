// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU counters, twice: once per network namespace, shown to that
 * namespace in /proc/net/xfrm_mss_stat (netns.c creates the file), and
 * once summed over every namespace since the module was loaded, in
 * /sys/kernel/xfrm_mss/stats/ (sysfs.c) for the host. The packet path
 * increments its own CPU's slots without atomics; readers fold all CPUs.
 *
 * A namespace's counters are allocated by this file's own pernet
 * operations, registered before and unregistered after netns.c's: they
 * exist from before its hooks are registered until after they are
 * unregistered, and the pernet core lets a grace period pass between
 * netns.c's .pre_exit, which unregisters the hooks, and the .exit here,
 * which frees the counters.
 */
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/stringify.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "xfrm_mss.h"

struct xfrm_mss_stats {
	unsigned long v[XFRM_MSS_STAT_MAX];
};

static DEFINE_PER_CPU(struct xfrm_mss_stats, xfrm_mss_stats);
static unsigned int xfrm_mss_stats_net_id __read_mostly;

/* In enum order: the same list expands both. */
const char *const xfrm_mss_stat_names[XFRM_MSS_STAT_MAX] = {
#define XFRM_MSS_COUNTER(name, desc) __stringify(name),
#include <xfrm_mss/counters.h>
#undef XFRM_MSS_COUNTER
};

static struct xfrm_mss_stats __percpu *net_stats(const struct net *net)
{
	struct xfrm_mss_stats __percpu **p;

	p = net_generic(net, xfrm_mss_stats_net_id);
	return *p;
}

void xfrm_mss_stat_inc(struct net *net, enum xfrm_mss_stat id)
{
	if (WARN_ON_ONCE(id >= XFRM_MSS_STAT_MAX))
		return;
	this_cpu_inc(xfrm_mss_stats.v[id]);
	this_cpu_inc(net_stats(net)->v[id]);
}

unsigned long xfrm_mss_stat_read(const struct net *net, enum xfrm_mss_stat id)
{
	const struct xfrm_mss_stats __percpu *s;
	unsigned long sum = 0;
	int cpu;

	if (id >= XFRM_MSS_STAT_MAX)
		return 0;
	s = net ? net_stats(net) : &xfrm_mss_stats;
	for_each_possible_cpu(cpu)
		sum += READ_ONCE(per_cpu_ptr(s, cpu)->v[id]);
	return sum;
}

/* /proc/net/xfrm_mss_stat, laid out as /proc/net/xfrm_stat is. */
int xfrm_mss_stats_seq_show(struct seq_file *seq, void *v)
{
	struct net *net = seq_file_single_net(seq);
	unsigned int i;

	for (i = 0; i < XFRM_MSS_STAT_MAX; i++)
		seq_printf(seq, "%-24s\t%lu\n", xfrm_mss_stat_names[i],
			   xfrm_mss_stat_read(net, i));
	return 0;
}

static int __net_init xfrm_mss_stats_net_init(struct net *net)
{
	struct xfrm_mss_stats __percpu **p;

	p = net_generic(net, xfrm_mss_stats_net_id);
	*p = alloc_percpu(struct xfrm_mss_stats);
	return *p ? 0 : -ENOMEM;
}

static void __net_exit xfrm_mss_stats_net_exit(struct net *net)
{
	free_percpu(net_stats(net));
}

static struct pernet_operations xfrm_mss_stats_net_ops = {
	.init = xfrm_mss_stats_net_init,
	.exit = xfrm_mss_stats_net_exit,
	.id = &xfrm_mss_stats_net_id,
	.size = sizeof(struct xfrm_mss_stats __percpu *),
};

int xfrm_mss_stats_init(void)
{
	return register_pernet_subsys(&xfrm_mss_stats_net_ops);
}

void xfrm_mss_stats_exit(void)
{
	unregister_pernet_subsys(&xfrm_mss_stats_net_ops);
}
