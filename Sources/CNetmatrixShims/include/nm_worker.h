/*
 * Worker process plumbing: spawning with a fixed descriptor layout, decoding
 * wait statuses, entering a network namespace, the payload memfd, and the
 * signal handlers a worker installs. Each returns -1 with errno set on
 * failure unless it says otherwise.
 */
#ifndef NETMATRIX_WORKER_H
#define NETMATRIX_WORKER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "nm_netns.h"
#include <sys/resource.h>

/* posix_spawn(path, argv, envp) where the child sees descriptor sources[i] as
 * number targets[i] (i < count), every other descriptor being close-on-exec.
 * envp NULL passes this process's environment. Signal mask cleared and SIGPIPE/SIGTERM/SIGINT/SIGUSR1 reset to default.
 * Returns 0 or an errno value (posix_spawn does not use errno). */
int nm_spawn(const char *path, char *const argv[], char *const envp[],
             const int *sources, const int *targets, int count, pid_t *pid);

/* wait4(pid, &status, options, usage) returning pid, 0, or -1. */
pid_t nm_wait4(pid_t pid, int *status, int options, struct rusage *usage);
/* W* macros over a wait status. */
int nm_wait_exited(int status);
int nm_wait_exit_code(int status);
int nm_wait_signaled(int status);
int nm_wait_term_signal(int status);

/* accept4(fd, NULL, NULL, SOCK_CLOEXEC). */
int nm_accept_cloexec(int fd);
/* memfd_create(name, MFD_CLOEXEC). */
int nm_memfd_create(const char *name);

/* Worker signal dispositions: SIGTERM/SIGINT set the stop flag; SIGUSR1 only
 * interrupts blocking calls (no SA_RESTART: the conformance suite's EINTR
 * probe); SIGPIPE is ignored so a closed peer is an EPIPE, not a death. */
int nm_worker_install_signal_handlers(void);
/* Non-zero once SIGTERM or SIGINT arrived. */
int nm_worker_stop_requested(void);

/* Sets IFF_UP on interface `name` in the calling thread's namespace
 * (SIOCGIFFLAGS/SIOCSIFFLAGS, which Swift cannot import with struct ifreq). */
int nm_interface_set_up(const char *name);
/* SIOCSIFMTU on `name` in the calling thread's namespace. */
int nm_interface_set_mtu(const char *name, int mtu);
/* SIOCSIFADDR + SIOCSIFNETMASK: an IPv4 address on `name` (tests' private TAP pairs). */
int nm_interface_set_ipv4(const char *name, const char *address, int prefix_length);
/* TUNSETIFF on an open /dev/net/tun: attaches a TAP (IFF_TAP|IFF_NO_PI,
 * plus IFF_VNET_HDR when vnet_hdr is non-zero) named `name`. */
int nm_tun_attach_tap(int fd, const char *name, int vnet_hdr);

#endif
