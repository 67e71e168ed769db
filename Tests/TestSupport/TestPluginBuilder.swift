import Foundation

/// Builds Tests/Fixtures/test_plugin.c into a private temporary folder with
/// `cc -shared -fPIC` against the ABI header, one variant per set of -D switches.
public final class TestPluginBuilder {
    public static let repository = Repository.root
    public static let abiInclude = repository.appendingPathComponent("SDK/Sources/NetmatrixABI/include").path
    public static let fixture = repository.appendingPathComponent("Tests/Fixtures/test_plugin.c").path

    public let folder: String

    public init() throws {
        // Resolved, so paths compare equal to the loader's real paths.
        let temporary = URL(fileURLWithPath: NSTemporaryDirectory()).resolvingSymlinksInPath().path
        var template = Array((temporary + "/netmatrix-plugins-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw BuildError(message: "mkdtemp failed") }
        folder = String(cString: made)
    }

    public struct BuildError: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Builds `libnetmatrix-plugin-<name>.so` with PLUGIN_NAME="<name>" and `defines`.
    public func build(name: String, defines: [String] = [], fileName: String? = nil) throws -> String {
        let output = folder + "/" + (fileName ?? "libnetmatrix-plugin-\(name).so")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/cc")
        process.arguments = ["-shared", "-fPIC", "-O1", "-I", Self.abiInclude, "-DPLUGIN_NAME=\"\(name)\""]
            + defines.map { "-D" + $0 } + [Self.fixture, "-o", output]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BuildError(message: "cc failed for \(name) \(defines)") }
        return output
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }
}
