import Foundation
import NetmatrixCore
import TestSupport
import Testing

/// A plugin's own counters (ABI 1.1) and its log, through `netmatrix run`:
/// the test plugin built with COUNTERS sets `recv_calls` on every receive and
/// logs one line.
@Suite(
    "A plugin's own counters and log reach run's output",
    .requires(.root), .requires(.netmatrixBinary), .requires(.builtPlugins), .requires(.compiler))
struct PluginCountersTests {
    @Test func countersReachResultsAndLogsAreShownOnRequest() throws {
        let builder = try TestPluginBuilder()
        let plugin = try builder.build(name: "test-counters", defines: ["COUNTERS"])
        let netmatrix = try #require(WorkerExecutable.locate())
        let arguments = [
            "run", "--topology", Repository.root.appendingPathComponent("Netns/loopback.yaml").path, "--send", "copy",
            "--receive", plugin, "--bytes", "64M", "--size", "64K",
        ]
        let json = try ChildProcess.run(netmatrix, arguments + ["--json"])
        #expect(json.status == 0, "\(json.errors)")
        let record = try JSONDecoder().decode(CellRecord.self, from: Data(json.output.utf8))
        let calls = try #require(record.samples.first?.pluginCounters?["receive.recv_calls"], "\(json.output)")
        #expect(calls > 0 && calls <= 64 << 20, "one receive call moves at least a byte")

        let text = try ChildProcess.run(netmatrix, arguments + ["--show-logs"])
        #expect(text.status == 0, "\(text.errors)")
        #expect(text.output.contains("counter   receive.recv_calls "), "\(text.output)")
        // What the plugin logged, shown although the cell passed, with its cell, round and role.
        #expect(text.errors.contains("receiver: netmatrix worker (receive): counting receive calls"), "\(text.errors)")
        // The Swift copy plugin reports its own through PluginKit's setCounter.
        let swiftPlugin = try ChildProcess.run(netmatrix, Array(arguments.prefix(6)) + ["copy", "--bytes", "64M", "--size", "64K", "--json"])
        let copyRecord = try JSONDecoder().decode(CellRecord.self, from: Data(swiftPlugin.output.utf8))
        #expect((copyRecord.samples.first?.pluginCounters?["receive.recv_calls"] ?? 0) > 0, "\(swiftPlugin.output)\(swiftPlugin.errors)")
        let quiet = try ChildProcess.run(netmatrix, arguments)
        #expect(!quiet.errors.contains("counting receive calls"), "logs stay hidden without --show-logs")
    }
}
