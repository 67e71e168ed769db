import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import NetmatrixCore
import TestSupport
import Testing

private let repository = Repository.root

private let python = ChildProcess.which("python3")
private let hasJSONSchema = python.map { (try? ChildProcess.run($0, ["-c", "import jsonschema"]).status) == 0 } ?? false

/// One small matrix, run once for real by the `netmatrix` binary; the tests below read its reports.
private final class MatrixRun: @unchecked Sendable {
    static let shared = MatrixRun()
    let folder: URL
    let result: Result<ChildProcess.Outcome, any Error>

    init() {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("nm-e2e-\(getpid())")
        let matrix = """
            name: e2e
            sample: {duration: 200ms}
            warmup: 1
            sampling: {initial: 3, step: 2, max: 5}
            blocks:
              - topology: loopback
                send: copy
                receive: [copy, "copy,app_copies=24"]
                size: 64K
            assertions:
              - name: shuffling-costs-receiver-cpu
                why: Each extra copy of every message is receiver work, 48 memcpys of 64 KiB per message.
                metric: receiver_cpu_per_mb
                compare: {receive: "copy,app_copies=24"}
                against: {receive: copy}
                expect: ">= 1.5"
              - name: shuffling-is-free
                why: Deliberately false, to show a real failure and its exit code.
                metric: goodput
                compare: {receive: "copy,app_copies=24"}
                against: {receive: copy}
                expect: ">= 0.95"
            """
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try matrix.write(to: folder.appendingPathComponent("matrix.yaml"), atomically: true, encoding: .utf8)
            try FileManager.default.copyItem(
                at: repository.appendingPathComponent("Netns/loopback.yaml"), to: folder.appendingPathComponent("loopback.yaml"))
            guard let binary = WorkerExecutable.locate() else { throw CocoaError(.fileNoSuchFile) }
            // Its verdicts are timing: never measured while another test loads every CPU.
            let arguments = ["matrix", folder.appendingPathComponent("matrix.yaml").path,
                             "--out", folder.appendingPathComponent("out").path, "--seed", "3"]
            result = .success(try ExclusiveLoad.run { try ChildProcess.run(binary, arguments) })
        } catch {
            result = .failure(error)
        }
    }

    func file(_ name: String) -> URL { folder.appendingPathComponent("out").appendingPathComponent(name) }
}

@Suite(
    "A real matrix end to end: exit code, JSON schema, JUnit, summary, report in a browser",
    .serialized,
    .requires(.root),
    .requires(.netmatrixBinary)
)
struct MatrixEndToEndTests {
    @Test func aSlowedPathFailsItsAssertionAndTheRunExitsOne() throws {
        let run = try MatrixRun.shared.result.get()
        #expect(run.status == ExitStatus.assertionFailed.rawValue, "stderr: \(run.errors)")
        let results = try JSONDecoder().decode(RunResults.self, from: Data(contentsOf: MatrixRun.shared.file("results.json")))
        #expect(results.cells.count == 2)
        #expect(results.cells.allSatisfy { $0.status == .passed && $0.samples.count >= 3 })
        let verdicts = Dictionary(uniqueKeysWithValues: results.assertions.map { ($0.name, $0.verdict) })
        #expect(verdicts["shuffling-costs-receiver-cpu"] == .pass)
        #expect(verdicts["shuffling-is-free"] == .fail)
        #expect(results.exitStatus == 1)
        #expect(run.output.contains("FAIL"))
    }

    @Test(.requires(TestRequirement("needs python3 with jsonschema to check Docs/results.schema.json (make test installs it)") { hasJSONSchema }))
    func resultsMatchTheirSchema() throws {
        _ = try MatrixRun.shared.result.get()
        let check = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            jsonschema.validate(json.load(open(sys.argv[2])), schema)
            """
        let run = try ChildProcess.run(
            python ?? "/usr/bin/python3",
            ["-c", check, repository.appendingPathComponent("Docs/results.schema.json").path, MatrixRun.shared.file("results.json").path])
        #expect(run.status == 0, "\(run.errors)")
    }

    @Test func junitHasOneCasePerCellAndAssertion() throws {
        _ = try MatrixRun.shared.result.get()
        let document = try XMLDocument(contentsOf: MatrixRun.shared.file("junit.xml"))
        #expect(try document.nodes(forXPath: "//testcase").count == 4)
        #expect(try document.nodes(forXPath: "//testcase/failure").count == 1)
        let summary = try String(contentsOf: MatrixRun.shared.file("summary.md"), encoding: .utf8)
        #expect(summary.contains("❌ fail"))
    }

    @Test(.requires(HeadlessBrowser.requirement))
    func reportRendersItsChartsInAHeadlessBrowser() throws {
        _ = try MatrixRun.shared.result.get()
        #expect(try HeadlessBrowser.colours(of: MatrixRun.shared.file("report.html")) > 8)
    }
}
