import CNetmatrixShims
import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// A network namespace held by a file descriptor.
///
/// Anonymous namespaces exist only through `descriptor`: when the last
/// descriptor closes (or the process dies) the kernel tears the namespace down.
/// A pinned one is also bind-mounted at `mountPath` (as `ip netns add` does), so
/// it survives the process until `unpin()`.
public final class NetworkNamespace: @unchecked Sendable, CustomStringConvertible {
    /// The topology's logical name, e.g. `a`.
    public let name: String
    /// The nsfs descriptor (from /proc/thread-self/ns/net); workers `setns` on it.
    public let descriptor: Descriptor
    /// Where it is bind-mounted when kept, e.g. /run/netns/netmatrix-a-x3k9q1.
    public private(set) var mountPath: String?

    init(name: String, descriptor: Descriptor, mountPath: String? = nil) {
        self.name = name
        self.descriptor = descriptor
        self.mountPath = mountPath
    }

    /// A fresh namespace held only by its descriptor: a throwaway thread
    /// `unshare(CLONE_NEWNET)`s, opens /proc/thread-self/ns/net and exits.
    public static func anonymous(name: String) throws -> NetworkNamespace {
        let label = "namespace \(name)"
        let descriptor = try NamespaceThread.run(in: nil, label: label) { () throws -> Descriptor in
            _ = try syscall(label, "unshare(CLONE_NEWNET)") { nm_unshare_net() }
            return try Descriptor.open("/proc/thread-self/ns/net", O_RDONLY)
        }
        return NetworkNamespace(name: name, descriptor: descriptor)
    }

    /// Opens a pinned namespace, e.g. one a previous `topo up --keep` left.
    public static func open(name: String, mountPath: String) throws(SystemError) -> NetworkNamespace {
        let descriptor = try Descriptor.open(mountPath, O_RDONLY)
        return NetworkNamespace(name: name, descriptor: descriptor, mountPath: mountPath)
    }

    /// Runs `body` on a dedicated thread inside this namespace (see `NamespaceThread`).
    public func run<T>(_ body: () throws -> T) throws -> T {
        try NamespaceThread.run(in: descriptor, label: "namespace \(name)", body)
    }

    /// Bind-mounts the namespace at `path` (creating /run/netns as `ip netns` does).
    public func pin(at path: String) throws(SystemError) {
        try Self.prepareMountDirectory(parentOf: path)
        let file = try Descriptor.open(path, O_RDONLY | O_CREAT | O_EXCL, mode: 0)
        try file.close()
        do {
            _ = try syscall(path, "mount(MS_BIND)") { nm_mount_bind("/proc/self/fd/\(descriptor.rawValue)", path) }
        } catch {
            _ = try? syscall(path, "unlink") { unlink(path) }
            throw error
        }
        mountPath = path
    }

    /// Unmounts and removes the mount file; the namespace lives on while a descriptor is open.
    public func unpin() throws(SystemError) {
        guard let path = mountPath else { return }
        try Self.unmount(path)
        mountPath = nil
    }

    /// Detaches the mount at `path` and removes the file.
    static func unmount(_ path: String) throws(SystemError) {
        do throws(SystemError) {
            _ = try syscall(path, "umount2(MNT_DETACH)") { nm_umount_detach(path) }
        } catch where error.code == EINVAL {
            // Not a mount point (a half-made pin): removing the file is all that is left.
        }
        _ = try syscall(path, "unlink") { unlink(path) }
    }

    /// Makes the directory a shared mount point, as iproute2's netns_add does,
    /// so that pins propagate into mount namespaces created later.
    private static func prepareMountDirectory(parentOf path: String) throws(SystemError) {
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        guard !directory.isEmpty else { return }
        do throws(SystemError) {
            _ = try syscall(directory, "mkdir") { mkdir(directory, 0o755) }
        } catch where error.code == EEXIST {}
        do throws(SystemError) {
            _ = try syscall(directory, "mount(MS_SHARED)") { nm_mount_make_shared(directory) }
            return
        } catch where error.code == EINVAL {
            // Not a mount point yet: bind it onto itself first, as iproute2 does.
        }
        _ = try syscall(directory, "mount(MS_BIND)") { nm_mount_bind_self(directory) }
        _ = try syscall(directory, "mount(MS_SHARED)") { nm_mount_make_shared(directory) }
    }

    public var description: String {
        if let mountPath { return "namespace \(name) (\(mountPath))" }
        return "namespace \(name) (anonymous, fd \(descriptor.rawValue))"
    }
}
