import Foundation
import NetmatrixCore
import TestSupport
import Testing

@Suite("plugins new: skeletons")
struct PluginSkeletonTests {
    static let sourceTree = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    @Test(.requires(.compiler),
          .requires(.make))
    func cSkeletonBuildsWithItsMakefileAndLoads() throws {
        let plugins = try TestPluginBuilder()
        let skeleton = try PluginSkeleton(name: "my-copy", language: .c, sourceTree: Self.sourceTree)
        let folder = try skeleton.write(into: plugins.folder)
        #expect(FileManager.default.fileExists(atPath: folder + "/my_copy.c"))
        let make = Process()
        make.executableURL = URL(fileURLWithPath: "/usr/bin/make")
        make.arguments = ["-s", "-C", folder]
        try make.run()
        make.waitUntilExit()
        try #require(make.terminationStatus == 0)
        let plugin = try PluginLoader.load(path: folder + "/libnetmatrix-plugin-my-copy.so")
        #expect(plugin.name == "my-copy")
        #expect(plugin.roles == [.send, .receive])
        #expect(throws: PluginSkeleton.Failure.self) { try skeleton.write(into: plugins.folder) }
    }

    @Test func swiftSkeletonDependsOnPluginKitByPathAndExports() throws {
        let skeleton = try PluginSkeleton(name: "my-copy", language: .swift, sourceTree: "/src/netmatrix")
        let files = Dictionary(uniqueKeysWithValues: skeleton.files.map { ($0.path, $0.contents) })
        let manifest = try #require(files["Package.swift"])
        #expect(manifest.contains(#".package(name: "netmatrix", path: "/src/netmatrix")"#))
        #expect(manifest.contains(#".library(name: "netmatrix-plugin-my-copy", type: .dynamic"#))
        let source = try #require(files["Sources/MyCopyPlugin/MyCopyPlugin.swift"])
        #expect(source.contains(#"@_cdecl("netmatrix_plugin_abi_v1")"#))
        #expect(source.contains("PluginExport.descriptor(for: MyCopyPlugin.self)"))
    }

    @Test(arguments: ["", "My-Copy", "my_copy", String(repeating: "a", count: 65)])
    func refusesBadNames(name: String) {
        #expect(throws: PluginSkeleton.Failure.self) { try PluginSkeleton(name: name, language: .c, sourceTree: "/") }
    }
}
