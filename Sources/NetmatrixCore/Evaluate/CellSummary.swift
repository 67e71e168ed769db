/// Medians over a cell's samples; goodput's and CPU per MB's with their intervals.
public struct CellSummary: Codable, Equatable, Sendable {
    public var samples: Int
    public var goodputBitsPerSecond: Double
    public var serviceDemandMicrosPerMB: Double
    /// The median goodput with its bootstrap confidence interval: how far a
    /// reader may trust the median (report.html draws it as an error bar).
    /// Absent in results written before it was recorded.
    public var goodputInterval: RatioInterval?
    /// The median µs of CPU per MB with its bootstrap confidence interval.
    public var serviceDemandInterval: RatioInterval?
    /// The wire plugin's own µs of CPU per MB, median with its bootstrap interval
    /// (tap topologies): what the user-space driver costs, apart from the endpoints.
    public var wireMicrosPerMB: RatioInterval?
    /// Goodput as a share of the run's memcpy bandwidth (absent if that was not measured).
    public var copyEfficiency: Double?
    /// Zero-copied share of MSG_ZEROCOPY completions, when there were any.
    public var zerocopiedShare: Double?
    /// Share of received bytes delivered by page mapping, when the receiver maps.
    public var mappedShare: Double?
    /// Median TCP retransmits per sample (TCP_INFO), for TCP cells.
    public var retransmits: Double?
    /// Median per sample of each of the plugins' own counters ("receive.recv_calls").
    public var pluginCounters: [String: Double]?

    public init(
        samples: Int, goodputBitsPerSecond: Double, serviceDemandMicrosPerMB: Double, copyEfficiency: Double?,
        zerocopiedShare: Double?, mappedShare: Double?, retransmits: Double? = nil, pluginCounters: [String: Double]? = nil,
        goodputInterval: RatioInterval? = nil, serviceDemandInterval: RatioInterval? = nil, wireMicrosPerMB: RatioInterval? = nil
    ) {
        self.wireMicrosPerMB = wireMicrosPerMB
        self.pluginCounters = pluginCounters
        self.samples = samples
        self.goodputBitsPerSecond = goodputBitsPerSecond
        self.serviceDemandMicrosPerMB = serviceDemandMicrosPerMB
        self.goodputInterval = goodputInterval
        self.serviceDemandInterval = serviceDemandInterval
        self.copyEfficiency = copyEfficiency
        self.zerocopiedShare = zerocopiedShare
        self.mappedShare = mappedShare
        self.retransmits = retransmits
    }

    /// Medians of `samples`, goodput's and CPU per MB's with `bootstrap`'s
    /// interval (the one assertions use, so a page's intervals all mean the same); nil when there are none.
    public init?(samples: [CellSample], memoryCopyBytesPerSecond: Double?, bootstrap: RatioBootstrap = RatioBootstrap()) {
        let goodputs = samples.map(\.goodputBitsPerSecond)
        let demands = samples.map(\.serviceDemandMicrosPerMB)
        guard let goodput = Descriptive.median(goodputs), let demand = Descriptive.median(demands) else { return nil }
        let zeroCopied = samples.compactMap { sample -> Double? in
            guard let zc = sample.zerocopyCompletions, let copied = sample.copiedCompletions, zc + copied > 0
            else { return nil }
            return Double(zc) / Double(zc + copied)
        }
        let mapped = samples.compactMap { sample -> Double? in
            guard let mapped = sample.bytesMapped, let copied = sample.bytesCopied, mapped + copied > 0
            else { return nil }
            return Double(mapped) / Double(mapped + copied)
        }
        self.init(
            samples: samples.count, goodputBitsPerSecond: goodput, serviceDemandMicrosPerMB: demand,
            copyEfficiency: memoryCopyBytesPerSecond.map { goodput / 8 / $0 },
            zerocopiedShare: Descriptive.median(zeroCopied), mappedShare: Descriptive.median(mapped),
            // A closure, not `Double.init`: that name also matches init(bitPattern:), which
            // read 29 retransmits as the Double whose bits they are (1.4e-322).
            retransmits: Descriptive.median(samples.compactMap { $0.retransmits.map { Double($0) } }),
            pluginCounters: Self.medians(of: samples.map { $0.pluginCounters ?? [:] }),
            goodputInterval: bootstrap.interval(of: goodputs), serviceDemandInterval: bootstrap.interval(of: demands),
            wireMicrosPerMB: Self.wireMicrosPerMB(samples, bootstrap: bootstrap))
    }

    /// The wire's µs per MB over the samples that ran a wire; nil when none did.
    static func wireMicrosPerMB(_ samples: [CellSample], bootstrap: RatioBootstrap) -> RatioInterval? {
        let values = samples.compactMap { AssertionMetric.wireCPUPerMB.value(of: $0) }
        return values.isEmpty ? nil : bootstrap.interval(of: values)
    }

    /// Each counter's median over the samples that reported it; nil when none did.
    static func medians(of counters: [[String: UInt64]]) -> [String: Double]? {
        let names = Set(counters.flatMap(\.keys))
        guard !names.isEmpty else { return nil }
        var result: [String: Double] = [:]
        for name in names {
            result[name] = Descriptive.median(counters.compactMap { $0[name].map { Double($0) } })
        }
        return result
    }
}
