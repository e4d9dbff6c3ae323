// SPDX-License-Identifier: GPL-2.0
/*
 * tcpx: the TCP ends of the end-to-end tests, built static for the guest.
 *   tcpx server ADDR PORT            accept one connection, read to EOF,
 *                                    print "received N", exit 0
 *   tcpx client ADDR PORT BYTES SECS send BYTES, half-close, wait for
 *                                    the server's close; print "sent N"
 *                                    and exit 0, or exit 1 when SECS pass
 *                                    first (a stalled transfer)
 *   tcpx bulk ADDR PORT BYTES SECS   the same with TCP_CORK held until
 *                                    all is written, as a bulk sender
 *                                    such as sendfile() with nginx's
 *                                    tcp_nopush does: every segment but
 *                                    the last is full
 *   tcpx udpsend ADDR PORT SIZE COUNT df|nodf
 *                                    COUNT datagrams of SIZE bytes, with
 *                                    or without DF; "udp sent N"
 *   tcpx udprecv ADDR PORT SECS      count datagrams for SECS seconds:
 *                                    "udp received N bytes B"
 *   tcpx synflood ADDR PORT SECS     SYNs from non-blocking connects,
 *                                    each closed at once: "syns N"
 *   tcpx connect-many ADDR PORT COUNT SECS
 *                                    COUNT connections, 32 in flight,
 *                                    each reset (SO_LINGER 0) once
 *                                    established: "connections N failed F"
 *   tcpx accept-many ADDR PORT SECS  accept and close for SECS seconds:
 *                                    "accepted N"
 *   tcpx natt PORT                   hold a UDP socket on PORT with
 *                                    UDP_ENCAP_ESPINUDP, as an IKE daemon
 *                                    does, so that the kernel takes
 *                                    ESP-in-UDP (RFC 3948) arriving there
 *   tcpx espintcp listen ADDR PORT   accept one TCP connection and
 *   tcpx espintcp connect ADDR PORT LADDR LPORT
 *                                    connect from LADDR LPORT; then set
 *                                    the "espintcp" ULP on it, print
 *                                    "espintcp ready" and hold it, as an
 *                                    IKE daemon does after RFC 8229's
 *                                    setup, so that ESP SAs with "encap
 *                                    espintcp" (sport = our port, dport =
 *                                    the peer's) go through it
 *   tcpx waitlisten PORT SECS       until a socket of this namespace
 *                                    listens on TCP PORT (exit 0), or
 *                                    SECS pass (exit 1)
 * Both TCP ends print the connection's TCP_MAXSEG as "maxseg N".
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <linux/sockios.h>
#include <linux/udp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A numeric IPv4 or IPv6 address and a port; no resolver in the guest. */
static socklen_t sockaddr_of(const char *addr, const char *port,
			     struct sockaddr_storage *ss)
{
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(atoi(port));
		return sizeof(*s4);
	}
	if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(atoi(port));
		return sizeof(*s6);
	}
	fprintf(stderr, "tcpx: not a numeric address: %s\n", addr);
	exit(2);
}

static void print_maxseg(int fd)
{
	int mss = 0;
	socklen_t len = sizeof(mss);

	if (!getsockopt(fd, IPPROTO_TCP, TCP_MAXSEG, &mss, &len))
		printf("maxseg %d\n", mss);
}

static int server(const char *addr, const char *port)
{
	struct sockaddr_storage ss;
	socklen_t sl = sockaddr_of(addr, port, &ss);
	int one = 1, fd, c;
	char buf[65536];
	long long total = 0;
	ssize_t n;

	fd = socket(ss.ss_family, SOCK_STREAM, 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fd < 0 || bind(fd, (struct sockaddr *)&ss, sl) || listen(fd, 4)) {
		perror("tcpx: listen");
		return 2;
	}
	c = accept(fd, NULL, NULL);
	if (c < 0) {
		perror("tcpx: accept");
		return 2;
	}
	print_maxseg(c);
	while ((n = read(c, buf, sizeof(buf))) > 0)
		total += n;
	printf("received %lld\n", total);
	close(c);
	close(fd);
	return 0;
}

static int client(const char *addr, const char *port, long long bytes,
		  double secs, int cork)
{
	struct sockaddr_storage ss;
	socklen_t sl = sockaddr_of(addr, port, &ss);
	double start = now(), end = start + secs;
	static char buf[65536];
	long long sent = 0;
	struct pollfd p;
	int fd;

	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		perror("tcpx: socket");
		return 2;
	}
	if (connect(fd, (struct sockaddr *)&ss, sl) && errno != EINPROGRESS) {
		perror("tcpx: connect");
		return 2;
	}
	if (cork && setsockopt(fd, IPPROTO_TCP, TCP_CORK, &cork, sizeof(cork))) {
		perror("tcpx: TCP_CORK");
		return 2;
	}
	p.fd = fd;
	for (;;) {
		int left = (int)((end - now()) * 1000);
		ssize_t n;

		if (left <= 0) {
			struct linger lg = { .l_onoff = 1, .l_linger = 0 };
			int unacked = 0;

			/* Written less what still sits unacknowledged. */
			ioctl(fd, SIOCOUTQ, &unacked);
			printf("sent %lld\nacked %lld\nstalled after %.0f s\n", sent,
			       sent - unacked, secs);
			/*
			 * Reset, so that no orphan retransmits the unacknowledged
			 * data into the next case (it would be counted there).
			 */
			setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
			close(fd);
			return 1;
		}
		p.events = sent < bytes ? POLLOUT : POLLIN;
		if (poll(&p, 1, left) <= 0)
			continue;
		if (sent < bytes) {
			size_t want = bytes - sent < (long long)sizeof(buf) ?
				      (size_t)(bytes - sent) : sizeof(buf);

			n = write(fd, buf, want);
			if (n < 0 && errno != EAGAIN) {
				perror("tcpx: write");
				return 2;
			}
			if (n > 0)
				sent += n;
			if (sent == bytes) {
				int off = 0;

				print_maxseg(fd);
				if (cork)
					setsockopt(fd, IPPROTO_TCP, TCP_CORK, &off,
						   sizeof(off));
				shutdown(fd, SHUT_WR);
			}
			continue;
		}
		/* All written: the server's close means it read everything. */
		n = read(fd, buf, sizeof(buf));
		if (n == 0)
			break;
		if (n < 0 && errno != EAGAIN) {
			perror("tcpx: read");
			return 2;
		}
	}
	printf("sent %lld\ncompleted in %.1f s\n", sent, now() - start);
	close(fd);
	return 0;
}

static int natt(const char *port)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(atoi(port)),
	};
	int type = UDP_ENCAP_ESPINUDP;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin)) ||
	    setsockopt(fd, IPPROTO_UDP, UDP_ENCAP, &type, sizeof(type))) {
		perror("tcpx: UDP_ENCAP socket");
		return 2;
	}
	printf("UDP_ENCAP socket on %s\n", port);
	for (;;)
		pause();
}

/*
 * ESP in TCP (RFC 8229): the kernel sends an SA's ESP packets over the
 * established TCP socket whose local and remote ports are the SA's encap
 * sport and dport, and only once the socket has the "espintcp" ULP
 * (esp_find_tcp_sk()); on receive the ULP takes ESP out of the stream.
 * The ULP cannot be set on a listener (no clone op): only on the
 * accepted socket. The IKE part of the setup ("IKETCP" prefix, keys) is
 * not needed by the kernel and left out.
 */
static int espintcp(int listener, const char *addr, const char *port,
		    const char *laddr, const char *lport)
{
	struct sockaddr_storage ss, ls;
	socklen_t sl = sockaddr_of(addr, port, &ss);
	int one = 1, fd, c;

	fd = socket(ss.ss_family, SOCK_STREAM, 0);
	if (fd < 0) {
		perror("tcpx: espintcp socket");
		return 2;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (listener) {
		if (bind(fd, (struct sockaddr *)&ss, sl) || listen(fd, 1)) {
			perror("tcpx: espintcp listen");
			return 2;
		}
		c = accept(fd, NULL, NULL);
		if (c < 0) {
			perror("tcpx: espintcp accept");
			return 2;
		}
	} else {
		socklen_t ll = sockaddr_of(laddr, lport, &ls);

		if (bind(fd, (struct sockaddr *)&ls, ll) ||
		    connect(fd, (struct sockaddr *)&ss, sl)) {
			perror("tcpx: espintcp connect");
			return 2;
		}
		c = fd;
	}
	if (setsockopt(c, IPPROTO_TCP, TCP_ULP, "espintcp", sizeof("espintcp"))) {
		perror("tcpx: espintcp ULP");
		return 2;
	}
	printf("espintcp ready\n");
	for (;;)
		pause();
}

/*
 * UDP datagrams of SIZE payload bytes, COUNT of them, with DF on every
 * one (IP_PMTUDISC_DO: never fragmented by the sender) or none
 * (IP_PMTUDISC_DONT); for IPv6, DO and DONT choose the same about local
 * fragmentation.
 */
static int udp_send(const char *addr, const char *port, int size, int count,
		    const char *df)
{
	struct sockaddr_storage ss;
	socklen_t sl = sockaddr_of(addr, port, &ss);
	int pmtu = strcmp(df, "df") ? IP_PMTUDISC_DONT : IP_PMTUDISC_DO;
	static char buf[65536];
	int fd, i, sent = 0;

	fd = socket(ss.ss_family, SOCK_DGRAM, 0);
	if (fd < 0 || size < 0 || size > (int)sizeof(buf)) {
		perror("tcpx: udp socket");
		return 2;
	}
	if (ss.ss_family == AF_INET)
		setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &pmtu, sizeof(pmtu));
	else
		setsockopt(fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, &pmtu, sizeof(pmtu));
	memset(buf, 0x5a, size);
	for (i = 0; i < count; i++) {
		if (sendto(fd, buf, size, 0, (struct sockaddr *)&ss, sl) == size)
			sent++;
		usleep(20000);
	}
	printf("udp sent %d\n", sent);
	return sent == count ? 0 : 1;
}

/* Counts datagrams (and their bytes) arriving on ADDR PORT for SECS. */
static int udp_recv(const char *addr, const char *port, double secs)
{
	struct sockaddr_storage ss;
	socklen_t sl = sockaddr_of(addr, port, &ss);
	double end = now() + secs;
	static char buf[65536];
	long long bytes = 0;
	struct pollfd p;
	int fd, n = 0;

	fd = socket(ss.ss_family, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&ss, sl)) {
		perror("tcpx: udp bind");
		return 2;
	}
	printf("udp listening\n");
	p.fd = fd;
	p.events = POLLIN;
	for (;;) {
		int left = (int)((end - now()) * 1000);
		ssize_t r;

		if (left <= 0)
			break;
		if (poll(&p, 1, left) <= 0)
			continue;
		r = recv(fd, buf, sizeof(buf), 0);
		if (r >= 0) {
			n++;
			bytes += r;
		}
	}
	printf("udp received %d bytes %lld\n", n, bytes);
	return 0;
}

/*
 * A SYN flood from one host's own stack: non-blocking connects, each
 * closed at once (a socket in SYN-SENT goes away without a RST), for SECS
 * seconds; prints "syns N".
 */
static int synflood(const char *addr, const char *port, double secs)
{
	struct sockaddr_storage ss;
	socklen_t sl = sockaddr_of(addr, port, &ss);
	double end = now() + secs;
	long long n = 0;

	while (now() < end) {
		int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK, 0);

		if (fd < 0) {
			perror("tcpx: socket");
			return 2;
		}
		if (!connect(fd, (struct sockaddr *)&ss, sl) || errno == EINPROGRESS)
			n++;
		close(fd);
	}
	printf("syns %lld\n", n);
	return 0;
}

/* Connection slots of connect-many. */
#define CM_SLOTS 32

static int cm_open(const struct sockaddr_storage *ss, socklen_t sl)
{
	int fd = socket(ss->ss_family, SOCK_STREAM | SOCK_NONBLOCK, 0);

	if (fd < 0)
		return -1;
	if (connect(fd, (const struct sockaddr *)ss, sl) && errno != EINPROGRESS) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * COUNT TCP connections, CM_SLOTS at a time; each is closed with a RST
 * (SO_LINGER 0) as soon as it is established, so that no TIME_WAIT holds
 * its port. Stops after SECS; "connections N failed F".
 */
static int connect_many(const char *addr, const char *port, long long count,
			double secs)
{
	struct sockaddr_storage ss;
	socklen_t sl = sockaddr_of(addr, port, &ss);
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };
	struct pollfd p[CM_SLOTS];
	long long started = 0, done = 0, failed = 0;
	double end = now() + secs;
	int i, live = 0;

	for (i = 0; i < CM_SLOTS; i++) {
		p[i].fd = -1;
		p[i].events = POLLOUT;
	}
	while (now() < end) {
		for (i = 0; i < CM_SLOTS; i++) {
			if (p[i].fd >= 0 || started >= count)
				continue;
			p[i].fd = cm_open(&ss, sl);
			started++;
			if (p[i].fd < 0)
				failed++;
			else
				live++;
		}
		if (!live)
			break;
		if (poll(p, CM_SLOTS, 100) <= 0)
			continue;
		for (i = 0; i < CM_SLOTS; i++) {
			int err = 0;
			socklen_t el = sizeof(err);

			if (p[i].fd < 0 || !p[i].revents)
				continue;
			getsockopt(p[i].fd, SOL_SOCKET, SO_ERROR, &err, &el);
			if (err)
				failed++;
			else
				done++;
			setsockopt(p[i].fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
			close(p[i].fd);
			p[i].fd = -1;
			live--;
		}
	}
	for (i = 0; i < CM_SLOTS; i++)
		if (p[i].fd >= 0)
			close(p[i].fd);
	printf("connections %lld failed %lld\n", done, failed);
	return done == count ? 0 : 1;
}

/* Accepts and closes connections on ADDR PORT for SECS; "accepted N". */
static int accept_many(const char *addr, const char *port, double secs)
{
	struct sockaddr_storage ss;
	socklen_t sl = sockaddr_of(addr, port, &ss);
	double end = now() + secs;
	long long n = 0;
	struct pollfd p;
	int one = 1, fd;

	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fd < 0 || bind(fd, (struct sockaddr *)&ss, sl) || listen(fd, 1024)) {
		perror("tcpx: listen");
		return 2;
	}
	printf("listening\n");
	p.fd = fd;
	p.events = POLLIN;
	while (now() < end) {
		int c;

		if (poll(&p, 1, 100) <= 0)
			continue;
		while ((c = accept(fd, NULL, NULL)) >= 0) {
			close(c);
			n++;
		}
	}
	printf("accepted %lld\n", n);
	return 0;
}

/*
 * A socket of this namespace in LISTEN (state 0A) on TCP port PORT, in
 * /proc/net/tcp or tcp6: local_address is ADDR:PORT, in hex.
 */
static int listening(unsigned int port)
{
	static const char *const files[] = { "/proc/net/tcp", "/proc/net/tcp6" };
	char line[512], local[128], st[8];
	unsigned int i, p;

	for (i = 0; i < 2; i++) {
		FILE *f = fopen(files[i], "r");

		if (!f)
			continue;
		while (fgets(line, sizeof(line), f)) {
			char *c;

			if (sscanf(line, "%*s %127s %*s %7s", local, st) != 2)
				continue;
			c = strrchr(local, ':');
			if (c && sscanf(c + 1, "%x", &p) == 1 && p == port &&
			    !strcmp(st, "0A")) {
				fclose(f);
				return 1;
			}
		}
		fclose(f);
	}
	return 0;
}

/* waitlisten PORT SECS: until a socket listens on PORT (0) or SECS pass (1). */
static int wait_listen(unsigned int port, double secs)
{
	double end = now() + secs;
	struct timespec nap = { 0, 20 * 1000 * 1000 };

	while (!listening(port)) {
		if (now() >= end) {
			fprintf(stderr, "tcpx: nothing listens on %u\n", port);
			return 1;
		}
		nanosleep(&nap, NULL);
	}
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc == 4 && !strcmp(argv[1], "server"))
		return server(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "natt"))
		return natt(argv[2]);
	if (argc == 6 && !strcmp(argv[1], "client"))
		return client(argv[2], argv[3], atoll(argv[4]), atof(argv[5]), 0);
	if (argc == 6 && !strcmp(argv[1], "bulk"))
		return client(argv[2], argv[3], atoll(argv[4]), atof(argv[5]), 1);
	if (argc == 7 && !strcmp(argv[1], "udpsend"))
		return udp_send(argv[2], argv[3], atoi(argv[4]), atoi(argv[5]),
				argv[6]);
	if (argc == 5 && !strcmp(argv[1], "synflood"))
		return synflood(argv[2], argv[3], atof(argv[4]));
	if (argc == 5 && !strcmp(argv[1], "udprecv"))
		return udp_recv(argv[2], argv[3], atof(argv[4]));
	if (argc == 5 && !strcmp(argv[1], "espintcp") &&
	    !strcmp(argv[2], "listen"))
		return espintcp(1, argv[3], argv[4], NULL, NULL);
	if (argc == 7 && !strcmp(argv[1], "espintcp") &&
	    !strcmp(argv[2], "connect"))
		return espintcp(0, argv[3], argv[4], argv[5], argv[6]);
	if (argc == 6 && !strcmp(argv[1], "connect-many"))
		return connect_many(argv[2], argv[3], atoll(argv[4]), atof(argv[5]));
	if (argc == 5 && !strcmp(argv[1], "accept-many"))
		return accept_many(argv[2], argv[3], atof(argv[4]));
	if (argc == 4 && !strcmp(argv[1], "waitlisten"))
		return wait_listen(atoi(argv[2]), atof(argv[3]));
	fprintf(stderr, "usage: tcpx server ADDR PORT | client|bulk ADDR PORT BYTES SECS | natt PORT\n"
		"       | udpsend ADDR PORT SIZE COUNT df|nodf | udprecv ADDR PORT SECS\n"
		"       | synflood ADDR PORT SECS | connect-many ADDR PORT COUNT SECS\n"
		"       | accept-many ADDR PORT SECS | espintcp listen ADDR PORT\n"
		"       | espintcp connect ADDR PORT LADDR LPORT | waitlisten PORT SECS\n");
	return 2;
}
