import NetmatrixSystem
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// One sample of a peer tool across a running topology: its server in the
/// receiver's namespace, its client in the sender's, the client's figures and
/// both sides' CPU time (from wait4, as for netmatrix's own workers).
public struct PeerRun {
    public var tool: PeerTool
    public var program: String
    public var senderNamespace: Descriptor
    public var receiverNamespace: Descriptor
    public var receiverAddress: String
    public var udp: Bool

    public struct Sample: Sendable {
        public var figures: PeerFigures
        public var clientCPU: CPUTime
        public var serverCPU: CPUTime
    }

    /// A run that produced no figures: the tool's exit code and the last of what it said.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init(tool: PeerTool, program: String, senderNamespace: Descriptor, receiverNamespace: Descriptor, receiverAddress: String, udp: Bool) {
        self.tool = tool
        self.program = program
        self.senderNamespace = senderNamespace
        self.receiverNamespace = receiverNamespace
        self.receiverAddress = receiverAddress
        self.udp = udp
    }

    /// Runs one sample of `seconds` with messages of `size` bytes on `port`.
    public func sample(seconds: Double, size: Int, port: Int) throws -> Sample {
        let server = try PeerProcess(
            label: "\(tool.rawValue) server", program: program,
            arguments: tool.serverArguments(address: receiverAddress, port: port, udp: udp), namespace: receiverNamespace)
        var client: PeerProcess.Ended?
        do {
            client = try runClient(seconds: seconds, size: size, port: port)
        } catch {
            _ = try? server.stop()  // the client's failure is the one to report
            throw error
        }
        // iperf3 -1 ends with its test; sockperf serves until told to stop.
        let served = tool == .iperf3 ? try server.finish(by: monotonicNanoseconds() + 2_000_000_000) : try server.stop()
        guard let client else { throw Failure(description: "\(tool.rawValue) client did not run") }
        guard client.exitCode == 0 else {
            throw Failure(description: "\(tool.rawValue) client exited \(client.exitCode): \(Self.lastLine(client.errors + client.output))")
        }
        let figures = try PeerFigures.parse(client.output, of: tool)
        return Sample(figures: figures, clientCPU: client.cpu, serverCPU: served.cpu)
    }

    /// The client, started again while the server is not listening yet (a refused
    /// connection), for up to two seconds: neither tool says when it is ready.
    func runClient(seconds: Double, size: Int, port: Int) throws -> PeerProcess.Ended {
        let giveUp = monotonicNanoseconds() + 2_000_000_000
        while true {
            let started = monotonicNanoseconds()
            let client = try PeerProcess(
                label: "\(tool.rawValue) client", program: program,
                arguments: tool.clientArguments(address: receiverAddress, port: port, seconds: seconds, size: size, udp: udp),
                namespace: senderNamespace)
            let ended = try client.finish(by: started + UInt64((seconds + 10) * 1e9))
            let said = (ended.output + ended.errors).lowercased()
            // iperf3 -J reports a refused connection in its JSON and may exit 0.
            guard said.contains("connection refused"), monotonicNanoseconds() < giveUp else { return ended }
            usleep(20_000)
        }
    }

    static func lastLine(_ text: String) -> String {
        text.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map(String.init) ?? "(no output)"
    }
}
