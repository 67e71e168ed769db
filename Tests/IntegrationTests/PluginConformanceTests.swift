import Foundation
import NetmatrixCore
import TestSupport
import Testing

@Suite(
    "plugins check: the conformance suite passes a sound plugin and fails a broken one",
    .requires(.root),
    .requires(.compiler),
    .requires(.netmatrixBinary)
)
struct PluginConformanceTests {
    func suite() throws -> PluginConformance {
        var suite = PluginConformance(runner: try FlowRunner(searchPath: PluginSearchPath()))
        suite.duration = 0.2
        return suite
    }

    func described(_ path: String) throws -> PluginInfo {
        try PluginInspector(executable: try #require(WorkerExecutable.locate())).describe(path: path)
    }

    @Test(.requires(.tun)) func soundPluginPassesEveryCheck() throws {
        let plugins = try TestPluginBuilder()
        let path = try plugins.build(name: "test-plain")
        let checks = try suite().run(plugin: described(path)) { _ in }
        let names = checks.map(\.name)
        #expect(names.contains("send[plain] EINTR (SIGUSR1 every 2 ms)"))
        #expect(names.contains("receive[plain] stops when idle (UDP, the sender stopped)"))
        // Both wire checks ran (TAP without and with vnet_hdr), and nothing was skipped or failed.
        #expect(names.filter { $0.hasPrefix("wire[default] integrity tcp over TAP") }.count == 2, "\(names)")
        let notPassed = checks.filter { $0.outcome != .pass }
        #expect(notPassed.isEmpty, "\(notPassed)")
    }

    @Test func corruptingReceiverFailsIntegrity() throws {
        let plugins = try TestPluginBuilder()
        let path = try plugins.build(name: "test-corrupt", defines: ["FAULT=corrupt", "ROLES=2"])
        let checks = try suite().run(plugin: described(path)) { _ in }
        let integrity = try #require(checks.first { $0.name == "receive[plain] integrity tcp" })
        #expect(integrity.outcome == .fail)
        #expect(integrity.detail.hasPrefix("bad byte at stream offset 1048586"))
    }
}
