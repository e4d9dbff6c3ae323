// SPDX-License-Identifier: GPL-2.0
/*
 * xfrm-mss: the control tool of the xfrm_mss module. This file owns the
 * command line: global options, dispatch to the subcommands, the usage
 * text, and the helpers every subcommand uses to refuse bad input. Each
 * refusal is exactly one line on stderr, "xfrm-mss: ...", and exit code 2;
 * runtime errors exit 1 and a missing module exits 3.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xfrm_mss/version.h>

#include "xfrm-mss.h"

int json_mode;

const char *const counter_names[C_MAX] = {
#define XFRM_MSS_COUNTER(name, desc) #name,
#include <xfrm_mss/counters.h>
#undef XFRM_MSS_COUNTER
};

const char *const counter_descs[C_MAX] = {
#define XFRM_MSS_COUNTER(name, desc) desc,
#include <xfrm_mss/counters.h>
#undef XFRM_MSS_COUNTER
};

static const char usage[] =
"usage: xfrm-mss [--json] COMMAND [ARGS]\n"
"\n"
"  status [--all]                module, parameters, this namespace, verdict,\n"
"                                warnings\n"
"  stats [--all] [--watch SECONDS] [--zero-hidden]\n"
"        [--format text|json|prometheus]\n"
"                                every counter with its description\n"
"  set NAME VALUE                write a module parameter (root):\n"
"                                enable y|n, min_mss 88-65495,\n"
"                                path_mtu 0|576-65535, df_policy copy|clear|set\n"
"  sa [--mtu N]                  SAs of this namespace, overhead and MSS\n"
"  calc --alg ALG [--alg ALG2] [--icv BITS]\n"
"       [--mode tunnel|transport|beet|iptfs] [--dont-frag] [--pkt-size N]\n"
"       [--encap none|udp|udp-nonike|tcp] [--outer 4|6] [--inner 4|6] --mtu N\n"
"                                the same arithmetic, offline\n"
"\n"
"status and stats show the counters of this network namespace; with --all,\n"
"the totals over all network namespaces.\n"
"Every command takes --json. Also: -h/--help, --version.\n"
"Exit: 0 ok, 1 runtime error, 2 bad usage, 3 module not loaded.\n"
"See xfrm-mss(8).\n";

/* Echo user input in one line: no control bytes, bounded length. */
const char *safe(const char *s)
{
	static char buf[4][48];
	static unsigned int n;
	char *b = buf[n++ % 4];
	unsigned int i;

	for (i = 0; s[i] && i < sizeof(buf[0]) - 4; i++)
		b[i] = (s[i] < 0x20 || s[i] == 0x7f) ? '?' : s[i];
	if (s[i])
		memcpy(&b[i++], "...", 4);
	else
		b[i] = 0;
	return b;
}

void die(int code, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("xfrm-mss: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

/* A decimal number in [min, max]: no sign, no spaces, no trailing bytes. */
unsigned long parse_num(const char *cmd, const char *what, const char *s,
			unsigned long min, unsigned long max)
{
	unsigned long v;
	char *end;

	if (*s < '0' || *s > '9')
		die(EXIT_USAGE, "%s: %s: '%s' is not a number", cmd, what,
		    safe(s));
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end)
		die(EXIT_USAGE, "%s: %s: '%s' is not a number", cmd, what,
		    safe(s));
	if (errno == ERANGE || v < min || v > max)
		die(EXIT_USAGE, "%s: %s: %s is out of range (%lu-%lu)", cmd,
		    what, safe(s), min, max);
	return v;
}

/* "--name VALUE" or "--name=VALUE" at argv[*i]: 1 and *val set, else 0. */
int opt_value(int argc, char **argv, int *i, const char *cmd,
	      const char *name, const char **val)
{
	const char *a = argv[*i];
	size_t n = strlen(name);

	if (strncmp(a, name, n) || (a[n] && a[n] != '='))
		return 0;
	if (a[n] == '=') {
		*val = a + n + 1;
		return 1;
	}
	if (*i + 1 >= argc)
		die(EXIT_USAGE, "%s: %s needs a value", cmd, name);
	*val = argv[++*i];
	return 1;
}

/* The options every subcommand shares; returns 1 if @a was one. */
int common_opt(const char *cmd, const char *a)
{
	if (!strcmp(a, "--json") || !strcmp(a, "-j")) {
		json_mode = 1;
		return 1;
	}
	if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
		fputs(usage, stdout);
		exit(EXIT_OK);
	}
	(void)cmd;
	return 0;
}

void bad_arg(const char *cmd, const char *a)
{
	if (a[0] == '-')
		die(EXIT_USAGE, "%s: unknown option '%s' (try --help)", cmd,
		    safe(a));
	die(EXIT_USAGE, "%s: unexpected argument '%s' (try --help)", cmd,
	    safe(a));
}

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
} cmds[] = {
	{ "status", cmd_status },
	{ "stats", cmd_stats },
	{ "set", cmd_set },
	{ "sa", cmd_sa },
	{ "calc", cmd_calc },
};

int main(int argc, char **argv)
{
	unsigned int c;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--version")) {
			printf("xfrm-mss %s\n", XFRM_MSS_VERSION);
			return EXIT_OK;
		}
		if (!common_opt("xfrm-mss", argv[i]))
			die(EXIT_USAGE, "unknown option '%s' (try --help)",
			    safe(argv[i]));
	}
	if (i == argc)
		die(EXIT_USAGE, "no command given (try --help)");
	if (!strcmp(argv[i], "help")) {
		fputs(usage, stdout);
		return EXIT_OK;
	}
	for (c = 0; c < sizeof(cmds) / sizeof(cmds[0]); c++)
		if (!strcmp(argv[i], cmds[c].name))
			return cmds[c].fn(argc - i, argv + i);
	die(EXIT_USAGE, "unknown command '%s' (try --help)", safe(argv[i]));
}
