import NetmatrixCore
import Testing

@Suite("Stream verification against the pattern")
struct StreamVerifierTests {
    static let patternSize = 16384
    let pattern = PayloadPattern.bytes(count: StreamVerifierTests.patternSize)

    /// The stream's bytes from `offset`, wrapping the pattern.
    func stream(from offset: Int, count: Int) -> [UInt8] {
        (0..<count).map { pattern[(offset + $0) % Self.patternSize] }
    }

    func verify(_ level: VerificationLevel, deliveries: [[UInt8]], datagrams: Bool = false) -> StreamVerifier? {
        pattern.withUnsafeBytes { patternBytes in
            guard let base = patternBytes.baseAddress else { return nil }
            var verifier = StreamVerifier(pattern: base, patternSize: Self.patternSize, level: level, datagrams: datagrams)
            for delivery in deliveries {
                if !delivery.withUnsafeBytes({ verifier.verify($0) }) { break }
            }
            return verifier
        }
    }

    @Test func patternIsDeterministicAndNotTrivial() {
        #expect(PayloadPattern.bytes(count: 64) == Array(pattern.prefix(64)))
        #expect(Set(pattern.prefix(4096)).count > 200)
    }

    @Test(arguments: [VerificationLevel.full, .sampled])
    func acceptsTheStreamAcrossDeliveriesAndWraps(level: VerificationLevel) throws {
        let sizes = [1, 7, 4095, 4097, 65536, 3, 20000]
        var offset = 0
        var deliveries: [[UInt8]] = []
        for size in sizes {
            deliveries.append(stream(from: offset, count: size))
            offset += size
        }
        let verifier = try #require(verify(level, deliveries: deliveries))
        #expect(verifier.mismatch == nil)
        #expect(verifier.streamOffset == UInt64(offset))
        if level == .full { #expect(verifier.bytesVerified == UInt64(offset)) } else { #expect(verifier.bytesVerified < UInt64(offset)) }
    }

    @Test func fullFindsAnyFlippedByte() {
        var second = stream(from: 5000, count: 70000)
        second[12345] ^= 0x40
        let mismatch = verify(.full, deliveries: [stream(from: 0, count: 5000), second])?.mismatch
        #expect(mismatch?.offset == 17345)
        #expect(mismatch?.expected == pattern[17345 % Self.patternSize])
        #expect(mismatch?.actual == pattern[17345 % Self.patternSize] ^ 0x40)
        #expect(mismatch?.description.hasPrefix("bad byte at stream offset 17345: expected 0x") == true)
    }

    @Test func sampledFindsAByteInAWindowOrAtTheEnds() {
        var inWindow = stream(from: 0, count: 65536)
        inWindow[8192 + 10] ^= 1
        #expect(verify(.sampled, deliveries: [inWindow])?.mismatch?.offset == 8202)
        var atEnd = stream(from: 0, count: 5000)
        atEnd[4999] ^= 1
        #expect(verify(.sampled, deliveries: [atEnd])?.mismatch?.offset == 4999)
    }

    @Test func offCountsOnly() throws {
        var bad = stream(from: 0, count: 1000)
        bad[0] ^= 1
        let verifier = try #require(verify(.off, deliveries: [bad]))
        #expect(verifier.mismatch == nil)
        #expect(verifier.bytesVerified == 0)
    }

    @Test func datagramsStartAtOffsetZero() {
        var third = stream(from: 0, count: 1400)
        third[99] ^= 2
        let mismatch = verify(.full, deliveries: [stream(from: 0, count: 1400), stream(from: 0, count: 900), third], datagrams: true)?.mismatch
        #expect(mismatch?.datagram == 2)
        #expect(mismatch?.description.hasPrefix("bad byte at datagram 2 offset 99") == true)
    }
}
