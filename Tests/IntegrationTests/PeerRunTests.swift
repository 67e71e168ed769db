import Foundation
import NetmatrixCore
import TestSupport
import Testing

/// iperf3 and sockperf run as netmatrix runs them: servers in the receiver's
/// namespace, clients in the sender's, across a real veth pair; the figures read
/// back from their output and each side's CPU from wait4.
@Suite("Peer tools across a veth topology", .requires(.root))
struct PeerRunTests {
    func run(_ tool: PeerTool, udp: Bool = false, size: Int, port: Int) throws -> PeerRun.Sample {
        let program = try #require(tool.locate(), "\(tool.missingReason)")
        let topology = try TopologyEngine.up(TestTopologies.veth())
        defer { try? topology.down() }
        let endpoints = topology.spec.endpoints
        let sender = try #require(topology.namespaceDescriptor(endpoints.sender))
        let receiver = try #require(topology.namespaceDescriptor(endpoints.receiver))
        let address = try #require(endpoints.receiverAddresses.first { $0.family == 2 }).description
        let run = PeerRun(tool: tool, program: program, senderNamespace: sender, receiverNamespace: receiver, receiverAddress: address, udp: udp)
        return try run.sample(seconds: 1, size: size, port: port)
    }

    @Test(.requires(.program("iperf3", why: "the iperf3 peer")))
    func iperf3StreamsAcrossVeth() throws {
        let sample = try run(.iperf3, size: 128 << 10, port: 5201)
        #expect(sample.figures.bytes > 1 << 20)
        #expect(sample.figures.seconds > 0.9 && sample.figures.seconds < 1.5)
        #expect(sample.clientCPU.total > 0 && sample.serverCPU.total > 0)
    }

    @Test(.requires(.program("sockperf", why: "the sockperf peer")))
    func sockperfPingPongsAcrossVeth() throws {
        let sample = try run(.sockperf, size: 64, port: 11111)
        let latency = sample.figures.latencyMicros
        let p50 = try #require(latency[50]), p99 = try #require(latency[99]), maximum = try #require(latency[100])
        #expect(p50 > 0 && p50 <= p99 && p99 <= maximum)
        #expect(sample.figures.transactions > 100)
        // One transaction at a time: their count times the mean round trip fills the valid time.
        #expect(Double(sample.figures.transactions) * p50 / 1e6 < sample.figures.seconds * 1.5)
    }
}
