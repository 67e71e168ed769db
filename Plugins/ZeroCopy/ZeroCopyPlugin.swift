import PluginKit

/// What zero-copy really saves: each mode keeps the payload out of one user-space
/// copy (sendfile, MSG_ZEROCOPY, splice on send; page mapping on receive; no
/// second buffer on the wire) and reports how much of it the kernel honoured.
enum ZeroCopyPlugin: NetmatrixPlugin {
    enum SendMode: String, PluginMode {
        /// sendfile(2) from the payload memfd at the stream offset.
        case sendfile
        /// send(2) with MSG_ZEROCOPY from the payload mapping, completions from the error queue.
        case msgZerocopy = "msg_zerocopy"
        /// splice(2) memfd -> pipe -> socket (or vmsplice of the mapping with splice_source=vmsplice).
        case splice
    }

    enum ReceiveMode: String, PluginMode {
        /// getsockopt(TCP_ZEROCOPY_RECEIVE) maps received pages into a region of the socket.
        case tcpZerocopyReceive = "tcp_zerocopy_receive"
        /// splice(2) socket -> pipe, then read(2) the pipe into the app buffer (one copy; see SpliceReceiver).
        case splice
    }

    typealias WireMode = SingleMode

    static let name = "zerocopy"
    static let version = "1.0.0"
    static let description = "sendfile, MSG_ZEROCOPY and splice senders; TCP_ZEROCOPY_RECEIVE and splice receivers; pass-through wire"

    static let options = [
        PluginOption("zc_outstanding", .integer(1...1_000_000), "msg_zerocopy: sends in flight before waiting for completions (default 256)"),
        PluginOption("zc_chunk", .byteCount(1...(1 << 30)), "tcp_zerocopy_receive: size of the mapped receive region, whole pages (default 512K)"),
        PluginOption("rcvlowat", .byteCount(0...Int(Int32.max)), "tcp_zerocopy_receive: SO_RCVLOWAT, wake only when this much is queued (default 0: the kernel's, 1 byte)"),
        PluginOption("zc_copybuf", .byteCount(0...Int(Int32.max)), "tcp_zerocopy_receive: copybuf size; the kernel copies instead of mapping when all queued bytes fit (default page size - 1)"),
        PluginOption("pipe_size", .byteCount(4096...(1 << 30)), "splice: pipe capacity asked with F_SETPIPE_SZ (default 1M)"),
        PluginOption("splice_source", .choice(["memfd", "vmsplice"]), "splice send: splice from the payload memfd, or vmsplice the payload mapping (default memfd)"),
        PluginOption("rcvtimeo_ms", .integer(1...60_000), "receive: how often, in milliseconds, a waiting receiver wakes to check the stop flag (default 100)"),
    ]

    static func send(_ context: PluginContext, mode: SendMode) throws {
        switch mode {
        case .sendfile: try SendfileSender.run(context)
        case .msgZerocopy: try MsgZerocopySender.run(context)
        case .splice: try SpliceSender.run(context)
        }
    }

    static func receive(_ context: PluginContext, mode: ReceiveMode) throws {
        switch mode {
        case .tcpZerocopyReceive: try TCPZerocopyReceiver.run(context)
        case .splice: try SpliceReceiver.run(context)
        }
    }

    /// Reads each frame into one buffer and writes that same buffer to the other TAP:
    /// no user-space copy (the kernel still copies in read and write).
    static func wire(_ context: PluginContext, mode: SingleMode) throws {
        context.counters.variant = "pass-through"
        let pump = WirePump(context)
        let frame = UnsafeMutableRawBufferPointer.allocate(byteCount: pump.frameBufferSize, alignment: 64)
        defer { frame.deallocate() }
        try pump.run { source, destination, _ in
            guard case .bytes(let length) = try source.read(into: frame) else { return 0 }
            _ = try destination.write(UnsafeRawBufferPointer(rebasing: frame[0 ..< length]))
            return length
        }
    }
}

@_cdecl("netmatrix_plugin_abi_v1")
public func netmatrixPlugin() -> UnsafeRawPointer { PluginExport.descriptor(for: ZeroCopyPlugin.self) }
