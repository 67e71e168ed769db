import Foundation
import NetmatrixCore
import TestSupport
import Testing

/// `make install`'s layout, installed into a temporary DESTDIR from the build beside
/// the tests (`make install-built FROM=…`, the copying half of `make install`, which
/// would first build in release mode: minutes, and a second .build user while the
/// tests run).
@Suite(
    "make install: an installed netmatrix finds its plugins",
    .requires(.make),
    .requires(.netmatrixBinary),
    .requires(.builtPlugins)
)
struct InstallTests {
    func make(_ arguments: [String]) throws {
        let outcome = try ChildProcess.run("/usr/bin/make", ["-s", "-C", Repository.root.path] + arguments)
        try #require(outcome.status == 0, "make \(arguments.joined(separator: " ")): \(outcome.output) \(outcome.errors)")
    }

    @Test func theInstalledBinaryListsTheBuiltInPlugins() throws {
        let executable = try #require(WorkerExecutable.locate())
        let destination = try TestPluginBuilder()  // a private temporary folder, removed with it
        let layout = ["FROM=" + URL(fileURLWithPath: executable).deletingLastPathComponent().path, "DESTDIR=" + destination.folder, "PREFIX=/usr"]
        try make(["install-built"] + layout)
        let installed = destination.folder + "/usr/bin/netmatrix"
        // Nothing from this test's environment may point it back at the build.
        let listed = try ChildProcess.run(
            "/usr/bin/env", ["-u", "NETMATRIX_EXECUTABLE", "-u", "NETMATRIX_PLUGIN_PATH", installed, "plugins", "list", "--json"])
        #expect(listed.status == 0, "\(listed.errors)")
        let listings = try JSONDecoder().decode([PluginListing].self, from: Data(listed.output.utf8))
        #expect(Set(listings.map(\.name)).isSuperset(of: BuiltPlugins.names), "\(listed.output)")
        let pluginFolder = destination.folder + "/usr/lib/netmatrix/"
        #expect(listings.allSatisfy { $0.file.hasPrefix(pluginFolder) }, "\(listings.map(\.file))")

        // A matrix outside the checkout names a shipped topology; the installed copy is the one found.
        let matrix = destination.folder + "/elsewhere.yaml"
        try "name: elsewhere\nblocks:\n  - {name: b, topology: veth, send: copy, receive: copy, size: 64K}\n"
            .write(toFile: matrix, atomically: true, encoding: .utf8)
        let cells = try ChildProcess.run(
            "/usr/bin/env", ["-u", "NETMATRIX_EXECUTABLE", "-u", "NETMATRIX_SDK", installed, "matrix", matrix, "--list"],
            in: URL(fileURLWithPath: destination.folder))
        #expect(cells.status == 0, "\(cells.errors)")
        #expect(cells.output.hasPrefix("veth/tcp/copy->copy/"), "\(cells.output)")
        #expect(FileManager.default.fileExists(atPath: destination.folder + "/usr/share/netmatrix/Netns/veth.yaml"))

        // plugins new names the installed SDK, by a path relative to the new plugin.
        let scaffold = try ChildProcess.run(
            "/usr/bin/env", ["-u", "NETMATRIX_EXECUTABLE", "-u", "NETMATRIX_SDK", installed, "plugins", "new", "mine", "--lang", "c", "--dir", destination.folder])
        #expect(scaffold.status == 0, "\(scaffold.errors)")
        let makefile = try String(contentsOfFile: destination.folder + "/mine/Makefile", encoding: .utf8)
        #expect(makefile.contains("NETMATRIX_SDK ?= ../usr/share/netmatrix/sdk\n"), "\(makefile)")
        #expect(FileManager.default.fileExists(atPath: destination.folder + "/usr/share/netmatrix/sdk/Sources/NetmatrixABI/include/netmatrix_plugin.h"))

        try make(["uninstall"] + layout)
        #expect(!FileManager.default.fileExists(atPath: destination.folder + "/usr/share/netmatrix"))
        #expect(!FileManager.default.fileExists(atPath: installed))
        #expect(!FileManager.default.fileExists(atPath: pluginFolder))
    }
}
