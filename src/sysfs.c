// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/xfrm_mss/stats/<counter>: one read-only value per file, one
 * file per entry of the counter list. The settings live in
 * /sys/module/xfrm_mss/parameters/ (config.c; df_policy in netns.c).
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

	return sysfs_emit(buf, "%lu\n", xfrm_mss_stat_read(NULL, sa->id));
}

static struct stat_attr stat_attrs[XFRM_MSS_STAT_MAX];
static struct attribute *stat_attr_ptrs[XFRM_MSS_STAT_MAX + 1];

static const struct attribute_group stat_group = {
	.name = "stats",
	.attrs = stat_attr_ptrs,
};

static struct kobject *xfrm_mss_kobj;

int xfrm_mss_sysfs_init(void)
{
	int i, err;

	for (i = 0; i < XFRM_MSS_STAT_MAX; i++) {
		struct stat_attr *sa = &stat_attrs[i];

		sysfs_attr_init(&sa->attr.attr);
		sa->attr.attr.name = xfrm_mss_stat_names[i];
		sa->attr.attr.mode = 0444;
		sa->attr.show = stat_show;
		sa->id = i;
		stat_attr_ptrs[i] = &sa->attr.attr;
	}

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
