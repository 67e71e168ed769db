extension CellResult {
    /// This result as one sample of a matrix cell (the matrix runner's and the
    /// reports' view). Call only for a passed cell: failures are the caller's to report.
    public func sample(round: Int) -> CellSample {
        let sender = CPUTime(user: self.sender?.userCPUSeconds ?? 0, system: self.sender?.systemCPUSeconds ?? 0)
        let receiver = CPUTime(user: self.receiver?.userCPUSeconds ?? 0, system: self.receiver?.systemCPUSeconds ?? 0)
        let sent = self.sender?.counters ?? WorkerCounters()
        let received = self.receiver?.counters ?? WorkerCounters()
        let completions = sent.zerocopyCompletions + sent.copiedCompletions
        let variant = [received.variant, sent.variant, wire?.counters.variant ?? ""].first { !$0.isEmpty }
        return CellSample(
            round: round, seconds: seconds, bytes: bytes, goodputBitsPerSecond: goodputBitsPerSecond,
            senderCPU: sender, receiverCPU: receiver,
            wireCPU: wire.map { CPUTime(user: $0.userCPUSeconds, system: $0.systemCPUSeconds) },
            softirqShare: softirqShare,
            serviceDemandMicrosPerMB: bytes > 0 ? (sender.total + receiver.total) * 1e6 / (Double(bytes) / 1e6) : 0,
            zerocopyCompletions: completions > 0 ? sent.zerocopyCompletions : nil,
            copiedCompletions: completions > 0 ? sent.copiedCompletions : nil,
            bytesMapped: received.bytesMapped, bytesCopied: received.bytesCopied,
            retransmits: self.sender?.report?.retransmits,
            variant: variant
        )
    }
}
