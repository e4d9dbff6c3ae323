// SPDX-License-Identifier: GPL-2.0
/*
 * The counters, in one of two scopes. By default those of the caller's
 * network namespace since it was created (or the module loaded), from
 * /proc/net/xfrm_mss_stat: one "name, blanks, decimal value" line per
 * counter, laid out as /proc/net/xfrm_stat is. With --all, the totals over
 * all namespaces since the module was loaded, one sysfs file per counter
 * under /sys/kernel/xfrm_mss/stats. A counter the module does not show
 * reads as -1 (n/a), so that the tool works with an older module; a line
 * of a counter the tool does not know is skipped, so that it works with a
 * newer one. Any other surprise in the proc file is an error: the file is
 * not what the tool was written for.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xfrm-mss.h"
#include "sysfs.h"

#define NETNS_STAT	"net/xfrm_mss_stat"

const char *scope_key(enum counter_scope scope)
{
	return scope == SCOPE_ALL ? "all" : "netns";
}

const char *scope_text(enum counter_scope scope)
{
	return scope == SCOPE_ALL ? "all network namespaces" :
				    "this network namespace";
}

/* A sysfs counter; -1 when the file is missing or not a number. */
static long long read_sys_counter(unsigned int id)
{
	char path[PATH_LEN], buf[32], *end;
	unsigned long long v;

	path_sys(path, sizeof(path), STATS_DIR, counter_names[id]);
	if (read_text(path, buf, sizeof(buf)) || buf[0] < '0' || buf[0] > '9')
		return -1;
	errno = 0;
	v = strtoull(buf, &end, 10);
	if (*end || errno || v > (unsigned long long)INT64_MAX)
		return -1;
	return (long long)v;
}

static int counter_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < C_MAX; i++)
		if (!strcmp(name, counter_names[i]))
			return i;
	return -1;
}

/*
 * One line of the proc file, newline removed, into @v. Returns 0, or -1
 * with what is wrong in @why. The value must fit the tool's long long.
 */
static int parse_line(char *line, long long *v, char *why, size_t len)
{
	unsigned long long n;
	size_t name_len;
	char *val, *end;
	int id;

	name_len = strcspn(line, " \t");
	if (!name_len) {
		snprintf(why, len, "no counter name");
		return -1;
	}
	val = line + name_len;
	val += strspn(val, " \t");
	line[name_len] = 0;
	if (!*val) {
		snprintf(why, len, "no value for %s", safe(line));
		return -1;
	}
	errno = 0;
	n = strtoull(val, &end, 10);
	if (*val < '0' || *val > '9' || *end) {
		snprintf(why, len, "%s: '%s' is not a number", safe(line),
			 safe(val));
		return -1;
	}
	if (errno == ERANGE || n > (unsigned long long)INT64_MAX) {
		snprintf(why, len, "%s: %s is out of range", safe(line),
			 safe(val));
		return -1;
	}
	id = counter_find(line);
	if (id < 0)
		return 0;	/* A newer module's counter. */
	if (v[id] >= 0) {
		snprintf(why, len, "%s listed twice", safe(line));
		return -1;
	}
	v[id] = (long long)n;
	return 0;
}

/* Frees what it allocated before any die(): the tests run LeakSanitizer. */
static void read_netns(const char *cmd, long long *v)
{
	char path[PATH_LEN], why[160];
	unsigned int no = 0;
	size_t cap = 0;
	char *line = NULL;
	int err = 0, bad = 0;
	ssize_t n;
	FILE *f;

	path_proc(path, sizeof(path), NETNS_STAT, NULL);
	f = fopen(path, "re");
	if (!f && errno == ENOENT)
		die(EXIT_RUNTIME, "%s: %s missing although xfrm_mss is loaded (an older module?); --all reads the totals",
		    cmd, safe(path));
	if (!f)
		die(EXIT_RUNTIME, "%s: %s: %s", cmd, safe(path),
		    strerror(errno));
	errno = 0;
	while (!bad && (n = getline(&line, &cap, f)) > 0) {
		no++;
		if (line[n - 1] == '\n')
			line[--n] = 0;
		if (strlen(line) != (size_t)n) {
			snprintf(why, sizeof(why), "NUL byte in the line");
			bad = 1;
		} else {
			bad = parse_line(line, v, why, sizeof(why));
		}
	}
	if (!bad && ferror(f))
		err = errno ? errno : EIO;
	free(line);
	fclose(f);
	if (bad)
		die(EXIT_RUNTIME, "%s: %s line %u: %s", cmd, safe(path), no,
		    why);
	if (err)
		die(EXIT_RUNTIME, "%s: %s: %s", cmd, safe(path), strerror(err));
}

void read_counters(const char *cmd, enum counter_scope scope,
		   long long *v)
{
	unsigned int i;

	for (i = 0; i < C_MAX; i++)
		v[i] = scope == SCOPE_ALL ? read_sys_counter(i) : -1;
	if (scope == SCOPE_NETNS)
		read_netns(cmd, v);
}
