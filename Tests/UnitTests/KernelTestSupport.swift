#if canImport(Glibc)
import Glibc
#endif
import CKernels

/// Deterministic pseudo-random bytes (SplitMix64), so a failure reproduces.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) }
    }
}

/// RFC 1071 as written: big-endian 16-bit words, an odd last byte padded with
/// zero, end-around carry. The result is in network order.
func networkOrderChecksum<C: Collection>(_ bytes: C) -> UInt16 where C.Element == UInt8 {
    var sum: UInt32 = 0
    var high = true
    for byte in bytes {
        sum += high ? UInt32(byte) << 8 : UInt32(byte)
        high.toggle()
        sum = (sum & 0xFFFF) + (sum >> 16)
    }
    return UInt16(sum)
}

/// The kernels answer in host order (the value a plain 16-bit store puts on
/// the wire in network order); this is that answer in network order.
func networkOrder(_ hostOrderSum: UInt16) -> UInt16 {
    UInt16(bigEndian: hostOrderSum)
}

/// Network-order checksums of bytes[start ..< start + length] for every length
/// up to `maximumLength`, computed incrementally (one pass, not one per length).
func prefixChecksums(_ bytes: [UInt8], start: Int, maximumLength: Int) -> [UInt16] {
    var sums = [UInt16](repeating: 0, count: maximumLength + 1)
    var sum: UInt32 = 0
    for length in 0..<maximumLength {
        let byte = UInt32(bytes[start + length])
        sum += length % 2 == 0 ? byte << 8 : byte
        sum = (sum & 0xFFFF) + (sum >> 16)
        sums[length + 1] = UInt16(sum)
    }
    return sums
}

/// Every variant this CPU runs.
let supportedVariants: [nm_variant] = [NM_VARIANT_SCALAR, NM_VARIANT_SSE2, NM_VARIANT_AVX2].filter {
    nm_variant_supported($0) != 0
}

func variantName(_ variant: nm_variant) -> String {
    String(cString: nm_variant_name(variant))
}

/// Runs `copy(destination, source, length)` into a guarded buffer and reports
/// what went wrong: bytes that differ from the source, or writes outside
/// [destinationOffset, destinationOffset + length). nil when the copy is exact.
func copyDefect(
    source: UnsafeRawPointer, length: Int, destinationOffset: Int,
    _ copy: (UnsafeMutableRawPointer, UnsafeRawPointer, Int) -> Void
) -> String? {
    let guardByte: UInt8 = 0xA5
    let capacity = destinationOffset + length + 128
    let region = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity, alignment: 64)
    defer { region.deallocate() }
    region.initializeMemory(as: UInt8.self, repeating: guardByte)
    copy(region.baseAddress! + destinationOffset, source, length)
    if memcmp(region.baseAddress! + destinationOffset, source, length) != 0 { return "copied bytes differ" }
    for index in 0..<destinationOffset where region[index] != guardByte { return "wrote before the destination at \(index)" }
    for index in (destinationOffset + length)..<capacity where region[index] != guardByte {
        return "wrote past the destination at \(index - destinationOffset - length)"
    }
    return nil
}

/// Lengths every copy kernel must get right: all of 0...4200 and sizes that
/// reach the unrolled loops, the non-temporal minimum and the page-group path.
let copyLengths: [Int] = Array(0...4200) + [8_191, 16_383, 16_384, 16_385, 20_000, 65_536, 65_537, 100_001, 262_144 + 63]
