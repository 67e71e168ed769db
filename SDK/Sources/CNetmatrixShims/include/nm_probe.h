/*
 * Kernel feature probes for `netmatrix doctor`: system calls and socket options
 * that Swift cannot import (io_uring_setup, perf_event_open, TUNSETIFF,
 * struct tcp_zerocopy_receive). Each returns 0 or -1 with errno set; each
 * closes what it opened.
 */
#ifndef NETMATRIX_PROBE_H
#define NETMATRIX_PROBE_H

/* io_uring_setup(1, &params): a ring fd means io_uring works here. */
int nm_probe_io_uring(void);

/* setsockopt(fd, SOL_SOCKET, SO_ZEROCOPY, 1): MSG_ZEROCOPY is accepted. */
int nm_probe_so_zerocopy(int fd);

/* getsockopt(fd, IPPROTO_TCP, TCP_ZEROCOPY_RECEIVE) with a zeroed request on an
 * unconnected TCP socket. The kernel knows the option when it fails with
 * anything but ENOPROTOOPT (EINVAL: no mapping at address 0). Returns the
 * getsockopt result. */
int nm_probe_tcp_zerocopy_receive(int fd);

/* perf_event_open(PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES) for this thread. */
int nm_probe_hardware_cycles(void);

/* ioctl(fd, TUNSETIFF) creating a non-persistent TAP `name` with IFF_TAP |
 * IFF_NO_PI | IFF_VNET_HDR in the namespace fd was opened in. */
int nm_probe_tun_setiff(int fd, const char *name);

/* Forks a single-threaded child that tries unshare(CLONE_NEWUSER|CLONE_NEWNET)
 * and reports its errno. With drop_to_nobody (for root) the child first becomes
 * uid/gid 65534, so the answer is the one an unprivileged user gets. Returns 0,
 * -1 with errno set to the child's unshare errno, or -2 when the child died or
 * could not drop its privileges (no errno applies). */
int nm_probe_user_namespace(int drop_to_nobody);

#endif
