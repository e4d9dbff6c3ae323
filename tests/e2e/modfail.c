// SPDX-License-Identifier: GPL-2.0
/*
 * modfail: load a module with the Nth fault-injection site of the load
 * failing (failslab, fail_page_alloc: /proc/thread-self/fail-nth), so that
 * only the finit_module() system call runs under injection, not the exec
 * of a loader.
 *
 *   modfail MODULE.ko N [PARAMS]
 *
 * Prints "N ERRNO INJECTED LEFT": ERRNO is 0 when the module loaded,
 * INJECTED is 1 when the Nth site was reached and failed; otherwise the
 * load had N - LEFT sites in all (LEFT is the countdown that remained).
 * Exit status 0 unless the tool itself could not run.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* One descriptor for the whole run: opening it later would count too. */
static int fail_nth(int fd, const char *val, char *out, size_t len)
{
	ssize_t n;

	if (val) {
		n = pwrite(fd, val, strlen(val), 0);
	} else {
		n = pread(fd, out, len - 1, 0);
		if (n >= 0)
			out[n] = '\0';
	}
	return n < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	char buf[32], left[32];
	long nth;
	int fd, nfd, rc, err;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: modfail MODULE.ko N [PARAMS]\n");
		return 2;
	}
	nth = strtol(argv[2], NULL, 10);
	if (nth < 1) {
		fprintf(stderr, "modfail: N must be a positive integer\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "modfail: %s: %s\n", argv[1], strerror(errno));
		return 2;
	}
	nfd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	if (nfd < 0) {
		fprintf(stderr, "modfail: fail-nth: %s\n", strerror(errno));
		return 2;
	}
	snprintf(buf, sizeof(buf), "%ld", nth);
	if (fail_nth(nfd, buf, NULL, 0)) {
		fprintf(stderr, "modfail: fail-nth: %s\n", strerror(errno));
		return 2;
	}
	rc = syscall(SYS_finit_module, fd, argc == 4 ? argv[3] : "", 0);
	err = rc ? errno : 0;
	/* Reads 0 once the fault was injected, else what was left. */
	if (fail_nth(nfd, NULL, left, sizeof(left))) {
		fprintf(stderr, "modfail: fail-nth: %s\n", strerror(errno));
		return 2;
	}
	fail_nth(nfd, "0", NULL, 0);
	printf("%ld %d %d %d\n", nth, err, atoi(left) == 0, atoi(left));
	return 0;
}
