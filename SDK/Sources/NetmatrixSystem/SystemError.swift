#if canImport(Glibc)
import Glibc
#endif

/// A failed system call: what was being done, to which object, and the kernel's reason.
///
/// Its description reads like `veth va0: RTM_NEWLINK: File exists`.
public struct SystemError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The object acted on, e.g. `veth va0` or `/dev/net/tun`.
    public var object: String
    /// The operation, e.g. `open` or `TUNSETIFF`.
    public var operation: String
    /// The errno the kernel (or a call that returns one, like posix_spawn) gave:
    /// never made up. A failure without one is another error type.
    public var code: Int32

    public init(object: String, operation: String, code: Int32) {
        self.object = object
        self.operation = operation
        self.code = code
    }

    public var reason: String { String(cString: strerror(code)) }

    public var description: String {
        object.isEmpty ? "\(operation): \(reason)" : "\(object): \(operation): \(reason)"
    }
}
