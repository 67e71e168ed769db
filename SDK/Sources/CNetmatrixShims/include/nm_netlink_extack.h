/*
 * The kernel's extended-ack text (NLMSGERR_ATTR_MSG), e.g. "Specified qdisc kind
 * is unknown.", walked out of an NLMSG_ERROR message with the NLMSG_* macros.
 */
#ifndef NETMATRIX_NETLINK_EXTACK_H
#define NETMATRIX_NETLINK_EXTACK_H

/* `error` points at the struct nlmsgerr inside a received NLMSG_ERROR message
 * (as libnl's error callback gets it). Returns the message text inside that
 * buffer, or NULL when the kernel attached none. */
const char *nm_netlink_extack_message(const void *error);

/* setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, 1): ask for the text above. */
int nm_netlink_enable_extack(int fd);

#endif
