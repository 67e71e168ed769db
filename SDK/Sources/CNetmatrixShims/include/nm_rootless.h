/*
 * Rootless mode: re-executing netmatrix inside a new user and network namespace.
 * unshare(CLONE_NEWUSER) requires a single-threaded caller and the Swift runtime
 * is not one, so a forked child (single-threaded by construction) does it.
 */
#ifndef NETMATRIX_ROOTLESS_H
#define NETMATRIX_ROOTLESS_H

/* Where a re-exec failed before the child could run netmatrix. */
enum nm_rootless_stage {
    NM_ROOTLESS_FORK = 1,
    NM_ROOTLESS_UNSHARE = 2,   /* unshare(CLONE_NEWUSER | CLONE_NEWNET) */
    NM_ROOTLESS_SETGROUPS = 3, /* write "deny" to /proc/self/setgroups */
    NM_ROOTLESS_UID_MAP = 4,   /* write "0 <euid> 1" to /proc/self/uid_map */
    NM_ROOTLESS_GID_MAP = 5,   /* write "0 <egid> 1" to /proc/self/gid_map */
    NM_ROOTLESS_EXEC = 6,      /* execve("/proc/self/exe") */
    NM_ROOTLESS_WAIT = 7,      /* waitpid on the child */
};

/*
 * Forks; the child unshares a user and a network namespace, maps uid and gid 0
 * to the caller's effective ones, sets NETMATRIX_ROOTLESS=1 and execs
 * /proc/self/exe with argv. The parent forwards SIGTERM and SIGHUP, ignores
 * SIGINT and SIGQUIT (the terminal sends those to the child too), waits, and
 * returns the child's exit status (128 + signal if it was killed).
 * Returns -1 when the child never ran netmatrix: *stage and *error say where and why.
 */
int nm_rootless_reexec(char *const argv[], int *stage, int *error);

#endif
