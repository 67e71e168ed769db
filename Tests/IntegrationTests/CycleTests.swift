import NetmatrixCore
import Testing

@Suite("up/down cycles", .enabled(if: Privilege.isRoot, "needs root: builds real network namespaces"))
struct CycleTests {
    static let cycles = 200

    static var kinds: [TopologySpec] {
        [TestTopologies.loopback, TestTopologies.veth(), TestTopologies.chain, TestTopologies.bridge]
            + (Privilege.hasTun ? [TestTopologies.tap] : [])
    }

    @Test("200 up/down cycles of each topology in a row: zero failures, zero leftovers")
    func cyclesInARow() throws {
        var failures: [String] = []
        var leftovers: [String] = []
        let clock = ContinuousClock()
        for spec in Self.kinds {
            let start = clock.now
            for cycle in 0..<Self.cycles {
                do {
                    let topology = try TopologyEngine.up(spec)
                    let watch = Leftovers(topology)
                    try topology.down()
                    leftovers += watch.remaining.map { "\(spec.name) cycle \(cycle): \($0)" }
                } catch {
                    failures.append("\(spec.name) cycle \(cycle): \(error)")
                }
            }
            let perCycle = (clock.now - start) / Self.cycles
            print("cycles: \(spec.name): \(Self.cycles) up/down, \(perCycle) each")
        }
        #expect(failures == [])
        #expect(leftovers == [])
    }
}
