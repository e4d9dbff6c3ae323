// SPDX-License-Identifier: GPL-2.0
/*
 * status: what to paste into a bug report. The module's version and
 * srcversion, each parameter, the settings in force in the caller's
 * network namespace (a sysctl of -1 or "default" follows the parameter,
 * as xfrm_mss_cfg_resolve() does), the key counters, a one-line
 * verdict and, after it, one line per warning (warn.c). The counters, and
 * so the verdict, are the namespace's own; with --all they are the totals
 * over all namespaces.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xfrm_mss/version.h>

#include "xfrm-mss.h"
#include "sysfs.h"

#define VAL_LEN 64

struct setting {
	char param[VAL_LEN];	/* module parameter, "?" if unreadable */
	char sysctl[VAL_LEN];	/* this netns, "" if unreadable */
	const char *value;	/* the one in force */
	const char *source;
};

/* The counters status shows; stats shows them all. */
static const unsigned int key_counters[] = {
	C_seen_syn, C_sa_out, C_sa_in, C_clamped, C_clamped_floor, C_unchanged,
	C_skip_sa_unsupported, C_skip_no_mtu,
};

static int follows_param(const struct param *p, const char *v)
{
	return p->kind == PARAM_WORD ? !strcmp(v, "default") : !strcmp(v, "-1");
}

/* Sysctls print enable as 0/1; parameters as N/Y. One spelling: Y/N. */
static void resolve(const struct param *p, struct setting *s)
{
	if (read_param(p->name, s->param, VAL_LEN))
		strcpy(s->param, "?");
	if (read_sysctl(p->name, s->sysctl, VAL_LEN))
		s->sysctl[0] = 0;
	if (!s->sysctl[0]) {
		s->value = s->param;
		s->source = "module parameter (no sysctl)";
	} else if (follows_param(p, s->sysctl)) {
		s->value = s->param;
		s->source = "module parameter";
	} else {
		s->value = s->sysctl;
		if (p->kind == PARAM_BOOL)
			s->value = strcmp(s->sysctl, "0") ? "Y" : "N";
		s->source = "sysctl";
	}
}

/* A parameter value as JSON: bool, number or string, by kind. */
static void js_value(const char *key, const struct param *p, const char *v)
{
	char *end;
	long long n;

	if (!strcmp(v, "?")) {
		js_null(key);
		return;
	}
	if (p->kind == PARAM_BOOL) {
		js_bool(key, v[0] == 'Y' || v[0] == 'y' || v[0] == '1');
		return;
	}
	n = strtoll(v, &end, 10);
	if (p->kind == PARAM_UINT && *v && !*end)
		js_int(key, n);
	else
		js_str(key, v);
}

static void print_json(const char *ver, const char *srcver,
		       const struct setting *s, enum counter_scope scope,
		       const long long *c, const char *verdict,
		       unsigned long long malformed, const struct warnings *w)
{
	unsigned int i;

	js_open(NULL);
	js_open("module");
	js_bool("loaded", 1);
	js_str("version", ver);
	js_str("srcversion", srcver);
	js_close();
	js_str("tool_version", XFRM_MSS_VERSION);
	js_open("parameters");
	for (i = 0; i < N_PARAMS; i++)
		js_value(params[i].name, &params[i], s[i].param);
	js_close();
	js_open("netns");
	for (i = 0; i < N_PARAMS; i++) {
		js_open(params[i].name);
		if (s[i].sysctl[0])
			js_value("sysctl", &params[i], s[i].sysctl);
		else
			js_null("sysctl");
		js_value("value", &params[i], s[i].value);
		js_str("source", s[i].sysctl[0] && !strcmp(s[i].source, "sysctl") ?
			"sysctl" : "module parameter");
		js_close();
	}
	js_close();
	js_str("scope", scope_key(scope));
	js_open("counters");
	for (i = 0; i < C_MAX; i++)
		if (c[i] < 0)
			js_null(counter_names[i]);
		else
			js_uint(counter_names[i], c[i]);
	js_close();
	js_open("verdict");
	js_uint("clamped", c[C_clamped] < 0 ? 0 : c[C_clamped]);
	js_uint("malformed", malformed);
	js_bool("enabled", s[0].value[0] == 'Y');
	js_str("text", verdict);
	js_close();
	js_array("warnings");
	for (i = 0; i < w->n; i++)
		js_str(NULL, w->text[i]);
	js_array_close();
	js_close();
	js_end();
}

int cmd_status(int argc, char **argv)
{
	char ver[VAL_LEN], srcver[VAL_LEN], path[PATH_LEN], a[32], b[32];
	char verdict[160];
	struct setting s[N_PARAMS];
	enum counter_scope scope = SCOPE_NETNS;
	unsigned long long malformed;
	struct warnings w;
	long long c[C_MAX];
	unsigned int i;
	int enabled;

	for (i = 1; i < (unsigned int)argc; i++) {
		if (common_opt("status", argv[i]))
			continue;
		if (strcmp(argv[i], "--all"))
			bad_arg("status", argv[i]);
		scope = SCOPE_ALL;
	}
	need_module("status");

	path_sys(path, sizeof(path), MOD_DIR "/version", NULL);
	if (read_text(path, ver, sizeof(ver)))
		strcpy(ver, "unknown");
	path_sys(path, sizeof(path), MOD_DIR "/srcversion", NULL);
	if (read_text(path, srcver, sizeof(srcver)))
		strcpy(srcver, "unknown");
	for (i = 0; i < N_PARAMS; i++)
		resolve(&params[i], &s[i]);
	read_counters("status", scope, c);
	malformed = malformed_sum(c);
	enabled = s[0].value[0] == 'Y' ? 1 : s[0].value[0] == 'N' ? 0 : -1;
	status_warnings(&w, scope, c, enabled, !strcmp(s[0].source, "sysctl"));
	snprintf(verdict, sizeof(verdict), "clamping%s: %s SYNs lowered, %s malformed",
		 enabled == 1 ? "" : " disabled in this namespace",
		 fmt_thousands(c[C_clamped] < 0 ? 0 : c[C_clamped], a, sizeof(a)),
		 fmt_thousands(malformed, b, sizeof(b)));
	if (json_mode) {
		print_json(ver, srcver, s, scope, c, verdict, malformed, &w);
		return EXIT_OK;
	}

	printf("xfrm_mss %s, srcversion %s (tool %s): supply this line in bug reports\n",
	       ver, srcver, XFRM_MSS_VERSION);
	printf("module parameters:\n");
	for (i = 0; i < N_PARAMS; i++)
		printf("  %-10s %s\n", params[i].name, s[i].param);
	printf("this network namespace (net.xfrm_mss.*):\n");
	for (i = 0; i < N_PARAMS; i++)
		printf("  %-10s %-8s from %s\n", params[i].name, s[i].value,
		       s[i].source);
	printf("counters (%s):\n", scope_text(scope));
	for (i = 0; i < sizeof(key_counters) / sizeof(key_counters[0]); i++) {
		unsigned int id = key_counters[i];

		if (c[id] < 0)
			strcpy(a, "n/a");
		else
			fmt_thousands(c[id], a, sizeof(a));
		printf("  %-20s %15s  %s\n", counter_names[id], a,
		       counter_descs[id]);
	}
	printf("  %-20s %15s  %s\n", "bad_* (sum)", b,
	       "malformed packets, passed unmodified");
	printf("%s\n", verdict);
	for (i = 0; i < w.n; i++)
		printf("warning: %s\n", w.text[i]);
	return EXIT_OK;
}
