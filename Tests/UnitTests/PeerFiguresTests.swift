import Foundation
@testable import NetmatrixCore
import TestSupport
import Testing

/// Peer tools' output, as iperf3 3.12 and sockperf 3.7 printed it across a
/// netmatrix veth topology (Tests/Fixtures/Peers).
@Suite("Peer tools: figures read back from their output")
struct PeerFiguresTests {
    static func fixture(_ name: String) throws -> String {
        try String(contentsOf: Repository.root.appendingPathComponent("Tests/Fixtures/Peers/" + name), encoding: .utf8)
    }

    @Test func iperf3TCPGivesTheReceiversBytesAndSeconds() throws {
        let figures = try PeerFigures.parse(Self.fixture("iperf3-tcp.json"), of: .iperf3)
        #expect(figures.bytes == 5_568_856_064)
        #expect(abs(figures.seconds - 3.002_064) < 1e-6)
        #expect(abs(figures.goodputBitsPerSecond / 1e9 - 14.84) < 0.01)
    }

    @Test func iperf3UDPGivesTheReceiversBytes() throws {
        let figures = try PeerFigures.parse(Self.fixture("iperf3-udp.json"), of: .iperf3)
        #expect(figures.bytes > 0 && figures.seconds > 0.9)
    }

    @Test func iperf3sOwnErrorIsTheReason() throws {
        let error = #expect(throws: PeerFigures.Unreadable.self) { try PeerFigures.parse(Self.fixture("iperf3-refused.json"), of: .iperf3) }
        #expect(error?.description == "iperf3: unreadable output: unable to connect to server: Connection refused")
        #expect(throws: PeerFigures.Unreadable.self) { try PeerFigures.parse("Server listening", of: .iperf3) }
    }

    @Test func sockperfPercentilesAreDoubledToRoundTrips() throws {
        let figures = try PeerFigures.parse(Self.fixture("sockperf-tcp.txt"), of: .sockperf)
        #expect(figures.transactions == 31434)
        #expect(abs(figures.seconds - 0.9) < 1e-9)
        #expect(figures.latencyMicros[50] == 2 * 8.962)
        #expect(figures.latencyMicros[100] == 2 * 2705.047)
        let ordered = [50, 90, 99, 99.9, 100].compactMap { figures.latencyMicros[$0] }
        #expect(ordered.count == 5 && ordered == ordered.sorted())
    }

    @Test func sockperfWithoutObservationsIsRefused() throws {
        let output = """
            sockperf: [Total Run] RunTime=1.000 sec; Warm up time=400 msec; SentMessages=30856; ReceivedMessages=30855
            sockperf: No valid observations found. Try tune parameters: --time/--mps/--reply-every
            """
        let error = #expect(throws: PeerFigures.Unreadable.self) { try PeerFigures.parse(output, of: .sockperf) }
        #expect(error?.reason == "no [Valid Duration] line")
    }

    @Test func argumentsCarryTheCellsAddressPortSizeAndDuration() {
        #expect(PeerTool.iperf3.clientArguments(address: "198.18.0.2", port: 5201, seconds: 0.5, size: 131072, udp: false)
            == ["-c", "198.18.0.2", "-p", "5201", "-t", "0.500", "-l", "131072", "-J"])
        #expect(PeerTool.sockperf.clientArguments(address: "198.18.0.2", port: 11111, seconds: 0.5, size: 64, udp: false)
            == ["ping-pong", "--tcp", "-i", "198.18.0.2", "-p", "11111", "-t", "2", "-m", "64", "--no-rdtsc"])
        #expect(PeerTool.sockperf.serverArguments(address: "198.18.0.2", port: 11111, udp: true) == ["server", "-i", "198.18.0.2", "-p", "11111"])
    }

    @Test func anAbsentToolIsNamedWithItsPackage() {
        #expect(PeerTool.iperf3.locate(searchPath: "/nonexistent") == nil)
        #expect(PeerTool.sockperf.missingReason.contains("apt-get install sockperf"))
    }
}
