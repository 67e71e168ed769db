@testable import NetmatrixCore
import Foundation
import TestSupport
import Testing

/// Where a matrix file anywhere finds its topologies (beside it, by path, in the
/// shipped Netns/) and its plugins (`plugin_path:`), and how it says where it looked.
@Suite("Matrix files outside the checkout: topologies by name or path, plugin_path")
struct MatrixFilePlacesTests {
    static let shipped = Repository.root.appendingPathComponent("Netns").path

    /// A fresh folder outside the checkout, with `files` (relative path: contents) written into it.
    func folder(_ files: [String: String] = [:]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("nm-places-\(UUID().uuidString)").path
        for (path, contents) in files {
            let full = root + "/" + path
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try contents.write(toFile: full, atomically: true, encoding: .utf8)
        }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root
    }

    func matrix(topology: String, extra: String = "") -> String {
        "name: m\n\(extra)blocks:\n  - {topology: \(topology), send: copy, receive: copy, size: 4K}\n"
    }

    func shippedTopology(_ name: String) throws -> String {
        try String(contentsOfFile: Self.shipped + "/\(name).yaml", encoding: .utf8)
    }

    /// The messages a refused file gives, or none when it is accepted.
    func refusal(_ yaml: String, path: String) -> [String] {
        do {
            _ = try MatrixFile.parse(yaml: yaml, path: path, shippedTopologies: Self.shipped)
            return []
        } catch {
            return error.messages
        }
    }

    @Test func theShippedFolderIsFoundFromTheBuild() {
        #expect(ShippedFiles.folder(.topologies) == Self.shipped)
    }

    @Test func aShippedNameResolvesFromATemporaryFolder() throws {
        let path = try folder() + "/m.yaml"
        let loaded = try MatrixFile.parse(yaml: matrix(topology: "veth"), path: path, shippedTopologies: Self.shipped)
        #expect(Set(loaded.topologies.keys) == ["veth"])
        #expect(loaded.topologies["veth"]?.sourcePath == Self.shipped + "/veth.yaml")
        #expect(loaded.spec.cells.map(\.id) == ["veth/tcp/copy->copy/4K/mtu-default/offloads-on/flows-1"])
    }

    @Test func aNameBesideTheMatrixComesBeforeTheShippedOne() throws {
        let root = try folder(["veth.yaml": try shippedTopology("veth")])
        let loaded = try MatrixFile.parse(yaml: matrix(topology: "veth"), path: root + "/m.yaml", shippedTopologies: Self.shipped)
        #expect(loaded.topologies["veth"]?.sourcePath == root + "/veth.yaml")
    }

    @Test(arguments: ["../shared/my-veth.yaml", "../shared/my-veth", "ABSOLUTE/shared/my-veth"])
    func aPathWithOrWithoutYamlNamesCellsByTheFilesBaseName(_ written: String) throws {
        let root = try folder(["shared/my-veth.yaml": try shippedTopology("veth"), "matrices/.keep": ""])
        let value = written.replacingOccurrences(of: "ABSOLUTE", with: root)
        let loaded = try MatrixFile.parse(
            yaml: matrix(topology: "[\(value)]"),
            path: root + "/matrices/m.yaml", shippedTopologies: Self.shipped)
        #expect(Set(loaded.topologies.keys) == ["my-veth"])
        let ids = loaded.spec.cells.map(\.id)
        #expect(ids == ["my-veth/tcp/copy->copy/4K/mtu-default/offloads-on/flows-1"])
        #expect(!ids.contains { $0.contains(root) || $0.contains("..") || $0.contains(".yaml") })
    }

    @Test func selectorsNameTheTopologyAsCellsDo() throws {
        let root = try folder(["shared/veth.yaml": try shippedTopology("veth"), "sub/.keep": ""])
        let yaml = """
            name: m
            blocks:
              - {topology: [../shared/veth.yaml, loopback], send: copy, receive: copy, size: 4K}
            exclude:
              - {topology: ../shared/veth}
            """
        let loaded = try MatrixFile.parse(yaml: yaml, path: root + "/sub/m.yaml", shippedTopologies: Self.shipped)
        #expect(loaded.spec.cells.map { $0[.topology] } == ["loopback"])
    }

    @Test func aNameFoundNowhereIsRefusedWithThePlacesLooked() throws {
        let root = try folder()
        let messages = refusal(matrix(topology: "nowhere"), path: root + "/m.yaml")
        #expect(messages.count == 1)
        let message = try #require(messages.first)
        #expect(message.hasPrefix(root + "/m.yaml:3: blocks[0].topology: topology 'nowhere' not found"))
        #expect(message.contains("looked for \(root)/nowhere.yaml, \(Self.shipped)/nowhere.yaml"))
        #expect(!message.contains("\n"))
    }

    @Test func aMissingPathIsRefusedOnceWithoutADoubledSuffix() throws {
        let root = try folder()
        let message = refusal(matrix(topology: "../x/veth.yaml"), path: root + "/m.yaml").first ?? ""
        #expect(message.contains("looked for \(root)/../x/veth.yaml)"), "\(message)")
        #expect(!message.contains("veth.yaml.yaml"))
    }

    @Test func oneNameForTwoFilesIsRefused() throws {
        let root = try folder(["veth.yaml": try shippedTopology("veth"), "other/veth.yaml": try shippedTopology("veth")])
        let message = refusal(matrix(topology: "[veth, other/veth]"), path: root + "/m.yaml").first ?? ""
        #expect(message.contains("3: blocks[0].topology[1]: topology 'other/veth' is \(root)/other/veth.yaml, but 'veth' already names"))
    }

    @Test func pluginPathEntriesAreRelativeToTheMatrixFolder() throws {
        let root = try folder(["plugins/.keep": "", "more/.keep": ""])
        let list = try MatrixFile.parse(
            yaml: matrix(topology: "loopback", extra: "plugin_path: [plugins, \(root)/more]\n"), path: root + "/m.yaml",
            shippedTopologies: Self.shipped)
        #expect(list.spec.pluginPaths == [root + "/plugins", root + "/more"])
        let one = try MatrixFile.parse(
            yaml: matrix(topology: "loopback", extra: "plugin_path: plugins\n"), path: root + "/m.yaml", shippedTopologies: Self.shipped)
        #expect(one.spec.pluginPaths == [root + "/plugins"])
    }

    @Test(arguments: [
        ("plugin_path: nowhere\n", "2: plugin_path: ", "/nowhere: no such file or folder"),
        ("plugin_path: [., nowhere]\n", "2: plugin_path[1]: ", "/nowhere: no such file or folder"),
        ("plugin_path: {a: b}\n", "2: plugin_path: ", "expected a string"),
    ])
    func aPluginPathThatIsNotThereIsRefusedAtItsLine(_ refusal: (String, String, String)) throws {
        let (extra, place, reason) = refusal
        let root = try folder()
        let message = self.refusal(matrix(topology: "loopback", extra: extra), path: root + "/m.yaml").first ?? ""
        #expect(message.hasPrefix(root + "/m.yaml:"), "\(message)")
        #expect(message.contains(place + root + reason) || message.contains(place + reason), "\(message)")
    }

    @Test func thePlanSearchesPluginPathAfterTheCommandLineAndBeforeTheEnvironment() {
        let standard = PluginSearchPath(explicitPaths: ["/cli"], environmentFolders: ["/env"], buildFolder: "/build")
        let searched = standard.adding(["/matrix"])
        #expect(searched.explicitPaths == ["/cli", "/matrix"])
        #expect(searched.environmentFolders == ["/env"] && searched.buildFolder == "/build")
    }

    @Test func noPluginNamedSaysWhereItLookedAndHowToAddAPlace() {
        let error = PluginLoadError(path: "xor-copy", reason: .notFound(name: "xor-copy", searched: ["/a", "/b"]))
        let text = error.description
        #expect(text.contains("no plugin named \"xor-copy\" (looked for libnetmatrix-plugin-xor-copy.so in /a, /b)"))
        for way in ["--plugin-path DIR", "plugin_path:", "NETMATRIX_PLUGIN_PATH"] { #expect(text.contains(way), "\(text)") }
        #expect(!text.contains("\n"))
    }
}
