/// Writes through to `nm_context.counters`, which the host reads when the role returns:
/// `context.counters.bytes += UInt64(sent)`.
public struct PluginCounters {
    @usableFromInline let raw: UnsafeMutablePointer<nm_context>

    /// Send: bytes the kernel accepted. Wire: frame bytes forwarded (without the vnet header).
    @inlinable public var bytes: UInt64 {
        get { raw.pointee.counters.bytes }
        nonmutating set { raw.pointee.counters.bytes = newValue }
    }
    /// Send calls, or frames forwarded.
    @inlinable public var messages: UInt64 {
        get { raw.pointee.counters.messages }
        nonmutating set { raw.pointee.counters.messages = newValue }
    }
    /// MSG_ZEROCOPY sends whose completion said the pages went out without a copy.
    @inlinable public var zerocopyCompletions: UInt64 {
        get { raw.pointee.counters.zerocopy_completions }
        nonmutating set { raw.pointee.counters.zerocopy_completions = newValue }
    }
    /// MSG_ZEROCOPY sends whose completion carried SO_EE_CODE_ZEROCOPY_COPIED.
    @inlinable public var copiedCompletions: UInt64 {
        get { raw.pointee.counters.copied_completions }
        nonmutating set { raw.pointee.counters.copied_completions = newValue }
    }
    /// Receive: bytes delivered from page mappings.
    @inlinable public var bytesMapped: UInt64 {
        get { raw.pointee.counters.bytes_mapped }
        nonmutating set { raw.pointee.counters.bytes_mapped = newValue }
    }
    /// Receive: bytes delivered after a copy.
    @inlinable public var bytesCopied: UInt64 {
        get { raw.pointee.counters.bytes_copied }
        nonmutating set { raw.pointee.counters.bytes_copied = newValue }
    }
    /// Wire: frames moved from tap A to tap B.
    @inlinable public var framesAToB: UInt64 {
        get { raw.pointee.counters.frames_a_to_b }
        nonmutating set { raw.pointee.counters.frames_a_to_b = newValue }
    }
    /// Wire: frames moved from tap B to tap A.
    @inlinable public var framesBToA: UInt64 {
        get { raw.pointee.counters.frames_b_to_a }
        nonmutating set { raw.pointee.counters.frames_b_to_a = newValue }
    }
    /// Wire: NEEDS_CSUM frames whose checksum the plugin completed.
    @inlinable public var checksumsCompleted: UInt64 {
        get { raw.pointee.counters.checksums_completed }
        nonmutating set { raw.pointee.counters.checksums_completed = newValue }
    }

    /// The code path that ran, e.g. "sendfile"; cut to 31 bytes.
    public var variant: String {
        get {
            withUnsafeBytes(of: raw.pointee.counters.variant) { field in
                String(decoding: field.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
        }
        nonmutating set {
            let utf8 = Array(newValue.utf8.prefix(MemoryLayout.size(ofValue: raw.pointee.counters.variant) - 1))
            withUnsafeMutableBytes(of: &raw.pointee.counters.variant) { field in
                _ = field.initializeMemory(as: UInt8.self, repeating: 0)
                field.copyBytes(from: utf8)
            }
        }
    }
}
