#include "nm_interface.h"

#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

/* ifreq ioctls need some socket in the namespace; an AF_INET datagram one is the cheapest. */
static int interface_ioctl(const char *name, unsigned long request, struct ifreq *request_data) {
    if (strlen(name) >= IFNAMSIZ) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strncpy(request_data->ifr_name, name, IFNAMSIZ - 1);
    int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (sock < 0) return -1;
    int result = ioctl(sock, request, request_data);
    int saved = errno;
    close(sock);
    errno = saved;
    return result;
}

int nm_interface_set_up(const char *name) {
    struct ifreq request;
    memset(&request, 0, sizeof request);
    if (interface_ioctl(name, SIOCGIFFLAGS, &request) < 0) return -1;
    request.ifr_flags |= IFF_UP;
    return interface_ioctl(name, SIOCSIFFLAGS, &request);
}

int nm_interface_set_mtu(const char *name, int mtu) {
    struct ifreq request;
    memset(&request, 0, sizeof request);
    request.ifr_mtu = mtu;
    return interface_ioctl(name, SIOCSIFMTU, &request);
}
