#define _GNU_SOURCE
#include "nm_netns.h"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>
#include <sys/mount.h>

int nm_unshare_net(void) { return unshare(CLONE_NEWNET); }
int nm_setns_net(int fd) { return setns(fd, CLONE_NEWNET); }
int nm_mount_bind(const char *source, const char *target) { return mount(source, target, "none", MS_BIND, NULL); }
int nm_mount_make_shared(const char *target) { return mount("", target, "none", MS_SHARED | MS_REC, NULL); }
int nm_mount_bind_self(const char *target) { return mount(target, target, "none", MS_BIND | MS_REC, NULL); }
int nm_umount_detach(const char *target) { return umount2(target, MNT_DETACH); }
int nm_dup_cloexec_at(int fd, int minimum) { return fcntl(fd, F_DUPFD_CLOEXEC, minimum); }
int nm_close_range(unsigned int first, unsigned int last) { return close_range(first, last, 0); }
