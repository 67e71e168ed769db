import PluginKit
#if canImport(Glibc)
import Glibc
#endif

/// sendfile(2) from the payload memfd: the kernel takes page-cache pages without
/// a user copy. The file offset follows the stream and wraps at the payload's end.
enum SendfileSender {
    static func run(_ context: PluginContext) throws {
        context.counters.variant = "sendfile"
        guard let file = context.payloadFile else {
            throw PluginError.invalidContext("sendfile: no payload_memfd")
        }
        let socket = context.socket
        var stream = PayloadStream(context)
        while !context.shouldStop {
            let range = stream.nextRange
            var offset = off_t(range.lowerBound)
            let sent = try syscall(socket.label, "sendfile") { sendfile(socket.rawValue, file.rawValue, &offset, range.count) }
            stream.advance(by: sent)
            context.counters.bytes += UInt64(sent)
            context.counters.messages += 1
        }
    }
}
