import Foundation
import NetmatrixCore
import TestSupport
import Testing

/// The plugin and run commands through the built netmatrix binary.
@Suite(
    "netmatrix plugins and run on the command line",
    .requires(.netmatrixBinary),
    .requires(.compiler)
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
        let listings = try JSONDecoder().decode([PluginListing].self, from: Data(outcome.output.utf8))
        let listed = try #require(listings.first { $0.name == "test-listed" })
        #expect(listed.roles == ["send", "receive", "wire"])
        #expect(listed.modes["send"] == ["plain"])
        #expect(!outcome.output.contains(#""""#), "no empty strings: \(outcome.output)")
        #expect(outcome.errors.contains("plugin \(refused): refused: ABI major version 3"))
    }

    @Test(.requires(.builtPlugins))
    func listShowsModesPerRoleAndOptionsWithTheirHelp() throws {
        let outcome = try netmatrix(["plugins", "list"])
        #expect(outcome.status == 0, "\(outcome.errors)")
        let lines = outcome.output.split(separator: "\n").map(String.init)
        let copy = lines.drop { !$0.hasPrefix("copy ") }.prefix { !$0.isEmpty }
        #expect(copy.contains("  receive  one unnamed mode"), "\(outcome.output)")
        #expect(copy.contains { $0.hasPrefix("    app_copies=<0..1000>") && $0.contains("receive: copy each message") }, "\(outcome.output)")
        let zerocopy = lines.drop { !$0.hasPrefix("zerocopy ") }.prefix { !$0.isEmpty }
        #expect(zerocopy.contains { $0.hasPrefix("  send     modes: ") && $0.contains("sendfile") }, "\(outcome.output)")
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

    @Test(.requires(.root),
          .requires(.builtPlugins))
    func runPrintsGoodputCPUAndServiceDemand() throws {
        let outcome = try netmatrix([
            "run", "--topology", "Netns/loopback.yaml", "--send", "copy", "--receive", "copy", "--size", "64K", "--duration", "500ms",
        ])
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.output.contains("goodput"))
        #expect(outcome.output.contains("µs/MB"))
        #expect(outcome.output.contains("result    PASS"))
    }

    @Test(.requires(.builtPlugins))
    func runRefusesAModeThePluginLacks() throws {
        // Refused by the plan, before the topology: no privilege needed to get this far.
        let outcome = try netmatrix([
            "run", "--topology", "Netns/loopback.yaml", "--send", "copy:nonesuch", "--receive", "copy", "--duration", "1s",
        ])
        #expect(outcome.status == ExitStatus.badInput.rawValue, "\(outcome.output) \(outcome.errors)")
        #expect(outcome.errors.contains("--send: copy:nonesuch: plugin copy: has no send mode \"nonesuch\""), "\(outcome.errors)")
    }

    @Test func runRefusesABytesCountThatIsNotWholeMessages() throws {
        let outcome = try netmatrix([
            "run", "--topology", "Netns/loopback.yaml", "--send", "copy", "--receive", "copy", "--bytes", "1000001",
        ])
        #expect(outcome.status == ExitStatus.badInput.rawValue, "\(outcome.errors)")
        #expect(outcome.errors.contains("--bytes 1000001 with --size 64K: 1000001 bytes is not a whole number of 65536-byte messages"), "\(outcome.errors)")
    }

    @Test(.requires(.root),
          .requires(.builtPlugins))
    func runSendsExactlyTheBytesAskedFor() throws {
        // 1000-byte messages do not divide the 4 MiB payload: the stream wraps mid-message.
        let outcome = try netmatrix([
            "run", "--topology", "Netns/loopback.yaml", "--send", "copy", "--receive", "copy", "--size", "1000",
            "--bytes", "1000000", "--verify", "full", "--json",
        ])
        #expect(outcome.status == 0, "\(outcome.errors)")
        // The cell as results.json holds it; a TCP flow whose byte counts differ fails it.
        let cell = try JSONDecoder().decode(CellRecord.self, from: Data(outcome.output.utf8))
        #expect(cell.status == .passed)
        #expect(cell.samples.map(\.bytes) == [1_000_000])
        #expect(cell.samples.map(\.bytesVerified) == [1_000_000])
    }

    @Test func runRefusesAnUnknownPlugin() throws {
        let outcome = try netmatrix([
            "run", "--topology", "Netns/loopback.yaml", "--send", "no-such-plugin", "--receive", "copy", "--duration", "1s",
        ])
        #expect(outcome.status == ExitStatus.badInput.rawValue, "\(outcome.errors)")
        #expect(outcome.errors.contains("no plugin named \"no-such-plugin\""))
    }
}
