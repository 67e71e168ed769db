import Glibc
import NetmatrixABI
import NetmatrixCore
import Testing

/// A plugin's accepted option keys come from its descriptor's options_help, one
/// `key=value: meaning` line each; the plan refuses any other key before a cell
/// runs. So every built-in plugin must list every key its parser accepts.
@Suite("Option keys: read from options_help, listed by every built-in plugin")
struct PluginOptionKeysTests {
    static func info(_ name: String) throws -> PluginInfo {
        let path = try #require(builtPluginPath(name), "libnetmatrix-plugin-\(name).so is not built")
        return try PluginLoader.load(path: path).info
    }

    @Test func theKeyIsTheTextBeforeTheFirstEquals() throws {
        var info = try Self.info("copy")
        info.optionsHelp = "fused=1|0: one pass\n  nt=<auto|0|1>: stores\nfree text: not a key\n=x: no key\nk ey=1: not a word\nzc_chunk=<bytes>: a=b in the meaning\n"
        #expect(info.optionKeys == ["fused", "nt", "zc_chunk"])
        info.optionsHelp = ""
        #expect(info.optionKeys.isEmpty)
    }

    @Test("every built-in plugin lists the keys it reads", arguments: [
        ("copy", ["rcvtimeo_ms", "app_copies", "slowdown"]),
        ("zerocopy", ["zc_outstanding", "zc_chunk", "rcvlowat", "zc_copybuf", "pipe_size", "splice_source", "rcvtimeo_ms"]),
        ("csum-copy", ["fused", "nt", "variant"]),
        ("sse-copy", ["nt", "variant"]),
    ])
    func builtInsListTheirKeys(name: String, keys: [String]) throws {
        #expect(try Self.info(name).optionKeys == keys)
    }

    /// The C plugins parse options by hand: each listed key reaches its value check
    /// (not "unknown"), and a key not listed is refused by the plugin too.
    @Test(arguments: ["csum-copy", "sse-copy"])
    func cPluginsAcceptExactlyTheKeysTheyList(name: String) throws {
        let plugin = try LoadedPlugin.load(name)
        func error(_ options: String) throws -> String {
            let (pluginEnd, _) = try socketPair(SOCK_STREAM, label: "receive stream")
            var setup = RoleSetup(role: UInt32(NM_ROLE_RECEIVE))
            setup.socket = pluginEnd.rawValue
            setup.options = options
            setup.messageSize = 4_096
            setup.appBufferSize = 4_096
            return runRole(plugin, setup, host: TestHost(pattern: TestPattern(size: 64 * 1024, seed: 1))).error
        }
        for key in try Self.info(name).optionKeys {
            let refusal = try error("\(key)=not-a-value")
            #expect(refusal.hasPrefix("option '\(key)': "), "\(refusal)")
            #expect(!refusal.contains("unknown"), "\(name) lists \(key) but its parser does not know it: \(refusal)")
        }
        #expect(try error("bogus=1").hasPrefix("option 'bogus': unknown"))
    }

    @Test func theUsageCheckNamesTheKeyThePluginAndWhatItAccepts() throws {
        let copy = try Self.info("copy")
        #expect(throws: PluginUsageError(
            plugin: "copy", message: "unknown option 'bogus' (it accepts: rcvtimeo_ms, app_copies, slowdown; see its options_help)")
        ) { try copy.checkUsage(of: try PluginSpec(parsing: "copy,app_copies=2,bogus=1"), as: .receive) }
        try copy.checkUsage(of: try PluginSpec(parsing: "copy,app_copies=2,rcvtimeo_ms=50"), as: .receive)
        let csum = try Self.info("csum-copy")
        #expect(throws: PluginUsageError(plugin: "csum-copy", message: "has no send role (it has: receive, wire)")) {
            try csum.checkUsage(of: try PluginSpec(parsing: "csum-copy"), as: .send)
        }
    }
}
