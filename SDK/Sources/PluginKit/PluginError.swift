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
    /// Anything else, with its own non-zero errno-style code.
    case failed(code: Int32, reason: String)

    /// What a role returns for a failure that has no errno (a Swift error of another
    /// type, or `.failed` given 0): the ABI wants a non-zero code, and this one claims
    /// no kernel condition that did not happen; the reason line says what did.
    public static let codeWithoutErrno = ENOTRECOVERABLE

    /// The role's non-zero, errno-style return value: the kernel's errno for a system
    /// call, EINVAL (the ABI's code for invalid arguments) for what the host passed.
    public var code: Int32 {
        switch self {
        case .system(let error): error.code
        case .unknownOption, .invalidOptionValue, .malformedOptions, .unknownMode, .invalidContext: EINVAL
        case .unsupported: EOPNOTSUPP
        case .failed(let code, _): code == 0 ? Self.codeWithoutErrno : code
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
        default: .failed(code: codeWithoutErrno, reason: String(describing: error))
        }
    }
}
