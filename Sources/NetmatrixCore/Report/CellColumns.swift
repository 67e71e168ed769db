import Foundation

/// The measured columns of every cell table (summary.md, report.html), in order:
/// goodput, CPU µs/MB, the wire's µs/MB with its interval, share of memcpy,
/// zero-copied share, mapped share, retransmits, the plugins' own counters
/// (medians); "–" where a cell did not measure it.
enum CellColumns {
    static let headers = ["goodput", "CPU µs/MB", "wire µs/MB", "vs memcpy", "zero-copied", "mapped", "retrans", "plugin counters"]

    static func values(_ summary: CellSummary?) -> [String] {
        [
            summary.map { Units.rate($0.goodputBitsPerSecond) },
            summary.map { String(format: "%.1f", $0.serviceDemandMicrosPerMB) },
            summary?.wireMicrosPerMB.map { String(format: "%.0f [%.0f, %.0f]", $0.estimate, $0.lower, $0.upper) },
            summary?.copyEfficiency.map(Units.percent),
            summary?.zerocopiedShare.map(Units.percent),
            summary?.mappedShare.map(Units.percent),
            summary?.retransmits.map { String(format: "%.0f", $0) },
            summary?.pluginCounters.map { counters in
                counters.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.0f", $0.value))" }.joined(separator: ", ")
            },
        ].map { $0 ?? "–" }
    }
}
