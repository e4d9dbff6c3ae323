// SPDX-License-Identifier: GPL-2.0
/*
 * The module's files: parameters under /sys/module/xfrm_mss and the
 * per-namespace sysctls under /proc/sys/net/xfrm_mss (the counters are
 * counters.c's). XFRM_MSS_SYSFS and XFRM_MSS_PROCFS replace /sys and
 * /proc, and XFRM_MSS_ROOT is put before the configuration files that
 * status checks (boot.c), so the tests can run against a fake tree. This
 * file reads and writes them; status.c and stats.c present them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "xfrm-mss.h"
#include "sysfs.h"

/* In the order of the module's sysctl table (src/config.c). */
const struct param params[N_PARAMS] = {
	{ "enable", PARAM_BOOL, 0, 1, 0 },
	{ "path_mtu", PARAM_UINT, 0, XFRM_MSS_PATH_MTU_MAX,
	  XFRM_MSS_PATH_MTU_MIN },
	{ "min_mss", PARAM_UINT, XFRM_MSS_MIN_MSS_MIN, XFRM_MSS_MIN_MSS_MAX, 0 },
	{ "df_policy", PARAM_WORD, 0, 0, 0 },
};

const struct param *param_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < N_PARAMS; i++)
		if (!strcmp(name, params[i].name))
			return &params[i];
	return NULL;
}

static const char *root(const char *env, const char *def)
{
	const char *r = getenv(env);

	return r && *r ? r : def;
}

static void make_path(char *buf, size_t len, const char *env,
		      const char *def, const char *rel, const char *name)
{
	int n = snprintf(buf, len, "%s/%s%s", root(env, def), rel,
			 name ? name : "");

	if (n < 0 || (size_t)n >= len)
		die(EXIT_RUNTIME, "path too long: %s", safe(root(env, def)));
}

void path_sys(char *buf, size_t len, const char *rel, const char *name)
{
	make_path(buf, len, "XFRM_MSS_SYSFS", "/sys", rel, name);
}

void path_proc(char *buf, size_t len, const char *rel, const char *name)
{
	make_path(buf, len, "XFRM_MSS_PROCFS", "/proc", rel, name);
}

/* @rel is relative to /, as "etc/modules". */
void path_root(char *buf, size_t len, const char *rel, const char *name)
{
	make_path(buf, len, "XFRM_MSS_ROOT", "", rel, name);
}

/* A whole small file, trailing newline removed; 0 or -errno. */
int read_text(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	err = errno;
	close(fd);
	if (n < 0)
		return -err;
	buf[n] = 0;
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = 0;
	return 0;
}

/* The module is loaded when its /sys/module directory exists. */
void need_module(const char *cmd)
{
	char path[PATH_LEN];

	path_sys(path, sizeof(path), MOD_DIR, NULL);
	if (access(path, F_OK))
		die(EXIT_NOMODULE, "%s: module xfrm_mss is not loaded (%s missing)",
		    cmd, safe(path));
}

int read_param(const char *name, char *buf, size_t len)
{
	char path[PATH_LEN];

	path_sys(path, sizeof(path), PARAM_DIR, name);
	return read_text(path, buf, len);
}

int read_sysctl(const char *name, char *buf, size_t len)
{
	char path[PATH_LEN];

	path_proc(path, sizeof(path), SYSCTL_DIR, name);
	return read_text(path, buf, len);
}

static const char *const truths[] = { "y", "yes", "1", "on", "true" };
static const char *const lies[] = { "n", "no", "0", "off", "false" };

/* The value to write for @name, checked as the module checks it. */
static const char *checked_value(const struct param *p, const char *v,
				 char *buf, size_t len)
{
	static const char *const df[] = XFRM_MSS_DF_POLICY_NAMES;
	unsigned long n;
	unsigned int i;

	switch (p->kind) {
	case PARAM_BOOL:
		/* Written as the Y/N the module prints back. */
		for (i = 0; i < sizeof(truths) / sizeof(truths[0]); i++) {
			if (!strcasecmp(v, truths[i]))
				return "Y";
			if (!strcasecmp(v, lies[i]))
				return "N";
		}
		die(EXIT_USAGE, "set: enable: '%s' is not one of y, n, 1, 0, on, off",
		    safe(v));
	case PARAM_UINT:
		n = parse_num("set", p->name, v, p->min, p->max);
		if (n && n < p->min_nonzero)
			die(EXIT_USAGE, "set: %s: %lu is out of range (0 or %lu-%lu)",
			    p->name, n, p->min_nonzero, p->max);
		snprintf(buf, len, "%lu", n);
		return buf;
	case PARAM_WORD:
		for (i = 0; i < XFRM_MSS_DF_MAX; i++)
			if (!strcmp(v, df[i]))
				return df[i];
		die(EXIT_USAGE, "set: df_policy: '%s' is not one of copy, clear, set",
		    safe(v));
	}
	return NULL;
}

int cmd_set(int argc, char **argv)
{
	char path[PATH_LEN], buf[32], old[64] = "?", now[64] = "?";
	const char *args[2], *val;
	const struct param *p;
	unsigned int n = 0;
	ssize_t w;
	int i, fd, err;

	for (i = 1; i < argc; i++) {
		if (common_opt("set", argv[i]))
			continue;
		/* A value may be negative-looking only to be refused below. */
		if (argv[i][0] == '-' && argv[i][1] == '-')
			bad_arg("set", argv[i]);
		if (n == 2)
			bad_arg("set", argv[i]);
		args[n++] = argv[i];
	}
	if (n < 2)
		die(EXIT_USAGE, "set: usage: set NAME VALUE (NAME: enable, min_mss, path_mtu, df_policy)");
	p = param_find(args[0]);
	if (!p)
		die(EXIT_USAGE, "set: unknown parameter '%s' (enable, min_mss, path_mtu, df_policy)",
		    safe(args[0]));
	val = checked_value(p, args[1], buf, sizeof(buf));
	if (geteuid() != 0)
		die(EXIT_RUNTIME, "set: must be root");
	need_module("set");

	read_param(p->name, old, sizeof(old));
	path_sys(path, sizeof(path), PARAM_DIR, p->name);
	/* O_TRUNC as a shell would: sysfs ignores it, a fake tree needs it. */
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		die(EXIT_RUNTIME, "set: %s: %s", safe(path), strerror(errno));
	w = write(fd, val, strlen(val));
	err = errno;
	if (close(fd) && w >= 0) {
		w = -1;
		err = errno;
	}
	if (w != (ssize_t)strlen(val))
		die(EXIT_RUNTIME, "set: kernel refused %s=%s: %s", p->name, val,
		    w < 0 ? strerror(err) : "short write");
	read_param(p->name, now, sizeof(now));
	if (json_mode) {
		js_open(NULL);
		js_str("parameter", p->name);
		js_str("previous", old);
		js_str("value", now);
		js_close();
		js_end();
	} else {
		printf("%s: %s -> %s\n", p->name, old, now);
	}
	return EXIT_OK;
}
