#if canImport(Glibc)
import Glibc
#endif

/// Why a role failed. The host sees `code` as the role's return value and the
/// description as `ctx->error`, e.g. `socket: recv: Connection reset by peer`.
public enum PluginError: Error, Equatable, CustomStringConvertible, Sendable {
    /// A system call failed; the code is its errno.
    case system(SystemError)
    /// `options` named a key the plugin does not declare (`EINVAL`).
    case unknownOption(key: String, known: [String])
    /// An option's value does not parse (`EINVAL`).
    case invalidOptionValue(key: String, value: String, expected: String)
    /// `options` is not `key=value,key=value` (`EINVAL`).
    case malformedOptions(String)
    /// `mode` is none of the role's modes (`EINVAL`).
    case unknownMode(role: PluginRole, mode: String, known: [String])
    /// The host's context is unusable for this role, e.g. no payload mapped (`EINVAL`).
    case invalidContext(String)
    /// The mode cannot run with what it was given, e.g. a TCP-only mode on UDP (`EOPNOTSUPP`).
    case unsupported(String)
    /// Anything else, with its own errno-style code.
    case failed(code: Int32, reason: String)

    /// The role's non-zero, errno-style return value.
    public var code: Int32 {
        switch self {
        case .system(let error): error.code == 0 ? EIO : error.code
        case .unknownOption, .invalidOptionValue, .malformedOptions, .unknownMode, .invalidContext: EINVAL
        case .unsupported: EOPNOTSUPP
        case .failed(let code, _): code == 0 ? EIO : code
        }
    }

    public var description: String {
        switch self {
        case .system(let error):
            return error.description
        case .unknownOption(let key, let known):
            let choices = known.isEmpty ? "this plugin takes no options" : "known: \(known.joined(separator: ", "))"
            return "options: unknown key '\(key)' (\(choices))"
        case .invalidOptionValue(let key, let value, let expected):
            return "options: \(key)=\(value): expected \(expected)"
        case .malformedOptions(let reason):
            return "options: \(reason)"
        case .unknownMode(let role, let mode, let known):
            let choices = known.map { $0.isEmpty ? "\"\"" : $0 }.joined(separator: ", ")
            return "\(role) mode '\(mode)': unknown (known: \(choices))"
        case .invalidContext(let reason):
            return "context: \(reason)"
        case .unsupported(let reason):
            return reason
        case .failed(_, let reason):
            return reason
        }
    }

    /// Maps whatever a role threw to what the host sees.
    static func from(_ error: any Error) -> PluginError {
        switch error {
        case let error as PluginError: error
        case let error as SystemError: .system(error)
        default: .failed(code: EIO, reason: String(describing: error))
        }
    }
}
