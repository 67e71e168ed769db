import Foundation
import NetmatrixCore
import TestSupport
import Testing

/// `netmatrix run` is a matrix of one cell: the same cell through `run --json`
/// and through a one-cell matrix file gives the same cell object (its id and
/// every key, down to the samples and the summary) and the same exit code.
@Suite(
    "run --json and a one-cell matrix give the same cell and exit code",
    .requires(.root),
    .requires(.netmatrixBinary),
    .requires(.compiler),
    .requires(.builtPlugins),
    .serialized
)
struct OneCellPathTests {
    struct Both {
        var run: ChildProcess.Outcome
        var matrix: ChildProcess.Outcome
        /// results.json's only cell, when the matrix wrote one.
        var matrixCell: [String: Any]?
    }

    /// The cell loopback, `send` -> copy, 64K, 300 ms, through both commands.
    func both(send: String, plugins: TestPluginBuilder) throws -> Both {
        let binary = try #require(WorkerExecutable.locate())
        let run = try ChildProcess.run(
            binary, ["run", "--topology", "Netns/loopback.yaml", "--send", send, "--receive", "copy", "--duration", "300ms", "--json"],
            in: Repository.root)
        let folder = plugins.folder + "/one-cell-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: Repository.root.appendingPathComponent("Netns/loopback.yaml").path, toPath: folder + "/loopback.yaml")
        try """
            name: one-cell
            sample: {duration: 300ms}
            warmup: 0
            sampling: {initial: 2, step: 1, max: 2}
            blocks:
              - {topology: loopback, send: "\(send)", receive: copy, size: 64K, offloads: default}
            """.write(toFile: folder + "/matrix.yaml", atomically: true, encoding: .utf8)
        let matrix = try ChildProcess.run(binary, ["matrix", folder + "/matrix.yaml", "--out", folder + "/out", "--seed", "1"])
        let results = try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/out/results.json")))
        let cells = (results as? [String: Any])?["cells"] as? [[String: Any]]
        #expect(cells == nil || cells?.count == 1)
        return Both(run: run, matrix: matrix, matrixCell: cells?.first)
    }

    /// Every key path of a JSON value: `samples[].senderCPU.user`, ...
    static func keys(_ value: Any, at path: String = "") -> Set<String> {
        switch value {
        case let object as [String: Any]:
            object.reduce(into: Set<String>()) { keys, entry in
                let key = path.isEmpty ? entry.key : "\(path).\(entry.key)"
                keys.insert(key)
                keys.formUnion(Self.keys(entry.value, at: key))
            }
        case let array as [Any]: array.reduce(into: Set<String>()) { $0.formUnion(Self.keys($1, at: path + "[]")) }
        default: []
        }
    }

    func expectSameCell(_ both: Both, status: NetmatrixCore.ExitStatus) throws {
        #expect(both.run.status == status.rawValue, "run: \(both.run.output) \(both.run.errors)")
        #expect(both.matrix.status == status.rawValue, "matrix: \(both.matrix.output) \(both.matrix.errors)")
        let runCell = try #require(try JSONSerialization.jsonObject(with: Data(both.run.output.utf8)) as? [String: Any])
        let matrixCell = try #require(both.matrixCell)
        #expect(runCell["id"] as? String == matrixCell["id"] as? String)
        #expect(runCell["status"] as? String == matrixCell["status"] as? String)
        #expect(runCell["reason"] as? String == matrixCell["reason"] as? String)
        #expect(Self.keys(runCell) == Self.keys(matrixCell))
        // And the run's cell decodes as results.json's cells do.
        _ = try JSONDecoder().decode(CellRecord.self, from: Data(both.run.output.utf8))
    }

    @Test func aPass() throws {
        let plugins = try TestPluginBuilder()
        let both = try both(send: "copy", plugins: plugins)
        try expectSameCell(both, status: .success)
        #expect(Self.keys(try #require(both.matrixCell)).contains("summary.serviceDemandMicrosPerMB"))
    }

    @Test func aPluginThatCrashes() throws {
        let plugins = try TestPluginBuilder()
        let crashing = try plugins.build(name: "test-segv", defines: ["FAULT=segv", "FAULT_ROLE=1", "ROLES=1"])
        let both = try both(send: crashing, plugins: plugins)
        try expectSameCell(both, status: .assertionFailed)
        #expect(both.matrixCell?["reason"] as? String == "sender worker killed by SIGSEGV")
    }

    @Test func badInput() throws {
        let plugins = try TestPluginBuilder()
        let both = try both(send: "copy:nonesuch", plugins: plugins)
        #expect(both.run.status == ExitStatus.badInput.rawValue, "run: \(both.run.errors)")
        #expect(both.matrix.status == ExitStatus.badInput.rawValue, "matrix: \(both.matrix.errors)")
        #expect(both.run.output.isEmpty)
        #expect(both.matrixCell == nil, "a refused matrix wrote results")
        for errors in [both.run.errors, both.matrix.errors] {
            #expect(errors.contains("copy:nonesuch: plugin copy: has no send mode \"nonesuch\""), "\(errors)")
        }
    }
}
