# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Sourced by the test scripts: cache location, logging, Debian downloads.
# Downloads and builds live outside the repository, in $XFRM_MSS_CACHE.

XFRM_MSS_CACHE=${XFRM_MSS_CACHE:-/var/cache/xfrm-mss}
XFRM_MSS_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
mkdir -p "$XFRM_MSS_CACHE"

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# apt_fetch DIR PKG...: download .debs (once) into DIR.
apt_fetch() {
	local dir=$1 p
	shift
	mkdir -p "$dir"
	for p in "$@"; do
		ls "$dir/${p}_"*.deb >/dev/null 2>&1 && continue
		(cd "$dir" && apt-get -o APT::Sandbox::User=root download -q "$p" >/dev/null) ||
			{ apt-get update -q >/dev/null &&
			  (cd "$dir" && apt-get -o APT::Sandbox::User=root download -q "$p" >/dev/null); } ||
			die "apt-get download $p failed"
	done
}

# suite_apt SUITE: sets APT_OPTS, the apt-get/apt-cache options that see
# Debian SUITE through a private sources list, lists and cache under
# $XFRM_MSS_CACHE/apt/SUITE (the system's apt state is never touched;
# bookworm is the system's own: no options). The lists are refreshed at
# most once a day, under a lock (suites may ask at the same time).
suite_apt() {
	local s=$1 a keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	local mirror=http://deb.debian.org
	APT_OPTS=()
	case $s in
	bookworm) return 0 ;;
	bullseye | bookworm-backports | trixie | trixie-backports | sid) ;;
	*) die "unknown suite $s" ;;
	esac
	a=$XFRM_MSS_CACHE/apt/$s
	mkdir -p "$a/lists/partial" "$a/cache/archives/partial"
	{
		echo "deb [signed-by=$keyring] $mirror/debian $s main"
		case $s in bullseye | trixie)
			echo "deb [signed-by=$keyring] $mirror/debian-security $s-security main" ;;
		esac
	} >"$a/sources.list"
	APT_OPTS=(-o "Dir::Etc::SourceList=$a/sources.list" -o Dir::Etc::SourceParts=/dev/null
		  -o "Dir::State::Lists=$a/lists" -o "Dir::Cache=$a/cache"
		  -o APT::Sandbox::User=root -q)
	(
		flock 9
		[ -n "$(find "$a/lists" -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null)" ] &&
			exit 0
		log "apt-get update ($s, private lists)"
		apt-get "${APT_OPTS[@]}" update >/dev/null && exit 0
		ls "$a"/lists/*Packages* >/dev/null 2>&1 || die "apt-get update for $s failed"
		log "apt-get update for $s failed: using the old lists"
	) 9>"$a/lock"
}

# debian_kv: the ABI of Debian's current 6.1 kernel (e.g. 6.1.0-56-amd64).
debian_kv() {
	local kv
	kv=$(apt-cache depends linux-image-amd64 2>/dev/null |
	     sed -n 's/.*Depends: linux-image-\(6\.1\.[0-9]*-[0-9]*-amd64\)$/\1/p' | head -n 1)
	if [ -z "$kv" ]; then
		apt-get update -q >/dev/null
		kv=$(apt-cache depends linux-image-amd64 |
		     sed -n 's/.*Depends: linux-image-\(6\.1\.[0-9]*-[0-9]*-amd64\)$/\1/p' | head -n 1)
	fi
	[ -n "$kv" ] || die "cannot find Debian's linux-image-amd64 dependency"
	echo "$kv"
}

# suite_root SUITE: the userland that builds modules for SUITE's kernels:
# nothing (the host) for bullseye, bookworm and bookworm-backports; the
# path of a cached chroot (tests/lib/chroot.sh) for trixie and newer,
# whose headers need their own compiler. PKG... go into the chroot.
suite_root() {
	local s=$1
	shift
	case $s in
	bullseye | bookworm | bookworm-backports) ;;
	trixie | trixie-backports) bash "$XFRM_MSS_TOP/tests/lib/chroot.sh" trixie "$@" ;;
	*) bash "$XFRM_MSS_TOP/tests/lib/chroot.sh" "$s" "$@" ;;
	esac
}

# in_root DIR CMD...: runs CMD with DIR as / (on the host when DIR is
# empty), in the same working directory, in a private mount namespace in
# which /dev, /tmp, the cache and this tree are the host's, at the same
# paths: nothing stays mounted afterwards.
in_root() {
	local r=$1
	shift
	if [ -z "$r" ]; then
		"$@"
		return
	fi
	# shellcheck disable=SC2016 # expanded by the inner sh
	unshare -m --propagation private sh -c '
		r=$1 cache=$2 top=$3
		shift 3
		mount --rbind /dev "$r/dev" || exit 1
		for d in /tmp "$cache" "$top"; do
			mkdir -p "$r$d" && mount --bind "$d" "$r$d" || exit 1
		done
		mount -t proc proc "$r/proc" || exit 1
		exec chroot "$r" env PATH=/usr/sbin:/usr/bin:/sbin:/bin \
			sh -c "cd \"\$0\" 2>/dev/null || cd /; exec \"\$@\"" "$@"
	' sh "$r" "$XFRM_MSS_CACHE" "$XFRM_MSS_TOP" "$PWD" "$@"
}

# build_module KDIR DIR [MAKE ARGS...]: xfrm_mss.ko for the kernel tree
# KDIR, from a copy of this tree's module sources in DIR (out of tree, as
# DKMS builds it); in the userland $CHROOT when set (see headers.sh).
build_module() {
	local kdir=$1 dir=$2
	shift 2
	mkdir -p "$dir"
	cp -r "$XFRM_MSS_TOP"/{Kbuild,Makefile,src,include} "$dir/"
	in_root "${CHROOT:-}" make -s -C "$kdir" M="$dir" "$@" modules 2>&1 | grep -v '^  ' || true
	[ -f "$dir/xfrm_mss.ko" ] || die "module build failed"
}
