import Foundation
@testable import NetmatrixCore
import TestSupport
import Testing

@Suite("plugins new: skeletons")
struct PluginSkeletonTests {
    static let sourceTree = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let sdk = sourceTree + "/SDK"

    @Test(.requires(.compiler),
          .requires(.make))
    func cSkeletonBuildsWithItsMakefileAndLoads() throws {
        let plugins = try TestPluginBuilder()
        let skeleton = try PluginSkeleton(name: "my-copy", language: .c, sdk: Self.sdk)
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
        let skeleton = try PluginSkeleton(name: "my-copy", language: .swift, sdk: "/src/netmatrix/SDK")
        let files = Dictionary(uniqueKeysWithValues: skeleton.files.map { ($0.path, $0.contents) })
        let manifest = try #require(files["Package.swift"])
        #expect(manifest.contains(#"let sdk = Context.environment["NETMATRIX_SDK"] ?? "/src/netmatrix/SDK""#))
        #expect(manifest.contains(#".package(name: "netmatrix-sdk", path: sdk)"#))
        #expect(manifest.contains(#".product(name: "PluginKit", package: "netmatrix-sdk")"#))
        // PluginKit alone: nothing of netmatrix's command line or YAML reader.
        #expect(!manifest.contains("Yams") && !manifest.contains("swift-argument-parser"))
        #expect(manifest.contains(#".library(name: "netmatrix-plugin-my-copy", type: .dynamic"#))
        let source = try #require(files["Sources/MyCopyPlugin/MyCopyPlugin.swift"])
        #expect(source.contains(#"@_cdecl("netmatrix_plugin_abi_v1")"#))
        #expect(source.contains("PluginExport.descriptor(for: MyCopyPlugin.self)"))
    }

    @Test func writtenFilesNameTheSDKRelativeToThePlugin() throws {
        let plugins = try TestPluginBuilder()
        let skeleton = try PluginSkeleton(name: "my-copy", language: .swift, sdk: Self.sdk)
        let folder = try skeleton.write(into: plugins.folder)
        let manifest = try String(contentsOfFile: folder + "/Package.swift", encoding: .utf8)
        let prefix = #"Context.environment["NETMATRIX_SDK"] ?? ""#
        let start = try #require(manifest.range(of: prefix)).upperBound
        let path = String(manifest[start...].prefix { $0 != "\"" })
        #expect(!path.hasPrefix("/"), "\(manifest)")
        let reached = URL(fileURLWithPath: folder + "/" + path).resolvingSymlinksInPath().path
        #expect(reached == URL(fileURLWithPath: Self.sdk).resolvingSymlinksInPath().path)
    }

    @Test func nextStepsBuildInReleaseWithTheCommandAsGiven() throws {
        let swift = try PluginSkeleton(name: "my-copy", language: .swift, sdk: "/src/netmatrix/SDK")
        #expect(swift.nextSteps(netmatrix: "/opt/nm/netmatrix")
            == "/opt/nm/netmatrix plugins build . && /opt/nm/netmatrix plugins check .build/release/libnetmatrix-plugin-my-copy.so")
        let c = try PluginSkeleton(name: "my-copy", language: .c, sdk: "/src/netmatrix/SDK")
        #expect(c.nextSteps(netmatrix: "netmatrix") == "netmatrix plugins build . && netmatrix plugins check ./libnetmatrix-plugin-my-copy.so")
    }

    @Test func theCommandIsNetmatrixOnlyWhenPATHFindsThatFile() throws {
        let folders = try TestPluginBuilder()
        let installed = folders.folder + "/bin", other = folders.folder + "/other"
        for folder in [installed, other] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try #require(FileManager.default.createFile(atPath: folder + "/netmatrix", contents: Data(), attributes: [.posixPermissions: 0o755]))
        }
        let executable = installed + "/netmatrix"
        #expect(PluginSkeleton.command(for: executable, searchPath: "/nonexistent:" + installed) == "netmatrix")
        #expect(PluginSkeleton.command(for: executable, searchPath: other + ":" + installed) == executable)
        #expect(PluginSkeleton.command(for: executable, searchPath: "") == executable)
    }

    /// The README's Swift example once blocked in recv() when the sender stopped and
    /// failed `plugins check`: it must wake to look at shouldStop, as the scaffold does.
    @Test func theReadmeSwiftExampleSetsTheReceiveTimeoutAsTheScaffoldDoes() throws {
        let readme = try String(contentsOfFile: Self.sourceTree + "/README.md", encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "### Writing a plugin in Swift").dropFirst().first)
        let example = try #require(section.components(separatedBy: "```swift").dropFirst().first?.components(separatedBy: "```").first)
        let scaffold = try PluginSkeleton(name: "hello", language: .swift, sdk: "/src/netmatrix/SDK").swiftSource
        for source in [example, scaffold] {
            let receive = try #require(source.components(separatedBy: "static func receive(").dropFirst().first)
            #expect(receive.contains("setReceiveTimeout(milliseconds:"), "\(receive)")
        }
    }

    @Test(arguments: ["", "My-Copy", "my_copy", String(repeating: "a", count: 65)])
    func refusesBadNames(name: String) {
        #expect(throws: PluginSkeleton.Failure.self) { try PluginSkeleton(name: name, language: .c, sdk: "/") }
    }
}
