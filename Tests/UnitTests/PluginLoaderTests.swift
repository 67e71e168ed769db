import Foundation
import NetmatrixCore
import TestSupport
import Testing

/// Every refusal of the loader, each with a plugin built for it at test time.
@Suite(
    "Plugin loader refusals name the file and the reason",
    .requires(.compiler)
)
struct PluginLoaderTests {
    let plugins: TestPluginBuilder

    init() throws {
        plugins = try TestPluginBuilder()
    }

    func refusal(_ path: String) -> PluginLoadError? {
        do {
            _ = try PluginLoader.load(path: path)
            return nil
        } catch {
            return error
        }
    }

    @Test func loadsASoundPluginAndReadsItsDescriptor() throws {
        let path = try plugins.build(name: "test-plain")
        let plugin = try PluginLoader.load(path: path)
        #expect(plugin.name == "test-plain")
        #expect(plugin.version == "0.0.1")
        #expect(plugin.roles == [.send, .receive, .wire])
        #expect(plugin.sendModes == ["plain"])
        #expect(plugin.wireModes == [""])
        #expect(plugin.abiText == "1.1")
        #expect(throws: PluginUsageError.self) { try plugin.checkUsage(role: .send, mode: "sendfile") }
        try plugin.checkUsage(role: .receive, mode: "plain")
    }

    @Test func refusesAMissingFile() {
        let error = refusal(plugins.folder + "/libnetmatrix-plugin-absent.so")
        guard case .missing = error?.reason else { Issue.record("\(String(describing: error))"); return }
        #expect(error?.description.hasPrefix("plugin \(plugins.folder)/libnetmatrix-plugin-absent.so: refused: ") == true)
    }

    @Test func refusesANonELFFile() throws {
        let path = plugins.folder + "/libnetmatrix-plugin-text.so"
        try "not an ELF file\n".write(toFile: path, atomically: false, encoding: .utf8)
        #expect(refusal(path)?.reason == .notELF)
    }

    @Test func refusesARelocatableObject() throws {
        let path = plugins.folder + "/libnetmatrix-plugin-object.so"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/cc")
        process.arguments = ["-c", "-fPIC", "-I", TestPluginBuilder.abiInclude, TestPluginBuilder.fixture, "-o", path]
        try process.run()
        process.waitUntilExit()
        #expect(refusal(path)?.reason == .notSharedObject(elfType: 1))
    }

    @Test func refusesAMissingEntrySymbol() throws {
        let path = try plugins.build(name: "test-nosym", defines: ["NO_ENTRY"])
        #expect(refusal(path)?.reason == .missingEntrySymbol("netmatrix_plugin_abi_v1"))
    }

    @Test func refusesAnotherABIMajor() throws {
        let path = try plugins.build(name: "test-major", defines: ["ABI_VERSION=0x20000"])
        let error = refusal(path)
        #expect(error?.reason == .abiMajorMismatch(found: 2, expected: 1))
        #expect(error?.description.contains("ABI major version 2, this netmatrix speaks 1") == true)
    }

    @Test func refusesANewerABIMinor() throws {
        let path = try plugins.build(name: "test-minor", defines: ["ABI_VERSION=0x10005"])
        #expect(refusal(path)?.reason == .abiMinorTooNew(found: 5, supported: 1))
    }

    @Test func loadsAPluginBuiltAgainstTheOlderMinor() throws {
        // ABI 1.1 only took a reserved slot for the counter service: a 1.0 plugin loads as before.
        let path = try plugins.build(name: "test-minor-zero", defines: ["ABI_VERSION=0x10000"])
        #expect(refusal(path) == nil)
    }

    @Test func refusesADescriptorTooSmallOrImplausible() throws {
        let small = try plugins.build(name: "test-small", defines: ["STRUCT_SIZE=64"])
        #expect(refusal(small)?.reason == .structTooSmall(found: 64, needed: PluginLoader.descriptorBytesRead))
        let huge = try plugins.build(name: "test-huge", defines: ["STRUCT_SIZE=100000"])
        #expect(refusal(huge)?.reason == .structImplausible(found: 100000))
    }

    @Test func refusesBadNamesRolesAndMissingFunctions() throws {
        let upper = try plugins.build(name: "Test_Upper", fileName: "libnetmatrix-plugin-upper.so")
        #expect(refusal(upper)?.reason == .badName("Test_Upper"))
        let noRoles = try plugins.build(name: "test-noroles", defines: ["ROLES=0"])
        #expect(refusal(noRoles)?.reason == .noRoles)
        let unknown = try plugins.build(name: "test-unknown", defines: ["ROLES=9"])
        #expect(refusal(unknown)?.reason == .unknownRoles(8))
        let nullSend = try plugins.build(name: "test-nullsend", defines: ["NULL_SEND"])
        #expect(refusal(nullSend)?.reason == .roleWithoutFunction("send"))
    }

    /// The catalog a command resolves plugins through, describing each in a throwaway worker.
    func catalog(_ searchPath: PluginSearchPath) throws -> PluginCatalog {
        PluginCatalog(searchPath: searchPath, inspector: PluginInspector(executable: try #require(WorkerExecutable.locate())))
    }

    @Test(.requires(.netmatrixBinary))
    func refusesADuplicateName() throws {
        let first = try plugins.build(name: "test-twin", fileName: "libnetmatrix-plugin-twin-a.so")
        let second = try plugins.build(name: "test-twin", fileName: "libnetmatrix-plugin-twin-b.so")
        let catalog = try catalog(PluginSearchPath(explicitPaths: [plugins.folder]))
        #expect(try catalog.describe(path: first).name == "test-twin")
        let refusals = catalog.discover().refusals
        #expect(refusals.map(\.path) == [second])
        #expect(refusals.map(\.reason) == [.duplicateName("test-twin", firstPath: first)])
    }

    @Test func refusesAWorldOrGroupWritableFile() throws {
        let path = try plugins.build(name: "test-writable")
        chmod(path, 0o666)
        let error = refusal(path)
        #expect(error?.reason == .fileWritableByOthers(mode: UInt32(S_IFREG) | 0o666, who: "world"))
        #expect(error?.description == "plugin \(path): refused: the file is world-writable (mode 0666); chmod o-w")
        chmod(path, 0o664)
        #expect(refusal(path)?.reason == .fileWritableByOthers(mode: UInt32(S_IFREG) | 0o664, who: "group"))
    }

    @Test func refusesAGroupWritableDirectory() throws {
        let path = try plugins.build(name: "test-groupdir")
        chmod(plugins.folder, 0o770)
        defer { chmod(plugins.folder, 0o700) }
        let error = refusal(path)
        #expect(error?.reason == .directoryWritableByOthers(directory: plugins.folder, mode: UInt32(S_IFDIR) | 0o770, who: "group"))
    }

    @Test func sudoUserMayOwnPluginsOnlyWhenWeAreRoot() {
        // Root trusts the user sudo ran it for; anyone else trusts root and itself, never a SUDO_UID it was handed.
        let owners = PluginFile.allowedOwners(environment: ["SUDO_UID": "1000"])
        #expect(owners == (TestRequirement.isRoot ? [0, 1000] : [0, getuid()]))
    }

    @Test(.requires(.netmatrixBinary))
    func findsPluginsByNameOnTheSearchPath() throws {
        let path = try plugins.build(name: "test-found")
        let catalog = try catalog(PluginSearchPath(environmentFolders: [plugins.folder]))
        let plugin = try catalog.plugin(for: try PluginSpec(parsing: "test-found:plain").plugin)
        #expect(plugin.file == path)
        #expect(catalog.searchPath.candidateFiles() == [plugins.folder + "/libnetmatrix-plugin-test-found.so"])
        #expect(throws: PluginLoadError.self) { try catalog.plugin(for: PluginSpec(parsing: "absent").plugin) }
    }

    @Test(.requires(.netmatrixBinary))
    func refusesAFileWhoseNameDiffersFromItsDescriptor() throws {
        _ = try plugins.build(name: "test-inner", fileName: "libnetmatrix-plugin-outer.so")
        let catalog = try catalog(PluginSearchPath(explicitPaths: [plugins.folder]))
        do {
            _ = try catalog.plugin(for: PluginSpec(parsing: "outer").plugin)
            Issue.record("loaded a plugin declaring another name")
        } catch let error as PluginLoadError {
            #expect(error.reason == .nameDiffersFromRequest(declared: "test-inner", requested: "outer"))
        }
    }
}
