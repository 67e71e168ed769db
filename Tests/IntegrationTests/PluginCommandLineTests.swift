import Foundation
import NetmatrixCore
import TestSupport
import Testing

/// The plugin and run commands through the built netmatrix binary.
@Suite(
    "netmatrix plugins and run on the command line",
    .enabled(if: WorkerExecutable.locate() != nil, "needs the netmatrix executable built next to the tests"),
    .enabled(if: TestPluginBuilder.compilerAvailable, "needs /usr/bin/cc to build the test plugins")
)
struct PluginCommandLineTests {
    static let repository = TestPluginBuilder.repository.path

    func netmatrix(_ arguments: [String]) throws -> ChildProcess.Outcome {
        try ChildProcess.run(try #require(WorkerExecutable.locate()), arguments, in: URL(fileURLWithPath: Self.repository))
    }

    @Test func listPrintsJSONAndNamesRefusals() throws {
        let plugins = try TestPluginBuilder()
        _ = try plugins.build(name: "test-listed")
        let refused = try plugins.build(name: "test-refused", defines: ["ABI_VERSION=0x30000"])
        let outcome = try netmatrix(["plugins", "list", "--json", "--plugin-path", plugins.folder])
        #expect(outcome.status == 0)
        let infos = try JSONDecoder().decode([PluginInfo].self, from: Data(outcome.output.utf8))
        let listed = try #require(infos.first { $0.name == "test-listed" })
        #expect(listed.roles == ["send", "receive", "wire"])
        #expect(listed.modes.send == ["plain"])
        #expect(outcome.errors.contains("plugin \(refused): refused: ABI major version 3"))
    }

    @Test func newWritesACSkeleton() throws {
        let plugins = try TestPluginBuilder()
        let outcome = try netmatrix(["plugins", "new", "cli-made", "--lang", "c", "--dir", plugins.folder])
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(FileManager.default.fileExists(atPath: plugins.folder + "/cli-made/cli_made.c"))
        #expect(FileManager.default.fileExists(atPath: plugins.folder + "/cli-made/Makefile"))
        let again = try netmatrix(["plugins", "new", "cli-made", "--lang", "c", "--dir", plugins.folder])
        #expect(again.status == ExitStatus.badInput.rawValue)
    }

    @Test(.enabled(if: getuid() == 0, "needs root: namespaces"),
          .enabled(if: BuiltPlugins.allBuilt, "needs the plugins built next to the tests"))
    func runPrintsGoodputCPUAndServiceDemand() throws {
        let outcome = try netmatrix([
            "run", "--topology", "Netns/loopback.yaml", "--send", "copy", "--receive", "copy", "--size", "64K", "--duration", "500ms",
        ])
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.output.contains("goodput"))
        #expect(outcome.output.contains("µs/MB"))
        #expect(outcome.output.contains("result    PASS"))
    }

    @Test(.enabled(if: BuiltPlugins.allBuilt, "needs the plugins built next to the tests"))
    func runRefusesAModeThePluginLacks() throws {
        // Refused by the plan, before the topology: no privilege needed to get this far.
        let outcome = try netmatrix([
            "run", "--topology", "Netns/loopback.yaml", "--send", "copy:nonesuch", "--receive", "copy", "--duration", "1s",
        ])
        #expect(outcome.status == ExitStatus.badInput.rawValue, "\(outcome.output) \(outcome.errors)")
        #expect(outcome.errors.contains("--send: copy:nonesuch: plugin copy: has no send mode \"nonesuch\""), "\(outcome.errors)")
    }

    @Test func runRefusesAnUnknownPlugin() throws {
        let outcome = try netmatrix([
            "run", "--topology", "Netns/loopback.yaml", "--send", "no-such-plugin", "--receive", "copy", "--duration", "1s",
        ])
        #expect(outcome.status == ExitStatus.badInput.rawValue, "\(outcome.errors)")
        #expect(outcome.errors.contains("no plugin named \"no-such-plugin\""))
    }
}
