/// What an assertion or a gate reads from each sample of a cell.
extension AssertionMetric {
    /// The metric's value in one sample; nil when the sample does not report it.
    public func value(of sample: CellSample) -> Double? {
        let megabytes = Double(sample.bytes) / 1e6
        switch self {
        case .goodput: return sample.goodputBitsPerSecond
        case .cpuPerMB: return sample.serviceDemandMicrosPerMB
        case .senderCPUPerMB: return megabytes > 0 ? sample.senderCPU.total * 1e6 / megabytes : nil
        case .receiverCPUPerMB: return megabytes > 0 ? sample.receiverCPU.total * 1e6 / megabytes : nil
        case .wireCPUPerMB:
            guard let wire = sample.wireCPU, megabytes > 0 else { return nil }
            return wire.total * 1e6 / megabytes
        case .zerocopiedShare:
            guard let zerocopied = sample.zerocopyCompletions, let copied = sample.copiedCompletions,
                zerocopied + copied > 0
            else { return nil }
            return Double(zerocopied) / Double(zerocopied + copied)
        case .mappedShare:
            guard let mapped = sample.bytesMapped, let copied = sample.bytesCopied, mapped + copied > 0 else { return nil }
            return Double(mapped) / Double(mapped + copied)
        }
    }
}
