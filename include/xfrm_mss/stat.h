/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The counter ids, one per entry of counters.h. They are also what the
 * packet path returns for each outcome, the option walk of src/tcpopt.c
 * included, so this header is free of kernel types: the fuzz harnesses
 * in tests/fuzz/ compare outcomes as counter ids too.
 */
#ifndef _XFRM_MSS_STAT_H
#define _XFRM_MSS_STAT_H

/**
 * enum xfrm_mss_stat - a counter, XFRM_MSS_STAT_<name of counters.h>
 * @XFRM_MSS_STAT_MAX: the number of counters; never a counter itself
 */
enum xfrm_mss_stat {
#define XFRM_MSS_COUNTER(name, desc) XFRM_MSS_STAT_##name,
#include <xfrm_mss/counters.h>
#undef XFRM_MSS_COUNTER
	XFRM_MSS_STAT_MAX
};

#endif /* _XFRM_MSS_STAT_H */
