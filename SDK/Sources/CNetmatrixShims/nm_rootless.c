#define _GNU_SOURCE
#include "nm_rootless.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const char nm_rootless_variable[] = "NETMATRIX_ROOTLESS=";
static volatile sig_atomic_t nm_rootless_child = 0;

static void nm_rootless_forward(int signal_number) {
    if (nm_rootless_child > 0) kill((pid_t)nm_rootless_child, signal_number);
}

/* open/write/close only: this runs in the forked child. */
static int nm_rootless_write(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    size_t length = strlen(text);
    ssize_t written = write(fd, text, length);
    int saved = errno;
    close(fd);
    errno = saved;
    return written == (ssize_t)length ? 0 : -1;
}

int nm_rootless_reexec(char *const argv[], int *stage, int *error) {
    /* Everything that allocates happens before fork: the child of a
     * multi-threaded parent may only make async-signal-safe calls. */
    char uid_map[48], gid_map[48];
    snprintf(uid_map, sizeof uid_map, "0 %u 1\n", (unsigned)geteuid());
    snprintf(gid_map, sizeof gid_map, "0 %u 1\n", (unsigned)getegid());

    size_t count = 0;
    while (environ[count] != NULL) count++;
    char **envp = calloc(count + 2, sizeof *envp);
    if (envp == NULL) {
        *stage = NM_ROOTLESS_FORK;
        *error = ENOMEM;
        return -1;
    }
    size_t kept = 0;
    for (size_t i = 0; i < count; i++)
        if (strncmp(environ[i], nm_rootless_variable, sizeof nm_rootless_variable - 1) != 0) envp[kept++] = environ[i];
    envp[kept++] = "NETMATRIX_ROOTLESS=1";
    envp[kept] = NULL;

    /* The child reports {stage, errno} here; exec closes it (O_CLOEXEC), so EOF means exec worked. */
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) {
        *stage = NM_ROOTLESS_FORK;
        *error = errno;
        free(envp);
        return -1;
    }

    pid_t parent = getpid();
    pid_t child = fork();
    if (child < 0) {
        *stage = NM_ROOTLESS_FORK;
        *error = errno;
        close(report[0]);
        close(report[1]);
        free(envp);
        return -1;
    }
    if (child == 0) {
        int failed = NM_ROOTLESS_UNSHARE;
        close(report[0]);
        /* Die with the parent rather than run on unsupervised. */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127);
        if (unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0) goto fail;
        failed = NM_ROOTLESS_SETGROUPS;
        if (nm_rootless_write("/proc/self/setgroups", "deny") != 0) goto fail;
        failed = NM_ROOTLESS_UID_MAP;
        if (nm_rootless_write("/proc/self/uid_map", uid_map) != 0) goto fail;
        failed = NM_ROOTLESS_GID_MAP;
        if (nm_rootless_write("/proc/self/gid_map", gid_map) != 0) goto fail;
        failed = NM_ROOTLESS_EXEC;
        execve("/proc/self/exe", argv, envp);
    fail: {
        int message[2] = {failed, errno};
        ssize_t ignored = write(report[1], message, sizeof message);
        (void)ignored;
        _exit(127);
    }
    }

    nm_rootless_child = child;
    struct sigaction forward, ignore, old_term, old_hup, old_int, old_quit;
    memset(&forward, 0, sizeof forward);
    forward.sa_handler = nm_rootless_forward;
    sigemptyset(&forward.sa_mask);
    forward.sa_flags = SA_RESTART;
    memset(&ignore, 0, sizeof ignore);
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGTERM, &forward, &old_term);
    sigaction(SIGHUP, &forward, &old_hup);
    sigaction(SIGINT, &ignore, &old_int);
    sigaction(SIGQUIT, &ignore, &old_quit);

    close(report[1]);
    free(envp);
    int message[2] = {0, 0};
    ssize_t got;
    do {
        got = read(report[0], message, sizeof message);
    } while (got < 0 && errno == EINTR);
    close(report[0]);

    int status = 0;
    int result;
    for (;;) {
        if (waitpid(child, &status, 0) >= 0) {
            result = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            break;
        }
        if (errno != EINTR) {
            *stage = NM_ROOTLESS_WAIT;
            *error = errno;
            result = -1;
            break;
        }
    }
    nm_rootless_child = 0;
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGHUP, &old_hup, NULL);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);

    if (got == (ssize_t)sizeof message) {
        *stage = message[0];
        *error = message[1];
        return -1;
    }
    return result;
}
