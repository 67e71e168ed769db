import NetmatrixABI
import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// The host's own plain send/recv roles, used as the other side when a plugin is
/// checked alone (`plugins check`) or no plugin is named. They follow the plugin
/// contract exactly, so a failure across them points at the plugin under test.
enum ReferencePeer {
    static let name = "reference"

    // An unusable context answers EINVAL, the ABI's code for invalid arguments (as PluginKit's invalidContext).
    static let send: nm_role_fn = { context in
        guard let context, let host = context.pointee.host, let shouldStop = host.pointee.should_stop,
            let payload = context.pointee.payload
        else { return EINVAL }
        let size = context.pointee.payload_size
        let message = context.pointee.message_size
        let datagrams = context.pointee.protocol == TransportProtocol.udp.abiValue
        var offset: UInt64 = 0
        while shouldStop(context) == 0 {
            let position = datagrams ? 0 : offset % size
            let length = Int(min(message, size - position))
            let sent: Int
            do throws(SystemError) {
                sent = try Syscall.send(
                    context.pointee.socket_fd, UnsafeRawBufferPointer(start: payload + Int(position), count: length),
                    flags: Int32(MSG_NOSIGNAL), object: "socket")
            } catch {
                if error.code == EAGAIN || (datagrams && (error.code == ENOBUFS || error.code == ECONNREFUSED)) { continue }
                WorkerContext.setError(context, "send: " + error.reason)
                return error.code
            }
            offset += UInt64(sent)
            context.pointee.counters.bytes += UInt64(sent)
            context.pointee.counters.messages += 1
        }
        return 0
    }

    static let receive: nm_role_fn = { context in
        guard let context, let host = context.pointee.host, let shouldStop = host.pointee.should_stop,
            let deliver = host.pointee.deliver, let buffer = context.pointee.app_buffer
        else { return EINVAL }
        let length = Int(min(context.pointee.message_size, context.pointee.app_buffer_size))
        // Wake every 100 ms to look at should_stop: a UDP stream never ends by itself.
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        do throws(SystemError) {
            _ = try syscall("socket", "setsockopt(SO_RCVTIMEO)") {
                setsockopt(context.pointee.socket_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            }
        } catch {
            WorkerContext.setError(context, "setsockopt(SO_RCVTIMEO): " + error.reason)
            return error.code
        }
        while shouldStop(context) == 0 {
            let received: Int
            do throws(SystemError) {
                received = try Syscall.recv(context.pointee.socket_fd, into: UnsafeMutableRawBufferPointer(start: buffer, count: length), flags: 0, object: "socket")
            } catch {
                // EAGAIN: SO_RCVTIMEO expired, time to look at should_stop again.
                if error.code == EAGAIN { continue }
                WorkerContext.setError(context, "recv: " + error.reason)
                return error.code
            }
            if received == 0 { return 0 }
            context.pointee.counters.bytes_copied += UInt64(received)
            if deliver(context, buffer, received) != 0 { return 0 }
        }
        return 0
    }
}
