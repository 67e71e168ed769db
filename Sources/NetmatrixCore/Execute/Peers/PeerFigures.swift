#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a peer tool's client reported for one sample.
public struct PeerFigures: Equatable, Sendable {
    /// Bytes the receiver got, and over how long (streams).
    public var bytes: UInt64
    public var seconds: Double
    /// Round-trip latency percentiles in µs (request/response), keyed by percentile
    /// (50, 90, 99, 99.9, 100 for the maximum).
    public var latencyMicros: [Double: Double]
    /// Transactions completed (request/response).
    public var transactions: UInt64

    public init(bytes: UInt64 = 0, seconds: Double, latencyMicros: [Double: Double] = [:], transactions: UInt64 = 0) {
        self.bytes = bytes
        self.seconds = seconds
        self.latencyMicros = latencyMicros
        self.transactions = transactions
    }

    public var goodputBitsPerSecond: Double { seconds > 0 ? Double(bytes) * 8 / seconds : 0 }

    /// The client's output did not hold the figures; names the tool and what was missing.
    public struct Unreadable: Error, Equatable, CustomStringConvertible {
        public var tool: PeerTool
        public var reason: String
        public var description: String { "\(tool.rawValue): unreadable output: \(reason)" }
    }

    /// The figures in a client's standard output.
    public static func parse(_ output: String, of tool: PeerTool) throws(Unreadable) -> PeerFigures {
        switch tool {
        case .iperf3: try iperf3(output)
        case .sockperf: try sockperf(output)
        }
    }

    /// iperf3 -J: `end.sum_received` (TCP) or `end.sum` (UDP) holds the bytes the
    /// receiver counted and the seconds they took; `error` says why a test failed.
    static func iperf3(_ output: String) throws(Unreadable) -> PeerFigures {
        struct Report: Decodable {
            struct Sum: Decodable {
                var bytes: UInt64
                var seconds: Double
            }
            struct End: Decodable {
                var sum_received: Sum?
                var sum: Sum?
            }
            var error: String?
            var end: End?
        }
        func refuse(_ reason: String) -> Unreadable { Unreadable(tool: .iperf3, reason: reason) }
        guard let report = try? JSONDecoder().decode(Report.self, from: Data(output.utf8)) else { throw refuse("not iperf3's JSON") }
        if let error = report.error { throw refuse(error) }
        guard let sum = report.end?.sum_received ?? report.end?.sum else {
            throw refuse("no end.sum_received or end.sum with bytes and seconds")
        }
        return PeerFigures(bytes: sum.bytes, seconds: sum.seconds)
    }

    /// sockperf ping-pong prints `[Valid Duration] RunTime=S sec; SentMessages=N;
    /// ReceivedMessages=N` and `---> percentile P = µs` lines of one-way latency
    /// (half the round trip); netmatrix times whole transactions, so the figures
    /// here are doubled to round trips.
    static func sockperf(_ output: String) throws(Unreadable) -> PeerFigures {
        func refuse(_ reason: String) -> Unreadable { Unreadable(tool: .sockperf, reason: reason) }
        var seconds: Double?, transactions: UInt64?
        var latency: [Double: Double] = [:]
        for line in output.split(separator: "\n") {
            if line.contains("[Valid Duration]") {
                seconds = Self.number(after: "RunTime=", in: line)
                transactions = Self.number(after: "ReceivedMessages=", in: line).map { UInt64($0) }
            } else if let range = line.range(of: "---> percentile ") {
                let fields = line[range.upperBound...].split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
                if fields.count == 2, let percentile = Double(fields[0]), let value = Double(fields[1]) {
                    latency[percentile] = 2 * value
                }
            } else if line.contains("---> <MAX> observation =") {
                latency[100] = Self.number(after: "=", in: line).map { 2 * $0 }
            }
        }
        guard let seconds, let transactions else { throw refuse("no [Valid Duration] line") }
        guard latency[50] != nil, latency[99] != nil else { throw refuse("no percentile lines") }
        return PeerFigures(seconds: seconds, latencyMicros: latency, transactions: transactions)
    }

    /// The number right after `marker` in `line`.
    static func number(after marker: String, in line: Substring) -> Double? {
        guard let range = line.range(of: marker) else { return nil }
        let text = line[range.upperBound...].drop { $0 == " " }.prefix { $0.isNumber || $0 == "." }
        return Double(text)
    }
}
