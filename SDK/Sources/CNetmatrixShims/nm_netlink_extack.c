#include "nm_netlink_extack.h"

#include <linux/netlink.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

const char *nm_netlink_extack_message(const void *error) {
    const struct nlmsgerr *err = error;
    const struct nlmsghdr *hdr = (const struct nlmsghdr *)((const char *)error - NLMSG_HDRLEN);
    if (!(hdr->nlmsg_flags & NLM_F_ACK_TLVS)) return NULL;
    size_t offset = sizeof(struct nlmsgerr);
    if (!(hdr->nlmsg_flags & NLM_F_CAPPED)) offset += err->msg.nlmsg_len - NLMSG_HDRLEN;
    const char *cursor = (const char *)error + NLMSG_ALIGN(offset);
    const char *end = (const char *)hdr + hdr->nlmsg_len;
    while (cursor + NLA_HDRLEN <= end) {
        const struct nlattr *attr = (const struct nlattr *)cursor;
        if (attr->nla_len < NLA_HDRLEN || cursor + attr->nla_len > end) return NULL;
        if ((attr->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG && attr->nla_len > NLA_HDRLEN) {
            const char *text = cursor + NLA_HDRLEN;
            size_t length = attr->nla_len - NLA_HDRLEN;
            return memchr(text, 0, length) ? text : NULL;
        }
        cursor += NLA_ALIGN(attr->nla_len);
    }
    return NULL;
}

int nm_netlink_enable_extack(int fd) {
    int on = 1;
    return setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &on, sizeof on);
}
