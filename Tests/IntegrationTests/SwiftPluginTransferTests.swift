import Foundation
import NetmatrixABI
import TestSupport
import Testing

/// One sender/receiver pairing of the Swift plugins' roles.
struct TransferCase: CustomTestStringConvertible, Sendable {
    var sender: String
    var senderMode: String
    var senderOptions = ""
    var receiver: String
    var receiverMode: String
    var udp: Bool
    var messageSize: Int

    var testDescription: String {
        "\(udp ? "UDP" : "TCP") \(sender)/\(senderMode.isEmpty ? "default" : senderMode)\(senderOptions.isEmpty ? "" : "[\(senderOptions)]") -> \(receiver)/\(receiverMode.isEmpty ? "default" : receiverMode)"
    }

    static let all: [TransferCase] = [false, true].flatMap { udp -> [TransferCase] in
        let size = udp ? 1400 : 64 << 10
        return [
            TransferCase(sender: "copy", senderMode: "", receiver: "copy", receiverMode: "", udp: udp, messageSize: size),
            TransferCase(sender: "zerocopy", senderMode: "sendfile", receiver: "copy", receiverMode: "", udp: udp, messageSize: size),
            TransferCase(sender: "zerocopy", senderMode: "msg_zerocopy", receiver: "copy", receiverMode: "", udp: udp, messageSize: size),
            TransferCase(sender: "zerocopy", senderMode: "splice", receiver: "copy", receiverMode: "", udp: udp, messageSize: size),
            TransferCase(sender: "zerocopy", senderMode: "splice", senderOptions: "splice_source=vmsplice", receiver: "copy", receiverMode: "", udp: udp, messageSize: size),
            TransferCase(sender: "copy", senderMode: "", receiver: "zerocopy", receiverMode: "splice", udp: udp, messageSize: size),
        ]
    } + [
        // A TCP stream whose message size is not a page multiple: offsets wrap mid-message.
        TransferCase(sender: "zerocopy", senderMode: "sendfile", receiver: "zerocopy", receiverMode: "splice", udp: false, messageSize: 10_000),
        TransferCase(sender: "copy", senderMode: "", receiver: "zerocopy", receiverMode: "tcp_zerocopy_receive", udp: false, messageSize: 10_000),
    ]
}

@Suite("Swift plugins move verified bytes over loopback in a private network namespace")
struct SwiftPluginTransferTests {
    static func library(_ name: String) throws -> PluginLibrary { try PluginLibrary.load("netmatrix-plugin-\(name)") }

    @Test(.requires(.root), arguments: TransferCase.all)
    func transfer(_ scenario: TransferCase) throws {
        let transfer = SocketTransfer(
            sender: try Self.library(scenario.sender), senderMode: scenario.senderMode, senderOptions: scenario.senderOptions,
            receiver: try Self.library(scenario.receiver), receiverMode: scenario.receiverMode,
            udp: scenario.udp, messageSize: scenario.messageSize, byteBudget: scenario.udp ? 4 << 20 : 16 << 20
        )
        let outcome = try transfer.run()
        let sent = outcome.send.counters
        let received = outcome.receive.delivery
        #expect(outcome.sendCode == 0, "send: \(outcome.send.error)")
        #expect(outcome.receiveCode == 0, "receive: \(outcome.receive.error)")
        #expect(sent.bytes >= transfer.byteBudget)
        #expect(sent.messages > 0)
        #expect(received.firstMismatch == nil, "first bad byte at \(String(describing: received.firstMismatch))")
        if scenario.receiver == "copy" {
            // PluginKit's setCounter reaches the host: one receive call per delivery.
            #expect(received.counters["recv_calls"] == received.deliveries, "\(received.counters)")
        }
        if scenario.udp {
            // Loopback may drop datagrams when the receiver falls behind; what arrives must be whole and right.
            #expect(received.bytes > 0 && received.bytes <= sent.bytes)
            #expect(received.wrongDatagramSizes == 0)
        } else {
            #expect(received.bytes == sent.bytes)
        }
        let receiveCounters = outcome.receive.counters
        #expect(receiveCounters.bytes_copied + receiveCounters.bytes_mapped == received.bytes)
        if scenario.senderMode == "msg_zerocopy" {
            // On loopback the kernel copies deferred (SO_EE_CODE_ZEROCOPY_COPIED); assert only that every send completed.
            #expect(sent.zerocopy_completions + sent.copied_completions == sent.messages)
            print("\(scenario.testDescription): \(sent.messages) sends, \(sent.zerocopy_completions) zero-copied, \(sent.copied_completions) copied completions")
        }
        #expect(!outcome.send.variant.isEmpty && !outcome.receive.variant.isEmpty)
    }

    @Test(.requires(.root), arguments: ["copy", "sendfile", "msg_zerocopy"])
    func tcpZerocopyReceiveMapsPagesAtMTU61512(sender mode: String) throws {
        let transfer = SocketTransfer(
            sender: try Self.library(mode == "copy" ? "copy" : "zerocopy"), senderMode: mode == "copy" ? "" : mode,
            receiver: try Self.library("zerocopy"), receiverMode: "tcp_zerocopy_receive",
            messageSize: 256 << 10, byteBudget: 32 << 20, loopbackMTU: 61512
        )
        let outcome = try transfer.run()
        let counters = outcome.receive.counters
        let received = outcome.receive.delivery
        #expect(outcome.sendCode == 0, "send: \(outcome.send.error)")
        #expect(outcome.receiveCode == 0, "receive: \(outcome.receive.error)")
        #expect(received.firstMismatch == nil)
        #expect(received.bytes == outcome.send.counters.bytes)
        #expect(counters.bytes_mapped + counters.bytes_copied == received.bytes)
        let share = Double(counters.bytes_mapped) / Double(max(received.bytes, 1))
        print("tcp_zerocopy_receive at MTU 61512, sender \(mode): \(counters.bytes_mapped) of \(received.bytes) bytes mapped (\(String(format: "%.1f", share * 100))%)")
    }

    @Test(.requires(.root))
    func tcpZerocopyReceiveRefusesUDP() throws {
        let (_, receiver) = try PrivateNetworkNamespace.connectedPair(udp: true)
        let host = TestPluginHost(role: UInt32(NM_ROLE_RECEIVE), transport: Int32(NM_PROTOCOL_UDP), socket: receiver.rawValue,
                                  messageSize: 1400, appBufferSize: 4096, mode: "tcp_zerocopy_receive")
        #expect(try Self.library("zerocopy").run(UInt32(NM_ROLE_RECEIVE), host) == 95)  // EOPNOTSUPP
        #expect(host.error == "tcp_zerocopy_receive: needs a TCP socket, this one is UDP")
    }
}
