/// One of the three things a plugin can do; the raw value is the `NM_ROLE_*` bit.
public enum PluginRole: UInt32, Sendable, CaseIterable, CustomStringConvertible {
    /// `NM_ROLE_SEND`: push payload bytes into a connected socket.
    case send = 1
    /// `NM_ROLE_RECEIVE`: deliver socket bytes into the application buffer.
    case receive = 2
    /// `NM_ROLE_WIRE`: move frames between two TAP devices.
    case wire = 4

    public var description: String {
        switch self {
        case .send: "send"
        case .receive: "receive"
        case .wire: "wire"
        }
    }
}
