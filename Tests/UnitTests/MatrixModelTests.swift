@testable import NetmatrixCore
import Testing

@Suite("Matrix cells, selectors and assertion pairing")
struct MatrixModelTests {
    static let senders = MatrixBlock(
        name: "senders",
        axes: [.topology: ["loopback", "veth"], .send: ["copy", "zerocopy:sendfile"], .receive: ["copy"], .size: ["4K", "64K"]])
    static let receivers = MatrixBlock(
        name: "receivers", axes: [.topology: ["veth"], .send: ["copy"], .receive: ["copy", "csum-copy"], .size: ["64K"]])

    @Test func blocksMakeTheirCrossProductAndOverlapsRunOnce() {
        #expect(Self.senders.cells.count == 8)
        let spec = MatrixSpec(name: "m", blocks: [Self.senders, Self.receivers])
        // veth/copy->copy/64K is in both blocks: it runs once.
        #expect(spec.cells.count == 8 + 1)
        #expect(Set(spec.cells.map(\.id)).count == spec.cells.count)
        #expect(spec.cells[0].id == "loopback/tcp/copy->copy/4K/mtu-default/offloads-on/flows-1")
    }

    @Test func exclusionsRemoveMatchingCells() {
        let spec = MatrixSpec(
            name: "m", blocks: [Self.senders],
            exclusions: [CellSelector([.topology: "loopback", .size: "4K"])])
        #expect(spec.cells.count == 6)
        #expect(!spec.cells.contains { $0[.topology] == "loopback" && $0[.size] == "4K" })
    }

    @Test func sizesParseAsPeopleWriteThem() {
        #expect(ByteCount.parse("4K") == 4096)
        #expect(ByteCount.parse("64KiB") == 65536)
        #expect(ByteCount.parse("1M") == 1 << 20)
        #expect(ByteCount.parse("1500") == 1500)
        #expect(ByteCount.parse("0") == nil)
        #expect(ByteCount.parse("-4K") == nil)
        #expect(ByteCount.parse("4X") == nil)
    }

    @Test func sizesPrintAsPeopleWriteThemAndReadBack() {
        #expect(ByteCount.text(4096) == "4K")
        #expect(ByteCount.text(1 << 20) == "1M")
        #expect(ByteCount.text(1500) == "1500")
        for bytes in [1, 1500, 4096, 65536, 3 << 20] { #expect(ByteCount.parse(ByteCount.text(bytes)) == bytes) }
    }

    @Test func assertionsPairCellsThatDifferOnlyInTheNamedAxis() throws {
        let cells = MatrixSpec(name: "m", blocks: [Self.senders, Self.receivers]).cells
        let assertion = AssertionSpec(
            name: "sendfile-cpu", why: "no user copy", metric: .senderCPUPerMB,
            scope: CellSelector([.topology: "veth"]),
            numerator: CellSelector([.send: "zerocopy:sendfile"]), denominator: CellSelector([.send: "copy"]),
            comparison: .atMost, threshold: 0.95)
        let pairs = assertion.pairs(in: cells)
        #expect(pairs.count == 2)  // 4K and 64K on veth
        for pair in pairs {
            let denominator = try #require(pair.denominator)
            #expect(pair.numerator[.send] == "zerocopy:sendfile")
            #expect(denominator[.send] == "copy")
            for axis in MatrixAxis.allCases where axis != .send {
                #expect(pair.numerator[axis] == denominator[axis])
            }
        }
        #expect(assertion.involvedCells(in: cells).count == 4)
        #expect(assertion.expression.contains("where topology=veth"))
    }

    static func samples(_ value: Double, count: Int = 5) -> [CellSample] {
        (0..<count).map { round in
            let goodput = value * (1 + 0.01 * Double(round % 3 - 1))
            return CellSample(
                round: round, seconds: 1, bytes: UInt64(goodput / 8), goodputBitsPerSecond: goodput,
                senderCPU: CPUTime(user: 0, system: 0.5), receiverCPU: CPUTime(user: 0, system: 0.5),
                serviceDemandMicrosPerMB: 1e6 / (goodput / 8 / 1e6))
        }
    }

    @Test func evaluatorGivesOneVerdictPerPairAndNamesProblems() {
        let cells = MatrixSpec(name: "m", blocks: [Self.receivers]).cells
        let fused = CellSelector([.receive: "csum-copy"])
        let plain = CellSelector([.receive: "copy"])
        var samples: [String: [CellSample]] = [:]
        for cell in cells { samples[cell.id] = Self.samples(cell[.receive] == "copy" ? 10e9 : 12e9) }
        let faster = AssertionSpec(
            name: "faster", why: "test", metric: .goodput, numerator: fused, denominator: plain,
            comparison: .atLeast, threshold: 1.1)
        let evaluator = AssertionEvaluator()
        let outcome = evaluator.evaluate(faster, cells: cells, samples: samples, problems: [:])
        #expect(outcome.count == 1)
        #expect(outcome.first?.record.verdict == .pass)
        #expect(abs((outcome.first?.record.interval?.estimate ?? 0) - 1.2) < 1e-9)

        let tooMuch = AssertionSpec(
            name: "much", why: "test", metric: .goodput, numerator: fused, denominator: plain,
            comparison: .atLeast, threshold: 1.5)
        #expect(evaluator.evaluate(tooMuch, cells: cells, samples: samples, problems: [:]).first?.record.verdict == .fail)

        let problems = [cells[1].id: "receiver worker killed by SIGSEGV"]
        let blocked = evaluator.evaluate(faster, cells: cells, samples: samples, problems: problems)
        #expect(blocked.first?.record.verdict == .notEvaluated)
        #expect(blocked.first?.record.reason?.contains("SIGSEGV") == true)

        let unmatched = AssertionSpec(
            name: "none", why: "test", metric: .goodput, numerator: CellSelector([.receive: "sse-copy"]),
            denominator: plain, comparison: .atLeast, threshold: 1)
        let none = evaluator.evaluate(unmatched, cells: cells, samples: samples, problems: [:]).first?.record
        #expect(none?.verdict == .notEvaluated)
        #expect(none?.reason == "not evaluated: none of its pairs is among the selected cells (--filter)")
    }

    @Test func shareAssertionsJudgeEachCellOnItsOwn() throws {
        let cells = MatrixSpec(name: "m", blocks: [Self.receivers]).cells
        let mapped = AssertionSpec(
            name: "mapped", why: "test", metric: .mappedShare, numerator: CellSelector([.receive: "csum-copy"]),
            denominator: nil, comparison: .atLeast, threshold: 0.99)
        #expect(mapped.pairs(in: cells).count == 1)
        #expect(mapped.expression == "mapped_share(receive=csum-copy) >= 0.99")
        let cell = try #require(cells.first { $0[.receive] == "csum-copy" })
        func sample(mapped: UInt64, copied: UInt64) -> CellSample {
            CellSample(
                round: 0, seconds: 1, bytes: mapped + copied, goodputBitsPerSecond: 1e9,
                senderCPU: CPUTime(user: 0, system: 0), receiverCPU: CPUTime(user: 0, system: 0),
                serviceDemandMicrosPerMB: 1, bytesMapped: mapped, bytesCopied: copied)
        }
        let evaluator = AssertionEvaluator()
        let good = evaluator.evaluate(
            mapped, cells: cells, samples: [cell.id: (0..<5).map { _ in sample(mapped: 992, copied: 8) }], problems: [:])
        #expect(good.first?.record.verdict == .pass)
        #expect(good.first?.record.interval?.estimate == 0.992)
        let poor = evaluator.evaluate(
            mapped, cells: cells, samples: [cell.id: (0..<5).map { _ in sample(mapped: 600, copied: 400) }], problems: [:])
        #expect(poor.first?.record.verdict == .fail)
        let none = evaluator.evaluate(
            mapped, cells: cells,
            samples: [cell.id: [CellSample(
                round: 0, seconds: 1, bytes: 1, goodputBitsPerSecond: 1, senderCPU: CPUTime(user: 0, system: 0),
                receiverCPU: CPUTime(user: 0, system: 0), serviceDemandMicrosPerMB: 1)]],
            problems: [:])
        // The cell ran and reports no mapped bytes: the claim can never be decided, so it fails.
        #expect(none.first?.record.verdict == .fail)
        #expect(none.first?.record.reason == "its cell ran, but no sample reports mapped_share: the claim cannot be decided on this cell")
        let notYet = evaluator.evaluate(mapped, cells: cells, samples: [:], problems: [:])
        #expect(notYet.first?.record.verdict == .inconclusive)
    }

    @Test func aPinnedCellSaysSoInItsIdAndTheDefaultDoesNot() {
        let cell = Self.receivers.cells[0]
        #expect(cell[.cpus] == "any")
        #expect(!cell.id.contains("cpus"))
        #expect(cell.with(.cpus, "split").id == cell.id + "/cpus-split")
    }
}
