import NetmatrixCore
import Testing

@Suite("Sizes and durations as people write them")
struct ByteSizeTests {
    @Test(arguments: [("65536", 65536), ("64K", 65536), ("64k", 65536), ("64KiB", 65536), ("4M", 4 << 20), ("1G", 1 << 30), ("1500", 1500)] as [(String, UInt64)])
    func parsesSizes(text: String, bytes: UInt64) throws {
        #expect(try ByteSize(parsing: text).bytes == bytes)
    }

    @Test(arguments: ["", "K", "-1", "0", "1.5K", "64X"])
    func refusesBadSizes(text: String) {
        #expect(throws: ByteSize.ParseError.self) { try ByteSize(parsing: text) }
    }

    @Test func printsSizesCompactly() {
        #expect(ByteSize(bytes: 65536).description == "64K")
        #expect(ByteSize(bytes: 1500).description == "1500")
    }

    @Test(arguments: [("3s", 3.0), ("500ms", 0.5), ("2m", 120.0), ("1.5", 1.5)] as [(String, Double)])
    func parsesDurations(text: String, seconds: Double) throws {
        #expect(try DurationText(parsing: text).seconds == seconds)
    }

    @Test(arguments: ["", "s", "0s", "-1s", "3h"])
    func refusesBadDurations(text: String) {
        #expect(throws: DurationText.ParseError.self) { try DurationText(parsing: text) }
    }
}
