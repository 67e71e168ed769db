import CNetlink
import CNetmatrixShims
import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// A NETLINK_ROUTE socket (libnl `nl_sock`) bound to the namespace it was opened in.
///
/// Requests are synchronous (libnl waits for the kernel's ACK). The kernel's own
/// errno and extended-ack text are captured from the NLMSG_ERROR answer, so an
/// error reads "File exists", not libnl's paraphrase of it.
public final class RouteSocket: @unchecked Sendable {
    /// The namespace's logical name, for messages.
    public let namespaceName: String
    let handle: OpaquePointer
    private let capture: KernelErrorCapture
    private let captureToken: Unmanaged<KernelErrorCapture>

    /// Opens a socket in the calling thread's namespace: call it on a namespace thread.
    public static func openInCurrentNamespace(namespaceName: String) throws(NetlinkError) -> RouteSocket {
        let object = "namespace \(namespaceName)"
        guard let handle = nl_socket_alloc() else {
            throw NetlinkError(object: object, operation: "nl_socket_alloc", errno: ENOMEM, reason: "Out of memory")
        }
        let result = nl_connect(handle, NETLINK_ROUTE)
        guard result >= 0 else {
            nl_socket_free(handle)
            throw NetlinkError(object: object, operation: "nl_connect(NETLINK_ROUTE)", libnlCode: result, kernelErrno: nil, extack: nil)
        }
        return RouteSocket(namespaceName: namespaceName, handle: handle)
    }

    private init(namespaceName: String, handle: OpaquePointer) {
        self.namespaceName = namespaceName
        self.handle = handle
        capture = KernelErrorCapture()
        captureToken = Unmanaged.passRetained(capture)
        // Workers are spawned while these are open; they must not inherit them.
        _ = nm_set_cloexec(nl_socket_get_fd(handle), 1)
        // The extended ack is best effort: without it errors still carry errno.
        _ = nm_netlink_enable_extack(nl_socket_get_fd(handle))
        if let callbacks = nl_socket_get_cb(handle) {
            nl_cb_err(callbacks, NL_CB_CUSTOM, recordKernelError, captureToken.toOpaque())
            nl_cb_put(callbacks)
        }
    }

    deinit {
        nl_socket_free(handle)
        captureToken.release()
    }

    /// Runs one libnl request; a negative return becomes a `NetlinkError` naming
    /// `object`, `operation` and the kernel's reason.
    public func request(_ object: @autoclosure () -> String, _ operation: String, _ body: (OpaquePointer) -> Int32) throws(NetlinkError) {
        capture.reset()
        let result = body(handle)
        guard result < 0 else { return }
        throw NetlinkError(
            object: object(), operation: operation, libnlCode: result,
            kernelErrno: capture.errno == 0 ? nil : capture.errno, extack: capture.extack)
    }
}

/// The kernel's answer to the last failed request on one socket.
final class KernelErrorCapture {
    var errno: Int32 = 0
    var extack: String?

    func reset() {
        errno = 0
        extack = nil
    }
}

/// libnl's error callback: keeps the kernel's errno and extended-ack text, then
/// lets libnl fail the request as usual (NL_STOP).
private let recordKernelError: nl_recvmsg_err_cb_t = { _, error, argument in
    guard let error, let argument else { return Int32(NL_STOP.rawValue) }
    let capture = Unmanaged<KernelErrorCapture>.fromOpaque(argument).takeUnretainedValue()
    capture.errno = -error.pointee.error
    capture.extack = nm_netlink_extack_message(error).map { String(cString: $0) }
    return Int32(NL_STOP.rawValue)
}

/// Builds a libnl address (`nl_addr`) for the duration of `body`.
func withNetlinkAddress<T>(_ address: IPAddress, prefixLength: Int, _ body: (OpaquePointer) -> T) -> T? {
    let built = address.bytes.withUnsafeBytes { raw in nl_addr_build(address.family, raw.baseAddress, raw.count) }
    guard let built else { return nil }
    defer { nl_addr_put(built) }
    nl_addr_set_prefixlen(built, Int32(prefixLength))
    return body(built)
}
