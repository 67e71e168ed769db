import CKernels
import Testing

@Suite("Non-temporal SIMD copy equals memcpy")
struct NonTemporalCopyKernelTests {
    static let source: [UInt8] = {
        var random = SplitMix64(state: 0x5EC0)
        return random.bytes(copyLengths.max()! + 128)
    }()

    /// "avx2-nt", "avx2-temporal", ...: each variant this CPU runs with each kind of store.
    static let paths: [String] = supportedVariants.flatMap { [variantName($0) + "-nt", variantName($0) + "-temporal"] }

    static func copier(path: String) -> (UnsafeMutableRawPointer, UnsafeRawPointer, Int) -> Void {
        let nontemporal: Int32 = path.hasSuffix("-nt") ? 1 : 0
        let variant = supportedVariants.first { path.hasPrefix(variantName($0) + "-") } ?? NM_VARIANT_SCALAR
        return { nm_copy_variant(variant, nontemporal, $0, $1, $2) }
    }

    @Test("every length with shifting source and destination alignments", arguments: paths)
    func everyLength(path: String) {
        let copy = Self.copier(path: path)
        var defects: [String] = []
        Self.source.withUnsafeBytes { bytes in
            for length in copyLengths where defects.count < 5 {
                let sourceOffset = length % 16
                let destinationOffset = (sourceOffset * 5 + length) % 64
                if let defect = copyDefect(source: bytes.baseAddress! + sourceOffset, length: length,
                                           destinationOffset: destinationOffset, copy) {
                    defects.append("length \(length): \(defect)")
                }
            }
        }
        #expect(defects.isEmpty, "\(path): \(defects)")
    }

    @Test("every source alignment against every destination alignment", arguments: paths)
    func alignmentGrid(path: String) {
        let copy = Self.copier(path: path)
        var defects: [String] = []
        Self.source.withUnsafeBytes { bytes in
            for length in [255, 256, 257, 4_097, 16_385] {
                for sourceOffset in 0..<64 {
                    for destinationOffset in 0..<64 where defects.count < 5 {
                        if let defect = copyDefect(source: bytes.baseAddress! + sourceOffset, length: length,
                                                   destinationOffset: destinationOffset, copy) {
                            defects.append("length \(length) src+\(sourceOffset) dst+\(destinationOffset): \(defect)")
                        }
                    }
                }
            }
        }
        #expect(defects.isEmpty, "\(path): \(defects)")
    }

    @Test("the dispatching entry points equal memcpy")
    func dispatchers() {
        #expect(nm_copy_nt_threshold() > 0)
        Self.source.withUnsafeBytes { bytes in
            for length in [0, 7, 300, 65_537] {
                #expect(copyDefect(source: bytes.baseAddress! + 1, length: length, destinationOffset: 3) { nm_copy_nt($0, $1, $2) } == nil)
                #expect(copyDefect(source: bytes.baseAddress! + 1, length: length, destinationOffset: 3) { nm_copy_temporal($0, $1, $2) } == nil)
                #expect(copyDefect(source: bytes.baseAddress! + 1, length: length, destinationOffset: 3) {
                    nm_copy_auto($0, $1, $2, Int.max)
                } == nil)
            }
        }
    }
}
