/*
 * TCP_ZEROCOPY_RECEIVE study (netmatrix issue 4): loopback at MTU 61492 in a private
 * network namespace, a forked MSG_ZEROCOPY sender (page-aligned 256 KiB sends from a
 * 4 MiB memfd pattern), and one receiver in the parent:
 *   c-copy               recv() into a 256 KiB buffer
 *   c-zc   CHUNK LOWAT   minimal C TCP_ZEROCOPY_RECEIVE loop (poll, getsockopt with copybuf, recv the skip hint)
 *   plugin SO MODE OPTS  a netmatrix plugin's receive role through its descriptor (host deliver only counts)
 * Prints goodput, receiver and sender CPU per MB (rusage of each process) and the share mapped.
 * Build (from the package root, after `swift build -c release`):
 *   cc -O2 -I SDK/Sources/NetmatrixABI/include -o /tmp/zc-study Benchmarks/ZerocopyReceiveStudy/study.c -ldl
 * Run as root (it unshares its own network namespace); STUDY_MTU sets lo's MTU (default
 * 61492: over IPv4 the MSS is then 61440, 15 whole pages; 61512 is that MTU for IPv6);
 * STUDY_BYTES sets the bytes per run
 * (default 4 GiB), STUDY_COPYBUF the C loop's copybuf (default 4095, like the plugin), STUDY_PIN=1
 * pins the sender to CPU 0 and the receiver to CPU 1.
 */
#define _GNU_SOURCE
#include <time.h>
#include <dlfcn.h>
#include <errno.h>
#include <linux/errqueue.h>
#include <linux/tcp.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "netmatrix_plugin.h"

#define MSG (256 << 10)
#define PAYLOAD (4 << 20)
static uint64_t budget = 4ull << 30;
static uint64_t delivered, mapped, copied;

static void die(const char *what) { perror(what); exit(1); }

static void lo_setup(void) {
    if (unshare(CLONE_NEWNET) < 0) die("unshare");
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct ifreq r = {0};
    strcpy(r.ifr_name, "lo");
    if (ioctl(s, SIOCGIFFLAGS, &r) < 0) die("SIOCGIFFLAGS");
    r.ifr_flags |= IFF_UP;
    if (ioctl(s, SIOCSIFFLAGS, &r) < 0) die("SIOCSIFFLAGS");
    r.ifr_mtu = getenv("STUDY_MTU") ? atoi(getenv("STUDY_MTU")) : 61492;
    if (ioctl(s, SIOCSIFMTU, &r) < 0) die("SIOCSIFMTU");
    close(s);
}

static void pair(int *sender, int *receiver) {
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001)};
    socklen_t len = sizeof a;
    int l = socket(AF_INET, SOCK_STREAM, 0);
    if (bind(l, (void *)&a, sizeof a) < 0 || listen(l, 1) < 0 || getsockname(l, (void *)&a, &len) < 0) die("listen");
    *sender = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(*sender, (void *)&a, sizeof a) < 0) die("connect");
    *receiver = accept(l, NULL, NULL);
    close(l);
}

static void sender_loop(int fd, const uint8_t *payload) {
    int one = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_ZEROCOPY, &one, sizeof one) < 0) die("SO_ZEROCOPY");
    uint64_t sent = 0, issued = 0, done = 0, off = 0;
    char control[256];
    for (;;) {
        while (issued - done >= 256 || (sent >= budget && done < issued)) {
            struct pollfd p = {.fd = fd, .events = POLLERR};
            poll(&p, 1, 100);
            for (;;) {
                struct msghdr m = {.msg_control = control, .msg_controllen = sizeof control};
                if (recvmsg(fd, &m, MSG_ERRQUEUE | MSG_DONTWAIT) < 0) break;
                struct cmsghdr *c = CMSG_FIRSTHDR(&m);
                struct sock_extended_err *e = (void *)CMSG_DATA(c);
                done += e->ee_data - e->ee_info + 1;
            }
        }
        if (sent >= budget) break;
        ssize_t n = send(fd, payload + off, MSG - (off % MSG), MSG_ZEROCOPY);
        if (n < 0) { if (errno == ENOBUFS) continue; die("send"); }
        issued++;
        sent += n;
        off = (off + n) % PAYLOAD;
    }
    shutdown(fd, SHUT_WR);
}

static void c_copy(int fd) {
    static uint8_t buf[MSG];
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        delivered += n;
        copied += n;
    }
}

static void c_zc(int fd, size_t chunk, int lowat) {
    static uint8_t buf[MSG];
    /* The kernel copies instead of mapping whenever all that is queued fits the copybuf. */
    int copybuf = getenv("STUDY_COPYBUF") ? atoi(getenv("STUDY_COPYBUF")) : 4095;
    if (lowat > 0 && setsockopt(fd, SOL_SOCKET, SO_RCVLOWAT, &lowat, sizeof lowat) < 0) die("SO_RCVLOWAT");
    void *region = mmap(NULL, chunk, PROT_READ, MAP_SHARED, fd, 0);
    if (region == MAP_FAILED) die("mmap");
    for (;;) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        poll(&p, 1, 100);
        struct tcp_zerocopy_receive zc = {.address = (uintptr_t)region, .length = chunk,
                                          .copybuf_address = (uintptr_t)buf, .copybuf_len = copybuf};
        socklen_t len = sizeof zc;
        if (getsockopt(fd, IPPROTO_TCP, TCP_ZEROCOPY_RECEIVE, &zc, &len) < 0) {
            if (errno == EIO) break;
            die("TCP_ZEROCOPY_RECEIVE");
        }
        int progressed = 0;
        if (zc.length) { delivered += zc.length; mapped += zc.length; progressed = 1; }
        if (zc.copybuf_len > 0) { delivered += zc.copybuf_len; copied += zc.copybuf_len; progressed = 1; }
        size_t want = zc.recv_skip_hint ? zc.recv_skip_hint : (progressed ? 0 : sizeof buf);
        if (want) {
            ssize_t n = recv(fd, buf, want < sizeof buf ? want : sizeof buf, progressed || zc.recv_skip_hint ? 0 : MSG_DONTWAIT);
            if (n == 0) break;
            if (n > 0) { delivered += n; copied += n; }
        }
    }
    munmap(region, chunk);
}

static int host_stop(const nm_context *c) { (void)c; return 0; }
static int host_deliver(nm_context *c, const void *d, size_t n) { (void)c; (void)d; delivered += n; return 0; }
static void host_log(const nm_context *c, const char *m) { (void)c; fprintf(stderr, "plugin: %s\n", m); }

static void plugin(int fd, const char *path, const char *mode, const char *options) {
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) { fprintf(stderr, "%s\n", dlerror()); exit(1); }
    const nm_plugin_descriptor *(*entry)(void) = (const nm_plugin_descriptor *(*)(void))dlsym(h, NETMATRIX_PLUGIN_ENTRY_SYMBOL);
    const nm_plugin_descriptor *d = entry();
    static nm_host_api api = {.struct_size = sizeof api, .should_stop = host_stop, .deliver = host_deliver, .log = host_log};
    static uint8_t buf[MSG];
    nm_context c = {.struct_size = sizeof c, .role = NM_ROLE_RECEIVE, .protocol = NM_PROTOCOL_TCP, .socket_fd = fd,
                    .tap_fd = {-1, -1}, .payload_memfd = -1, .mode = mode, .options = options,
                    .app_buffer = buf, .app_buffer_size = sizeof buf, .message_size = MSG, .host = &api};
    int rc = d->receive(&c);
    if (rc) { fprintf(stderr, "receive: %d %s\n", rc, c.error); exit(1); }
    mapped = c.counters.bytes_mapped;
    copied = c.counters.bytes_copied;
}

static double cpu(struct rusage *r) {
    return r->ru_utime.tv_sec + r->ru_utime.tv_usec * 1e-6 + r->ru_stime.tv_sec + r->ru_stime.tv_usec * 1e-6;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: study c-copy | c-zc CHUNK LOWAT | plugin SO MODE OPTIONS\n"); return 2; }
    if (getenv("STUDY_BYTES")) budget = strtoull(getenv("STUDY_BYTES"), NULL, 0);
    lo_setup();
    int memfd = memfd_create("payload", 0);
    if (ftruncate(memfd, PAYLOAD) < 0) die("ftruncate");
    uint8_t *w = mmap(NULL, PAYLOAD, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
    for (uint64_t i = 0; i < PAYLOAD; i++) w[i] = (uint8_t)((i * 2654435761u) >> 13);
    int sfd, rfd;
    pair(&sfd, &rfd);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t child = fork();
    if (child < 0) die("fork");
    if (getenv("STUDY_PIN")) {
        /* Sender (and the loopback softirq it triggers) on CPU 0, receiver on CPU 1. */
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(child == 0 ? 0 : 1, &set);
        sched_setaffinity(0, sizeof set, &set);
    }
    if (child == 0) { close(rfd); sender_loop(sfd, w); _exit(0); }
    close(sfd);
    if (!strcmp(argv[1], "c-copy")) c_copy(rfd);
    else if (!strcmp(argv[1], "c-zc")) c_zc(rfd, strtoul(argv[2], NULL, 0), atoi(argv[3]));
    else plugin(rfd, argv[2], argv[3], argc > 4 ? argv[4] : "");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    struct rusage self, kid;
    int status;
    wait4(child, &status, 0, &kid);
    getrusage(RUSAGE_SELF, &self);
    double seconds = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9, mb = delivered / 1e6;
    char label[160] = "";
    for (int i = 1; i < argc; i++) {
        const char *word = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
        snprintf(label + strlen(label), sizeof label - strlen(label), "%s%s", i > 1 ? " " : "", word);
    }
    printf("%-70s %7.2f Gbit/s  recv %6.1f us/MB  send %6.1f us/MB  mapped %6.2f%%  (%llu bytes)\n",
           label, delivered * 8 / seconds / 1e9, cpu(&self) * 1e6 / mb,
           cpu(&kid) * 1e6 / mb, 100.0 * mapped / (delivered ? delivered : 1), (unsigned long long)delivered);
    return delivered >= budget ? 0 : 1;
}
