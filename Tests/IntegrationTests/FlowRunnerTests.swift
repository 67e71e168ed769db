import Foundation
import NetmatrixCore
import NetmatrixSystem
import TestSupport
import Testing

@Suite(
    "FlowRunner moves verified bytes through workers in a private namespace",
    .requires(.root),
    .requires(.compiler),
    .requires(.netmatrixBinary)
)
struct FlowRunnerTests {
    let plugins: TestPluginBuilder
    let plain: String

    init() throws {
        plugins = try TestPluginBuilder()
        plain = try plugins.build(name: "test-plain")
    }

    func runner() throws -> FlowRunner {
        try FlowRunner(searchPath: PluginSearchPath(explicitPaths: [plugins.folder]))
    }

    @Test(arguments: [TransportProtocol.tcp, .udp])
    func plainPluginMovesVerifiedBytes(transport: TransportProtocol) throws {
        let (topology, namespace) = try PrivateNetwork.loopback()
        defer { try? topology.down() }
        let spec = try PluginSpec(parsing: "test-plain:plain")
        var request = FlowRequest(
            senderNamespace: namespace, receiverNamespace: namespace, receiverAddress: PrivateNetwork.loopbackAddress, transport: transport,
            sender: spec, receiver: spec, messageSize: transport == .udp ? 8192 : 65536,
            budget: .duration(seconds: 1), verification: .full
        )
        request.port = 5301
        let result = try runner().run(request)
        #expect(result.failures.isEmpty, "\(result.failures)")
        #expect(result.bytes > 1_000_000)
        #expect(result.bytesVerified == result.bytes)
        #expect(result.goodputBitsPerSecond > 0)
        let sender = try #require(result.sender)
        let receiver = try #require(result.receiver)
        #expect(sender.cpuSeconds > 0)
        #expect(receiver.cpuSeconds > 0)
        #expect(sender.counters.bytes >= result.bytes)
        let report = try #require(receiver.report)
        // UDP counts datagrams; a TCP stream has none.
        #expect((report.datagrams > 0) == (transport == .udp), "\(report.datagrams) datagrams over \(transport)")
        // posix_spawn placed only the job's descriptors; everything else was close-on-exec.
        #expect(sender.report?.strayDescriptors == [])
        #expect(receiver.report?.strayDescriptors == [])
    }

    @Test func byteBudgetStopsTheSender() throws {
        let (topology, namespace) = try PrivateNetwork.loopback()
        defer { try? topology.down() }
        let request = FlowRequest(
            senderNamespace: namespace, receiverNamespace: namespace, receiverAddress: PrivateNetwork.loopbackAddress,
            sender: try PluginSpec(parsing: plain), receiver: nil, budget: .bytes(8 << 20)
        )
        let result = try runner().run(request)
        #expect(result.failures.isEmpty, "\(result.failures)")
        #expect(result.bytes == 8 << 20, "exactly the budget, not the next whole message")
        #expect(result.sender?.counters.bytes == 8 << 20)
        #expect(result.sender?.report?.stopReason == "budget")
    }

    @Test func receiverAcceptsOnAnInheritedListeningSocket() throws {
        let (topology, namespace) = try PrivateNetwork.loopback()
        defer { try? topology.down() }
        let port: UInt16 = 5302
        // Bound and listening on the namespace's thread, then handed to the receiver worker.
        let listener = try topology.run(in: "l") { () throws -> Descriptor in
            let fd = try syscall("listener", "socket") { socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
            let listening = Descriptor(adopting: fd, label: "listener")
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            _ = inet_pton(AF_INET, PrivateNetwork.loopbackAddress, &address.sin_addr)
            _ = try withUnsafePointer(to: &address) { pointer in
                try syscall("listener", "bind") {
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listening.rawValue, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                }
            }
            _ = try syscall("listener", "listen") { listen(listening.rawValue, 4) }
            return listening
        }
        var request = FlowRequest(
            senderNamespace: namespace, receiverNamespace: namespace, receiverAddress: PrivateNetwork.loopbackAddress,
            sender: try PluginSpec(parsing: plain), receiver: try PluginSpec(parsing: plain), budget: .bytes(4 << 20), verification: .full
        )
        request.port = port
        request.receiverListeningSocket = listener
        let result = try runner().run(request)
        #expect(result.failures.isEmpty, "\(result.failures)")
        #expect(result.bytesVerified >= 4 << 20)
        #expect(listener.isOpen)
    }

    @Test func referencePeersAloneMoveVerifiedBytes() throws {
        let (topology, namespace) = try PrivateNetwork.loopback()
        defer { try? topology.down() }
        let request = FlowRequest(
            senderNamespace: namespace, receiverNamespace: namespace, receiverAddress: PrivateNetwork.loopbackAddress,
            sender: nil, receiver: nil, budget: .duration(seconds: 0.5), verification: .sampled
        )
        let result = try runner().run(request)
        #expect(result.failures.isEmpty, "\(result.failures)")
        #expect(result.bytesVerified > 0)
        #expect(result.bytesVerified < result.bytes)
    }
}
