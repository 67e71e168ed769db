import Foundation
import NetmatrixCore
import TestSupport
import Testing

@Suite(
    "Plugin descriptors are read in throwaway workers",
    .requires(.netmatrixBinary),
    .requires(.compiler)
)
struct PluginInspectorTests {
    func inspector() throws -> PluginInspector {
        PluginInspector(executable: try #require(WorkerExecutable.locate()))
    }

    @Test func describesASoundPlugin() throws {
        let plugins = try TestPluginBuilder()
        let path = try plugins.build(name: "test-described")
        let info = try inspector().describe(path: path)
        #expect(info.name == "test-described")
        #expect(info.file == path)
        #expect(info.modes.receive == ["plain"])
    }

    @Test func aPluginThatCrashesWhileLoadingFailsOnlyItsWorker() throws {
        let plugins = try TestPluginBuilder()
        let path = try plugins.build(name: "test-crash", defines: ["CRASH_ON_LOAD"])
        let inspector = try inspector()
        do throws(PluginLoadError) {
            _ = try inspector.describe(path: path)
            Issue.record("described a plugin whose constructor crashes")
        } catch {
            #expect(error.reason == .workerFailed("killed the worker with SIGSEGV"))
            #expect(error.description == "plugin \(path): refused: loading it killed the worker with SIGSEGV")
        }
    }

    @Test func carriesTheLoadersReasonAndRefusesDuplicateNames() throws {
        let plugins = try TestPluginBuilder()
        _ = try plugins.build(name: "test-twin", fileName: "libnetmatrix-plugin-twin-a.so")
        let second = try plugins.build(name: "test-twin", fileName: "libnetmatrix-plugin-twin-b.so")
        let minor = try plugins.build(name: "test-minor", defines: ["ABI_VERSION=0x10007"])
        let (infos, refusals) = try inspector().discover(PluginSearchPath(explicitPaths: [plugins.folder]))
        #expect(infos.map(\.name) == ["test-twin"])
        let reasons = Dictionary(uniqueKeysWithValues: refusals.map { ($0.path, $0.reasonText) })
        #expect(reasons[second]?.hasPrefix("name \"test-twin\" is already taken") == true)
        #expect(reasons[minor]?.hasPrefix("ABI minor version 7 is newer") == true)
    }
}
