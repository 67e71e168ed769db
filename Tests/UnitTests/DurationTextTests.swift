import NetmatrixCore
import Testing

@Suite("Durations as people write them")
struct DurationTextTests {
    @Test(arguments: [("3s", 3.0), ("500ms", 0.5), ("2m", 120.0), ("1.5", 1.5)] as [(String, Double)])
    func parsesDurations(text: String, seconds: Double) throws {
        #expect(try DurationText(parsing: text).seconds == seconds)
    }

    @Test(arguments: ["", "s", "0s", "-1s", "3h"])
    func refusesBadDurations(text: String) {
        #expect(throws: DurationText.ParseError.self) { try DurationText(parsing: text) }
    }
}
