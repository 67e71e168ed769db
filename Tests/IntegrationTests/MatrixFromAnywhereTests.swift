import Foundation
import NetmatrixCore
import TestSupport
import Testing

/// A matrix a plugin author writes in a folder of their own: it names a shipped
/// topology and a plugin built outside netmatrix, found through `plugin_path:` or
/// `--plugin-path`, and runs from any working folder.
@Suite(
    "A matrix outside the checkout finds shipped topologies and out-of-tree plugins",
    .requires(.netmatrixBinary),
    .requires(.compiler),
    .requires(.builtPlugins)
)
struct MatrixFromAnywhereTests {
    static let pluginName = "test-elsewhere"

    /// The plugin in its own folder (removed with the builder, so callers keep it alive), and a matrix in `<that folder>/matrix` naming it and `loopback`.
    func author(pluginPath: String?) throws -> (plugins: TestPluginBuilder, matrix: String) {
        let plugins = try TestPluginBuilder()
        _ = try plugins.build(name: Self.pluginName)
        let folder = plugins.folder + "/matrix"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let yaml = """
            name: elsewhere
            \(pluginPath.map { "plugin_path: \($0)\n" } ?? "")sample: {duration: 200ms}
            warmup: 0
            sampling: {initial: 2, step: 1, max: 2}
            blocks:
              - {topology: loopback, send: copy, receive: \(Self.pluginName), size: 64K}
            """
        let matrix = folder + "/matrix.yaml"
        try yaml.write(toFile: matrix, atomically: true, encoding: .utf8)
        return (plugins, matrix)
    }

    func netmatrix(_ arguments: [String]) throws -> ChildProcess.Outcome {
        let binary = try #require(WorkerExecutable.locate())
        // Not the checkout: nothing may be found relative to the working folder.
        return try ChildProcess.run(binary, arguments, in: URL(fileURLWithPath: "/"))
    }

    static let cellID = "loopback/tcp/copy->\(pluginName)/64K/mtu-default/offloads-on/flows-1"

    @Test func withoutAPlaceToLookTheRefusalSaysHowToAddOne() throws {
        let (plugins, matrix) = try author(pluginPath: nil)
        defer { withExtendedLifetime(plugins) {} }
        let outcome = try netmatrix(["matrix", matrix, "--list"])
        #expect(outcome.status == ExitStatus.badInput.rawValue, "\(outcome.errors)")
        #expect(outcome.errors.contains("no plugin named \"\(Self.pluginName)\""), "\(outcome.errors)")
        #expect(outcome.errors.contains("--plugin-path DIR"), "\(outcome.errors)")
    }

    @Test func theCommandLinePluginPathFindsIt() throws {
        let (plugins, matrix) = try author(pluginPath: nil)
        defer { withExtendedLifetime(plugins) {} }
        let outcome = try netmatrix(["matrix", matrix, "--list", "--plugin-path", plugins.folder])
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.output.split(separator: "\n").first.map(String.init) == Self.cellID)
    }

    @Test(.requires(.root))
    func theMatrixFilesPluginPathFindsItAndTheCellRuns() throws {
        let (plugins, matrix) = try author(pluginPath: "..")
        defer { withExtendedLifetime(plugins) {} }
        let out = plugins.folder + "/out"
        let outcome = try netmatrix(["matrix", matrix, "--out", out, "--seed", "1"])
        #expect(outcome.status == 0, "\(outcome.output) \(outcome.errors)")
        let results = try JSONDecoder().decode(
            RunResults.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/results.json")))
        #expect(results.cells.map(\.id) == [Self.cellID])
        #expect(results.cells.first?.status == .passed)
    }
}
