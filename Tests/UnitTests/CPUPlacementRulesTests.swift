@testable import NetmatrixCore
import Testing

@Suite("CPU placement: which CPU each role gets, and when a placement cannot be had")
struct CPUPlacementRulesTests {
    @Test func anyPinsNothing() throws {
        #expect(try CPUPlacement.any.cpus(allowed: [0, 1]) == nil)
    }

    @Test func samePutsEveryRoleOnTheFirstAllowedCPU() throws {
        let cpus = try #require(try CPUPlacement.same.cpus(allowed: [3, 5]))
        #expect([cpus.sender, cpus.receiver, cpus.wire] == [3, 3, 3])
    }

    @Test func splitPutsTheSenderApartFromReceiverAndWire() throws {
        let cpus = try #require(try CPUPlacement.split.cpus(allowed: [2, 7, 9]))
        #expect([cpus.sender, cpus.receiver, cpus.wire] == [2, 7, 7])
    }

    @Test func splitOnOneCPUIsRefusedWithTheCount() {
        #expect(throws: PlacementError(needed: 2, allowed: [4])) { try CPUPlacement.split.cpus(allowed: [4]) }
        #expect(PlacementError(needed: 2, allowed: [4]).description == "needs 2 CPUs; this process may run on 1 (4)")
    }

    @Test func softirqThreadSecondsNeedBothReadingsInOrder() {
        #expect(SoftirqThreads.seconds(from: 1_000_000_000, to: 3_500_000_000) == 2.5)
        #expect(SoftirqThreads.seconds(from: nil, to: 5) == nil)
        #expect(SoftirqThreads.seconds(from: 9, to: 5) == nil)
    }
}
