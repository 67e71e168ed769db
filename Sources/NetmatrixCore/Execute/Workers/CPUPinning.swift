import CNetmatrixShims
import NetmatrixSystem

/// Pinning a placement to this machine's CPUs, at the moment a flow spawns its workers.
extension CPUPlacement {
    /// The CPU each role is pinned to, from the CPUs this process may use; nil
    /// for `any`. Throws when `split` has fewer than two CPUs to split over.
    public func cpus(allowed: [Int32]) throws(PlacementError) -> (sender: Int32, receiver: Int32, wire: Int32)? {
        switch self {
        case .any:
            return nil
        case .same:
            guard let first = allowed.first else { throw PlacementError(needed: 1, allowed: allowed) }
            return (first, first, first)
        case .split:
            guard allowed.count >= 2 else { throw PlacementError(needed: 2, allowed: allowed) }
            return (allowed[0], allowed[1], allowed[1])
        }
    }

    /// The CPUs this process may run on (sched_getaffinity), ascending.
    public static func allowedCPUs() throws(SystemError) -> [Int32] {
        var cpus = [Int32](repeating: 0, count: 1024)
        let count = try cpus.withUnsafeMutableBufferPointer { buffer throws(SystemError) in
            try syscall("this process", "sched_getaffinity") { nm_cpu_allowed(buffer.baseAddress, Int32(buffer.count)) }
        }
        return Array(cpus.prefix(Int(min(count, 1024))))
    }

    /// Pins the calling process to `cpu` (one of `allowedCPUs()`).
    public static func pin(to cpu: Int32) throws(SystemError) {
        _ = try syscall("CPU \(cpu)", "sched_setaffinity") { nm_cpu_pin(cpu) }
    }
}

/// A placement this machine cannot give: too few CPUs for this process.
public struct PlacementError: Error, Equatable, Sendable, CustomStringConvertible {
    public var needed: Int
    public var allowed: [Int32]

    public var description: String {
        "needs \(needed) CPUs; this process may run on \(allowed.count) (\(allowed.map(String.init).joined(separator: ",")))"
    }
}
