import CNetmatrixShims
import PluginKit
#if canImport(Glibc)
import Glibc
#endif

/// getsockopt(TCP_ZEROCOPY_RECEIVE): the kernel maps whole received pages into a
/// region mmap(2)ed from the socket, and the host reads them there. What cannot be
/// mapped (less than a page queued, or data not page-aligned in the skb) is copied:
/// by the kernel into the app buffer (copybuf, used when all that is queued fits it)
/// or by recv(2) for the skip hint.
///
/// Each call zaps the previous mapping of the range before mapping new pages, so
/// delivered pages are released on the next call; the region is unmapped at the end.
enum TCPZerocopyReceiver {
    static func run(_ context: PluginContext) throws {
        context.counters.variant = "tcp_zerocopy_receive"
        guard context.transport == .tcp else {
            throw PluginError.unsupported("tcp_zerocopy_receive: needs a TCP socket, this one is \(context.transport)")
        }
        let socket = context.socket
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let requested = try context.options.byteCount("zc_chunk", default: 512 << 10)
        let chunk = (requested + page - 1) / page * page
        let lowWater = try context.options.byteCount("rcvlowat", default: 0)
        if lowWater > 0 { try socket.setOption(level: SOL_SOCKET, SO_RCVLOWAT, Int32(lowWater), named: "SO_RCVLOWAT") }
        let wakeEvery = Int32(try context.options.integer("rcvtimeo_ms", default: 100))
        // The kernel copies, rather than maps, whenever everything queued fits the copybuf:
        // a copybuf as large as the app buffer cut the mapped share to 76-90% on loopback at
        // MTU 61512; one byte under a page copies only what could never be mapped (99.2% mapped).
        let copybufSize = try context.options.byteCount("zc_copybuf", default: page - 1)

        guard let region = nm_tcp_zerocopy_map_region(socket.rawValue, chunk) else {
            throw SystemError(object: socket.label, operation: "mmap(\(chunk) bytes)", code: nm_errno())
        }
        defer { _ = try? syscall(socket.label, "munmap(receive region)") { munmap(region, chunk) } }

        try context.withAppBuffer { appBuffer in
            let mapped = UnsafeRawBufferPointer(start: region, count: chunk)
            while !context.shouldStop {
                // Ask even after a timeout: less than SO_RCVLOWAT may be all that is coming.
                _ = try socket.poll(Int16(POLLIN), timeoutMilliseconds: wakeEvery)
                var request = nm_tcp_zerocopy_receive()
                request.address = UInt64(UInt(bitPattern: region))
                request.length = UInt32(chunk)
                request.copybuf_address = UInt64(UInt(bitPattern: appBuffer.baseAddress))
                request.copybuf_len = Int32(clamping: min(copybufSize, appBuffer.count))
                do {
                    _ = try syscall(socket.label, "getsockopt(TCP_ZEROCOPY_RECEIVE)") { nm_tcp_zerocopy_receive_call(socket.rawValue, &request) }
                } catch let error as SystemError where error.code == EIO {
                    // The kernel's answer for "queue empty and the peer has shut down": end of stream.
                    switch try socket.receive(into: appBuffer, flags: Int32(MSG_DONTWAIT)) {
                    case .endOfStream: return
                    case .wouldBlock: throw error
                    case .bytes(let count):
                        context.counters.bytesCopied += UInt64(count)
                        if context.deliver(UnsafeRawBufferPointer(rebasing: appBuffer[0 ..< count])) == .stop { return }
                        continue
                    }
                }
                if request.err != 0 {
                    throw SystemError(object: socket.label, operation: "TCP_ZEROCOPY_RECEIVE", code: request.err)
                }
                if request.copybuf_len < 0 {
                    throw SystemError(object: socket.label, operation: "TCP_ZEROCOPY_RECEIVE copybuf", code: -request.copybuf_len)
                }
                // Stream order: mapped pages first, then what the kernel copied, then the skip hint.
                var progressed = false
                if request.length > 0 {
                    progressed = true
                    context.counters.bytesMapped += UInt64(request.length)
                    if context.deliver(UnsafeRawBufferPointer(rebasing: mapped[0 ..< Int(request.length)])) == .stop { return }
                }
                if request.copybuf_len > 0 {
                    progressed = true
                    context.counters.bytesCopied += UInt64(request.copybuf_len)
                    if context.deliver(UnsafeRawBufferPointer(rebasing: appBuffer[0 ..< Int(request.copybuf_len)])) == .stop { return }
                }
                // With nothing mapped or copied, recv tells end of stream from a spurious wake-up.
                let toCopy = request.recv_skip_hint > 0 ? Int(request.recv_skip_hint) : (progressed ? 0 : context.messageSize)
                if toCopy > 0 {
                    let slice = UnsafeMutableRawBufferPointer(rebasing: appBuffer[0 ..< min(toCopy, appBuffer.count)])
                    switch try socket.receive(into: slice, flags: progressed || request.recv_skip_hint > 0 ? 0 : Int32(MSG_DONTWAIT)) {
                    case .endOfStream:
                        return
                    case .wouldBlock:
                        continue
                    case .bytes(let count):
                        context.counters.bytesCopied += UInt64(count)
                        if context.deliver(UnsafeRawBufferPointer(rebasing: slice[0 ..< count])) == .stop { return }
                    }
                }
            }
        }
    }
}
