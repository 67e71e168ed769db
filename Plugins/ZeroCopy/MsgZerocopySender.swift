import PluginKit
#if canImport(Glibc)
import Glibc
#endif

/// send(2) with MSG_ZEROCOPY straight from the payload mapping. The pages must not
/// change until their completion arrives; the payload is read-only, so they never do.
/// At most `zc_outstanding` sends are in flight; all are drained before returning,
/// so the counters say exactly how many completed with and without a copy.
enum MsgZerocopySender {
    /// How long the final drain may wait for the last completions.
    static let drainTimeout = Duration.seconds(10)

    static func run(_ context: PluginContext) throws {
        context.counters.variant = "msg_zerocopy"
        let socket = context.socket
        let limit = UInt64(try context.options.integer("zc_outstanding", default: 256))
        try socket.setOption(level: SOL_SOCKET, SO_ZEROCOPY, 1, named: "SO_ZEROCOPY")
        var completions = ZerocopyCompletions(socket: socket)
        defer {
            context.counters.zerocopyCompletions = completions.completedWithoutCopy
            context.counters.copiedCompletions = completions.completedByCopy
        }
        var stream = PayloadStream(context)
        try context.withPayload { payload in
            while !context.shouldStop {
                while completions.outstanding >= limit {
                    try completions.wait(timeoutMilliseconds: 100)
                }
                let sent: Int
                do {
                    sent = try socket.send(UnsafeRawBufferPointer(rebasing: payload[stream.nextRange]), flags: Int32(MSG_ZEROCOPY))
                } catch let error as SystemError where error.code == ENOBUFS {
                    // optmem_max bounds the notification state in flight: wait for some to retire.
                    try completions.wait(timeoutMilliseconds: 100)
                    continue
                }
                completions.recordSend()
                stream.advance(by: sent)
                context.counters.bytes += UInt64(sent)
                context.counters.messages += 1
                if completions.issued & 31 == 0 { try completions.collect() }
            }
        }
        let deadline = ContinuousClock.now + drainTimeout
        while completions.outstanding > 0 {
            guard ContinuousClock.now < deadline else {
                throw PluginError.failed(
                    code: ETIMEDOUT,
                    reason: "socket: MSG_ZEROCOPY: \(completions.outstanding) of \(completions.issued) completions missing after \(drainTimeout)"
                )
            }
            try completions.wait(timeoutMilliseconds: 100)
        }
    }
}
