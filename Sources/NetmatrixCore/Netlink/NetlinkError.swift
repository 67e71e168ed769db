import CNetlink
#if canImport(Glibc)
import Glibc
#endif

/// A failed netlink request: the object, the request, and the kernel's reason.
///
/// Reads like `veth va0: RTM_NEWLINK: File exists`. When the kernel answered
/// with an errno, `errno` holds it and the reason is `strerror(errno)` plus any
/// extended-ack text; when libnl failed before the kernel answered, `errno` is
/// nil and the reason is `nl_geterror`.
public struct NetlinkError: Error, Equatable, Sendable, CustomStringConvertible {
    public var object: String
    /// The request, e.g. `RTM_NEWLINK`.
    public var operation: String
    /// The errno from the kernel's NLMSG_ERROR answer, if it got that far.
    public var errno: Int32?
    /// The kernel's (or libnl's) reason in words.
    public var reason: String

    public init(object: String, operation: String, errno: Int32?, reason: String) {
        self.object = object
        self.operation = operation
        self.errno = errno
        self.reason = reason
    }

    /// Builds the error for a negative libnl return code, preferring the kernel's errno.
    init(object: String, operation: String, libnlCode: Int32, kernelErrno: Int32?, extack: String?) {
        let reason: String
        if let kernelErrno, kernelErrno != 0 {
            reason = String(cString: strerror(kernelErrno))
        } else {
            reason = String(cString: nl_geterror(libnlCode))
        }
        let detail = extack.map { $0.isEmpty ? "" : " (\($0))" } ?? ""
        let errno = (kernelErrno == 0 ? nil : kernelErrno) ?? Self.errno(forLibnlCode: libnlCode)
        self.init(object: object, operation: operation, errno: errno, reason: reason + detail)
    }

    /// The errno behind a libnl code, for the requests where libnl installs its
    /// own error callback (rtnl_link_get_kernel) and the kernel's errno is not
    /// seen directly. Only unambiguous codes are mapped.
    static func errno(forLibnlCode code: Int32) -> Int32? {
        switch -code {
        case NLE_EXIST: EEXIST
        case NLE_NODEV: ENODEV
        case NLE_OPNOTSUPP: EOPNOTSUPP
        case NLE_PERM: EPERM
        case NLE_NOACCESS: EACCES
        case NLE_BUSY: EBUSY
        case NLE_RANGE: ERANGE
        case NLE_INVAL: EINVAL
        case NLE_NOMEM: ENOMEM
        default: nil
        }
    }

    public var description: String { "\(object): \(operation): \(reason)" }
}
