/// A role's view of the host's `nm_context`: checked once when the role starts,
/// then read through safe accessors. Valid only for the duration of the role call:
/// never store it or let it escape into another thread that outlives the call.
public struct PluginContext {
    @usableFromInline let raw: UnsafeMutablePointer<nm_context>
    /// Which role this call runs.
    public let role: PluginRole
    /// The descriptors' transport: TCP or UDP for send and receive, frames for wire.
    public let transport: Transport
    /// The parsed `options`, checked against the plugin's declared keys.
    public let options: PluginOptions

    /// Checks what `role` needs from the host (sizes, pointers, descriptors) and parses the options.
    init(_ raw: UnsafeMutablePointer<nm_context>, role: PluginRole, declaredOptions: [PluginOption]) throws(PluginError) {
        let context = raw.pointee
        guard context.struct_size >= UInt32(MemoryLayout<nm_context>.size) else {
            throw .invalidContext("struct_size \(context.struct_size) is smaller than this plugin's nm_context (\(MemoryLayout<nm_context>.size))")
        }
        guard let host = context.host, host.pointee.should_stop != nil, host.pointee.deliver != nil, host.pointee.log != nil else {
            throw .invalidContext("no host API (host, should_stop, deliver and log are required)")
        }
        guard host.pointee.struct_size >= UInt32(MemoryLayout<nm_host_api>.size) else {
            throw .invalidContext("host struct_size \(host.pointee.struct_size) is smaller than this plugin's nm_host_api (\(MemoryLayout<nm_host_api>.size))")
        }
        switch role {
        case .send, .receive:
            switch context.protocol {
            case Int32(NM_PROTOCOL_TCP): transport = .tcp
            case Int32(NM_PROTOCOL_UDP): transport = .udp
            default: throw .invalidContext("protocol \(context.protocol) is neither NM_PROTOCOL_TCP nor NM_PROTOCOL_UDP")
            }
            guard context.socket_fd >= 0 else { throw .invalidContext("\(role): no socket_fd") }
            guard context.message_size > 0 else { throw .invalidContext("\(role): message_size is 0") }
        case .wire:
            transport = .frames
            guard context.tap_fd.0 >= 0, context.tap_fd.1 >= 0 else { throw .invalidContext("wire: tap_fd needs two descriptors") }
            guard context.vnet_hdr_size >= 0 else { throw .invalidContext("wire: negative vnet_hdr_size") }
        }
        if role == .send {
            guard context.payload != nil, context.payload_size > 0 else { throw .invalidContext("send: no payload mapped") }
            if transport.isDatagram, context.message_size > context.payload_size {
                throw .invalidContext("send: a UDP message_size (\(context.message_size)) larger than the payload (\(context.payload_size))")
            }
        }
        if role == .receive {
            guard context.app_buffer != nil, context.app_buffer_size >= context.message_size else {
                throw .invalidContext("receive: app_buffer missing or smaller than message_size")
            }
        }
        self.raw = raw
        self.role = role
        self.options = try PluginOptions(parsing: context.options.map { String(cString: $0) } ?? "", declared: declaredOptions)
    }

    /// The mode name the host asked for ("" for the default).
    public var modeName: String { raw.pointee.mode.map { String(cString: $0) } ?? "" }

    // MARK: Descriptors

    /// Send and receive: the connected socket.
    public var socket: BorrowedDescriptor { BorrowedDescriptor(raw.pointee.socket_fd, label: "socket") }
    /// Wire: the two TAP devices, A (`tap_fd[0]`) and B (`tap_fd[1]`).
    public var taps: (a: BorrowedDescriptor, b: BorrowedDescriptor) {
        (BorrowedDescriptor(raw.pointee.tap_fd.0, label: "tap A"), BorrowedDescriptor(raw.pointee.tap_fd.1, label: "tap B"))
    }
    /// Wire: bytes of `virtio_net_hdr` in front of every frame, 0 if none.
    public var vnetHeaderSize: Int { Int(raw.pointee.vnet_hdr_size) }
    /// Wire: the link MTU.
    public var mtu: Int { Int(raw.pointee.mtu) }
    /// Send: the memfd holding the pattern, for sendfile, splice and mmap; nil if the host gave none.
    public var payloadFile: BorrowedDescriptor? {
        raw.pointee.payload_memfd >= 0 ? BorrowedDescriptor(raw.pointee.payload_memfd, label: "payload memfd") : nil
    }

    // MARK: Memory

    public var payloadSize: Int { Int(raw.pointee.payload_size) }
    public var messageSize: Int { Int(raw.pointee.message_size) }
    public var appBufferSize: Int { Int(raw.pointee.app_buffer_size) }

    /// The pattern, read-only (empty outside the send role when the host mapped none).
    @inlinable
    public func withPayload<Result, Failure: Error>(_ body: (UnsafeRawBufferPointer) throws(Failure) -> Result) throws(Failure) -> Result {
        try body(UnsafeRawBufferPointer(start: raw.pointee.payload, count: Int(raw.pointee.payload_size)))
    }

    /// The application buffer the receive role fills (empty if the host gave none).
    @inlinable
    public func withAppBuffer<Result, Failure: Error>(_ body: (UnsafeMutableRawBufferPointer) throws(Failure) -> Result) throws(Failure) -> Result {
        try body(UnsafeMutableRawBufferPointer(start: raw.pointee.app_buffer, count: Int(raw.pointee.app_buffer_size)))
    }

    // MARK: Host services

    /// True once the host's duration or byte budget is reached (an atomic load in the host).
    @inlinable
    public var shouldStop: Bool {
        guard let host = raw.pointee.host, let shouldStop = host.pointee.should_stop else { return true }
        return shouldStop(raw) != 0
    }

    /// Hands received bytes (in the app buffer or a mapping) to the host, which
    /// counts and verifies them. `.stop` means the budget is reached or the bytes
    /// were wrong: return from the role without an error; the host knows which.
    @inlinable
    public func deliver(_ bytes: UnsafeRawBufferPointer) -> HostVerdict {
        guard let host = raw.pointee.host, let deliver = host.pointee.deliver else { return .stop }
        return deliver(raw, bytes.baseAddress, bytes.count) == 0 ? .proceed : .stop
    }

    /// One line to the worker's log (never stdout: the host owns it).
    public func log(_ message: String) {
        guard let host = raw.pointee.host, let log = host.pointee.log else { return }
        message.withCString { log(raw, $0) }
    }

    /// The counters the host reads after the role returns.
    public var counters: PluginCounters { PluginCounters(raw: raw) }

    /// Sets one of the plugin's own counters (ABI 1.1): reported per sample as
    /// "<role>.<name>" beside the host's, in `run` and results.json. `name` is
    /// 1 to 31 of a-z, 0-9, _; at most 8 names. Call it once the value is final.
    /// A host without the service (a test harness; netmatrix older than ABI 1.1
    /// never loads this plugin) drops the value: counters inform, they never
    /// decide whether a role worked.
    public func setCounter(_ name: String, _ value: UInt64) throws(PluginError) {
        guard let host = raw.pointee.host, let counter = host.pointee.counter else { return }
        Self.clearError(in: raw)
        name.withCString { counter(raw, $0, value) }
        // A refused name: the host's reason is in ctx->error.
        let refusal = withUnsafeBytes(of: raw.pointee.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        guard refusal.isEmpty else { throw .invalidContext(refusal) }
    }

    /// Writes `error` as the one-line `ctx->error` (newlines become spaces, cut to 255 bytes).
    static func record(_ error: PluginError, into raw: UnsafeMutablePointer<nm_context>) {
        let line = String(error.description.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
        let utf8 = Array(line.utf8.prefix(MemoryLayout.size(ofValue: raw.pointee.error) - 1))
        clearError(in: raw)
        withUnsafeMutableBytes(of: &raw.pointee.error) { $0.copyBytes(from: utf8) }
    }

    static func clearError(in raw: UnsafeMutablePointer<nm_context>) {
        withUnsafeMutableBytes(of: &raw.pointee.error) { _ = $0.initializeMemory(as: UInt8.self, repeating: 0) }
    }
}

/// The host's answer to `deliver`.
public enum HostVerdict: Sendable, Equatable {
    case proceed
    case stop
}
