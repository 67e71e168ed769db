import Foundation
import NetmatrixCore
import NetmatrixSystem

/// Private namespaces for the worker tests, built by the topology engine
/// (namespaces on dedicated threads, lo up, test addresses) and torn down after.
enum PrivateNetwork {
    /// The address TestTopologies.loopback puts on lo.
    static let loopbackAddress = "198.18.2.1"

    /// TestTopologies.loopback: one anonymous namespace, lo up with 198.18.2.1.
    static func loopback() throws -> (topology: RunningTopology, namespace: Descriptor) {
        let topology = try TopologyEngine.up(TestTopologies.loopback)
        guard let namespace = topology.namespaceDescriptor("l") else {
            try? topology.down()
            throw SystemError(object: "test topology", operation: "namespace l", code: ENOENT)
        }
        return (topology, namespace)
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
