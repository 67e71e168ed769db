import CNetmatrixShims
import PluginKit
#if canImport(Glibc)
import Glibc
#endif

/// splice(2) socket -> pipe, then read(2) the pipe into the app buffer.
///
/// An honest receive cannot skip the copy: the host verifies bytes in user memory,
/// and neither splice nor vmsplice from a pipe puts socket pages there (vmsplice
/// to user memory is a copy, and splicing on into a mapped memfd copies into the
/// page cache). So this mode keeps one copy, like recv, and measures the cost of
/// the splice path (page references into the pipe, one copy out of it). Its bytes
/// count as copied.
enum SpliceReceiver {
    static func run(_ context: PluginContext) throws {
        context.counters.variant = "splice+read"
        let socket = context.socket
        try socket.setReceiveTimeout(milliseconds: try context.options.integer("rcvtimeo_ms", default: 100))
        let pipe = try SplicePipe(requestedCapacity: try context.options.byteCount("pipe_size", default: 1 << 20))
        let slice = min(context.messageSize, pipe.capacity)
        try context.withAppBuffer { appBuffer in
            let pipeEnd = BorrowedDescriptor(pipe.readEnd.rawValue, label: pipe.readEnd.label)
            while !context.shouldStop {
                let moved: Int
                do {
                    moved = try syscall(socket.label, "splice(socket -> pipe)") { nm_splice(socket.rawValue, nil, pipe.writeEnd.rawValue, slice, 0) }
                } catch let error as SystemError where error.code == EAGAIN {
                    continue  // SO_RCVTIMEO passed: look at the stop flag again
                }
                if moved == 0 { return }
                // Empty the pipe before the next splice, so a UDP datagram is delivered whole.
                var filled = 0
                while filled < moved {
                    let target = UnsafeMutableRawBufferPointer(rebasing: appBuffer[filled ..< moved])
                    guard case .bytes(let count) = try pipeEnd.read(into: target) else {
                        // The kernel said it moved them; no errno says why they are not there.
                        throw PluginError.failed(code: PluginError.codeWithoutErrno, reason: "pipe: read: \(moved - filled) spliced bytes missing")
                    }
                    filled += count
                }
                context.counters.bytesCopied += UInt64(moved)
                if context.deliver(UnsafeRawBufferPointer(rebasing: appBuffer[0 ..< moved])) == .stop { return }
            }
        }
    }
}
