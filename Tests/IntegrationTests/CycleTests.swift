import NetmatrixCore
import TestSupport
import Testing

@Suite("up/down cycles", .serialized, .requires(.root))
struct CycleTests {
    static let cycles = 200

    @Test("200 up/down cycles of each topology in a row: zero failures, zero leftovers")
    func cyclesInARow() throws {
        try Self.cycle([TestTopologies.loopback, TestTopologies.veth(), TestTopologies.chain, TestTopologies.bridge])
    }

    @Test("200 up/down cycles of the TAP topology: zero failures, zero leftovers", .requires(.tun))
    func tapCyclesInARow() throws {
        try Self.cycle([TestTopologies.tap])
    }

    static func cycle(_ kinds: [TopologySpec]) throws {
        var failures: [String] = []
        var leftovers: [String] = []
        let clock = ContinuousClock()
        for spec in kinds {
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
