import Foundation
import NetmatrixCore
import TestSupport
import Testing

/// The corpus' plugins (Tests/Fixtures/test_plugin.c, one broken way each) and
/// the namespace guard, built once.
private final class Corpus: @unchecked Sendable {
    static let shared = Result { try Corpus() }
    static let fixtures = Repository.root.appendingPathComponent("Tests/Fixtures/BadInput")

    let plugins: TestPluginBuilder
    /// Tests/Fixtures/no_netns_guard.c: netmatrix under it dies by SIGSYS the
    /// moment it tries to create or enter a network namespace.
    let namespaceGuard: String

    init() throws {
        plugins = try TestPluginBuilder()
        _ = try plugins.build(name: "test-plain")
        _ = try plugins.build(name: "test-crash", defines: ["CRASH_ON_LOAD"])
        _ = try plugins.build(name: "test-abi", defines: ["ABI_VERSION=0x20000"])
        _ = try plugins.build(name: "test-nosym", defines: ["NO_ENTRY"])
        _ = try plugins.build(name: "test-receive-only", defines: ["ROLES=2"])
        // A second plugin calling itself "copy", under another file name.
        _ = try plugins.build(name: "copy", fileName: "libnetmatrix-plugin-test-clash.so")
        namespaceGuard = plugins.folder + "/no_netns_guard"
        let source = Repository.root.appendingPathComponent("Tests/Fixtures/no_netns_guard.c").path
        let compiled = try ChildProcess.run("/usr/bin/cc", ["-O1", "-o", namespaceGuard, source])
        guard compiled.status == 0 else { throw GuardUnbuilt(errors: compiled.errors) }
    }

    struct GuardUnbuilt: Error {
        var errors: String
    }

    /// `netmatrix ARGUMENTS` under the namespace guard, from the repository's folder.
    func netmatrix(_ arguments: [String], environment: [String: String] = [:]) throws -> ChildProcess.Outcome {
        let binary = try #require(WorkerExecutable.locate())
        return try ChildProcess.run(namespaceGuard, [binary] + arguments, in: Repository.root, environment: environment)
    }
}

/// One bad input: the command line, and the phrases its refusal line must hold.
struct BadInput: Sendable, CustomTestStringConvertible {
    var label: String
    var arguments: [String]
    var environment: [String: String] = [:]
    var phrases: [String]
    var testDescription: String { label }
}

/// What a fixture file says its refusal must name (`# line:`, `# field:`, `# reason:`, `# environment:`).
private struct Expectation {
    var line = ""
    var field = ""
    var reasons: [String] = []
    var environment: [String: String] = [:]

    init(_ text: String, plugins: String) {
        for row in text.split(separator: "\n") where row.hasPrefix("# ") {
            let parts = row.dropFirst(2).split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            let value = parts[1].replacingOccurrences(of: "@PLUGINS@", with: plugins)
            switch parts[0] {
            case "line": line = value
            case "field": field = value
            case "reason": reasons.append(value)
            case "environment":
                let pair = value.split(separator: "=", maxSplits: 1).map(String.init)
                if pair.count == 2 { environment[pair[0]] = pair[1] }
            default: continue
            }
        }
    }

    /// `FILE:LINE: FIELD: ` and the reasons.
    func phrases(path: String) -> [String] { ["\(path):\(line): \(field): "] + reasons }
}

@Suite(
    "Bad input is refused before anything runs: exit 2, one line with its place, within 5 s, no namespace built",
    .requires(.netmatrixBinary),
    .requires(.compiler),
    .requires(.builtPlugins)
)
struct BadInputCorpusTests {
    static func fixtures(_ folder: String) -> [String] {
        let url = Corpus.fixtures.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }

    /// Runs `input` and checks everything a refusal promises.
    func expectRefused(_ input: BadInput) throws {
        let corpus = try Corpus.shared.get()
        let outcome = try corpus.netmatrix(input.arguments, environment: input.environment)
        #expect(!outcome.killedBySignal, "netmatrix was killed by signal \(outcome.status): it tried to build a namespace (SIGSYS is 31)")
        #expect(outcome.status == ExitStatus.badInput.rawValue, "exit \(outcome.status); stderr: \(outcome.errors)")
        #expect(outcome.seconds < 5, "took \(outcome.seconds) s")
        #expect(outcome.output.isEmpty, "printed results for refused input: \(outcome.output)")
        let lines = outcome.errors.split(separator: "\n").map(String.init)
        let line = lines.first { line in input.phrases.allSatisfy { line.contains($0) } }
        #expect(line != nil, "no line of stderr holds all of \(input.phrases): \(outcome.errors)")
    }

    @Test("matrix files", arguments: fixtures("matrices"))
    func matrixFile(_ name: String) throws {
        let corpus = try Corpus.shared.get()
        // The matrix beside the topologies it names; @PLUGINS@ becomes the test plugins' folder.
        let folder = corpus.plugins.folder + "/matrix-" + name.replacingOccurrences(of: ".yaml", with: "")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for topology in ["loopback", "veth", "tap"] {
            try FileManager.default.copyItem(
                atPath: Repository.root.appendingPathComponent("Netns/\(topology).yaml").path, toPath: "\(folder)/\(topology).yaml")
        }
        for topology in Self.fixtures("topologies") {
            try FileManager.default.copyItem(
                atPath: Corpus.fixtures.appendingPathComponent("topologies/\(topology)").path, toPath: "\(folder)/\(topology)")
        }
        let text = try String(contentsOf: Corpus.fixtures.appendingPathComponent("matrices/\(name)"), encoding: .utf8)
            .replacingOccurrences(of: "@PLUGINS@", with: corpus.plugins.folder)
        let path = "\(folder)/\(name)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let expected = Expectation(text, plugins: corpus.plugins.folder)
        try expectRefused(BadInput(
            label: name, arguments: ["matrix", path, "--out", folder + "/out"], environment: expected.environment,
            phrases: expected.phrases(path: path)))
        #expect(!FileManager.default.fileExists(atPath: folder + "/out"), "a report folder was written")
    }

    @Test("topology files", arguments: fixtures("topologies"))
    func topologyFile(_ name: String) throws {
        let path = Corpus.fixtures.appendingPathComponent("topologies/\(name)").path
        let expected = Expectation(try String(contentsOfFile: path, encoding: .utf8), plugins: "")
        try expectRefused(BadInput(
            label: name, arguments: ["run", "--topology", path, "--send", "copy", "--receive", "copy", "--duration", "1s"],
            phrases: expected.phrases(path: path)))
    }

    static let plugins = (try? Corpus.shared.get())?.plugins.folder ?? "/nonexistent"
    static func plugin(_ name: String) -> String { plugins + "/libnetmatrix-plugin-\(name).so" }
    static func run(_ flags: [String], topology: String = "Netns/loopback.yaml") -> [String] {
        ["run", "--topology", topology, "--duration", "1s"] + flags
    }

    static let thisBuild = WorkerExecutable.locate() ?? "netmatrix"
    static let otherBuild = Corpus.fixtures.appendingPathComponent("other-build").path

    static let commandLines: [BadInput] = [
        BadInput(
            label: "run: an unknown option of a built-in plugin", arguments: run(["--send", "copy,bogus=1", "--receive", "copy"]),
            phrases: ["netmatrix run: --send: copy,bogus=1: plugin copy: unknown option 'bogus' (it accepts: rcvtimeo_ms, app_copies"]),
        BadInput(
            label: "run: an option of a plugin that takes none",
            arguments: run(["--send", "copy", "--receive", plugin("test-plain") + ",bogus=1"]),
            phrases: ["--receive: \(plugin("test-plain")),bogus=1: plugin test-plain: unknown option 'bogus' (it accepts no options"]),
        BadInput(
            label: "run: a receive-only plugin as the sender",
            arguments: run(["--send", plugin("test-receive-only"), "--receive", "copy"]),
            phrases: ["--send: \(plugin("test-receive-only")): plugin test-receive-only: has no send role (it has: receive)"]),
        BadInput(
            label: "run: a mode the plugin lacks", arguments: run(["--send", "zerocopy:sendfil", "--receive", "copy"]),
            phrases: ["--send: zerocopy:sendfil: plugin zerocopy: has no send mode \"sendfil\" (it has: sendfile, msg_zerocopy, splice)"]),
        BadInput(
            label: "run: a constructor that crashes", arguments: run(["--send", "copy", "--receive", plugin("test-crash")]),
            phrases: ["--receive: ", "plugin \(plugin("test-crash")): refused: loading it killed the worker with SIGSEGV"]),
        BadInput(
            label: "run: a wrong ABI", arguments: run(["--send", plugin("test-abi"), "--receive", "copy"]),
            phrases: ["plugin \(plugin("test-abi")): refused: ABI major version 2, this netmatrix speaks 1"]),
        BadInput(
            label: "run: no entry symbol", arguments: run(["--send", plugin("test-nosym"), "--receive", "copy"]),
            phrases: ["plugin \(plugin("test-nosym")): refused: no entry symbol netmatrix_plugin_abi_v1"]),
        BadInput(
            label: "run: a second plugin calling itself copy",
            arguments: run(["--send", "copy", "--receive", plugin("test-plain"), "--plugin-path", plugins]),
            phrases: ["--send: copy: plugin \(plugin("test-clash")): refused: name \"copy\" is already taken by", "/libnetmatrix-plugin-copy.so"]),
        BadInput(
            label: "run: a plugin nobody built", arguments: run(["--send", "copy", "--receive", "no-such-plugin"]),
            phrases: ["--receive: no-such-plugin: plugin no-such-plugin: refused: no plugin named \"no-such-plugin\""]),
        BadInput(
            label: "run: a wire on a topology without one", arguments: run(["--send", "copy", "--receive", "copy", "--wire", "copy"]),
            phrases: ["netmatrix run: --wire copy: topology loopback (Netns/loopback.yaml) has no wire"]),
        BadInput(
            label: "run: a message larger than the payload", arguments: run(["--send", "copy", "--receive", "copy", "--size", "16M"]),
            phrases: ["netmatrix run: cell: message size 16777216 exceeds the payload size"]),
        BadInput(
            label: "run: an option value out of the declared range",
            arguments: run(["--send", "copy", "--receive", "copy,app_copies=abc"]),
            phrases: ["netmatrix run: --receive: copy,app_copies=abc: plugin copy: option app_copies=abc: expected an integer in 0...1000"]),
        BadInput(
            label: "run: a C plugin's option value that is not one of its words",
            arguments: run(["--send", "copy", "--receive", "csum-copy,nt=2"]),
            phrases: ["--receive: csum-copy,nt=2: plugin csum-copy: option nt=2: expected one of auto, 0, 1"]),
        BadInput(
            label: "run: a duration of nothing",
            arguments: ["run", "--topology", "Netns/loopback.yaml", "--send", "copy", "--receive", "copy", "--duration", "0s"],
            phrases: ["--duration: duration \"0s\": expected e.g. 3s, 500ms or 2m"]),
        BadInput(
            label: "run: a byte count and a duration", arguments: run(["--send", "copy", "--receive", "copy", "--bytes", "64K"]),
            phrases: ["--bytes and --duration: give one"]),
        BadInput(
            label: "matrix: reports into a place that takes no files",
            arguments: ["matrix", "Netns/matrix.yaml", "--out", "/proc/netmatrix-reports"],
            phrases: ["netmatrix matrix: --out /proc/netmatrix-reports: cannot write there: No such file or directory"]),
        BadInput(
            label: "plugins check: a constructor that crashes", arguments: ["plugins", "check", plugin("test-crash")],
            phrases: ["netmatrix plugins check: plugin \(plugin("test-crash")): refused: loading it killed the worker with SIGSEGV"]),
        BadInput(
            label: "plugins check: a wrong ABI", arguments: ["plugins", "check", plugin("test-abi")],
            phrases: ["netmatrix plugins check: plugin \(plugin("test-abi")): refused: ABI major version 2"]),
        BadInput(
            label: "plugins check: no entry symbol", arguments: ["plugins", "check", plugin("test-nosym")],
            phrases: ["netmatrix plugins check: plugin \(plugin("test-nosym")): refused: no entry symbol"]),
        BadInput(
            label: "plugins check: a second plugin calling itself copy", arguments: ["plugins", "check", "copy", "--plugin-path", plugins],
            phrases: ["netmatrix plugins check: plugin \(plugin("test-clash")): refused: name \"copy\" is already taken by", "/libnetmatrix-plugin-copy.so"]),
        BadInput(
            label: "gate: another build that is not there", arguments: ["gate", "--against", "/nonexistent/netmatrix"],
            phrases: ["netmatrix gate: --against /nonexistent/netmatrix: not an executable file (No such file or directory)"]),
        BadInput(
            label: "gate: another build whose workers speak another protocol", arguments: ["gate", "--against", otherBuild],
            phrases: ["netmatrix gate: --against \(otherBuild)/netmatrix: its workers speak protocol 999, this build's speak \(WorkerProtocol.version)"]),
        BadInput(
            label: "gate: a slowdown injected into no cell",
            arguments: ["gate", "--against", thisBuild, "Netns/matrix-gate-check.yaml", "--inject-slowdown", "10%", "--inject-into", "nowhere"],
            phrases: ["netmatrix gate: --inject-into nowhere: no selected cell's id contains it"]),
        BadInput(
            label: "gate: a slowdown injected into a plugin that takes none",
            arguments: ["gate", "--against", thisBuild, "Netns/matrix-gate.yaml", "--inject-slowdown", "10%", "--inject-into", "zerocopy:sendfile"],
            phrases: ["netmatrix gate: --inject-into zerocopy:sendfile: cell loopback/tcp/zerocopy:sendfile->copy/64K", ": zerocopy:sendfile declares no slowdown option"]),
        BadInput(
            label: "gate: a same-run flag on a baseline gate",
            arguments: ["gate", "--baseline", "main", "--results", "results.json", "--filter", "veth"],
            phrases: ["MATRIX, --filter, --seed, --inject-* and --plugin-path shape a run made now; --results judges a finished one"]),
    ]

    @Test("command lines", arguments: commandLines)
    func commandLine(_ input: BadInput) throws {
        try expectRefused(input)
    }

    /// The guard is what makes "no namespace was built" true above: it must kill a
    /// netmatrix that does try (the doctor probes in a throwaway namespace).
    @Test func theGuardKillsNetmatrixWhenItBuildsANamespace() throws {
        let outcome = try Corpus.shared.get().netmatrix(["doctor", "--no-rootless"])
        #expect(outcome.killedBySignal && outcome.status == SIGSYS, "status \(outcome.status), stderr: \(outcome.errors)")
    }
}
