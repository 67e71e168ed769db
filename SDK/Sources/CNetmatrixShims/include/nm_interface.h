/*
 * ifreq ioctls on one interface of the calling thread's namespace, for code
 * that has no netlink socket at hand (test harnesses). The topology engine
 * uses netlink instead. Each returns -1 with errno set on failure.
 */
#ifndef NETMATRIX_INTERFACE_H
#define NETMATRIX_INTERFACE_H

/* SIOCGIFFLAGS then SIOCSIFFLAGS with IFF_UP. */
int nm_interface_set_up(const char *name);
/* SIOCSIFMTU. */
int nm_interface_set_mtu(const char *name, int mtu);

#endif
