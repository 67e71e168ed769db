/*
 * Worker process plumbing: spawning with a fixed descriptor layout, decoding
 * wait statuses, pipes and sockets with close-on-exec, the payload memfd, and
 * the signal handlers a worker installs. (setns/unshare: nm_netns.h.) Each returns -1 with errno set on
 * failure unless it says otherwise.
 */
#ifndef NETMATRIX_WORKER_H
#define NETMATRIX_WORKER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/resource.h>

/* posix_spawn(path, argv, envp) where the child sees descriptor sources[i] as
 * number targets[i] (i < count); every other descriptor above 2 is closed in
 * the child, close-on-exec or not.
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

/* getsockopt(TCP_INFO).tcpi_total_retrans: segments the connection retransmitted. */
int64_t nm_tcp_total_retransmits(int fd);

/* Worker signal dispositions: SIGTERM/SIGINT set the stop flag; SIGUSR1 only
 * interrupts blocking calls (no SA_RESTART: the conformance suite's EINTR
 * probe); SIGPIPE is ignored so a closed peer is an EPIPE, not a death. */
int nm_worker_install_signal_handlers(void);
/* Non-zero once SIGTERM or SIGINT arrived. */
int nm_worker_stop_requested(void);

#endif
