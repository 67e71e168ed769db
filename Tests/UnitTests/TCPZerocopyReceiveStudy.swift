import Foundation
import NetmatrixABI
import Testing

/// Issue 4's study, run on demand (NETMATRIX_ZEROCOPY_STUDY=1, best with `swift test -c release`):
/// MSG_ZEROCOPY sender from the page-aligned payload, loopback at MTU 61512, receive by
/// recv (copy) or TCP_ZEROCOPY_RECEIVE over chunk sizes and SO_RCVLOWAT. Prints goodput,
/// receiver CPU per MB and the share of bytes mapped; asserts only that every byte arrived
/// (goals for speed belong in benchmarks).
@Suite("TCP_ZEROCOPY_RECEIVE study (on demand)")
struct TCPZerocopyReceiveStudy {
    static let enabled = ProcessInfo.processInfo.environment["NETMATRIX_ZEROCOPY_STUDY"] == "1"

    @Test(.enabled(if: enabled && PrivateNetworkNamespace.isAvailable, "set NETMATRIX_ZEROCOPY_STUDY=1 and run as root"))
    func sweep() throws {
        let zerocopy = try PluginLibrary.load("netmatrix-plugin-zerocopy")
        let copy = try PluginLibrary.load("netmatrix-plugin-copy")
        let budget = UInt64(ProcessInfo.processInfo.environment["NETMATRIX_STUDY_BYTES"].flatMap { UInt64($0) } ?? 2 << 30)
        var configurations: [(name: String, receiver: PluginLibrary, mode: String, options: String)] = [("recv (copy)", copy, "", "")]
        for chunk in [64 << 10, 256 << 10, 512 << 10, 1 << 20, 2 << 20] {
            for lowWater in [0, chunk] {
                configurations.append(("zc chunk=\(chunk >> 10)K rcvlowat=\(lowWater >> 10)K", zerocopy, "tcp_zerocopy_receive",
                                       "zc_chunk=\(chunk)" + (lowWater > 0 ? ",rcvlowat=\(lowWater)" : "")))
            }
        }
        print("receiver                          Gbit/s  recv CPU µs/MB  send CPU µs/MB  mapped %")
        for configuration in configurations {
            let transfer = SocketTransfer(
                sender: zerocopy, senderMode: "msg_zerocopy", receiver: configuration.receiver,
                receiverMode: configuration.mode, receiverOptions: configuration.options,
                messageSize: 256 << 10, byteBudget: budget, loopbackMTU: 61512, payloadSize: 4 << 20, verify: false
            )
            let outcome = try transfer.run()
            #expect(outcome.sendCode == 0 && outcome.receiveCode == 0, "\(outcome.send.error) \(outcome.receive.error)")
            #expect(outcome.receive.delivery.bytes == outcome.send.counters.bytes)
            let megabytes = Double(outcome.receive.delivery.bytes) / 1e6
            let mapped = 100 * Double(outcome.receive.counters.bytes_mapped) / Double(max(outcome.receive.delivery.bytes, 1))
            print(String(format: "%-32@  %6.2f  %14.1f  %14.1f  %7.2f", configuration.name as NSString, outcome.goodputGbps,
                         outcome.receiveCPU * 1e6 / megabytes, outcome.sendCPU * 1e6 / megabytes, mapped))
        }
    }
}
