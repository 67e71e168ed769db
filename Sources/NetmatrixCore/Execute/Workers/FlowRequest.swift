import NetmatrixSystem

/// One flow of a cell: a sender and a receiver plugin (and optionally a wire plugin
/// between two TAP devices), each in its own worker, in the given namespaces.
public struct FlowRequest {
    /// How long a cell sends: for a duration, or until a byte count was accepted.
    public enum Budget: Equatable, Sendable {
        case duration(seconds: Double)
        case bytes(UInt64)
    }

    /// The namespaces to enter (nil: stay in the supervisor's). The descriptors stay
    /// the caller's; each worker gets its own copy.
    public var senderNamespace: Descriptor?
    public var receiverNamespace: Descriptor?
    /// The receiver's numeric address, as the sender connects to it.
    public var receiverAddress: String
    public var port: UInt16 = 5201
    public var transport: TransportProtocol = .tcp
    /// nil runs the host's reference peer on that side.
    public var sender: PluginSpec?
    public var receiver: PluginSpec?
    public var messageSize: Int = 64 * 1024
    public var budget: Budget = .duration(seconds: 3)
    public var verification: VerificationLevel = .sampled
    public var payloadSize: Int = FlowRequest.defaultPayloadSize
    /// The pattern a sender sends from: the largest message a cell can ask for.
    public static let defaultPayloadSize = 4 * 1024 * 1024
    public var wire: WireSetup?
    /// Which CPUs the workers are pinned to.
    public var placement: CPUPlacement = .any
    /// A socket already bound (and, for TCP, listening) in the receiver's namespace
    /// at the receiver's address and port; nil lets the receiver worker bind its own.
    /// Stays the caller's; the worker gets a copy.
    public var receiverListeningSocket: Descriptor?
    /// Time allowed beyond the duration (start-up, connect, drain) before workers are ended.
    public var timeoutGrace: Double = 8
    /// Time allowed for a `.bytes` cell.
    public var bytesTimeout: Double = 60
    /// Time a receiver may take to finish after its sender did.
    public var drainTimeout: Double = 5

    // Probes for `plugins check`.
    /// SO_SNDBUF / SO_RCVBUF on both data sockets.
    public var socketBufferSize: Int?
    /// Send SIGUSR1 (no SA_RESTART) to sender and receiver this often during the transfer.
    public var interruptInterval: Double?
    /// The receiver's host stops delivering and closes after this many bytes.
    public var receiverStopsAfter: UInt64?
    /// The sender closes with a reset instead of an orderly shutdown.
    public var senderResets: Bool = false

    public init(
        senderNamespace: Descriptor? = nil, receiverNamespace: Descriptor? = nil, receiverAddress: String,
        transport: TransportProtocol = .tcp, sender: PluginSpec?, receiver: PluginSpec?,
        messageSize: Int = 64 * 1024, budget: Budget = .duration(seconds: 3), verification: VerificationLevel = .sampled
    ) {
        self.senderNamespace = senderNamespace
        self.receiverNamespace = receiverNamespace
        self.receiverAddress = receiverAddress
        self.transport = transport
        self.sender = sender
        self.receiver = receiver
        self.messageSize = messageSize
        self.budget = budget
        self.verification = verification
    }
}

extension FlowRequest.Budget {
    /// Why `bytes` cannot be sent exactly in `messageSize` messages, or nil. A sender
    /// learns only when to stop (should_stop, between calls), never how much is
    /// left, so it sends whole messages: any other count would be rounded up.
    public static func wholeMessagesProblem(bytes: UInt64, messageSize: Int) -> String? {
        let size = UInt64(max(messageSize, 1))
        guard bytes % size != 0 else { return nil }
        let below = bytes / size * size
        let above = below + size
        let choices = below > 0 ? "\(below) or \(above)" : "\(above)"
        return "\(bytes) bytes is not a whole number of \(size)-byte messages: senders send whole messages, "
            + "so the cell would send \(above); ask for \(choices)"
    }
}

/// A wire plugin between two TAP devices, as the engine built them.
public struct WireSetup {
    public var plugin: PluginSpec
    public var namespace: Descriptor?
    public var tapA: Descriptor
    public var tapB: Descriptor
    /// Size of the virtio_net_hdr on each frame (IFF_VNET_HDR), 0 for none.
    public var vnetHeaderSize: Int32
    public var mtu: UInt32

    public init(plugin: PluginSpec, namespace: Descriptor?, tapA: Descriptor, tapB: Descriptor, vnetHeaderSize: Int32 = 0, mtu: UInt32 = 1500) {
        self.plugin = plugin
        self.namespace = namespace
        self.tapA = tapA
        self.tapB = tapB
        self.vnetHeaderSize = vnetHeaderSize
        self.mtu = mtu
    }
}
