/// Exactly one role, as a worker runs it: the host's side of PluginKit's
/// `PluginRole` (named apart so each name means one thing in the package).
public enum WorkerRole: String, Codable, Sendable, CaseIterable {
    case send, receive, wire

    public var bit: PluginRoles {
        switch self {
        case .send: .send
        case .receive: .receive
        case .wire: .wire
        }
    }
}
