import NetmatrixABI

/// The transport a cell runs over (`nm_context.protocol`).
public enum TransportProtocol: String, Codable, Sendable, CaseIterable {
    /// NM_PROTOCOL_TCP: a byte stream; byte i is payload[i % payload_size].
    case tcp
    /// NM_PROTOCOL_UDP: every datagram is payload[0 ..< message_size].
    case udp

    public var abiValue: Int32 {
        switch self {
        case .tcp: Int32(NM_PROTOCOL_TCP)
        case .udp: Int32(NM_PROTOCOL_UDP)
        }
    }

    /// The largest UDP payload over IPv4 (65535 - 20 - 8).
    public static let maximumDatagram = 65507
}
