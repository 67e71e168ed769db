import Foundation
@testable import NetmatrixCore
import TestSupport
import Testing

@Suite("Shipped files: topologies and the plugin SDK, installed or in a checkout")
struct ShippedFilesTests {
    /// Lays out `files` (empty) under a fresh folder, removed with the value returned.
    func layout(_ files: [String]) throws -> TestPluginBuilder {
        let folder = try TestPluginBuilder()
        for file in files {
            let path = folder.folder + "/" + file
            try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path, withIntermediateDirectories: true)
            try #require(FileManager.default.createFile(atPath: path, contents: Data()))
        }
        return folder
    }

    @Test func anInstalledNetmatrixFindsShareBesideItsLibFolder() throws {
        let kept = try layout([
            "usr/lib/netmatrix/netmatrix", "usr/share/netmatrix/Netns/veth.yaml",
            "usr/share/netmatrix/sdk/Sources/NetmatrixABI/include/netmatrix_plugin.h",
        ])
        let root = kept.folder
        let executable = root + "/usr/lib/netmatrix/netmatrix"
        #expect(ShippedFiles.folder(.topologies, environment: [:], executable: executable) == root + "/usr/share/netmatrix/Netns")
        #expect(ShippedFiles.folder(.sdk, environment: [:], executable: executable) == root + "/usr/share/netmatrix/sdk")
    }

    @Test func aCheckoutBuildFindsTheFoldersAboveIt() throws {
        let kept = try layout([
            "Package.swift", ".build/x86_64-unknown-linux-gnu/release/netmatrix", "Netns/veth.yaml",
            "SDK/Sources/NetmatrixABI/include/netmatrix_plugin.h",
        ])
        let root = kept.folder
        let executable = root + "/.build/x86_64-unknown-linux-gnu/release/netmatrix"
        #expect(ShippedFiles.folder(.topologies, environment: [:], executable: executable) == root + "/Netns")
        #expect(ShippedFiles.folder(.sdk, environment: [:], executable: executable) == root + "/SDK")
    }

    @Test func NETMATRIX_SDKComesFirstAndMustHoldTheHeader() throws {
        let kept = try layout(["mine/Sources/NetmatrixABI/include/netmatrix_plugin.h", "empty/x"])
        let root = kept.folder
        #expect(ShippedFiles.folder(.sdk, environment: ["NETMATRIX_SDK": root + "/mine"], executable: nil) == root + "/mine")
        #expect(ShippedFiles.folder(.sdk, environment: ["NETMATRIX_SDK": root + "/empty"], executable: nil) == nil)
        #expect(ShippedFiles.notFound(.sdk).contains("NETMATRIX_SDK"))
    }

    @Test func nothingFoundIsNil() throws {
        let kept = try layout(["bin/netmatrix"])
        let root = kept.folder
        #expect(ShippedFiles.folder(.sdk, environment: [:], executable: root + "/bin/netmatrix") == nil)
        #expect(ShippedFiles.folder(.topologies, environment: [:], executable: root + "/bin/netmatrix") == nil)
    }
}
