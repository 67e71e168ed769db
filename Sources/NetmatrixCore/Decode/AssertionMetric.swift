/// What an assertion compares; the evaluator reads its value from each sample.
public enum AssertionMetric: String, CaseIterable, Sendable, Codable {
    /// Bits per second delivered and verified. Larger is better.
    case goodput
    /// µs of CPU (sender + receiver + wire) per MB moved. Smaller is better.
    case cpuPerMB = "cpu_per_mb"
    /// µs of sender CPU per MB.
    case senderCPUPerMB = "sender_cpu_per_mb"
    /// µs of receiver CPU per MB.
    case receiverCPUPerMB = "receiver_cpu_per_mb"
    /// µs of the wire plugin's CPU per MB (tap topologies; nil elsewhere).
    case wireCPUPerMB = "wire_cpu_per_mb"
    /// Share of MSG_ZEROCOPY completions that really avoided the copy (0...1).
    case zerocopiedShare = "zerocopied_share"
    /// Share of received bytes delivered by page mapping rather than copying (0...1).
    case mappedShare = "mapped_share"

    public var prefersLarger: Bool {
        switch self {
        case .cpuPerMB, .senderCPUPerMB, .receiverCPUPerMB, .wireCPUPerMB: false
        case .goodput, .zerocopiedShare, .mappedShare: true
        }
    }

    /// A share is dimensionless and bounded, so it may be asserted on its own;
    /// every other metric only as a ratio of two cells measured side by side.
    public var isShare: Bool { self == .zerocopiedShare || self == .mappedShare }
}
