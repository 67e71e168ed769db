#define _GNU_SOURCE
#include "nm_worker.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int nm_spawn(const char *path, char *const argv[], char *const envp[],
             const int *sources, const int *targets, int count, pid_t *pid) {
    /* A source that sits on some target number would be overwritten by an
     * earlier dup2; move every source above the targets first (close-on-exec,
     * so the copies never reach the child). */
    int moved[count > 0 ? count : 1];
    int highest = 2;
    for (int i = 0; i < count; i++) if (targets[i] > highest) highest = targets[i];
    for (int i = 0; i < count; i++) {
        moved[i] = fcntl(sources[i], F_DUPFD_CLOEXEC, highest + 1);
        if (moved[i] < 0) {
            int saved = errno;
            for (int j = 0; j < i; j++) close(moved[j]);
            return saved;
        }
    }
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    int result = posix_spawn_file_actions_init(&actions);
    if (result != 0) goto close_moved;
    result = posix_spawnattr_init(&attributes);
    if (result != 0) { posix_spawn_file_actions_destroy(&actions); goto close_moved; }
    /* dup2 onto a different number clears FD_CLOEXEC on the target. */
    for (int i = 0; i < count && result == 0; i++)
        result = posix_spawn_file_actions_adddup2(&actions, moved[i], targets[i]);
    /* Not every library marks its descriptors close-on-exec (netlink sockets,
     * a test harness's pipes): close every number that is not a target. */
    for (int fd = 3; fd <= highest && result == 0; fd++) {
        int targeted = 0;
        for (int i = 0; i < count; i++) if (targets[i] == fd) targeted = 1;
        if (!targeted) result = posix_spawn_file_actions_addclose(&actions, fd);
    }
    if (result == 0) result = posix_spawn_file_actions_addclosefrom_np(&actions, highest + 1);
    sigset_t empty, defaults;
    sigemptyset(&empty);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    sigaddset(&defaults, SIGTERM);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGUSR1);
    if (result == 0) result = posix_spawnattr_setsigmask(&attributes, &empty);
    if (result == 0) result = posix_spawnattr_setsigdefault(&attributes, &defaults);
    if (result == 0) result = posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    if (result == 0) result = posix_spawn(pid, path, &actions, &attributes, argv, envp ? envp : environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
close_moved:
    for (int i = 0; i < count; i++) close(moved[i]);
    return result;
}

pid_t nm_wait4(pid_t pid, int *status, int options, struct rusage *usage) {
    return wait4(pid, status, options, usage);
}
int nm_wait_exited(int status) { return WIFEXITED(status); }
int nm_wait_exit_code(int status) { return WEXITSTATUS(status); }
int nm_wait_signaled(int status) { return WIFSIGNALED(status); }
int nm_wait_term_signal(int status) { return WTERMSIG(status); }

int nm_accept_cloexec(int fd) { return accept4(fd, NULL, NULL, SOCK_CLOEXEC); }
int nm_memfd_create(const char *name) { return memfd_create(name, MFD_CLOEXEC); }

int64_t nm_tcp_total_retransmits(int fd) {
    struct tcp_info info;
    socklen_t length = sizeof info;
    memset(&info, 0, sizeof info);
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0) return -1;
    return info.tcpi_total_retrans;
}

static volatile sig_atomic_t stop_requested;
static void on_stop(int signal) { (void)signal; stop_requested = 1; }
static void on_interrupt(int signal) { (void)signal; }

int nm_worker_install_signal_handlers(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    sigemptyset(&action.sa_mask);
    action.sa_handler = on_stop;
    if (sigaction(SIGTERM, &action, NULL) != 0) return -1;
    if (sigaction(SIGINT, &action, NULL) != 0) return -1;
    action.sa_handler = on_interrupt;
    if (sigaction(SIGUSR1, &action, NULL) != 0) return -1;
    action.sa_handler = SIG_IGN;
    return sigaction(SIGPIPE, &action, NULL);
}
int nm_worker_stop_requested(void) { return stop_requested != 0; }
