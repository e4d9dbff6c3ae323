// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/xfrm_mss/stats/<counter>: one read-only value per file,
 * generated from the counter list. The settings live in
 * /sys/module/xfrm_mss/parameters/ (main.c).
 */
#include <linux/kobject.h>
#include <linux/sysfs.h>

#include "xfrm_mss.h"

struct stat_attr {
	struct kobj_attribute attr;
	enum xfrm_mss_stat id;
};

static ssize_t stat_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	const struct stat_attr *sa = container_of(attr, struct stat_attr, attr);

	return sysfs_emit(buf, "%lu\n", xfrm_mss_stat_read(sa->id));
}

#define XFRM_MSS_STAT_ATTR(name, desc)					\
	static struct stat_attr stat_attr_##name = {			\
		.attr = __ATTR(name, 0444, stat_show, NULL),		\
		.id = XFRM_MSS_STAT_##name,				\
	};
XFRM_MSS_COUNTERS(XFRM_MSS_STAT_ATTR)
#undef XFRM_MSS_STAT_ATTR

static struct attribute *stat_attrs[] = {
#define XFRM_MSS_STAT_PTR(name, desc) &stat_attr_##name.attr.attr,
	XFRM_MSS_COUNTERS(XFRM_MSS_STAT_PTR)
#undef XFRM_MSS_STAT_PTR
	NULL
};

static const struct attribute_group stat_group = {
	.name = "stats",
	.attrs = stat_attrs,
};

static struct kobject *xfrm_mss_kobj;

int xfrm_mss_sysfs_init(void)
{
	int err;

	xfrm_mss_kobj = kobject_create_and_add("xfrm_mss", kernel_kobj);
	if (!xfrm_mss_kobj)
		return -ENOMEM;
	err = sysfs_create_group(xfrm_mss_kobj, &stat_group);
	if (err) {
		kobject_put(xfrm_mss_kobj);
		return err;
	}
	return 0;
}

void xfrm_mss_sysfs_exit(void)
{
	sysfs_remove_group(xfrm_mss_kobj, &stat_group);
	kobject_put(xfrm_mss_kobj);
}
