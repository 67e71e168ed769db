/*
 * Namespace and mount calls that need _GNU_SOURCE or flags Swift's Glibc module
 * does not export. Each returns -1 and leaves errno set on failure.
 */
#ifndef NETMATRIX_NETNS_H
#define NETMATRIX_NETNS_H

/* unshare(CLONE_NEWNET): the calling thread gets a fresh network namespace. */
int nm_unshare_net(void);
/* setns(fd, CLONE_NEWNET): the calling thread enters the namespace behind fd. */
int nm_setns_net(int fd);
/* mount(source, target, "none", MS_BIND): how `ip netns add` pins a namespace. */
int nm_mount_bind(const char *source, const char *target);
/* mount("", target, "none", MS_SHARED|MS_REC): /run/netns as `ip netns` prepares it. */
int nm_mount_make_shared(const char *target);
/* mount(target, target, "none", MS_BIND|MS_REC): makes target a mount point. */
int nm_mount_bind_self(const char *target);
/* umount2(target, MNT_DETACH) */
int nm_umount_detach(const char *target);
/* fcntl(fd, F_DUPFD_CLOEXEC, minimum): the lowest free descriptor >= minimum. */
int nm_dup_cloexec_at(int fd, int minimum);
/* close_range(first, last, 0): closes every descriptor in [first, last] in one call. */
int nm_close_range(unsigned int first, unsigned int last);

#endif
