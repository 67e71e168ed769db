import CNetmatrixShims
import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// The deterministic pattern a test sender streams: held in a memfd (for sendfile
/// and splice) and mapped read-only, as the real host provides it. Never unmapped:
/// a test process is short-lived and plugin threads may still read it.
public final class TestPayload: @unchecked Sendable {
    public let file: Descriptor
    public let base: UnsafePointer<UInt8>
    public let size: Int

    /// Byte i of the pattern: a multiplicative hash, so an offset error shows at once.
    public static func byte(at index: Int) -> UInt8 { UInt8(truncatingIfNeeded: (UInt64(index) &* 2_654_435_761) >> 13) }

    public init(size: Int) throws {
        precondition(size > 0 && size % 4096 == 0, "payload size must be whole pages")
        let file = Descriptor(adopting: try syscall("memfd", "memfd_create") { nm_memfd_create("netmatrix-test-payload") }, label: "payload memfd")
        let pattern = (0 ..< size).map(Self.byte(at:))
        var written = 0
        while written < size {
            written += try pattern.withUnsafeBytes { bytes in
                try syscall("payload memfd", "write") { Glibc.write(file.rawValue, bytes.baseAddress.map { $0 + written }, size - written) }
            }
        }
        guard let mapping = mmap(nil, size, PROT_READ, MAP_SHARED, file.rawValue, 0), mapping != MAP_FAILED else {
            throw SystemError(object: "payload memfd", operation: "mmap", code: nm_errno())
        }
        self.file = file
        base = UnsafePointer(mapping.assumingMemoryBound(to: UInt8.self))
        self.size = size
    }

    /// Whether `bytes` equal stream bytes `offset ..< offset + count` (the pattern repeats every `size`).
    public func matches(_ bytes: UnsafeRawBufferPointer, streamOffset offset: UInt64) -> Bool {
        var checked = 0
        var position = Int(offset % UInt64(size))
        while checked < bytes.count {
            let run = min(bytes.count - checked, size - position)
            guard let start = bytes.baseAddress, memcmp(start + checked, base + position, run) == 0 else { return false }
            checked += run
            position = 0
        }
        return true
    }
}
