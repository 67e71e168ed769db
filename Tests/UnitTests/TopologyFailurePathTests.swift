@testable import NetmatrixCore
import Foundation
import NetmatrixSystem
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The TAP and namespace-pin failure paths, driven by a SyscallScript: no root,
/// no device or mount is made, and the trace shows what was (not) tried next.
@Suite("TAP and namespace pin failure paths without root")
struct TopologyFailurePathTests {
    @Test func aTapWhoseTunCannotBeOpenedTriesNoIoctl() {
        let script = SyscallScript(["open": [EACCES]])
        let outcome = script.run {
            Result { () throws(SystemError) in
                try TapDevice.openInCurrentNamespace(name: "nm-test0", vnetHeader: true, offloads: .checksum, persist: false)
            }
        }
        guard case .failure(let error) = outcome else {
            Issue.record("opened a TAP device with open(2) failing")
            return
        }
        #expect(error == SystemError(object: "/dev/net/tun", operation: "open", code: EACCES))
        #expect(error.description == "/dev/net/tun: open: Permission denied")
        #expect(script.trace == [SyscallScript.Call("open", injected: EACCES)], "\(script.trace)")
    }

    /// A half-made pin (the file exists, nothing is mounted on it): umount2 says
    /// EINVAL, and removing the file is all that is left to do.
    @Test func unpinningAFileThatIsNoMountPointRemovesIt() throws {
        let path = NSTemporaryDirectory() + "nm-pin-\(UUID().uuidString)"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let script = SyscallScript(["umount2(MNT_DETACH)": [EINVAL]])
        try script.run { Result { () throws(SystemError) in try NetworkNamespace.unmount(path) } }.get()
        #expect(script.trace == [SyscallScript.Call("umount2(MNT_DETACH)", injected: EINVAL), SyscallScript.Call("unlink")])
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    /// A pin still in use: umount2 fails with EBUSY, the error names the pin, and
    /// the file stays for the next `topo down` to find.
    @Test func aBusyPinIsReportedAndKept() throws {
        let path = NSTemporaryDirectory() + "nm-pin-\(UUID().uuidString)"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let script = SyscallScript(["umount2(MNT_DETACH)": [EBUSY]])
        let outcome = script.run { Result { () throws(SystemError) in try NetworkNamespace.unmount(path) } }
        guard case .failure(let error) = outcome else {
            Issue.record("unmounted a busy pin")
            return
        }
        #expect(error.description == "\(path): umount2(MNT_DETACH): Device or resource busy")
        #expect(script.trace == [SyscallScript.Call("umount2(MNT_DETACH)", injected: EBUSY)])
        #expect(FileManager.default.fileExists(atPath: path))
    }
}
