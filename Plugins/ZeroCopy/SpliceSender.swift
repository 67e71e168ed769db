import CNetmatrixShims
import PluginKit
#if canImport(Glibc)
import Glibc
#endif

/// splice(2) the payload through a pipe into the socket. With the memfd as the
/// source (default) the pipe holds references to page-cache pages; with
/// `splice_source=vmsplice` it holds references to the payload mapping's pages.
/// Either way no user copy happens; the socket takes the pages from the pipe.
enum SpliceSender {
    enum Source: String {
        case memfd
        case vmsplice
    }

    static func run(_ context: PluginContext) throws {
        let sourceName = try context.options.choice("splice_source", default: Source.memfd.rawValue)
        guard let source = Source(rawValue: sourceName) else {
            throw PluginError.invalidOptionValue(key: "splice_source", value: sourceName, expected: "memfd or vmsplice")
        }
        context.counters.variant = source == .memfd ? "splice" : "vmsplice+splice"
        let pipe = try SplicePipe(requestedCapacity: try context.options.byteCount("pipe_size", default: 1 << 20))
        if context.transport.isDatagram, context.messageSize > pipe.capacity {
            throw PluginError.unsupported("splice: a UDP message of \(context.messageSize) bytes does not fit the \(pipe.capacity)-byte pipe (one datagram per splice)")
        }
        switch source {
        case .vmsplice:
            try runFromMapping(context, pipe: pipe)
        case .memfd:
            guard let file = context.payloadFile else {
                throw PluginError.invalidContext("splice: no payload_memfd (splice_source=vmsplice needs none)")
            }
            try runFromFile(context, file: file, pipe: pipe)
        }
    }

    private static func runFromFile(_ context: PluginContext, file: BorrowedDescriptor, pipe: SplicePipe) throws {
        let socket = context.socket
        var stream = PayloadStream(context)
        while !context.shouldStop {
            let range = stream.nextRange
            var offset = Int64(range.lowerBound)
            let length = min(range.count, pipe.capacity)
            let filled = try syscall(file.label, "splice(memfd -> pipe)") { nm_splice(file.rawValue, &offset, pipe.writeEnd.rawValue, length, 0) }
            guard filled > 0 else {
                throw PluginError.invalidContext("payload memfd: splice: end of file at offset \(range.lowerBound), shorter than payload_size")
            }
            try pipe.drain(filled, into: socket)
            stream.advance(by: filled)
            context.counters.bytes += UInt64(filled)
            context.counters.messages += 1
        }
    }

    private static func runFromMapping(_ context: PluginContext, pipe: SplicePipe) throws {
        let socket = context.socket
        var stream = PayloadStream(context)
        try context.withPayload { payload in
            while !context.shouldStop {
                let range = stream.nextRange
                let slice = UnsafeRawBufferPointer(rebasing: payload[range.lowerBound ..< range.lowerBound + min(range.count, pipe.capacity)])
                let filled = try syscall(pipe.writeEnd.label, "vmsplice") { nm_vmsplice(pipe.writeEnd.rawValue, slice.baseAddress, slice.count) }
                try pipe.drain(filled, into: socket)
                stream.advance(by: filled)
                context.counters.bytes += UInt64(filled)
                context.counters.messages += 1
            }
        }
    }
}
