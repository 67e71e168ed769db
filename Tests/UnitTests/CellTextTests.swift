@testable import NetmatrixCore
import Testing

/// `netmatrix run`'s lines come from the same record `run --json` prints.
@Suite("run's human output from a cell record")
struct CellTextTests {
    static func record(_ status: CellRecord.Status, samples: [CellSample]) -> CellRecord {
        CellRecord(
            id: "veth/tcp/zerocopy:msg_zerocopy->copy/64K/mtu-default/offloads-default/flows-1", topology: "veth",
            transport: "tcp", sender: "zerocopy:msg_zerocopy", receiver: "copy", wire: nil, messageSize: 65536, mtu: nil,
            offloads: "default", flows: 1, status: status, reason: status == .failed ? "sender worker killed by SIGSEGV" : nil,
            offloadsReadBack: [:], samples: samples, summary: nil)
    }

    @Test func aPassingCellShowsEveryMeasure() {
        let sample = CellSample(
            round: 0, seconds: 0.5, bytes: 400_000_000, goodputBitsPerSecond: 6.4e9,
            senderCPU: CPUTime(user: 0.04, system: 0.06), receiverCPU: CPUTime(user: 0.1, system: 0.3),
            softirqShare: 0.175, softirqThreadCPU: 0.01, serviceDemandMicrosPerMB: 1275,
            zerocopyCompletions: 0, copiedCompletions: 5938, retransmits: 0, variant: "recv",
            bytesVerified: 6_840_000, verificationMicrosPerMB: 107.5)
        let lines = CellText.lines(Self.record(.passed, samples: [sample]), verification: .sampled)
        #expect(lines == [
            "cell      veth tcp, zerocopy:msg_zerocopy -> copy, 65536 B messages",
            "goodput   6.4 Gbit/s (0.4 GB in 0.5 s)",
            "sender    CPU user 0.04 s, sys 0.06 s = 20.0% of a core, 250.0 µs/MB",
            "receiver  CPU user 0.1 s, sys 0.3 s = 80.0% of a core, 1000.0 µs/MB",
            "variant   recv",
            "ksoftirqd CPU 0.01 s (softirq work no worker was billed for)",
            "total     1275.0 µs of CPU per MB, every worker and ksoftirqd",
            "softirq   17.5% of all CPU time, system-wide",
            "zerocopy  0 zero-copied, 5938 copied completions",
            "retrans   0 segments",
            "verified  6.84 MB (sampled), cost 107.5 µs/MB",
            "result    PASS",
        ])
    }

    @Test func aFailedCellSaysWhy() {
        let lines = CellText.lines(Self.record(.failed, samples: []), verification: .off, ipv6: true)
        #expect(lines == [
            "cell      veth tcp over IPv6, zerocopy:msg_zerocopy -> copy, 65536 B messages",
            "FAIL      sender worker killed by SIGSEGV",
        ])
    }
}
