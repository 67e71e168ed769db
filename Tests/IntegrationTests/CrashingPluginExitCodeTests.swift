import Foundation
import NetmatrixCore
import TestSupport
import Testing

/// A crashing plugin under test is the code under test failing: the same exit
/// code, 1, whichever command ran it.
@Suite(
    "A plugin that crashes in its role function exits 1 in run, matrix and plugins check",
    .requires(.root),
    .requires(.netmatrixBinary),
    .requires(.compiler),
    .requires(.builtPlugins)
)
struct CrashingPluginExitCodeTests {
    /// A sender plugin that raises SIGSEGV in its role function, after 1 MiB.
    func crashing() throws -> (TestPluginBuilder, String) {
        let plugins = try TestPluginBuilder()
        return (plugins, try plugins.build(name: "test-segv", defines: ["FAULT=segv", "FAULT_ROLE=1", "ROLES=1"]))
    }

    func netmatrix(_ arguments: [String]) throws -> ChildProcess.Outcome {
        try ChildProcess.run(try #require(WorkerExecutable.locate()), arguments, in: Repository.root)
    }

    @Test func run() throws {
        let (plugins, plugin) = try crashing()
        defer { withExtendedLifetime(plugins) {} }
        let outcome = try netmatrix([
            "run", "--topology", "Netns/loopback.yaml", "--send", plugin, "--receive", "copy", "--duration", "1s",
        ])
        #expect(outcome.status == ExitStatus.assertionFailed.rawValue, "\(outcome.output) \(outcome.errors)")
        #expect(outcome.output.contains("FAIL      sender worker killed by SIGSEGV"), "\(outcome.output)")
    }

    @Test func matrix() throws {
        let (plugins, plugin) = try crashing()
        defer { withExtendedLifetime(plugins) {} }
        let folder = plugins.folder + "/matrix"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: Repository.root.appendingPathComponent("Netns/loopback.yaml").path, toPath: folder + "/loopback.yaml")
        try """
            name: crash
            sample: {duration: 300ms}
            warmup: 0
            sampling: {initial: 2, step: 1, max: 2}
            blocks:
              - {topology: loopback, send: "\(plugin)", receive: copy, size: 64K}
            """.write(toFile: folder + "/matrix.yaml", atomically: true, encoding: .utf8)
        let outcome = try netmatrix(["matrix", folder + "/matrix.yaml", "--out", folder + "/out", "--seed", "1"])
        #expect(outcome.status == ExitStatus.assertionFailed.rawValue, "\(outcome.output) \(outcome.errors)")
        let results = try JSONDecoder().decode(RunResults.self, from: Data(contentsOf: URL(fileURLWithPath: folder + "/out/results.json")))
        #expect(results.exitStatus == ExitStatus.assertionFailed.rawValue)
        #expect(results.cells.map(\.status) == [.failed])
        #expect(results.cells.first?.reason == "sender worker killed by SIGSEGV")
    }

    @Test func pluginsCheck() throws {
        let (plugins, plugin) = try crashing()
        defer { withExtendedLifetime(plugins) {} }
        let outcome = try netmatrix(["plugins", "check", plugin, "--duration", "200ms"])
        #expect(outcome.status == ExitStatus.assertionFailed.rawValue, "\(outcome.output) \(outcome.errors)")
        #expect(outcome.output.contains("FAIL send[plain] integrity tcp: sender worker killed by SIGSEGV"), "\(outcome.output)")
    }
}
