#define _GNU_SOURCE
#include "nm_base.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <string.h>
#include <unistd.h>

int nm_errno(void) { return errno; }
void nm_set_errno(int value) { errno = value; }

int nm_set_cloexec(int fd, int on) {
    int flags = fcntl(fd, F_GETFD);
    if (flags < 0) return -1;
    flags = on ? (flags | FD_CLOEXEC) : (flags & ~FD_CLOEXEC);
    return fcntl(fd, F_SETFD, flags);
}

int nm_ioctl_ptr(int fd, unsigned long request, void *arg) { return ioctl(fd, request, arg); }
int nm_ioctl_int(int fd, unsigned long request, int arg) { return ioctl(fd, request, arg); }
int nm_dup_cloexec(int fd) { return fcntl(fd, F_DUPFD_CLOEXEC, 3); }
int nm_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }
void *nm_copy_memory(void *destination, const void *source, size_t length) { return memcpy(destination, source, length); }
