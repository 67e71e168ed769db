#define _GNU_SOURCE
#include "nm_zerocopy.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include <linux/errqueue.h>
#include <linux/tcp.h>
#include <netinet/in.h>

_Static_assert(sizeof(nm_tcp_zerocopy_receive) == sizeof(struct tcp_zerocopy_receive),
               "nm_tcp_zerocopy_receive must match struct tcp_zerocopy_receive");
_Static_assert(offsetof(nm_tcp_zerocopy_receive, copybuf_len) == offsetof(struct tcp_zerocopy_receive, copybuf_len),
               "copybuf_len offset");
_Static_assert(offsetof(nm_tcp_zerocopy_receive, reserved) == offsetof(struct tcp_zerocopy_receive, reserved),
               "reserved offset");

int nm_zerocopy_read_completion(int fd, nm_zerocopy_completion *out) {
    /* Room for one sock_extended_err plus the offender address the kernel may append. */
    char control[CMSG_SPACE(sizeof(struct sock_extended_err) + sizeof(struct sockaddr_in6))];
    struct msghdr message;
    memset(&message, 0, sizeof message);
    message.msg_control = control;
    message.msg_controllen = sizeof control;

    if (recvmsg(fd, &message, MSG_ERRQUEUE | MSG_DONTWAIT) < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
        return -1;
    }
    for (struct cmsghdr *cmsg = CMSG_FIRSTHDR(&message); cmsg != NULL; cmsg = CMSG_NXTHDR(&message, cmsg)) {
        int ip = (cmsg->cmsg_level == SOL_IP && cmsg->cmsg_type == IP_RECVERR);
        int ip6 = (cmsg->cmsg_level == SOL_IPV6 && cmsg->cmsg_type == IPV6_RECVERR);
        if (!ip && !ip6) continue;
        struct sock_extended_err error;
        memcpy(&error, CMSG_DATA(cmsg), sizeof error);
        if (error.ee_origin != SO_EE_ORIGIN_ZEROCOPY || error.ee_errno != 0) continue;
        out->first_id = error.ee_info;
        out->last_id = error.ee_data;
        out->copied = (error.ee_code & SO_EE_CODE_ZEROCOPY_COPIED) != 0;
        out->reserved = 0;
        return 1;
    }
    return 0;
}

int nm_tcp_zerocopy_receive_call(int fd, nm_tcp_zerocopy_receive *args) {
    socklen_t length = sizeof *args;
    return getsockopt(fd, IPPROTO_TCP, TCP_ZEROCOPY_RECEIVE, args, &length);
}

void *nm_tcp_zerocopy_map_region(int fd, size_t length) {
    void *region = mmap(NULL, length, PROT_READ, MAP_SHARED, fd, 0);
    return region == MAP_FAILED ? NULL : region;
}

ssize_t nm_splice(int in_fd, int64_t *in_offset, int out_fd, size_t length, int more) {
    unsigned int flags = SPLICE_F_MOVE | (more ? SPLICE_F_MORE : 0);
    if (in_offset == NULL) return splice(in_fd, NULL, out_fd, NULL, length, flags);
    loff_t offset = (loff_t)*in_offset;
    ssize_t moved = splice(in_fd, &offset, out_fd, NULL, length, flags);
    *in_offset = (int64_t)offset;
    return moved;
}

ssize_t nm_vmsplice(int pipe_fd, const void *base, size_t length) {
    struct iovec range = { .iov_base = (void *)base, .iov_len = length };
    return vmsplice(pipe_fd, &range, 1, 0);
}

int nm_pipe_set_size(int fd, int size) { return fcntl(fd, F_SETPIPE_SZ, size); }
