import Foundation
@testable import NetmatrixCore
import TestSupport
import Testing

@Suite("plugins build: a plugin package built in release mode")
struct PluginBuildTests {
    @Test func aFolderWithNeitherManifestIsBadInput() throws {
        let folder = try TestPluginBuilder()
        let error = #expect(throws: PluginBuild.Failure.self) { try PluginBuild(folder: folder.folder) }
        #expect(error?.reason == .notAPluginPackage)
        #expect(error?.exitStatus == .badInput)
    }

    @Test func aSwiftPackageIsBuiltBySwiftPMInRelease() throws {
        let plugins = try TestPluginBuilder()
        let skeleton = try PluginSkeleton(name: "my-copy", language: .swift, sdk: PluginSkeletonTests.sdk)
        let build = try PluginBuild(folder: skeleton.write(into: plugins.folder))
        #expect(build.command == ["swift", "build", "-c", "release", "--package-path", build.folder])
        #expect(build.outputFolder == build.folder + "/.build/release")
        #expect(skeleton.builtFile == ".build/release/libnetmatrix-plugin-my-copy.so")
    }

    @Test(.requires(.compiler), .requires(.make))
    func aCScaffoldBuildsAndItsPluginFileIsPrinted() throws {
        let plugins = try TestPluginBuilder()
        let skeleton = try PluginSkeleton(name: "my-copy", language: .c, sdk: PluginSkeletonTests.sdk)
        let build = try PluginBuild(folder: skeleton.write(into: plugins.folder))
        #expect(build.command == ["make", "-C", build.folder])
        #expect(try build.run() == [build.folder + "/libnetmatrix-plugin-my-copy.so"])
    }

    @Test(.requires(.compiler), .requires(.make))
    func codeThatDoesNotCompileIsTheCodeUnderTestFailingWithTheCompilersLastLines() throws {
        let plugins = try TestPluginBuilder()
        let skeleton = try PluginSkeleton(name: "broken", language: .c, sdk: PluginSkeletonTests.sdk)
        let folder = try skeleton.write(into: plugins.folder)
        try "int broken = ;\n".write(toFile: folder + "/broken.c", atomically: true, encoding: .utf8)
        let error = #expect(throws: PluginBuild.Failure.self) { try PluginBuild(folder: folder).run() }
        #expect(error?.exitStatus == .assertionFailed)
        #expect(error?.description.contains("broken.c:1") == true, "\(error?.description ?? "")")
    }
}
