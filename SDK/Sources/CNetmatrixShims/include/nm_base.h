/*
 * Prefixed C functions for what Swift cannot import: macros, variadic calls,
 * ioctls and control messages. One function per idea; each returns -1 and
 * leaves errno set on failure, like the syscall it wraps.
 */
#ifndef NETMATRIX_SHIMS_H
#define NETMATRIX_SHIMS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* errno of the calling thread (Swift's Glibc errno is awkward across modules). */
int nm_errno(void);
void nm_set_errno(int value);

/* fcntl(fd, F_SETFD/F_GETFD, ...) — variadic in C. */
int nm_set_cloexec(int fd, int on);
/* ioctl(fd, request, arg) — variadic in C. */
int nm_ioctl_ptr(int fd, unsigned long request, void *arg);
int nm_ioctl_int(int fd, unsigned long request, int arg);
/* memcpy behind a call the Swift optimizer cannot see through, so a timed
 * copy whose result is never read is still performed. */
void *nm_copy_memory(void *destination, const void *source, size_t length);
/* pipe2(fds, O_CLOEXEC): fds[0] reads, fds[1] writes. */
int nm_pipe_cloexec(int fds[2]);
/* fcntl(fd, F_DUPFD_CLOEXEC, 3). */
int nm_dup_cloexec(int fd);

#endif
