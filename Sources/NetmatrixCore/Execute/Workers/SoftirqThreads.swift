#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// CPU time of the kernel's softirq threads (ksoftirqd/N). Softirq work runs
/// either on the way out of an interrupt or a `local_bh_enable`, billed to
/// whichever task was running (often a worker of the cell, often not), or,
/// once there is too much of it, in these threads, billed to no worker at all.
/// A cell's total CPU counts the workers and these threads, so it does not
/// depend on who was billed.
public enum SoftirqThreads {
    /// The threads' process ids, found once: they live as long as their CPU is online.
    static let pids: [Int32] = {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            TextFile.firstLine("/proc/\(pid)/comm")?.hasPrefix("ksoftirqd/") == true
        }.sorted()
    }()

    /// Their total run time so far in nanoseconds (the first field of
    /// /proc/PID/schedstat, exact rather than tick-sampled); nil when there is
    /// none to read (no /proc, or no such threads).
    public static func cpuNanoseconds() -> UInt64? {
        let times = pids.compactMap { pid in
            TextFile.firstLine("/proc/\(pid)/schedstat").flatMap { $0.split(separator: " ").first }.flatMap { UInt64($0) }
        }
        return times.isEmpty ? nil : times.reduce(0, +)
    }

    /// Seconds the threads ran between two readings.
    public static func seconds(from start: UInt64?, to end: UInt64?) -> Double? {
        guard let start, let end, end >= start else { return nil }
        return Double(end - start) / 1e9
    }
}
