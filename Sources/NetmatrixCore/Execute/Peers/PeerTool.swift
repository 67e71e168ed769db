#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// A program pair users already trust, run as a cell beside netmatrix's own:
/// the server in the receiver's namespace, the client in the sender's, the
/// figures read back from what the client prints.
public enum PeerTool: String, CaseIterable, Sendable, Codable {
    /// iperf3 (`-J`): a bulk stream, its goodput.
    case iperf3
    /// sockperf ping-pong: request/response latency percentiles.
    case sockperf

    /// What it measures, so a matrix can refuse a peer on the wrong workload.
    public var measuresStream: Bool { self == .iperf3 }

    /// The Debian package that installs it.
    public var package: String { rawValue }

    /// The program on `searchPath` (PATH), or nil when it is not installed.
    public func locate(searchPath: String = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin") -> String? {
        for folder in searchPath.split(separator: ":") {
            let candidate = folder + "/" + rawValue
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// Why a cell of this tool is skipped where it is not installed.
    public var missingReason: String {
        "\(rawValue) is not installed (apt-get install \(package); make test-deps installs it)"
    }

    /// The server's arguments: it listens on `address`:`port`.
    public func serverArguments(address: String, port: Int, udp: Bool) -> [String] {
        switch self {
        // -1: serve one test and exit, so the server ends with its client.
        case .iperf3: ["-s", "-1", "-B", address, "-p", String(port)]
        case .sockperf: ["server"] + (udp ? [] : ["--tcp"]) + ["-i", address, "-p", String(port)]
        }
    }

    /// The client's arguments for one sample of `seconds`, messages of `size` bytes.
    public func clientArguments(address: String, port: Int, seconds: Double, size: Int, udp: Bool) -> [String] {
        switch self {
        case .iperf3:
            // -b 0: UDP unpaced, as netmatrix's own UDP sender is.
            ["-c", address, "-p", String(port), "-t", String(format: "%.3f", seconds), "-l", String(size), "-J"]
                + (udp ? ["-u", "-b", "0"] : [])
        case .sockperf:
            // --no-rdtsc: the monotonic clock, as netmatrix's own client times with;
            // a TSC read across a VM's migrations is not to be trusted. sockperf counts
            // no observation in its first 400 ms warm-up or its last moments, so it
            // runs at least 2 s.
            ["ping-pong"] + (udp ? [] : ["--tcp"])
                + ["-i", address, "-p", String(port), "-t", String(max(2, Int(seconds.rounded(.up)))), "-m", String(size), "--no-rdtsc"]
        }
    }
}
