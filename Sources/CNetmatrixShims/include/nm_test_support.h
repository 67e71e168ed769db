/*
 * What an in-process test host needs from the kernel and Swift cannot import:
 * a private network namespace for the calling thread, interface flags and MTU
 * through ifreq ioctls, and a memfd. Each returns -1 with errno set on failure.
 */
#ifndef NETMATRIX_TEST_SUPPORT_SHIMS_H
#define NETMATRIX_TEST_SUPPORT_SHIMS_H

#include <stdint.h>

/* unshare(CLONE_NEWNET): only the calling thread moves into a new namespace. */
int nm_unshare_network_namespace(void);

/* SIOCGIFFLAGS then SIOCSIFFLAGS with IFF_UP, on `name` in the calling thread's namespace. */
int nm_interface_set_up(const char *name);

/* SIOCSIFMTU on `name` in the calling thread's namespace. */
int nm_interface_set_mtu(const char *name, int mtu);

/* open("/dev/net/tun") + TUNSETIFF(IFF_TAP | IFF_NO_PI) naming the device `name`,
 * in the calling thread's namespace. Returns the TAP's fd (close-on-exec). */
int nm_tap_create(const char *name);

/* memfd_create(name, MFD_CLOEXEC). */
int nm_memfd_create(const char *name);

#endif
