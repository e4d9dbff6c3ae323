// SPDX-License-Identifier: GPL-2.0
/*
 * A QEMU TCG plugin for make bench: counts the guest instructions each
 * vCPU executes, and each time a guest runs the marker instruction
 * (bench/mark.c) writes one line with every vCPU's counts to the file
 * given as out=PATH:
 *   insn SEQ VCPU ALL0 ALL1 ... SPIN0 SPIN1 ...
 * SEQ numbers the markers from 1; VCPU is the one that ran it. ALLn is
 * every instruction vCPU n executed, SPINn the part of it in blocks that
 * hold a PAUSE (rep; nop, the kernel's cpu_relax()): busy waits for
 * another CPU, whose length follows when the host runs that CPU's thread,
 * not the work done.
 *
 * Written against QEMU 7.2's plugin API (QEMU_PLUGIN_VERSION 1), whose
 * header Debian does not ship: the few declarations it needs are below.
 * An execution callback per translated block adds the block's length to
 * its vCPU's counter. Under multi-threaded TCG each vCPU is a thread of
 * its own and writes only its own counter; 7.2's inline add has a single
 * address for all vCPUs, so it cannot count per vCPU. A block that an
 * exception leaves early counts in full.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>

/* --- QEMU 7.2 include/qemu/qemu-plugin.h, the parts used here ---------- */
#define EXPORT __attribute__((visibility("default")))
typedef uint64_t qemu_plugin_id_t;
typedef struct {
	const char *target_name;
	struct {
		int min;
		int cur;
	} version;
	bool system_emulation;
	union {
		struct {
			int smp_vcpus;
			int max_vcpus;
		} system;
	};
} qemu_info_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
enum qemu_plugin_cb_flags {
	QEMU_PLUGIN_CB_NO_REGS,
	QEMU_PLUGIN_CB_R_REGS,
	QEMU_PLUGIN_CB_RW_REGS,
};
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);
typedef void (*qemu_plugin_vcpu_udata_cb_t)(unsigned int vcpu_index, void *userdata);
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb, qemu_plugin_vcpu_udata_cb_t cb,
					  enum qemu_plugin_cb_flags flags, void *userdata);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *insn,
					    qemu_plugin_vcpu_udata_cb_t cb,
					    enum qemu_plugin_cb_flags flags, void *userdata);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *tb, size_t idx);
const void *qemu_plugin_insn_data(const struct qemu_plugin_insn *insn);
size_t qemu_plugin_insn_size(const struct qemu_plugin_insn *insn);
EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv);
/* QEMU refuses a plugin without this symbol, or with a version it lacks. */
EXPORT int qemu_plugin_version = 1;
/* --- end of the API ----------------------------------------------------- */

/* nopl 0x4d535358(%rax,%rax,1): a NOP with "XSSM" as its displacement. */
static const unsigned char marker[8] = { 0x0f, 0x1f, 0x84, 0x00, 0x58, 0x53, 0x53, 0x4d };

/* One cache line per vCPU: the vCPU threads do not share lines. */
struct count {
	uint64_t n;
	uint64_t spin;
	char pad[48];
};
static struct count *counts;
static int ncpus;
static uint64_t seq;
static FILE *out;
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

static void add(uint64_t *c, uint64_t len)
{
	__atomic_store_n(c, __atomic_load_n(c, __ATOMIC_RELAXED) + len, __ATOMIC_RELAXED);
}

/* Both run in vcpu's own thread, the only writer of its counters. */
static void tb_exec(unsigned int vcpu, void *len)
{
	add(&counts[vcpu].n, (uintptr_t)len);
}

static void tb_exec_spin(unsigned int vcpu, void *len)
{
	add(&counts[vcpu].n, (uintptr_t)len);
	add(&counts[vcpu].spin, (uintptr_t)len);
}

/*
 * The other vCPUs run on meanwhile: their counts are read within the
 * block they are executing.
 */
static void marker_exec(unsigned int vcpu, void *unused)
{
	int i;

	pthread_mutex_lock(&out_lock);
	fprintf(out, "insn %" PRIu64 " %u", ++seq, vcpu);
	for (i = 0; i < ncpus; i++)
		fprintf(out, " %" PRIu64, __atomic_load_n(&counts[i].n, __ATOMIC_RELAXED));
	for (i = 0; i < ncpus; i++)
		fprintf(out, " %" PRIu64, __atomic_load_n(&counts[i].spin, __ATOMIC_RELAXED));
	fputc('\n', out);
	fflush(out);
	pthread_mutex_unlock(&out_lock);
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	static const unsigned char pause[2] = { 0xf3, 0x90 };
	size_t i, n = qemu_plugin_tb_n_insns(tb);
	bool spin = false;

	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		size_t len = qemu_plugin_insn_size(insn);
		const void *data = qemu_plugin_insn_data(insn);

		if (len == sizeof(pause) && !memcmp(data, pause, len))
			spin = true;
		if (len == sizeof(marker) && !memcmp(data, marker, len))
			qemu_plugin_register_vcpu_insn_exec_cb(insn, marker_exec,
							       QEMU_PLUGIN_CB_NO_REGS, NULL);
	}
	qemu_plugin_register_vcpu_tb_exec_cb(tb, spin ? tb_exec_spin : tb_exec,
					     QEMU_PLUGIN_CB_NO_REGS, (void *)(uintptr_t)n);
}

static void at_exit(qemu_plugin_id_t id, void *unused)
{
	fclose(out);
}

int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv)
{
	const char *path = NULL;
	int i;

	for (i = 0; i < argc; i++)
		if (!strncmp(argv[i], "out=", 4))
			path = argv[i] + 4;
	if (!path || !info->system_emulation) {
		fprintf(stderr, "insn-plugin: needs out=FILE, system emulation\n");
		return -1;
	}
	out = fopen(path, "w");
	if (!out) {
		perror(path);
		return -1;
	}
	ncpus = info->system.max_vcpus;
	counts = calloc(ncpus, sizeof(*counts));
	if (!counts)
		return -1;
	qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
	qemu_plugin_register_atexit_cb(id, at_exit, NULL);
	return 0;
}
