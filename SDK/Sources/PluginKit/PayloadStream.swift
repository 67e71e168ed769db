/// Where the send role is in the pattern: which payload bytes go into the next
/// send call so the receiver sees `payload[i % payloadSize]` for stream byte i.
///
/// TCP: each call offers the rest of the current `messageSize` message, cut at
/// the end of the payload (the pattern then wraps to offset 0), so a short write
/// continues exactly where the kernel stopped. UDP: every datagram is
/// `payload[0 ..< messageSize]`.
public struct PayloadStream: Sendable {
    public let payloadSize: Int
    public let messageSize: Int
    public let transport: Transport
    /// Offset into the payload of the next byte to send.
    public private(set) var offset: Int = 0
    private var leftInMessage: Int

    public init(payloadSize: Int, messageSize: Int, transport: Transport) {
        precondition(payloadSize > 0 && messageSize > 0, "PayloadStream needs a payload and a message size")
        self.payloadSize = payloadSize
        self.messageSize = messageSize
        self.transport = transport
        self.leftInMessage = messageSize
    }

    public init(_ context: PluginContext) {
        self.init(payloadSize: context.payloadSize, messageSize: context.messageSize, transport: context.transport)
    }

    /// The payload range of the next send call.
    public var nextRange: Range<Int> {
        if transport.isDatagram { return 0 ..< messageSize }
        return offset ..< offset + min(leftInMessage, payloadSize - offset)
    }

    /// Records that the kernel accepted `count` bytes of `nextRange`.
    public mutating func advance(by count: Int) {
        guard !transport.isDatagram, count > 0 else { return }
        offset += count
        if offset == payloadSize { offset = 0 }
        leftInMessage -= count
        if leftInMessage <= 0 { leftInMessage = messageSize }
    }
}
