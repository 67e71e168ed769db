import CNetmatrixShims
import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// The deterministic test pattern: 64-bit xorshift words (Marsaglia's 13/7/17
/// triple) stored little-endian from a fixed seed. Any byte is cheap to recompute,
/// and a shifted or stale buffer does not match by accident.
public enum PayloadPattern {
    public static let seed: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// Fills `buffer` with the pattern from offset 0; its count must be a multiple of 8.
    public static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        var state = seed
        var offset = 0
        while offset + 8 <= buffer.count {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            buffer.storeBytes(of: state.littleEndian, toByteOffset: offset, as: UInt64.self)
            offset += 8
        }
    }

    /// The pattern's first `count` bytes (tests and small checks).
    public static func bytes(count: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: (count + 7) / 8 * 8)
        result.withUnsafeMutableBytes { fill($0) }
        return Array(result.prefix(count))
    }
}

/// The payload a worker hands its plugin: a memfd holding the pattern, mapped
/// read-only. Unmapped and closed when released.
public final class Payload {
    public let memfd: Descriptor
    public let size: Int
    public let bytes: UnsafeRawPointer

    /// Builds `size` bytes of pattern (rounded up to whole pages).
    public init(size requested: Int) throws(SystemError) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let size = max(page, (requested + page - 1) / page * page)
        let fd = try syscall("payload memfd", "memfd_create") { nm_memfd_create("netmatrix-payload") }
        let memfd = Descriptor(adopting: fd, label: "payload memfd")
        _ = try syscall("payload memfd", "ftruncate") { ftruncate(memfd.rawValue, off_t(size)) }
        guard let mapping = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_SHARED, memfd.rawValue, 0), mapping != MAP_FAILED else {
            throw SystemError(object: "payload memfd", operation: "mmap", code: nm_errno())
        }
        PayloadPattern.fill(UnsafeMutableRawBufferPointer(start: mapping, count: size))
        // Read-only from here on: a plugin writing into the payload faults instead of corrupting the reference.
        _ = try syscall("payload memfd", "mprotect") { mprotect(mapping, size, PROT_READ) }
        self.memfd = memfd
        self.size = size
        self.bytes = UnsafeRawPointer(mapping)
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: bytes), size)
    }
}
