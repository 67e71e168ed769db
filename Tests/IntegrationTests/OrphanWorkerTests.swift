import Foundation
@testable import NetmatrixCore
import NetmatrixSystem
import TestSupport
import Testing

@Suite(
    "A worker whose supervisor is gone ends itself",
    .requires(.root),
    .requires(.netmatrixBinary)
)
struct OrphanWorkerTests {
    @Test func aReceiverNobodyConnectsToDiesOfItsAlarm() throws {
        let executable = try #require(WorkerExecutable.locate())
        let (topology, namespace) = try PrivateNetwork.loopback()
        defer { try? topology.down() }
        var job = WorkerJob(role: .receive, pluginPath: nil, descriptors: .init(report: SpawnedWorker.Slot.report, namespace: SpawnedWorker.Slot.namespace))
        job.address = PrivateNetwork.loopbackAddress
        job.durationNanoseconds = 60_000_000_000
        job.lifetimeLimitSeconds = 1
        let worker = try SpawnedWorker.spawn(
            label: "receiver", executable: executable, job: job, inherited: [(namespace, SpawnedWorker.Slot.namespace)]
        )
        // Nobody connects and nobody ends it: only its own alarm can.
        let began = monotonicNanoseconds()
        let ended = try worker.reap().get()
        let seconds = Double(monotonicNanoseconds() - began) / 1e9
        #expect(ended.signal == SIGALRM)
        #expect(seconds < 10)
    }
}
