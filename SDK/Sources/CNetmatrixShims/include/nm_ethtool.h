/*
 * The legacy ethtool offload ioctls (SIOCETHTOOL with struct ethtool_value):
 * one get and one set per feature, on an AF_INET socket of the device's namespace.
 */
#ifndef NETMATRIX_ETHTOOL_H
#define NETMATRIX_ETHTOOL_H

#include <stdint.h>

/* Command numbers from <linux/ethtool.h>; nm_ethtool.c asserts they match. */
enum {
    NM_ETHTOOL_GRXCSUM = 0x14,
    NM_ETHTOOL_SRXCSUM = 0x15,
    NM_ETHTOOL_GTXCSUM = 0x16,
    NM_ETHTOOL_STXCSUM = 0x17,
    NM_ETHTOOL_GSG = 0x18,
    NM_ETHTOOL_SSG = 0x19,
    NM_ETHTOOL_GTSO = 0x1e,
    NM_ETHTOOL_STSO = 0x1f,
    NM_ETHTOOL_GGSO = 0x23,
    NM_ETHTOOL_SGSO = 0x24,
    NM_ETHTOOL_GGRO = 0x2b,
    NM_ETHTOOL_SGRO = 0x2c,
};

/* ioctl(fd, SIOCETHTOOL) with a get command; stores the feature's value. -1 and errno on failure. */
int nm_ethtool_get(int fd, const char *ifname, uint32_t cmd, uint32_t *value);
/* ioctl(fd, SIOCETHTOOL) with a set command. -1 and errno on failure. */
int nm_ethtool_set(int fd, const char *ifname, uint32_t cmd, uint32_t value);

#endif
