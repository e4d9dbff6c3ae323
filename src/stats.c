// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU counters. The packet path increments its own CPU's slot without
 * atomics; readers fold all CPUs. The values are sums over every network
 * namespace.
 */
#include <linux/percpu.h>

#include "xfrm_mss.h"

static DEFINE_PER_CPU(unsigned long [XFRM_MSS_STAT_MAX], xfrm_mss_stats);

const char *const xfrm_mss_stat_names[XFRM_MSS_STAT_MAX] = {
#define XFRM_MSS_STAT_NAME(name, desc) [XFRM_MSS_STAT_##name] = #name,
	XFRM_MSS_COUNTERS(XFRM_MSS_STAT_NAME)
#undef XFRM_MSS_STAT_NAME
};

void xfrm_mss_stat_inc(enum xfrm_mss_stat id)
{
	if (WARN_ON_ONCE(id >= XFRM_MSS_STAT_MAX))
		return;
	this_cpu_inc(xfrm_mss_stats[id]);
}

unsigned long xfrm_mss_stat_read(enum xfrm_mss_stat id)
{
	unsigned long sum = 0;
	int cpu;

	if (id >= XFRM_MSS_STAT_MAX)
		return 0;
	for_each_possible_cpu(cpu)
		sum += per_cpu(xfrm_mss_stats[id], cpu);
	return sum;
}
