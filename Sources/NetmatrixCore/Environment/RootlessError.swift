import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// Why netmatrix could not re-execute itself in a user and network namespace,
/// and what to change so that it can.
public struct RootlessError: ExitCoded, CustomStringConvertible, Equatable, Sendable {
    /// Where the re-exec stopped; raw values are nm_rootless.h's NM_ROOTLESS_*.
    public enum Stage: Int32, Sendable {
        case fork = 1, unshare, setgroups, uidMap, gidMap, exec, wait

        public var operation: String {
            switch self {
            case .fork: "fork"
            case .unshare: "unshare(CLONE_NEWUSER|CLONE_NEWNET)"
            case .setgroups: "write /proc/self/setgroups"
            case .uidMap: "write /proc/self/uid_map"
            case .gidMap: "write /proc/self/gid_map"
            case .exec: "execve(/proc/self/exe)"
            case .wait: "waitpid"
            }
        }
    }

    public var stage: Stage
    /// The errno the child (or the parent) got.
    public var code: Int32

    public init(stage: Stage, code: Int32) {
        self.stage = stage
        self.code = code
    }

    /// Without privilege and without a user namespace no namespace can be built.
    public var exitStatus: ExitStatus { .nothingRan }

    public var description: String {
        let failure = SystemError(object: "rootless", operation: stage.operation, code: code)
        switch stage {
        case .unshare:
            return "\(failure.object): \(failure.operation): \(Self.advice(forUnshareError: code))"
        case .exec:
            return "\(failure): this user cannot execute the netmatrix binary; copy it where the user can read it"
        default:
            return "\(failure); run netmatrix as root instead"
        }
    }

    /// What the kernel's refusal of unshare(CLONE_NEWUSER) means and what to change.
    public static func advice(forUnshareError code: Int32) -> String {
        let reason = String(cString: strerror(code))
        let limit = TextFile.firstLine("/proc/sys/user/max_user_namespaces")
        switch code {
        case EPERM, EACCES:
            var knobs: [String] = []
            if let clone = TextFile.firstLine("/proc/sys/kernel/unprivileged_userns_clone") {
                knobs.append("sysctl kernel.unprivileged_userns_clone=1 (now \(clone))")
            }
            if let apparmor = TextFile.firstLine("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") {
                knobs.append("sysctl kernel.apparmor_restrict_unprivileged_userns=0 (now \(apparmor))")
            }
            let change = knobs.isEmpty
                ? "no sysctl here restricts them, so a seccomp profile or container runtime does: allow unshare/clone with CLONE_NEWUSER"
                : knobs.joined(separator: " or ")
            return "\(reason): the kernel refuses unprivileged user namespaces; \(change), or run as root"
        case ENOSPC, EUSERS:
            return "\(reason): the user namespace limit is reached (user.max_user_namespaces=\(limit ?? "?")); raise it, e.g. sysctl user.max_user_namespaces=15000, or run as root"
        case EINVAL:
            return "\(reason): the kernel does not offer user namespaces (built without CONFIG_USER_NS?); run as root"
        default:
            return "\(reason); run as root"
        }
    }
}
