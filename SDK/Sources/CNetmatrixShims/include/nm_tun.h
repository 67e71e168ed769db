/*
 * TUN/TAP ioctls from <linux/if_tun.h>, whose request numbers are macros Swift
 * cannot import. Each returns -1 and leaves errno set on failure.
 */
#ifndef NETMATRIX_TUN_H
#define NETMATRIX_TUN_H

#include <stdint.h>

/* IFF_TAP, IFF_NO_PI, IFF_VNET_HDR from <linux/if_tun.h>; nm_tun.c asserts they match. */
enum {
    NM_IFF_TAP = 0x0002,
    NM_IFF_NO_PI = 0x1000,
    NM_IFF_VNET_HDR = 0x4000,
};

/* TUNSETIFF: attaches fd to the device `name` (created if missing) with `flags`. */
int nm_tun_set_iff(int fd, const char *name, int16_t flags);
/* TUNSETVNETHDRSZ */
int nm_tun_set_vnet_header_size(int fd, int size);
/* TUNSETOFFLOAD with TUN_F_* flags. */
int nm_tun_set_offload(int fd, uint32_t flags);
/* TUNSETPERSIST: the device outlives the descriptor when on. */
int nm_tun_set_persist(int fd, int on);

#endif
