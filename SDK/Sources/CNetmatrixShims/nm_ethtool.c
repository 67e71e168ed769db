#include "nm_ethtool.h"

#include <errno.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>

_Static_assert(NM_ETHTOOL_GRXCSUM == ETHTOOL_GRXCSUM, "ETHTOOL_GRXCSUM");
_Static_assert(NM_ETHTOOL_SRXCSUM == ETHTOOL_SRXCSUM, "ETHTOOL_SRXCSUM");
_Static_assert(NM_ETHTOOL_GTXCSUM == ETHTOOL_GTXCSUM, "ETHTOOL_GTXCSUM");
_Static_assert(NM_ETHTOOL_STXCSUM == ETHTOOL_STXCSUM, "ETHTOOL_STXCSUM");
_Static_assert(NM_ETHTOOL_GSG == ETHTOOL_GSG, "ETHTOOL_GSG");
_Static_assert(NM_ETHTOOL_SSG == ETHTOOL_SSG, "ETHTOOL_SSG");
_Static_assert(NM_ETHTOOL_GTSO == ETHTOOL_GTSO, "ETHTOOL_GTSO");
_Static_assert(NM_ETHTOOL_STSO == ETHTOOL_STSO, "ETHTOOL_STSO");
_Static_assert(NM_ETHTOOL_GGSO == ETHTOOL_GGSO, "ETHTOOL_GGSO");
_Static_assert(NM_ETHTOOL_SGSO == ETHTOOL_SGSO, "ETHTOOL_SGSO");
_Static_assert(NM_ETHTOOL_GGRO == ETHTOOL_GGRO, "ETHTOOL_GGRO");
_Static_assert(NM_ETHTOOL_SGRO == ETHTOOL_SGRO, "ETHTOOL_SGRO");
_Static_assert(sizeof(struct ethtool_value) == 8, "struct ethtool_value");

static int nm_ethtool_call(int fd, const char *ifname, struct ethtool_value *request) {
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    if (strlen(ifname) >= IFNAMSIZ) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
    ifr.ifr_data = (void *)request;
    return ioctl(fd, SIOCETHTOOL, &ifr);
}

int nm_ethtool_get(int fd, const char *ifname, uint32_t cmd, uint32_t *value) {
    struct ethtool_value request = { .cmd = cmd, .data = 0 };
    int result = nm_ethtool_call(fd, ifname, &request);
    if (result < 0) return -1;
    *value = request.data;
    return result;
}

int nm_ethtool_set(int fd, const char *ifname, uint32_t cmd, uint32_t value) {
    struct ethtool_value request = { .cmd = cmd, .data = value };
    return nm_ethtool_call(fd, ifname, &request);
}
