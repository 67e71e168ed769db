import PluginKit
#if canImport(Glibc)
import Glibc
#endif

/// The baseline every other plugin is compared with: the kernel copies between
/// user memory and socket buffers, and the wire role copies each frame once in
/// user space.
enum CopyPlugin: NetmatrixPlugin {
    typealias SendMode = SingleMode
    typealias ReceiveMode = SingleMode
    typealias WireMode = SingleMode

    static let name = "copy"
    static let version = "1.0.0"
    static let description = "send() from the payload mapping, recv() into the app buffer, wire copies each frame between two buffers"

    static let options = [
        PluginOption("rcvtimeo_ms", .integer(1...60_000), "receive: how often, in milliseconds, a waiting recv() wakes to check the stop flag (default 100)"),
        PluginOption(
            "app_copies", .integer(0...1_000),
            "receive: copy each message out of the app buffer and back this many times before delivering it, as an application shuffling its data does (default 0); slows the path for real"),
        PluginOption(
            "slowdown", .integer(0...1_000),
            "send and receive: spin for this share of the CPU time the calls took (default 0): a regression of known size, to prove a gate"),
    ]

    /// send(2) straight from the payload mapping at the stream's offset: "copy"
    /// is the kernel copying from user memory into socket buffers.
    static func send(_ context: PluginContext, mode: SingleMode) throws {
        context.counters.variant = "send"
        let socket = context.socket
        var stream = PayloadStream(context)
        var slowdown = try Slowdown(context.options)
        try context.withPayload { payload in
            while !context.shouldStop {
                let sent = try socket.send(UnsafeRawBufferPointer(rebasing: payload[stream.nextRange]))
                stream.advance(by: sent)
                context.counters.bytes += UInt64(sent)
                context.counters.messages += 1
                slowdown.afterCall()
            }
        }
    }

    /// recv(2) into the app buffer, one `messageSize` slice at a time; reports
    /// its `recv_calls` counter.
    static func receive(_ context: PluginContext, mode: SingleMode) throws {
        context.counters.variant = "recv"
        let socket = context.socket
        try socket.setReceiveTimeout(milliseconds: try context.options.integer("rcvtimeo_ms", default: 100))
        let appCopies = try context.options.integer("app_copies", default: 0)
        var slowdown = try Slowdown(context.options)
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: appCopies > 0 ? context.messageSize : 0, alignment: 64)
        defer { scratch.deallocate() }
        // Bytes per call is how much the kernel had queued each time: the batching a slower end changes.
        var calls: UInt64 = 0
        try context.withAppBuffer { buffer in
            let slice = UnsafeMutableRawBufferPointer(rebasing: buffer[0 ..< context.messageSize])
            while !context.shouldStop {
                switch try socket.receive(into: slice) {
                case .endOfStream:
                    return
                case .wouldBlock:
                    continue
                case .bytes(let count):
                    calls += 1
                    context.counters.bytesCopied += UInt64(count)
                    if appCopies > 0 {
                        shuffle(UnsafeMutableRawBufferPointer(rebasing: slice[0 ..< count]), through: scratch, times: appCopies)
                    }
                    if context.deliver(UnsafeRawBufferPointer(rebasing: slice[0 ..< count])) == .stop { return }
                    slowdown.afterCall()
                }
            }
        }
        try context.setCounter("recv_calls", calls)
    }

    /// `app_copies`: `message` out to `scratch` and back, `times` times, each copy
    /// kept: the optimiser would otherwise merge identical passes into one (to it
    /// the copy back is a no-op) and measure nothing.
    private static func shuffle(_ message: UnsafeMutableRawBufferPointer, through scratch: UnsafeMutableRawBufferPointer, times: Int) {
        let staged = UnsafeMutableRawBufferPointer(rebasing: scratch[0 ..< message.count])
        for _ in 0..<times {
            staged.copyMemory(from: UnsafeRawBufferPointer(message))
            BlackHole.keep(staged)
            message.copyMemory(from: UnsafeRawBufferPointer(staged))
            BlackHole.keep(message)
        }
    }

    /// Reads a frame into buffer A, copies it to buffer B, writes B to the other TAP.
    static func wire(_ context: PluginContext, mode: SingleMode) throws {
        context.counters.variant = "memcpy"
        let pump = WirePump(context)
        let received = UnsafeMutableRawBufferPointer.allocate(byteCount: pump.frameBufferSize, alignment: 64)
        defer { received.deallocate() }
        let outgoing = UnsafeMutableRawBufferPointer.allocate(byteCount: pump.frameBufferSize, alignment: 64)
        defer { outgoing.deallocate() }
        try pump.run { source, destination, _ in
            guard case .bytes(let length) = try source.read(into: received) else { return 0 }
            outgoing.copyMemory(from: UnsafeRawBufferPointer(rebasing: received[0 ..< length]))
            _ = try destination.write(UnsafeRawBufferPointer(rebasing: outgoing[0 ..< length]))
            return length
        }
    }
}

@_cdecl("netmatrix_plugin_abi_v1")
public func netmatrixPlugin() -> UnsafeRawPointer { PluginExport.descriptor(for: CopyPlugin.self) }
