// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's marker for bench/insn-plugin.c: executes the instruction
 * the plugin watches for, once, between two readings of the packets each
 * CPU has taken from its backlog (/proc/net/softnet_stat, first column),
 * and prints their midpoints, one per CPU. Reading the packet counters
 * here, at the marker, keeps the packet window and the instruction
 * window aligned to within two reads of that file; in the shell they
 * were apart by a fork and exec that take a varying time under TCG.
 * Static, so that it runs in the initramfs.
 */
#include <stdio.h>
#include <stdlib.h>

#define NCPU 64

static int processed(unsigned long long *p)
{
	char line[512];
	FILE *f = fopen("/proc/net/softnet_stat", "r");
	int n = 0;

	if (!f)
		return 0;
	while (n < NCPU && fgets(line, sizeof(line), f))
		p[n++] = strtoull(line, NULL, 16);
	fclose(f);
	return n;
}

int main(void)
{
	unsigned long long a[NCPU], b[NCPU];
	int i, n;

	n = processed(a);
	asm volatile("nopl 0x4d535358(%%rax,%%rax,1)" ::: "memory");
	if (processed(b) != n)
		return 1;
	for (i = 0; i < n; i++)
		printf("%s%llu", i ? " " : "", (a[i] + b[i]) / 2);
	putchar('\n');
	return 0;
}
