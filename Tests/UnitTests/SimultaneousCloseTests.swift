#if canImport(Glibc)
import Glibc
#endif
@testable import NetmatrixCore
import NetmatrixSystem
import CNetmatrixShims
import Testing

@Suite("closing descriptors together")
struct SimultaneousCloseTests {
    @Test("every descriptor given is closed, and a descriptor not given stays open")
    func closesOnlyItsOwn() throws {
        let bystander = try Descriptor.open("/dev/null", O_RDONLY)
        let group = try (0..<3).map { _ in try Descriptor.open("/dev/null", O_RDONLY) }
        try SimultaneousClose.close(group)
        #expect(group.allSatisfy { !$0.isOpen })
        #expect(bystander.isOpen)
        // The bystander's number still refers to an open file.
        let raw = bystander.rawValue
        #expect((try? syscall("bystander", "fcntl(F_SETFD)") { nm_set_cloexec(raw, 1) }) != nil)
        try bystander.close()
    }

    @Test("one descriptor, or none, is closed the ordinary way")
    func smallGroups() throws {
        let single = try Descriptor.open("/dev/null", O_RDONLY)
        try SimultaneousClose.close([single])
        #expect(!single.isOpen)
        try SimultaneousClose.close([])
    }
}
