import Foundation
@testable import NetmatrixCore
import NetmatrixSystem
import TestSupport
import Testing

@Suite(
    "Pinned workers run where the placement says, and the softirq threads are counted",
    .requires(.root),
    .requires(.netmatrixBinary)
)
struct CPUPlacementTests {
    func run(_ placement: CPUPlacement) throws -> FlowResult {
        let (topology, namespace) = try PrivateNetwork.loopback()
        defer { try? topology.down() }
        var request = FlowRequest(
            senderNamespace: namespace, receiverNamespace: namespace, receiverAddress: PrivateNetwork.loopbackAddress,
            sender: nil, receiver: nil, budget: .duration(seconds: 0.3))
        request.placement = placement
        request.port = 5331
        return try FlowRunner().run(request)
    }

    static let twoCPUs = TestRequirement("needs 2 CPUs this process may run on, to split sender and receiver") {
        ((try? CPUPlacement.allowedCPUs())?.count ?? 0) >= 2
    }

    @Test(.requires(twoCPUs), arguments: [CPUPlacement.same, .split])
    func workersArePinnedAsAsked(placement: CPUPlacement) throws {
        let allowed = try CPUPlacement.allowedCPUs()
        let result = try run(placement)
        #expect(result.failures.isEmpty, "\(result.failures)")
        let sender = try #require(result.sender?.report?.allowedCPUs)
        let receiver = try #require(result.receiver?.report?.allowedCPUs)
        #expect(sender == [allowed[0]])
        #expect(receiver == [placement == .split ? allowed[1] : allowed[0]])
    }

    @Test func unpinnedWorkersReportNoPlacementAndTotalsAddUp() throws {
        let result = try run(.any)
        #expect(result.failures.isEmpty, "\(result.failures)")
        let report = try #require(result.sender?.report, "the sender wrote no final report")
        #expect(report.allowedCPUs == nil)
        let threads = try #require(result.softirqThreadSeconds, "ksoftirqd's schedstat should be readable here")
        let workers = (result.sender?.cpuSeconds ?? 0) + (result.receiver?.cpuSeconds ?? 0)
        let sample = TopologyCellExecutor.sample(from: [result], round: 0)
        #expect(sample.softirqThreadCPU == threads)
        #expect(abs(sample.serviceDemandMicrosPerMB - (workers + threads) * 1e6 / (Double(result.bytes) / 1e6)) < 1e-6)
        #expect(sample.serviceDemandMicrosPerMB > 0)
    }
}
