/// What the role's descriptors carry.
public enum Transport: Sendable, Equatable, CustomStringConvertible {
    /// `NM_PROTOCOL_TCP`: a byte stream; byte i is `payload[i % payloadSize]`.
    case tcp
    /// `NM_PROTOCOL_UDP`: datagrams, each `payload[0 ..< messageSize]`.
    case udp
    /// Wire role: Ethernet frames on two TAP devices, no socket.
    case frames

    /// True when every send or receive call is one whole message (UDP).
    public var isDatagram: Bool { self == .udp }

    public var description: String {
        switch self {
        case .tcp: "TCP"
        case .udp: "UDP"
        case .frames: "TAP frames"
        }
    }
}
