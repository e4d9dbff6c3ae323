// SPDX-License-Identifier: GPL-2.0
/*
 * Is xfrm_mss loaded at boot? Yes when a modules-load.d(5) file in force
 * names it, or /etc/modules (Debian's kmod init script, and on systemd
 * hosts /etc/modules-load.d/modules.conf links to it), or modules_load=
 * on the kernel command line. The files are read as systemd-modules-load
 * reads them: *.conf in /etc, /run, /usr/local/lib, /usr/lib and /lib,
 * in that order, where a file masks a same-named one in a later directory
 * (a symlink to /dev/null masks it by being empty); a line is one module
 * name, '#' and ';' start comments, and kmod takes '-' for '_'. All paths
 * are below XFRM_MSS_ROOT, the command line below XFRM_MSS_PROCFS.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "xfrm-mss.h"
#include "sysfs.h"

#define MODULE_NAME	"xfrm_mss"
#define N_DIRS		5

static const char *const load_dirs[N_DIRS] = {
	"etc/modules-load.d/", "run/modules-load.d/",
	"usr/local/lib/modules-load.d/", "usr/lib/modules-load.d/",
	"lib/modules-load.d/",
};

/* @s, @len bytes of it, names the module, with '-' for '_' allowed. */
static int is_module(const char *s, size_t len)
{
	size_t i;

	if (len != strlen(MODULE_NAME))
		return 0;
	for (i = 0; i < len; i++)
		if (s[i] != MODULE_NAME[i] &&
		    !(s[i] == '-' && MODULE_NAME[i] == '_'))
			return 0;
	return 1;
}

/*
 * A line of @path names the module: the whole line once blanks are
 * stripped (modules-load.d), or its first word (/etc/modules, where
 * arguments may follow). An unreadable file names nothing.
 */
static int file_names_module(const char *path, int first_word)
{
	size_t cap = 0, len;
	char *line = NULL, *s;
	int found = 0;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return 0;
	while (!found && getline(&line, &cap, f) > 0) {
		s = line + strspn(line, " \t");
		len = first_word ? strcspn(s, " \t\r\n") : strlen(s);
		while (len && isspace((unsigned char)s[len - 1]))
			len--;
		if (*s != '#' && *s != ';')
			found = is_module(s, len);
	}
	free(line);
	fclose(f);
	return found;
}

/* The first directory before @dir that has a file called @name, or -1. */
static int masked_by(unsigned int dir, const char *name)
{
	char path[PATH_LEN];
	struct stat st;
	unsigned int i;

	for (i = 0; i < dir; i++) {
		path_root(path, sizeof(path), load_dirs[i], name);
		if (!lstat(path, &st))
			return i;
	}
	return -1;
}

/* Hidden files and other names are not read, as systemd skips them. */
static int conf_name(const char *name)
{
	size_t n = strlen(name);

	return name[0] != '.' && n > 5 && !strcmp(name + n - 5, ".conf");
}

/*
 * 1 if a file in force names the module. Else 0, and if a masked file
 * names it, the masking and the masked file (relative to /) in @mask.
 */
static int modules_load_d(char *mask, size_t len)
{
	char path[PATH_LEN];
	struct dirent *e;
	unsigned int i;
	int by, found = 0;
	DIR *d;

	for (i = 0; i < N_DIRS && !found; i++) {
		path_root(path, sizeof(path), load_dirs[i], NULL);
		d = opendir(path);
		if (!d)
			continue;
		while (!found && (e = readdir(d))) {
			if (!conf_name(e->d_name))
				continue;
			path_root(path, sizeof(path), load_dirs[i], e->d_name);
			if (!file_names_module(path, 0))
				continue;
			by = masked_by(i, e->d_name);
			if (by < 0)
				found = 1;
			else if (!*mask)
				snprintf(mask, len, "/%s%s masks /%s%s",
					 load_dirs[by], e->d_name,
					 load_dirs[i], e->d_name);
		}
		closedir(d);
	}
	return found;
}

/* modules_load= or rd.modules_load= with the module in its list. */
static int cmdline_names_module(void)
{
	static const char *const keys[] = { "modules_load=", "rd.modules_load=" };
	char path[PATH_LEN], buf[4096], *tok, *save, *m, *msave;
	unsigned int k;

	path_proc(path, sizeof(path), "cmdline", NULL);
	if (read_text(path, buf, sizeof(buf)))
		return 0;
	for (tok = strtok_r(buf, " \t\n", &save); tok;
	     tok = strtok_r(NULL, " \t\n", &save)) {
		for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			if (strncmp(tok, keys[k], strlen(keys[k])))
				continue;
			for (m = strtok_r(tok + strlen(keys[k]), ",", &msave);
			     m; m = strtok_r(NULL, ",", &msave))
				if (is_module(m, strlen(m)))
					return 1;
		}
	}
	return 0;
}

const char *boot_check(char *buf, size_t len)
{
	char path[PATH_LEN], mask[2 * PATH_LEN] = "";

	if (modules_load_d(mask, sizeof(mask)))
		return NULL;
	path_root(path, sizeof(path), "etc/modules", NULL);
	if (file_names_module(path, 1) || cmdline_names_module())
		return NULL;
	if (*mask)
		snprintf(buf, len, "xfrm_mss is not loaded at boot: %s; remove the first to load it at boot",
			 mask);
	else
		snprintf(buf, len, "xfrm_mss is not loaded at boot: no modules-load.d file or /etc/modules line names it; echo xfrm_mss > /etc/modules-load.d/xfrm-mss.conf");
	return buf;
}
