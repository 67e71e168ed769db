import NetmatrixCore
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The loader's owner check, on a file really owned by someone else (chown needs root).
@Suite("Plugin loader refuses a file owned by another user", .requires(.root), .requires(.compiler))
struct PluginOwnershipTests {
    @Test func refusesAFileOwnedBySomeoneElse() throws {
        let plugins = try TestPluginBuilder()
        let path = try plugins.build(name: "test-owner")
        #expect(chown(path, 65534, 65534) == 0)
        do {
            _ = try PluginLoader.load(path: path)
            Issue.record("loaded a plugin owned by uid 65534")
        } catch {
            #expect(error.reason == .wrongOwner(uid: 65534, allowed: PluginFile.allowedOwners()))
            #expect(error.description.contains("owned by uid 65534"))
        }
    }
}
