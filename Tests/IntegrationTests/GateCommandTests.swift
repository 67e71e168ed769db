import Foundation
import NetmatrixCore
import TestSupport
import Testing

/// `netmatrix gate` on two runs' results.json, through the built binary: a
/// slowed cell fails with 1, an unchanged run passes, and each bad input has
/// its own code.
@Suite("netmatrix gate against a stored baseline", .requires(.netmatrixBinary))
struct GateCommandTests {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "netmatrix-gate-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    /// A run of two cells; `slower` scales cell "veth/fast"'s goodput down and its CPU per MB up.
    func run(slower: Double = 1, seed: UInt64, memcpy: Double = 10e9, model: String = "Test CPU") -> RunResults {
        var generator = SeededGenerator(seed: seed)
        func samples(goodput: Double) -> [CellSample] {
            (0..<12).map { round in
                let jitter = 1 + 0.03 * (Double(generator.next() % 2001) / 1000 - 1)
                let rate = goodput * jitter
                return CellSample(
                    round: round, seconds: 0.5, bytes: UInt64(rate * 0.5 / 8), goodputBitsPerSecond: rate,
                    senderCPU: CPUTime(user: 0.01, system: 0.2), receiverCPU: CPUTime(user: 0.01, system: 0.2),
                    serviceDemandMicrosPerMB: 400e9 / rate)
            }
        }
        func cell(_ id: String, _ samples: [CellSample]) -> CellRecord {
            CellRecord(
                id: id, topology: "veth", transport: "tcp", sender: "copy", receiver: "copy", wire: nil, messageSize: 65536,
                mtu: nil, offloads: "on", flows: 1, status: .passed, reason: nil, offloadsReadBack: [:], samples: samples,
                summary: CellSummary(samples: samples, memoryCopyBytesPerSecond: memcpy))
        }
        return RunResults(
            netmatrixVersion: NetmatrixVersion.string, startedAt: "2026-12-02T12:00:00Z", finishedAt: "2026-12-02T12:01:00Z",
            seed: seed, matrixFile: "Netns/matrix-gate.yaml",
            environment: RunEnvironment(
                kernel: "6.18", cpuModel: model, cpuCount: 2, simdLevel: "avx2", gitRevision: "abc",
                plugins: [], memoryCopyBytesPerSecond: memcpy, features: [:]),
            cells: [cell("veth/fast", samples(goodput: 20e9 / slower)), cell("veth/other", samples(goodput: 10e9))],
            assertions: [], exitStatus: .success)
    }

    func write(_ results: RunResults, _ name: String) throws -> String {
        let path = folder + "/" + name
        try JSONEncoder().encode(results).write(to: URL(fileURLWithPath: path))
        return path
    }

    func gate(_ arguments: [String]) throws -> ChildProcess.Outcome {
        try ChildProcess.run(try #require(WorkerExecutable.locate()), ["gate"] + arguments, environment: ["NETMATRIX_BASELINES": folder])
    }

    @Test func aTenPercentSlowerCellFailsTheGateAndNothingElseIsFlagged() throws {
        _ = try write(run(seed: 1), "main.json")
        let now = try write(run(slower: 1.1, seed: 2), "head.json")
        let outcome = try gate(["--baseline", "main", "--results", now, "--out", folder + "/out"])
        #expect(outcome.status == ExitStatus.assertionFailed.rawValue, "\(outcome.output)\(outcome.errors)")
        let report = try JSONDecoder().decode(GateReport.self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/out/gate.json")))
        let flagged = report.records.filter { $0.verdict == .regressed }.map { "\($0.cell) \($0.metric)" }.sorted()
        #expect(flagged == ["veth/fast cpu_per_mb", "veth/fast goodput"])
        #expect(report.records.filter { $0.cell == "veth/other" }.allSatisfy { $0.verdict != .regressed && $0.verdict != .improved })
        #expect(outcome.output.contains("REGRESSED  veth/fast goodput"))
        let markdown = try String(contentsOfFile: folder + "/out/gate.md", encoding: .utf8)
        #expect(markdown.hasPrefix("# netmatrix gate: 2 regressed"))
        let junit = try String(contentsOfFile: folder + "/out/gate-junit.xml", encoding: .utf8)
        #expect(junit.contains("failures=\"2\""))
    }

    @Test func theSameRunAgainPasses() throws {
        let path = try write(run(seed: 3), "same.json")
        let outcome = try gate(["--baseline", path, "--results", path])
        #expect(outcome.status == 0, "\(outcome.output)\(outcome.errors)")
        #expect(outcome.output.hasPrefix("netmatrix gate: 0 regressed, 0 improved, 4 unchanged, 0 unknown"))
    }

    @Test func aFasterMachineIsNormalisedByItsMemcpyBandwidth() throws {
        _ = try write(run(seed: 4, memcpy: 10e9, model: "Old CPU"), "old.json")
        // Twice the memcpy bandwidth and twice the goodput: the same code on a faster machine.
        var faster = run(seed: 5, memcpy: 20e9, model: "New CPU")
        faster.cells = run(slower: 0.5, seed: 5).cells
        let now = try write(faster, "new.json")
        let outcome = try gate(["--baseline", "old", "--results", now])
        #expect(outcome.output.contains("normalised by memcpy bandwidth: this machine is 2.00x the baseline's"), "\(outcome.output)")
        let raw = try gate(["--baseline", "old", "--results", now, "--normalize", "none"])
        #expect(raw.output.contains("IMPROVED"), "\(raw.output)")
    }

    @Test func eachBadInputHasItsCode() throws {
        let now = try write(run(seed: 6), "now.json")
        let missing = try gate(["--baseline", "nope", "--results", now])
        #expect(missing.status == ExitStatus.noBaseline.rawValue)
        #expect(missing.errors.contains("baseline \(folder)/nope.json: no such file; baselines there: now"), "\(missing.errors)")
        let noResults = try gate(["--baseline", now, "--results", folder + "/absent.json"])
        #expect(noResults.status == ExitStatus.badInput.rawValue, "\(noResults.errors)")
        let tolerance = try gate(["--baseline", now, "--results", now, "--tolerance", "90%"])
        #expect(tolerance.status == ExitStatus.badInput.rawValue)
        var disjoint = run(seed: 7)
        disjoint.cells = disjoint.cells.map { var cell = $0; cell.id += "/elsewhere"; return cell }
        let other = try write(disjoint, "disjoint.json")
        let nothing = try gate(["--baseline", other, "--results", now])
        #expect(nothing.status == ExitStatus.noBaseline.rawValue, "\(nothing.output)")
    }
}
