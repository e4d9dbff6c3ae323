// SPDX-License-Identifier: GPL-2.0
/*
 * nsx: "ip netns exec" for the guest, built static.
 *   nsx NAME CMD [ARG...]     run CMD in the network namespace NAME
 *                             (/run/netns/NAME, made by "ip netns add")
 *   nsx NAME -w FILE VALUE    write VALUE to FILE there (a sysctl under
 *                             /proc/sys/net, which follows the writer's
 *                             namespace), without a second program
 * Under TCG every program started costs: on the debug kernel about 0.3 s
 * for a static one and 2-3 s for ip(8), which loads ten shared libraries
 * before it execs CMD. nsx only joins the namespace: it does not remount
 * /sys or bind /etc/netns/NAME as ip does, and no test reads either.
 * CMD replaces nsx (exec), so "nsx NAME CMD &" leaves $! naming CMD.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char path[256];
	int fd;

	if (argc < 3) {
		fprintf(stderr, "usage: nsx NAME CMD [ARG...] | nsx NAME -w FILE VALUE\n");
		return 255;
	}
	snprintf(path, sizeof(path), "/run/netns/%s", argv[1]);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET)) {
		fprintf(stderr, "nsx: network namespace %s: %s\n", argv[1],
			strerror(errno));
		return 255;
	}
	close(fd);
	if (!strcmp(argv[2], "-w")) {
		size_t n;

		if (argc != 5) {
			fprintf(stderr, "usage: nsx NAME -w FILE VALUE\n");
			return 255;
		}
		fd = open(argv[3], O_WRONLY | O_CLOEXEC);
		n = strlen(argv[4]);
		if (fd < 0 || write(fd, argv[4], n) != (ssize_t)n) {
			fprintf(stderr, "nsx: %s: %s\n", argv[3], strerror(errno));
			return 1;
		}
		return close(fd) ? 1 : 0;
	}
	execvp(argv[2], argv + 2);
	fprintf(stderr, "nsx: %s: %s\n", argv[2], strerror(errno));
	return 255;
}
