/// `netmatrix run`'s human output: one cell's record, line by line (goodput,
/// CPU per side, ksoftirqd, total µs/MB, softirq, zero-copy, mapped,
/// retransmits, the plugins' own counters, verified, PASS or FAIL), from the same record `--json` prints.
public enum CellText {
    public static func lines(_ cell: CellRecord, verification: VerificationLevel, ipv6: Bool = false) -> [String] {
        var header = "cell      \(cell.topology) \(cell.transport)\(ipv6 ? " over IPv6" : ""), \(cell.sender) -> \(cell.receiver), \(cell.messageSize) B messages"
        if let wire = cell.wire { header += ", wire \(wire)" }
        var lines = [header]
        for sample in cell.samples { lines += Self.lines(sample, verification: verification) }
        switch cell.status {
        case .passed: lines.append("result    PASS")
        case .failed: lines.append("FAIL      \(cell.reason ?? "no reason given")")
        case .skipped: lines.append("SKIP      \(cell.reason ?? "no reason given")")
        }
        return lines
    }

    static func lines(_ sample: CellSample, verification: VerificationLevel) -> [String] {
        let megabytes = Double(sample.bytes) / 1e6
        var lines = ["goodput   \(fixed(sample.goodputBitsPerSecond / 1e9)) Gbit/s (\(fixed(Double(sample.bytes) / 1e9)) GB in \(fixed(sample.seconds)) s)"]
        for (label, cpu) in [("sender", sample.senderCPU), ("receiver", sample.receiverCPU), ("wire", sample.wireCPU)] {
            guard let cpu else { continue }
            let busy = sample.seconds > 0 ? " = \(fixed(cpu.total / sample.seconds * 100))% of a core" : ""
            let demand = megabytes > 0 ? ", \(fixed(cpu.total * 1e6 / megabytes)) µs/MB" : ""
            lines.append("\(label.padding(toLength: 9, withPad: " ", startingAt: 0)) CPU user \(fixed(cpu.user)) s, sys \(fixed(cpu.system)) s\(busy)\(demand)")
        }
        if let variant = sample.variant { lines.append("variant   \(variant)") }
        if let seconds = sample.softirqThreadCPU, seconds > 0 {
            lines.append("ksoftirqd CPU \(fixed(seconds)) s (softirq work no worker was billed for)")
        }
        if megabytes > 0 { lines.append("total     \(fixed(sample.serviceDemandMicrosPerMB)) µs of CPU per MB, every worker and ksoftirqd") }
        if let share = sample.softirqShare { lines.append("softirq   \(fixed(share * 100))% of all CPU time, system-wide") }
        if let zerocopied = sample.zerocopyCompletions, let copied = sample.copiedCompletions {
            lines.append("zerocopy  \(zerocopied) zero-copied, \(copied) copied completions")
        }
        if let mapped = sample.bytesMapped, mapped > 0, sample.bytes > 0 {
            lines.append("mapped    \(fixed(Double(mapped) / Double(sample.bytes) * 100))% of received bytes")
        }
        if let retransmits = sample.retransmits { lines.append("retrans   \(retransmits) segments") }
        for (name, value) in (sample.pluginCounters ?? [:]).sorted(by: { $0.key < $1.key }) {
            lines.append("counter   \(name) \(value)")
        }
        let cost = sample.verificationMicrosPerMB.map { ", cost \(fixed($0)) µs/MB" } ?? ""
        lines.append("verified  \(fixed(Double(sample.bytesVerified ?? 0) / 1e6)) MB (\(verification.rawValue))\(cost)")
        return lines
    }

    static func fixed(_ value: Double) -> String {
        "\((value * 100).rounded() / 100)"
    }
}
