import CKernels
import Testing

@Suite("Internet checksum kernels (RFC 1071) agree with the reference")
struct ChecksumKernelTests {
    static let maximumLength = 4200
    static let buffer: [UInt8] = {
        var random = SplitMix64(state: 1071)
        return random.bytes(maximumLength + 128)
    }()

    typealias Kernel = @Sendable (UnsafeRawPointer, Int) -> UInt16

    /// The reference loop, each variant this CPU runs, and the dispatcher.
    static let kernelNames = ["plain"] + supportedVariants.map(variantName) + ["dispatched"]

    static func kernel(named name: String) -> Kernel? {
        switch name {
        case "plain": return { nm_csum_fold(nm_csum_partial_plain($0, $1, 0)) }
        case "dispatched": return { nm_csum($0, $1) }
        default:
            guard let variant = supportedVariants.first(where: { variantName($0) == name }) else { return nil }
            return { nm_csum_fold(nm_csum_partial_variant(variant, $0, $1, 0)) }
        }
    }

    @Test("every length 0...4200 at every alignment 0..<32", arguments: kernelNames)
    func everyLengthAndAlignment(kernelName: String) throws {
        let kernel = try #require(Self.kernel(named: kernelName))
        var mismatches: [String] = []
        Self.buffer.withUnsafeBytes { bytes in
            for alignment in 0..<32 {
                let expected = prefixChecksums(Self.buffer, start: alignment, maximumLength: Self.maximumLength)
                for length in 0...Self.maximumLength {
                    let got = networkOrder(kernel(bytes.baseAddress! + alignment, length))
                    if got != expected[length], mismatches.count < 5 {
                        mismatches.append("alignment \(alignment) length \(length): 0x\(String(got, radix: 16)) != 0x\(String(expected[length], radix: 16))")
                    }
                }
            }
        }
        #expect(mismatches.isEmpty, "\(kernelName): \(mismatches)")
    }

    @Test("large random buffers, odd lengths and odd offsets", arguments: kernelNames)
    func largeBuffers(kernelName: String) throws {
        let kernel = try #require(Self.kernel(named: kernelName))
        var random = SplitMix64(state: 0xC5C5)
        let large = random.bytes(1 << 20)
        for (start, length) in [(0, 1 << 20), (1, (1 << 20) - 1), (3, 65_537), (17, 300_001), (64, 4_096)] {
            let got = large.withUnsafeBytes { networkOrder(kernel($0.baseAddress! + start, length)) }
            #expect(got == networkOrderChecksum(large[start..<(start + length)]), "\(kernelName) start \(start) length \(length)")
        }
    }

    @Test("carries: all-ones buffers fold to 0xffff, all-zero buffers to 0", arguments: kernelNames)
    func carries(kernelName: String) throws {
        let kernel = try #require(Self.kernel(named: kernelName))
        for length in [2, 64, 4_096, 1 << 20] {
            let ones = [UInt8](repeating: 0xFF, count: length)
            let zeros = [UInt8](repeating: 0, count: length)
            #expect(ones.withUnsafeBytes { kernel($0.baseAddress!, length) } == 0xFFFF, "\(kernelName) ones \(length)")
            #expect(zeros.withUnsafeBytes { kernel($0.baseAddress!, length) } == 0, "\(kernelName) zeros \(length)")
        }
    }

    @Test("streaming across chunks of any size and parity equals one pass")
    func streamingAcrossChunks() {
        var random = SplitMix64(state: 42)
        let data = random.bytes(200_000)
        let expected = networkOrderChecksum(data)
        for round in 0..<40 {
            var stream = nm_csum_stream()
            nm_csum_stream_init(&stream)
            var offset = 0
            data.withUnsafeBytes { bytes in
                while offset < data.count {
                    // Mostly small and odd chunks, now and then a large one.
                    let limit = round % 4 == 0 ? 70_000 : 97
                    let chunk = min(Int(random.next() % UInt64(limit)) + 1, data.count - offset)
                    nm_csum_stream_update(&stream, bytes.baseAddress! + offset, chunk)
                    offset += chunk
                }
            }
            #expect(networkOrder(nm_csum_stream_fold(&stream)) == expected, "round \(round)")
        }
    }

    @Test("combining partial sums at odd offsets equals one pass")
    func combineAtOddOffsets() {
        var random = SplitMix64(state: 7)
        let data = random.bytes(10_001)
        data.withUnsafeBytes { bytes in
            for split in [0, 1, 2, 3, 255, 4_097, 10_000, 10_001] {
                let first = nm_csum_partial(bytes.baseAddress!, split, 0)
                let second = nm_csum_partial(bytes.baseAddress! + split, data.count - split, 0)
                let combined = nm_csum_combine(first, second, UInt64(split))
                #expect(networkOrder(nm_csum_fold(combined)) == networkOrderChecksum(data), "split at \(split)")
            }
        }
    }

    @Test("the dispatcher names the variant it picked")
    func dispatcherNamesItsVariant() {
        let name = String(cString: nm_kernels_variant())
        #expect(["avx2", "sse2", "scalar"].contains(name))
        #expect(name == String(cString: nm_variant_name(nm_kernels_selected_variant())))
        #expect(nm_variant_supported(nm_kernels_selected_variant()) != 0)
        var parsed = NM_VARIANT_SCALAR
        #expect(nm_variant_parse("sse2", &parsed) == 0 && parsed == NM_VARIANT_SSE2)
        #expect(nm_variant_parse("avx512", &parsed) == -1)
        #expect(nm_last_level_cache_size(1) >= 1)
    }
}
