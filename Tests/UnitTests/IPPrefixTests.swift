import NetmatrixCore
import Testing

@Suite("IPPrefix: parsing, overlap, containment, masking")
struct IPPrefixTests {
    @Test(arguments: [
        ("198.18.0.1/30", "198.18.0.1/30"),
        ("198.18.0.1", "198.18.0.1/32"),
        ("fd00:0:0:1::1/64", "fd00:0:0:1::1/64"),
        ("fd00::1", "fd00::1/128"),
        ("0.0.0.0/0", "0.0.0.0/0"),
        ("::/0", "::/0"),
    ])
    func parsesValidText(text: String, expected: String) throws {
        let prefix = try #require(IPPrefix(text))
        #expect(prefix.description == expected)
    }

    @Test(arguments: ["", "/", "198.18.0.1/33", "198.18.0.1/-1", "198.18.0.1/", "198.18.0/24", "fd00::1/129",
                      "198.18.0.1/30/1", "host/24", "198.18.0.1/ 30"])
    func refusesInvalidText(text: String) {
        #expect(IPPrefix(text) == nil)
    }

    @Test func masksToTheNetwork() throws {
        #expect(try #require(IPPrefix("198.18.0.5/30")).network.description == "198.18.0.4")
        #expect(try #require(IPAddress("198.18.255.255")).masked(to: 12).description == "198.16.0.0")
        #expect(try #require(IPAddress("198.18.0.1")).masked(to: 0).description == "0.0.0.0")
        #expect(try #require(IPAddress("fd00:0:0:1:abcd::1")).masked(to: 64).description == "fd00:0:0:1::")
        #expect(try #require(IPAddress("fd12:3456::1")).masked(to: 8).description == "fd00::")
        #expect(try #require(IPAddress("198.18.0.1")).masked(to: 32).description == "198.18.0.1")
    }

    @Test func overlapIsSymmetricAndFamilyAware() throws {
        let slash30 = try #require(IPPrefix("198.18.0.1/30"))
        let slash29 = try #require(IPPrefix("198.18.0.5/29"))
        let next30 = try #require(IPPrefix("198.18.0.5/30"))
        let v6 = try #require(IPPrefix("fd00::1/8"))
        #expect(slash30.overlaps(slash29))
        #expect(slash29.overlaps(slash30))
        #expect(!slash30.overlaps(next30))
        #expect(!slash30.overlaps(v6))
        #expect(v6.overlaps(try #require(IPPrefix("fd00:0:0:1::2/64"))))
    }

    @Test func containmentNeedsTheLongerPrefixInside() throws {
        let benchmarking = try #require(IPPrefix("198.18.0.0/15"))
        #expect(benchmarking.contains(try #require(IPPrefix("198.19.255.255/32"))))
        #expect(benchmarking.contains(try #require(IPPrefix("198.18.0.0/16"))))
        #expect(!benchmarking.contains(try #require(IPPrefix("198.20.0.1/32"))))
        #expect(!benchmarking.contains(try #require(IPPrefix("198.0.0.0/8"))))
        #expect(!benchmarking.contains(try #require(IPPrefix("fd00::1/128"))))
    }

    @Test func permittedRangesAreBenchmarkingAndUniqueLocalOnly() throws {
        let inside = ["198.18.0.1", "198.19.255.254", "fd00::1", "fdff:ffff::1"]
        let outside = ["10.0.0.1", "198.17.255.255", "198.20.0.0", "127.0.0.1", "fc00::1", "fe80::1", "2001:db8::1", "::1"]
        for text in inside {
            let host = try #require(IPPrefix(text))
            #expect(IPPrefix.permittedRanges.contains { $0.contains(host) }, "\(text) should be permitted")
        }
        for text in outside {
            let host = try #require(IPPrefix(text))
            #expect(!IPPrefix.permittedRanges.contains { $0.contains(host) }, "\(text) should be refused")
        }
    }
}
