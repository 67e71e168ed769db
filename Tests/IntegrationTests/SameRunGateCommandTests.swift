import Foundation
import NetmatrixCore
import TestSupport
import Testing

/// `netmatrix gate --against` for real: this build against itself across a
/// veth pair in private namespaces. A cell slowed on purpose fails the gate
/// with the regression code; the same code on both sides passes.
@Suite(
    "netmatrix gate --against another build, in real namespaces", .serialized,
    .requires(.root), .requires(.netmatrixBinary), .requires(.builtPlugins))
struct SameRunGateCommandTests {
    let folder: String
    let matrix: String

    init() throws {
        folder = NSTemporaryDirectory() + "netmatrix-same-run-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: Repository.root.appendingPathComponent("Netns/veth.yaml").path, toPath: folder + "/veth.yaml")
        // Both workers on one CPU: there a cell's CPU is its wall time, so extra work shows in both metrics.
        matrix = folder + "/gate.yaml"
        try """
            name: same-run
            sample: {duration: 200ms}
            warmup: 1
            sampling: {initial: 8, step: 4, max: 16}
            blocks:
              - name: copy
                topology: veth
                send: copy
                receive: copy
                size: 64K
                cpus: same
            """.write(toFile: matrix, atomically: true, encoding: .utf8)
    }

    func gate(_ extra: [String]) throws -> (outcome: ChildProcess.Outcome, report: GateReport) {
        let netmatrix = try #require(WorkerExecutable.locate())
        let out = folder + "/out-\(UUID().uuidString)"
        // Alone on the machine: suites run in parallel, and a CPU-heavy neighbour starting
        // halfway through a 10-second A/A comparison is the drift a gate must not see.
        let outcome = try ExclusiveLoad.run {
            try ChildProcess.run(netmatrix, ["gate", "--against", netmatrix, matrix, "--seed", "7", "--out", out] + extra)
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/gate.json"))
        return (outcome, try JSONDecoder().decode(GateReport.self, from: data))
    }

    @Test func cellsWhosePluginTheOtherBuildLacksAreNotComparedAndTheRestAre() throws {
        // The other build: this netmatrix beside the copy plugin only, as a base branch without csum-copy.
        let netmatrix = try #require(WorkerExecutable.locate())
        let other = folder + "/other-build"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: other + "/netmatrix", withDestinationPath: netmatrix)
        let builtCopy = URL(fileURLWithPath: netmatrix).deletingLastPathComponent().path + "/libnetmatrix-plugin-copy.so"
        try FileManager.default.copyItem(atPath: builtCopy, toPath: other + "/libnetmatrix-plugin-copy.so")
        let twoCells = folder + "/two.yaml"
        try (try String(contentsOfFile: matrix, encoding: .utf8)).replacingOccurrences(of: "receive: copy", with: "receive: [copy, csum-copy]")
            .write(toFile: twoCells, atomically: true, encoding: .utf8)
        let out = folder + "/out-lacking"
        let outcome = try ExclusiveLoad.run {
            try ChildProcess.run(netmatrix, ["gate", "--against", other, twoCells, "--seed", "3", "--out", out])
        }
        // Not a refusal: the gate ran and judged the cell both builds can run (its verdict is the
        // A/A test's business above; here either code of a finished comparison will do).
        #expect([ExitStatus.success.rawValue, ExitStatus.assertionFailed.rawValue].contains(outcome.status), "\(outcome.output)\(outcome.errors)")
        #expect(outcome.errors.contains("cannot run csum-copy, its cells are not compared"), "\(outcome.errors)")
        let report = try JSONDecoder().decode(GateReport.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/gate.json")))
        #expect(report.problems.map(\.cell) == ["veth/tcp/copy->csum-copy/64K/mtu-default/offloads-on/flows-1/cpus-same"])
        #expect(report.records.count == 2 && report.records.allSatisfy { $0.cell.contains("copy->copy") })
    }

    @Test func aSlowedCellFailsTheGateAndTheSameCodePasses() throws {
        // 30% more work in both ends: far beyond this cell's noise, so the test checks the path, not the gate's power.
        let slowed = try gate(["--inject-slowdown", "30%", "--inject-into", "veth/"])
        #expect(slowed.outcome.status == ExitStatus.assertionFailed.rawValue, "\(slowed.outcome.output)\(slowed.outcome.errors)")
        #expect(slowed.report.records.contains { $0.verdict == .regressed }, "\(slowed.outcome.output)")
        #expect(slowed.outcome.errors.contains("injecting 30% into veth/tcp/copy->copy/64K"))
        #expect(slowed.outcome.output.contains("REGRESSED  veth/tcp/copy->copy/64K"))
        #expect(slowed.report.records.allSatisfy { $0.samples.now.count >= 8 && $0.samples.now.count == $0.samples.before.count })

        let same = try gate([])
        #expect(same.outcome.status == ExitStatus.success.rawValue, "\(same.outcome.output)\(same.outcome.errors)")
        #expect(!same.report.records.contains { $0.verdict == .regressed || $0.verdict == .improved }, "\(same.outcome.output)")
        #expect(same.report.records.count == 2)
        #expect(!same.outcome.errors.contains("teardown:"), "the gate tore its topology down: \(same.outcome.errors)")
    }
}
