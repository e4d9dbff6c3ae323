/* SPDX-License-Identifier: GPL-2.0 */
/* The release version, stated once; the build appends git describe. */
#ifndef _XFRM_MSS_VERSION_H
#define _XFRM_MSS_VERSION_H

#define XFRM_MSS_VERSION_BASE "0.1.0"

#ifdef XFRM_MSS_GIT_DESCRIBE
#define XFRM_MSS_VERSION XFRM_MSS_VERSION_BASE "-" XFRM_MSS_GIT_DESCRIBE
#else
#define XFRM_MSS_VERSION XFRM_MSS_VERSION_BASE
#endif

#endif /* _XFRM_MSS_VERSION_H */
