import CKernels
import Testing

@Suite("Fused copy + checksum: the copy is exact and the sum equals the reference")
struct CopyChecksumKernelTests {
    static let source: [UInt8] = {
        var random = SplitMix64(state: 0xF05E)
        return random.bytes(copyLengths.max()! + 128)
    }()

    /// "avx2", "avx2-nt", "sse2", "sse2-nt", "scalar": each variant this CPU runs.
    static let paths: [String] = supportedVariants.flatMap { variant in
        variant == NM_VARIANT_SCALAR ? [variantName(variant)] : [variantName(variant), variantName(variant) + "-nt"]
    }

    static func run(path: String, _ destination: UnsafeMutableRawPointer, _ source: UnsafeRawPointer, _ length: Int) -> UInt16 {
        let nontemporal: Int32 = path.hasSuffix("-nt") ? 1 : 0
        let name = nontemporal == 1 ? String(path.dropLast(3)) : path
        let variant = supportedVariants.first { variantName($0) == name } ?? NM_VARIANT_SCALAR
        return nm_csum_fold(nm_copy_csum_partial_variant(variant, nontemporal, destination, source, length, 0))
    }

    @Test("every length with shifting source and destination alignments", arguments: paths)
    func everyLength(path: String) {
        var defects: [String] = []
        Self.source.withUnsafeBytes { bytes in
            for length in copyLengths where defects.count < 5 {
                let sourceOffset = length % 8
                let destinationOffset = (sourceOffset * 7 + length) % 64
                let expected = networkOrderChecksum(Self.source[sourceOffset..<(sourceOffset + length)])
                var sum: UInt16 = 0
                if let defect = copyDefect(source: bytes.baseAddress! + sourceOffset, length: length,
                                           destinationOffset: destinationOffset, { sum = Self.run(path: path, $0, $1, $2) }) {
                    defects.append("length \(length): \(defect)")
                } else if networkOrder(sum) != expected {
                    defects.append("length \(length): sum 0x\(String(networkOrder(sum), radix: 16)) != 0x\(String(expected, radix: 16))")
                }
            }
        }
        #expect(defects.isEmpty, "\(path): \(defects)")
    }

    @Test("every source alignment against every destination alignment", arguments: paths)
    func alignmentGrid(path: String) {
        var defects: [String] = []
        Self.source.withUnsafeBytes { bytes in
            for length in [1, 31, 255, 256, 257, 4_097] {
                for sourceOffset in 0..<64 {
                    let expected = networkOrderChecksum(Self.source[sourceOffset..<(sourceOffset + length)])
                    for destinationOffset in 0..<64 where defects.count < 5 {
                        var sum: UInt16 = 0
                        let defect = copyDefect(source: bytes.baseAddress! + sourceOffset, length: length,
                                                destinationOffset: destinationOffset) { sum = Self.run(path: path, $0, $1, $2) }
                        if defect != nil || networkOrder(sum) != expected {
                            defects.append("length \(length) src+\(sourceOffset) dst+\(destinationOffset): \(defect ?? "wrong sum")")
                        }
                    }
                }
            }
        }
        #expect(defects.isEmpty, "\(path): \(defects)")
    }

    @Test("the dispatching entry points copy and sum like the named variants")
    func dispatchers() {
        Self.source.withUnsafeBytes { bytes in
            for length in [0, 1, 1_000, 65_537] {
                let expected = networkOrderChecksum(Self.source[3..<(3 + length)])
                var sum: UInt16 = 0
                #expect(copyDefect(source: bytes.baseAddress! + 3, length: length, destinationOffset: 5) {
                    sum = nm_csum_fold(nm_copy_csum_partial($0, $1, $2, 0))
                } == nil)
                #expect(networkOrder(sum) == expected)
                #expect(copyDefect(source: bytes.baseAddress! + 3, length: length, destinationOffset: 9) {
                    sum = nm_csum_fold(nm_copy_csum_partial_nt($0, $1, $2, 0))
                } == nil)
                #expect(networkOrder(sum) == expected)
            }
        }
    }
}
