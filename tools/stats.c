// SPDX-License-Identifier: GPL-2.0
/*
 * stats: every counter of include/xfrm_mss/counters.h with its value and
 * description, once or every --watch SECONDS until Ctrl-C. By default the
 * counts of the caller's network namespace since it was created; with
 * --all the totals over all network namespaces since the module was
 * loaded (sysfs is global). counters.c reads both. --format prometheus
 * writes them once in the Prometheus text format, for node_exporter's
 * textfile collector.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xfrm-mss.h"
#include "sysfs.h"

enum format { FMT_TEXT, FMT_JSON, FMT_PROMETHEUS };

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* One listing; @prev, when given, adds the change since the last one. */
static void show(enum counter_scope scope, int zero_hidden,
		 const long long *v, const long long *prev)
{
	char num[32];
	unsigned int i;

	if (json_mode) {
		js_open(NULL);
		js_uint("time", (unsigned long long)time(NULL));
		js_str("scope", scope_key(scope));
		js_open("counters");
	}
	for (i = 0; i < C_MAX; i++) {
		if (zero_hidden && v[i] == 0)
			continue;
		if (json_mode) {
			js_open(counter_names[i]);
			if (v[i] < 0)
				js_null("value");
			else
				js_uint("value", v[i]);
			js_str("description", counter_descs[i]);
			js_close();
			continue;
		}
		if (v[i] < 0)
			snprintf(num, sizeof(num), "n/a");
		else
			fmt_thousands(v[i], num, sizeof(num));
		printf("%-20s %15s", counter_names[i], num);
		if (prev && v[i] >= 0 && prev[i] >= 0)
			printf(" %+9lld", v[i] - prev[i]);
		printf("  %s\n", counter_descs[i]);
	}
	if (json_mode) {
		js_close();
		js_close();
		js_end();
	}
	fflush(stdout);
}

/* HELP text as the exposition format escapes it: backslash, newline. */
static void prom_help(const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\\\", stdout);
		else if (*s == '\n')
			fputs("\\n", stdout);
		else
			putchar(*s);
	}
	putchar('\n');
}

/*
 * One family per counter, xfrm_mss_<name>_total, labelled with the scope:
 * the namespace's counts and the totals are different series, and a host
 * that exports both must not see one jump between the two. A counter the
 * module does not show has no family at all rather than an empty one.
 * No timestamps: the textfile collector refuses them.
 */
static void show_prometheus(enum counter_scope scope, const long long *v)
{
	unsigned int i;

	for (i = 0; i < C_MAX; i++) {
		if (v[i] < 0)
			continue;
		printf("# HELP xfrm_mss_%s_total ", counter_names[i]);
		prom_help(counter_descs[i]);
		printf("# TYPE xfrm_mss_%s_total counter\n", counter_names[i]);
		printf("xfrm_mss_%s_total{scope=\"%s\"} %lld\n",
		       counter_names[i], scope_key(scope), v[i]);
	}
	/* A full disk must not leave a cut file for the collector. */
	if (fflush(stdout) || ferror(stdout))
		die(EXIT_RUNTIME, "stats: cannot write the metrics");
}

static enum format parse_format(const char *v)
{
	if (!strcmp(v, "text"))
		return FMT_TEXT;
	if (!strcmp(v, "json"))
		return FMT_JSON;
	if (!strcmp(v, "prometheus"))
		return FMT_PROMETHEUS;
	die(EXIT_USAGE, "stats: --format: '%s' is not one of text, json, prometheus",
	    safe(v));
}

/* A --format other than --json's, or a listing option Prometheus cannot use. */
static void check_format(enum format format, int given, unsigned long watch,
			 int zero_hidden)
{
	if (json_mode && given && format != FMT_JSON)
		die(EXIT_USAGE, "stats: --json and --format %s conflict",
		    format == FMT_TEXT ? "text" : "prometheus");
	if (format == FMT_JSON)
		json_mode = 1;
	if (format != FMT_PROMETHEUS)
		return;
	/* One snapshot per file; a hidden zero is a missing series. */
	if (watch)
		die(EXIT_USAGE, "stats: --watch does not go with --format prometheus");
	if (zero_hidden)
		die(EXIT_USAGE, "stats: --zero-hidden does not go with --format prometheus");
}

int cmd_stats(int argc, char **argv)
{
	long long v[C_MAX], prev[C_MAX];
	enum counter_scope scope = SCOPE_NETNS;
	enum format format = FMT_TEXT;
	unsigned long watch = 0;
	int zero_hidden = 0, given = 0, i, n;
	struct sigaction sa;
	const char *val;

	for (i = 1; i < argc; i++) {
		if (common_opt("stats", argv[i]))
			continue;
		if (!strcmp(argv[i], "--zero-hidden")) {
			zero_hidden = 1;
		} else if (!strcmp(argv[i], "--all")) {
			scope = SCOPE_ALL;
		} else if (opt_value(argc, argv, &i, "stats", "--watch", &val)) {
			watch = parse_num("stats", "--watch", val, 1, 86400);
		} else if (opt_value(argc, argv, &i, "stats", "--format", &val)) {
			format = parse_format(val);
			given = 1;
		} else {
			bad_arg("stats", argv[i]);
		}
	}
	check_format(format, given, watch, zero_hidden);
	need_module("stats");
	if (format == FMT_PROMETHEUS) {
		read_counters("stats", scope, v);
		show_prometheus(scope, v);
		return EXIT_OK;
	}

	/* No SA_RESTART: Ctrl-C ends the sleep and the loop, exit 0. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	for (n = 0; !stop; n++) {
		need_module("stats");
		read_counters("stats", scope, v);
		/* Name the scope: the two give different numbers. */
		if (watch && !json_mode)
			printf("%s--- counters of %s, every %lus, change since the last listing; Ctrl-C ends\n",
			       n ? "\n" : "", scope_text(scope), watch);
		else if (!json_mode)
			printf("counters of %s:\n", scope_text(scope));
		show(scope, zero_hidden, v, watch && n ? prev : NULL);
		if (!watch)
			break;
		memcpy(prev, v, sizeof(prev));
		sleep(watch);
	}
	return EXIT_OK;
}
