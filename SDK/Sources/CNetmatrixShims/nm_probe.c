#define _GNU_SOURCE
#include "nm_probe.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <linux/io_uring.h>
#include <linux/perf_event.h>
#include <linux/tcp.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SO_ZEROCOPY
#define SO_ZEROCOPY 60
#endif

int nm_probe_io_uring(void) {
    struct io_uring_params params;
    memset(&params, 0, sizeof params);
    long fd = syscall(__NR_io_uring_setup, 1, &params);
    if (fd < 0) return -1;
    close((int)fd);
    return 0;
}

int nm_probe_so_zerocopy(int fd) {
    int on = 1;
    return setsockopt(fd, SOL_SOCKET, SO_ZEROCOPY, &on, sizeof on);
}

int nm_probe_tcp_zerocopy_receive(int fd) {
    struct tcp_zerocopy_receive request;
    memset(&request, 0, sizeof request);
    socklen_t length = sizeof request;
    return getsockopt(fd, IPPROTO_TCP, TCP_ZEROCOPY_RECEIVE, &request, &length);
}

int nm_probe_hardware_cycles(void) {
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.type = PERF_TYPE_HARDWARE;
    attr.size = sizeof attr;
    attr.config = PERF_COUNT_HW_CPU_CYCLES;
    attr.disabled = 1;
    attr.exclude_kernel = 1;
    attr.exclude_hv = 1;
    long fd = syscall(__NR_perf_event_open, &attr, 0, -1, -1, 0);
    if (fd < 0) return -1;
    close((int)fd);
    return 0;
}

int nm_probe_tun_setiff(int fd, const char *name) {
    struct ifreq request;
    memset(&request, 0, sizeof request);
    strncpy(request.ifr_name, name, IFNAMSIZ - 1);
    request.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
    return ioctl(fd, TUNSETIFF, &request);
}

int nm_probe_user_namespace(int drop_to_nobody) {
    pid_t child = fork();
    if (child < 0) return -1;
    if (child == 0) {
        /* Single-threaded from here: raw system calls only, then _exit. */
        if (drop_to_nobody) {
            if (syscall(SYS_setgroups, 0, NULL) != 0 || syscall(SYS_setresgid, 65534, 65534, 65534) != 0 ||
                syscall(SYS_setresuid, 65534, 65534, 65534) != 0)
                _exit(255);
        }
        _exit(unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0 ? 0 : errno);
    }
    int status = 0;
    while (waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) return -1;
    }
    /* The child died, or could not become nobody: no errno answers the question. */
    if (!WIFEXITED(status) || WEXITSTATUS(status) == 255) return -2;
    if (WEXITSTATUS(status) != 0) {
        errno = WEXITSTATUS(status);
        return -1;
    }
    return 0;
}
