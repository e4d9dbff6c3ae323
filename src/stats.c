// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU counters. The packet path increments its own CPU's slot without
 * atomics; readers fold all CPUs. The values are sums over every network
 * namespace.
 */
#include <linux/percpu.h>
#include <linux/stringify.h>

#include "xfrm_mss.h"

struct xfrm_mss_stats {
	unsigned long v[XFRM_MSS_STAT_MAX];
};

static DEFINE_PER_CPU(struct xfrm_mss_stats, xfrm_mss_stats);

/* In enum order: the same list expands both. */
const char *const xfrm_mss_stat_names[XFRM_MSS_STAT_MAX] = {
#define XFRM_MSS_COUNTER(name, desc) __stringify(name),
#include <xfrm_mss/counters.h>
#undef XFRM_MSS_COUNTER
};

void xfrm_mss_stat_inc(enum xfrm_mss_stat id)
{
	if (WARN_ON_ONCE(id >= XFRM_MSS_STAT_MAX))
		return;
	this_cpu_inc(xfrm_mss_stats.v[id]);
}

unsigned long xfrm_mss_stat_read(enum xfrm_mss_stat id)
{
	unsigned long sum = 0;
	int cpu;

	if (id >= XFRM_MSS_STAT_MAX)
		return 0;
	for_each_possible_cpu(cpu)
		sum += per_cpu(xfrm_mss_stats.v[id], cpu);
	return sum;
}
