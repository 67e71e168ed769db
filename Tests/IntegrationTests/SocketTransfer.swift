import NetmatrixABI
import NetmatrixSystem
#if canImport(Glibc)
import Glibc
import TestSupport
#endif

/// One sender role and one receiver role, each from a real plugin `.so`, moving
/// the pattern over a connected pair in a private namespace.
struct SocketTransfer {
    var sender: PluginLibrary
    var senderMode = ""
    var senderOptions = ""
    var receiver: PluginLibrary
    var receiverMode = ""
    var receiverOptions = ""
    var udp = false
    var messageSize = 64 << 10
    var byteBudget: UInt64 = 16 << 20
    var loopbackMTU: Int32?
    var payloadSize = 1 << 20

    struct Outcome {
        let send: TestPluginHost
        let receive: TestPluginHost
        let sendCode: Int32
        let receiveCode: Int32
    }

    enum Failure: Error, CustomStringConvertible {
        case hung(String)
        var description: String { switch self { case .hung(let what): "\(what) did not return within its deadline" } }
    }

    func run() throws -> Outcome {
        let payload = try TestPayload(size: payloadSize)
        let (senderSocket, receiverSocket) = try PrivateNetworkNamespace.connectedPair(udp: udp, loopbackMTU: loopbackMTU)
        let transport = Int32(udp ? NM_PROTOCOL_UDP : NM_PROTOCOL_TCP)
        let sendHost = TestPluginHost(
            role: UInt32(NM_ROLE_SEND), transport: transport, socket: senderSocket.rawValue, payload: payload,
            messageSize: messageSize, mode: senderMode, options: senderOptions, byteBudget: byteBudget
        )
        // The receiver gets the pattern only to verify against; UDP runs until told to stop.
        let receiveHost = TestPluginHost(
            role: UInt32(NM_ROLE_RECEIVE), transport: transport, socket: receiverSocket.rawValue, payload: payload,
            messageSize: messageSize, appBufferSize: max(messageSize, 256 << 10), mode: receiverMode, options: receiverOptions
        )
        let sender = self.sender, receiver = self.receiver
        let receiving = RoleThread {
            let code = receiver.run(UInt32(NM_ROLE_RECEIVE), receiveHost)
            if code != 0 {
                // A failed receiver must not leave the sender blocked on a full socket:
                // closing with unread data resets the connection, and the sender's next send fails.
                sendHost.requestStop()
                try? receiverSocket.close()
            }
            return code
        }
        let sending = RoleThread {
            let code = sender.run(UInt32(NM_ROLE_SEND), sendHost)
            shutdown(senderSocket.rawValue, Int32(SHUT_WR))  // the host's job after send returns: EOF for TCP
            return code
        }
        guard sending.wait(seconds: 120) else {
            receiveHost.requestStop()
            sendHost.requestStop()
            throw Failure.hung("send role")
        }
        if udp {
            usleep(300_000)  // let the last datagrams land, then stop the receiver
            receiveHost.requestStop()
        }
        guard receiving.wait(seconds: 60) else {
            receiveHost.requestStop()
            throw Failure.hung("receive role")
        }
        try senderSocket.close()
        try receiverSocket.close()
        return Outcome(send: sendHost, receive: receiveHost, sendCode: sending.returnCode, receiveCode: receiving.returnCode)
    }
}
