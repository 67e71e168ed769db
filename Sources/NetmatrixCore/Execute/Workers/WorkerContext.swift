import NetmatrixABI
#if canImport(Glibc)
import Glibc
#endif

/// An `nm_context` the worker owns, with the C strings it points to.
final class WorkerContext {
    let pointer: UnsafeMutablePointer<nm_context>
    private var strings: [UnsafeMutablePointer<CChar>] = []

    init() {
        pointer = UnsafeMutablePointer<nm_context>.allocate(capacity: 1)
        pointer.initialize(to: nm_context())
        pointer.pointee.struct_size = UInt32(MemoryLayout<nm_context>.size)
        pointer.pointee.socket_fd = -1
        pointer.pointee.tap_fd = (-1, -1)
        pointer.pointee.payload_memfd = -1
    }

    /// A C string that lives as long as this context.
    func cString(_ text: String) -> UnsafePointer<CChar>? {
        guard let copy = strdup(text) else { return nil }
        strings.append(copy)
        return UnsafePointer(copy)
    }

    var error: String {
        withUnsafeBytes(of: pointer.pointee.error) { bytes in
            let text = bytes.prefix { $0 != 0 }
            return String(decoding: text, as: UTF8.self)
        }
    }

    var counters: WorkerCounters {
        let raw = pointer.pointee.counters
        var counters = WorkerCounters()
        counters.bytes = raw.bytes
        counters.messages = raw.messages
        counters.zerocopyCompletions = raw.zerocopy_completions
        counters.copiedCompletions = raw.copied_completions
        counters.bytesMapped = raw.bytes_mapped
        counters.bytesCopied = raw.bytes_copied
        counters.framesAToB = raw.frames_a_to_b
        counters.framesBToA = raw.frames_b_to_a
        counters.checksumsCompleted = raw.checksums_completed
        counters.variant = withUnsafeBytes(of: raw.variant) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return counters
    }

    /// Writes `message` into ctx->error, truncated to fit with its NUL.
    static func setError(_ context: UnsafeMutablePointer<nm_context>, _ message: String) {
        withUnsafeMutableBytes(of: &context.pointee.error) { buffer in
            let bytes = Array(message.utf8.prefix(buffer.count - 1))
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
            buffer[bytes.count] = 0
        }
    }

    deinit {
        for string in strings { free(string) }
        pointer.deinitialize(count: 1)
        pointer.deallocate()
    }
}
