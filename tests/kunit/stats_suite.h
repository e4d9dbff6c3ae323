/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For the KUnit suites that include src/stats.c: its pernet operations
 * give each namespace its counters, so a suite registers them around its
 * cases (.suite_init = stats_suite_init, .suite_exit = stats_suite_exit).
 */
#ifndef _XFRM_MSS_KUNIT_STATS_SUITE_H
#define _XFRM_MSS_KUNIT_STATS_SUITE_H

#include <kunit/test.h>

static int stats_suite_init(struct kunit_suite *suite)
{
	return xfrm_mss_stats_init();
}

static void stats_suite_exit(struct kunit_suite *suite)
{
	xfrm_mss_stats_exit();
}

#endif /* _XFRM_MSS_KUNIT_STATS_SUITE_H */
