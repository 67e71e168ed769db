/// One repetition of a cell.
public struct CellSample: Codable, Equatable, Sendable {
    public var round: Int
    public var seconds: Double
    public var bytes: UInt64
    public var goodputBitsPerSecond: Double
    public var senderCPU: CPUTime
    public var receiverCPU: CPUTime
    public var wireCPU: CPUTime?
    /// Share of all CPU time spent in softirq during the sample, system-wide (/proc/stat).
    public var softirqShare: Double?
    /// CPU seconds the kernel's softirq threads (ksoftirqd) ran during the sample.
    public var softirqThreadCPU: Double?
    /// µs of CPU per MB moved, the service demand: every worker (user + system,
    /// which includes softirq work done in their context) plus the softirq
    /// threads, so it does not depend on which task the kernel billed.
    public var serviceDemandMicrosPerMB: Double
    public var zerocopyCompletions: UInt64?
    public var copiedCompletions: UInt64?
    public var bytesMapped: UInt64?
    public var bytesCopied: UInt64?
    public var retransmits: UInt64?
    /// Only where hardware counters exist; absent otherwise, never zero.
    public var cyclesPerByte: Double?
    /// The code path the plugins reported, e.g. "avx2".
    public var variant: String?
    /// Bytes the receivers compared against the pattern (absent with verification off).
    public var bytesVerified: UInt64?
    /// µs the receivers spent comparing bytes, per MB delivered.
    public var verificationMicrosPerMB: Double?
    /// The plugins' own counters (ABI 1.1), as "<role>.<name>" ("receive.words_folded"), summed over the flows.
    public var pluginCounters: [String: UInt64]?

    public init(
        round: Int, seconds: Double, bytes: UInt64, goodputBitsPerSecond: Double, senderCPU: CPUTime,
        receiverCPU: CPUTime, wireCPU: CPUTime? = nil, softirqShare: Double? = nil, softirqThreadCPU: Double? = nil,
        serviceDemandMicrosPerMB: Double,
        zerocopyCompletions: UInt64? = nil, copiedCompletions: UInt64? = nil, bytesMapped: UInt64? = nil,
        bytesCopied: UInt64? = nil, retransmits: UInt64? = nil, cyclesPerByte: Double? = nil, variant: String? = nil,
        bytesVerified: UInt64? = nil, verificationMicrosPerMB: Double? = nil, pluginCounters: [String: UInt64]? = nil
    ) {
        self.pluginCounters = pluginCounters
        self.bytesVerified = bytesVerified
        self.verificationMicrosPerMB = verificationMicrosPerMB
        self.round = round
        self.seconds = seconds
        self.bytes = bytes
        self.goodputBitsPerSecond = goodputBitsPerSecond
        self.senderCPU = senderCPU
        self.receiverCPU = receiverCPU
        self.wireCPU = wireCPU
        self.softirqShare = softirqShare
        self.softirqThreadCPU = softirqThreadCPU
        self.serviceDemandMicrosPerMB = serviceDemandMicrosPerMB
        self.zerocopyCompletions = zerocopyCompletions
        self.copiedCompletions = copiedCompletions
        self.bytesMapped = bytesMapped
        self.bytesCopied = bytesCopied
        self.retransmits = retransmits
        self.cyclesPerByte = cyclesPerByte
        self.variant = variant
    }
}

/// CPU seconds of one worker, from wait4's rusage.
public struct CPUTime: Codable, Equatable, Sendable {
    public var user: Double
    public var system: Double

    public init(user: Double, system: Double) {
        self.user = user
        self.system = system
    }

    public var total: Double { user + system }
}
