#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The system-wide share of CPU time spent in softirq, from the `cpu` line of
/// /proc/stat sampled before and after a cell.
public struct SoftirqShare: Equatable, Sendable {
    public var softirq: UInt64
    public var total: UInt64

    /// The current counters; nil when /proc/stat cannot be read.
    public static func sample(path: String = "/proc/stat") -> SoftirqShare? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return nil }
        return parse(cpuLine: String(line))
    }

    /// "cpu  user nice system idle iowait irq softirq steal ...": softirq is the 7th number.
    public static func parse(cpuLine: String) -> SoftirqShare? {
        let numbers = cpuLine.split(separator: " ").dropFirst().compactMap { UInt64($0) }
        guard numbers.count >= 7 else { return nil }
        // guest and guest_nice are already inside user and nice.
        let counted = numbers.prefix(8)
        return SoftirqShare(softirq: numbers[6], total: counted.reduce(0, +))
    }

    /// Softirq's share of all CPU time between two samples, 0...1.
    public static func share(from start: SoftirqShare, to end: SoftirqShare) -> Double? {
        guard end.total > start.total, end.softirq >= start.softirq else { return nil }
        return Double(end.softirq - start.softirq) / Double(end.total - start.total)
    }
}
