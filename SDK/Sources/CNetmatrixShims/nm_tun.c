#include "nm_tun.h"

#include <errno.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>

_Static_assert(NM_IFF_TAP == IFF_TAP, "IFF_TAP");
_Static_assert(NM_IFF_NO_PI == IFF_NO_PI, "IFF_NO_PI");
_Static_assert(NM_IFF_VNET_HDR == IFF_VNET_HDR, "IFF_VNET_HDR");

int nm_tun_set_iff(int fd, const char *name, int16_t flags) {
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    if (strlen(name) >= IFNAMSIZ) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    ifr.ifr_flags = flags;
    return ioctl(fd, TUNSETIFF, &ifr);
}

int nm_tun_set_vnet_header_size(int fd, int size) { return ioctl(fd, TUNSETVNETHDRSZ, &size); }

int nm_tun_set_offload(int fd, uint32_t flags) { return ioctl(fd, TUNSETOFFLOAD, (unsigned long)flags); }

int nm_tun_set_persist(int fd, int on) { return ioctl(fd, TUNSETPERSIST, (unsigned long)on); }
