/*
 * Zero-copy socket paths Swift cannot reach directly: MSG_ZEROCOPY completion
 * notifications (a cmsg carrying struct sock_extended_err on the error queue),
 * TCP_ZEROCOPY_RECEIVE (whose full struct glibc's <netinet/tcp.h> truncates),
 * and splice/vmsplice/F_SETPIPE_SZ, which glibc only declares under _GNU_SOURCE.
 * Each function returns -1 with errno set on failure, like the call it wraps.
 */
#ifndef NETMATRIX_ZEROCOPY_SHIMS_H
#define NETMATRIX_ZEROCOPY_SHIMS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* One MSG_ZEROCOPY notification: sends [first_id, last_id] (inclusive, 32-bit
 * wrapping counters the kernel assigns per successful send) completed. */
typedef struct nm_zerocopy_completion {
    uint32_t first_id;  /* sock_extended_err.ee_info */
    uint32_t last_id;   /* sock_extended_err.ee_data */
    int32_t copied;     /* non-zero when ee_code has SO_EE_CODE_ZEROCOPY_COPIED: the kernel copied after all */
    int32_t reserved;
} nm_zerocopy_completion;

/* Reads one notification from fd's error queue without blocking
 * (recvmsg(MSG_ERRQUEUE | MSG_DONTWAIT)). Returns 1 with *out filled, 0 when
 * the queue holds no zero-copy notification (EAGAIN, or another origin such
 * as an ICMP error, which is consumed and skipped), -1 on error. */
int nm_zerocopy_read_completion(int fd, nm_zerocopy_completion *out);

/* Our copy of struct tcp_zerocopy_receive (<linux/tcp.h>); nm_zerocopy.c
 * asserts its size and offsets against the kernel header. */
typedef struct nm_tcp_zerocopy_receive {
    uint64_t address;         /* in: start of the mmap(2)ed receive region */
    uint32_t length;          /* in: bytes to map; out: bytes mapped */
    uint32_t recv_skip_hint;  /* out: bytes to read with recv(2) before mapping can go on */
    uint32_t inq;             /* out: bytes left in the receive queue */
    int32_t err;              /* out: pending socket error */
    uint64_t copybuf_address; /* in: buffer for small reads the kernel copies instead of mapping */
    int32_t copybuf_len;      /* in: its size; out: bytes copied, or -errno */
    uint32_t flags;           /* in: TCP_RECEIVE_ZEROCOPY_FLAG_* */
    uint64_t msg_control;
    uint64_t msg_controllen;
    uint32_t msg_flags;
    uint32_t reserved;
} nm_tcp_zerocopy_receive;

/* getsockopt(fd, IPPROTO_TCP, TCP_ZEROCOPY_RECEIVE, args, sizeof *args). */
int nm_tcp_zerocopy_receive_call(int fd, nm_tcp_zerocopy_receive *args);

/* mmap(NULL, length, PROT_READ, MAP_SHARED, fd, 0) on a TCP socket: the region
 * TCP_ZEROCOPY_RECEIVE maps received pages into. Returns NULL (not MAP_FAILED)
 * with errno set on failure. */
void *nm_tcp_zerocopy_map_region(int fd, size_t length);

/* splice(2) with SPLICE_F_MOVE (| SPLICE_F_MORE when more is non-zero);
 * in_offset is NULL for pipes and sockets, else advanced by the bytes moved. */
ssize_t nm_splice(int in_fd, int64_t *in_offset, int out_fd, size_t length, int more);

/* vmsplice(2) of one user range into a pipe's write end (no SPLICE_F_GIFT:
 * the pages stay ours and must not change while in flight). */
ssize_t nm_vmsplice(int pipe_fd, const void *base, size_t length);

/* fcntl(fd, F_SETPIPE_SZ, size); returns the capacity the kernel granted. */
int nm_pipe_set_size(int fd, int size);

#endif
