// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the settings (src/config.c). Module parameter setters and the
 * net.xfrm_mss.* sysctl handlers are called as the kernel calls them; a
 * refused value must return -EINVAL and leave the old value in place. The
 * per-namespace resolution must follow the parameter at -1 and override it
 * otherwise, also when the parameter changes later.
 */
#include <kunit/test.h>

#include "../../src/config.c"

/*
 * df_policy's parsing; the module registers the parameter with a setter
 * in netns.c that also registers the DF hooks (tested end to end).
 */
static const struct kernel_param_ops df_policy_ops = {
	.set = xfrm_mss_df_param_set,
	.get = xfrm_mss_df_param_get,
};

/* Calls a parameter's .set as sysfs and modprobe do. */
static int param_set(const struct kernel_param_ops *ops, void *arg,
		     const char *val)
{
	struct kernel_param kp = { .name = "test", .ops = ops, .arg = arg };

	return ops->set(val, &kp);
}

static void config_param_min_mss(struct kunit *test)
{
	static const char *const bad[] = {
		"", "-1", "87", "65496", "4294967297", "536abc", "abc", " ",
		"1e3", "0",
	};
	unsigned int v = 700, i;

	KUNIT_EXPECT_EQ(test, param_set(&min_mss_ops, &v, "1200"), 0);
	KUNIT_EXPECT_EQ(test, v, 1200U);
	KUNIT_EXPECT_EQ(test, param_set(&min_mss_ops, &v, "88\n"), 0);
	KUNIT_EXPECT_EQ(test, v, 88U);
	KUNIT_EXPECT_EQ(test, param_set(&min_mss_ops, &v, "0x578"), 0);
	KUNIT_EXPECT_EQ(test, v, 1400U);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ_MSG(test, param_set(&min_mss_ops, &v, bad[i]),
				    -EINVAL, "'%s'", bad[i]);
		KUNIT_EXPECT_EQ_MSG(test, v, 1400U, "'%s'", bad[i]);
	}
}

static void config_param_path_mtu(struct kunit *test)
{
	static const char *const bad[] = {
		"", "-1", "1", "575", "65536", "99999999999", "1400 1300",
		"1400x", "auto",
	};
	unsigned int v = 0, i;

	KUNIT_EXPECT_EQ(test, param_set(&path_mtu_ops, &v, "1400"), 0);
	KUNIT_EXPECT_EQ(test, v, 1400U);
	KUNIT_EXPECT_EQ(test, param_set(&path_mtu_ops, &v, "576"), 0);
	KUNIT_EXPECT_EQ(test, param_set(&path_mtu_ops, &v, "65535"), 0);
	KUNIT_EXPECT_EQ(test, param_set(&path_mtu_ops, &v, "0"), 0);
	KUNIT_EXPECT_EQ(test, v, 0U);
	KUNIT_EXPECT_EQ(test, param_set(&path_mtu_ops, &v, "1280"), 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ_MSG(test, param_set(&path_mtu_ops, &v, bad[i]),
				    -EINVAL, "'%s'", bad[i]);
		KUNIT_EXPECT_EQ_MSG(test, v, 1280U, "'%s'", bad[i]);
	}
}

static void config_param_enable_and_df(struct kunit *test)
{
	static const char *const bad_bool[] = {
		"", "maybe", "2", "-1", "x", "yes-please", "0x", "Y2", "onx",
		"1 1", "\n",
	};
	static const char *const bad_df[] = {
		"", "CLEAR", "clearx", "default", "1", "set clear",
	};
	char *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	unsigned int df = XFRM_MSS_DF_COPY, i;
	struct kernel_param kp = { .name = "df_policy", .arg = &df };
	bool en = true;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, param_set(&enable_ops, &en, "off"), 0);
	KUNIT_EXPECT_FALSE(test, en);
	KUNIT_EXPECT_EQ(test, param_set(&enable_ops, &en, "1\n"), 0);
	KUNIT_EXPECT_TRUE(test, en);
	for (i = 0; i < ARRAY_SIZE(bad_bool); i++) {
		KUNIT_EXPECT_EQ_MSG(test, param_set(&enable_ops, &en,
						    bad_bool[i]),
				    -EINVAL, "'%s'", bad_bool[i]);
		KUNIT_EXPECT_TRUE(test, en);
	}

	KUNIT_EXPECT_EQ(test, param_set(&df_policy_ops, &df, "clear\n"), 0);
	KUNIT_EXPECT_EQ(test, df, (unsigned int)XFRM_MSS_DF_CLEAR);
	KUNIT_EXPECT_EQ(test, param_set(&df_policy_ops, &df, "set"), 0);
	KUNIT_EXPECT_EQ(test, df, (unsigned int)XFRM_MSS_DF_SET);
	for (i = 0; i < ARRAY_SIZE(bad_df); i++) {
		KUNIT_EXPECT_EQ_MSG(test, param_set(&df_policy_ops, &df,
						    bad_df[i]),
				    -EINVAL, "'%s'", bad_df[i]);
		KUNIT_EXPECT_EQ(test, df, (unsigned int)XFRM_MSS_DF_SET);
	}
	KUNIT_EXPECT_EQ(test, xfrm_mss_df_param_get(buf, &kp), 4);
	KUNIT_EXPECT_STREQ(test, buf, "set\n");
}

/* Writes @val to sysctl @name of a table bound to @ns, as a write(2) would. */
static int sysctl_write(struct kunit *test, struct ctl_table *tbl,
			const char *name, const char *val)
{
	char buf[64];
	size_t len = strlen(val);
	loff_t pos = 0;
	unsigned int i;

	strscpy(buf, val, sizeof(buf));
	for (i = 0; tbl[i].procname; i++)
		if (!strcmp(tbl[i].procname, name))
			return tbl[i].proc_handler(&tbl[i], 1, buf, &len, &pos);
	KUNIT_FAIL(test, "no sysctl %s", name);
	return -ENOENT;
}

static void sysctl_read(struct kunit *test, struct ctl_table *tbl,
			const char *name, char *out, size_t outlen)
{
	size_t len = outlen;
	loff_t pos = 0;
	unsigned int i;

	out[0] = 0;
	for (i = 0; tbl[i].procname; i++)
		if (!strcmp(tbl[i].procname, name)) {
			KUNIT_EXPECT_EQ(test, tbl[i].proc_handler(&tbl[i], 0, out,
								  &len, &pos), 0);
			out[len] = 0;
			return;
		}
	KUNIT_FAIL(test, "no sysctl %s", name);
}

static void config_sysctl_values(struct kunit *test)
{
	static const struct {
		const char *name, *val;
		int ok;
	} cases[] = {
		{ "enable", "0", 1 }, { "enable", "1", 1 }, { "enable", "-1", 1 },
		{ "enable", "2", 0 }, { "enable", "-2", 0 }, { "enable", "on", 0 },
		{ "path_mtu", "1400", 1 }, { "path_mtu", "0", 1 },
		{ "path_mtu", "-1", 1 }, { "path_mtu", "576", 1 },
		{ "path_mtu", "65535", 1 }, { "path_mtu", "575", 0 },
		{ "path_mtu", "65536", 0 }, { "path_mtu", "-2", 0 },
		{ "path_mtu", "99999999999", 0 }, { "path_mtu", "1400abc", 0 },
		{ "min_mss", "88", 1 }, { "min_mss", "-1", 1 },
		{ "min_mss", "87", 0 }, { "min_mss", "65496", 0 },
		{ "min_mss", "x", 0 },
	};
	struct xfrm_mss_net_cfg ns;
	struct ctl_table *tbl;
	unsigned int i;

	xfrm_mss_net_cfg_init(&ns);
	tbl = xfrm_mss_sysctl_alloc(&ns, NULL);
	KUNIT_ASSERT_NOT_NULL(test, tbl);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct xfrm_mss_net_cfg old = ns;
		int ret = sysctl_write(test, tbl, cases[i].name, cases[i].val);
		int now, want = 0;

		if (!strcmp(cases[i].name, "enable"))
			now = ns.enable;
		else if (!strcmp(cases[i].name, "path_mtu"))
			now = ns.path_mtu;
		else
			now = ns.min_mss;
		if (cases[i].ok) {
			KUNIT_EXPECT_EQ_MSG(test, ret, 0, "%s=%s", cases[i].name,
					    cases[i].val);
			KUNIT_EXPECT_EQ(test, kstrtoint(cases[i].val, 10, &want), 0);
			KUNIT_EXPECT_EQ_MSG(test, now, want, "%s=%s", cases[i].name,
					    cases[i].val);
		} else {
			KUNIT_EXPECT_EQ_MSG(test, ret, -EINVAL, "%s=%s",
					    cases[i].name, cases[i].val);
			KUNIT_EXPECT_EQ_MSG(test, memcmp(&old, &ns, sizeof(ns)), 0,
					    "%s=%s changed something",
					    cases[i].name, cases[i].val);
		}
	}
	kfree(tbl);
}

static void config_sysctl_df_policy(struct kunit *test)
{
	struct xfrm_mss_net_cfg ns;
	struct ctl_table *tbl;
	char out[32];

	xfrm_mss_net_cfg_init(&ns);
	tbl = xfrm_mss_sysctl_alloc(&ns, NULL);
	KUNIT_ASSERT_NOT_NULL(test, tbl);
	sysctl_read(test, tbl, "df_policy", out, sizeof(out));
	KUNIT_EXPECT_STREQ(test, out, "default\n");
	KUNIT_EXPECT_EQ(test, sysctl_write(test, tbl, "df_policy", "clear\n"), 0);
	KUNIT_EXPECT_EQ(test, ns.df_policy, XFRM_MSS_DF_CLEAR);
	sysctl_read(test, tbl, "df_policy", out, sizeof(out));
	KUNIT_EXPECT_STREQ(test, out, "clear\n");
	KUNIT_EXPECT_EQ(test, sysctl_write(test, tbl, "df_policy", "bogus"),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, sysctl_write(test, tbl, "df_policy", "Set"),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, ns.df_policy, XFRM_MSS_DF_CLEAR);
	KUNIT_EXPECT_EQ(test, sysctl_write(test, tbl, "df_policy", "default"), 0);
	KUNIT_EXPECT_EQ(test, ns.df_policy, -1);
	kfree(tbl);
}

/* -1 follows the parameter, now and after it changes; a value overrides. */
static void config_resolution(struct kunit *test)
{
	bool en = xfrm_mss_param_enable;
	unsigned int mm = xfrm_mss_param_min_mss, pm = xfrm_mss_param_path_mtu;
	unsigned int dp = xfrm_mss_param_df_policy;
	struct xfrm_mss_net_cfg ns;
	struct xfrm_mss_cfg cfg;

	xfrm_mss_net_cfg_init(&ns);
	xfrm_mss_param_enable = true;
	xfrm_mss_param_min_mss = 536;
	xfrm_mss_param_path_mtu = 0;
	xfrm_mss_param_df_policy = XFRM_MSS_DF_COPY;
	xfrm_mss_cfg_resolve(&ns, &cfg);
	KUNIT_EXPECT_TRUE(test, cfg.enable);
	KUNIT_EXPECT_EQ(test, cfg.min_mss, 536U);
	KUNIT_EXPECT_EQ(test, cfg.path_mtu, 0U);
	KUNIT_EXPECT_EQ(test, cfg.df_policy, (u32)XFRM_MSS_DF_COPY);

	/* The parameter changes at runtime: a following namespace sees it. */
	xfrm_mss_param_path_mtu = 1400;
	xfrm_mss_param_enable = false;
	xfrm_mss_param_df_policy = XFRM_MSS_DF_CLEAR;
	xfrm_mss_cfg_resolve(&ns, &cfg);
	KUNIT_EXPECT_FALSE(test, cfg.enable);
	KUNIT_EXPECT_EQ(test, cfg.path_mtu, 1400U);
	KUNIT_EXPECT_EQ(test, cfg.df_policy, (u32)XFRM_MSS_DF_CLEAR);

	/* Overrides, including 0 meaning "automatic" against a set parameter. */
	ns.enable = 1;
	ns.path_mtu = 0;
	ns.min_mss = 1000;
	ns.df_policy = XFRM_MSS_DF_SET;
	xfrm_mss_cfg_resolve(&ns, &cfg);
	KUNIT_EXPECT_TRUE(test, cfg.enable);
	KUNIT_EXPECT_EQ(test, cfg.path_mtu, 0U);
	KUNIT_EXPECT_EQ(test, cfg.min_mss, 1000U);
	KUNIT_EXPECT_EQ(test, cfg.df_policy, (u32)XFRM_MSS_DF_SET);
	ns.enable = 0;
	xfrm_mss_param_enable = true;
	xfrm_mss_cfg_resolve(&ns, &cfg);
	KUNIT_EXPECT_FALSE(test, cfg.enable);

	xfrm_mss_param_enable = en;
	xfrm_mss_param_min_mss = mm;
	xfrm_mss_param_path_mtu = pm;
	xfrm_mss_param_df_policy = dp;
}

static struct kunit_case config_test_cases[] = {
	KUNIT_CASE(config_param_min_mss),
	KUNIT_CASE(config_param_path_mtu),
	KUNIT_CASE(config_param_enable_and_df),
	KUNIT_CASE(config_sysctl_values),
	KUNIT_CASE(config_sysctl_df_policy),
	KUNIT_CASE(config_resolution),
	{}
};

static struct kunit_suite config_suite = {
	.name = "xfrm_mss_config",
	.test_cases = config_test_cases,
};

kunit_test_suite(config_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for the xfrm_mss settings");
