import CNetmatrixShims
import Foundation
import NetmatrixSystem

/// Private network namespaces for tests, made on a dedicated thread (never a
/// Swift concurrency task): the thread unshares, opens its namespace, sets things
/// up and exits; the namespace lives as long as the returned descriptor.
enum PrivateNetwork {
    static let isRoot = getuid() == 0

    /// A new namespace with lo up; `setup` runs inside it on the same thread.
    static func namespace(_ setup: @escaping @Sendable () throws -> Void = {}) throws -> Descriptor {
        final class Outcome: @unchecked Sendable {
            var descriptor: Descriptor?
            var error: (any Error)?
        }
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            defer { done.signal() }
            do {
                _ = try syscall("test thread", "unshare(CLONE_NEWNET)") { nm_unshare_net() }
                outcome.descriptor = try Descriptor.open("/proc/thread-self/ns/net", O_RDONLY)
                _ = try syscall("lo", "SIOCSIFFLAGS") { nm_interface_set_up("lo") }
                try setup()
            } catch {
                outcome.error = error
            }
        }
        thread.start()
        done.wait()
        if let error = outcome.error { throw error }
        guard let descriptor = outcome.descriptor else { throw SystemError(object: "test namespace", operation: "open", code: EIO) }
        return descriptor
    }

    /// The namespace's inode, as /proc/<pid>/ns/net links name it ("net:[inode]").
    static func inode(of namespace: Descriptor) -> UInt64 {
        var info = stat()
        _ = fstat(namespace.rawValue, &info)
        return UInt64(info.st_ino)
    }

    /// Pids of processes whose network namespace is `inode`.
    static func processes(in inode: UInt64) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/ns/net")) == "net:[\(inode)]"
        }
    }

    static func processExists(_ pid: Int32) -> Bool {
        FileManager.default.fileExists(atPath: "/proc/\(pid)")
    }
}
