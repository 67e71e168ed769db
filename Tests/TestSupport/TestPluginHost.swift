import Foundation
import NetmatrixABI
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A minimal host for one role call: an `nm_context` plus an `nm_host_api` whose
/// `deliver` verifies the pattern and counts bytes, and whose `should_stop` ends a
/// send at its byte budget or any role when the test says so.
public final class TestPluginHost: @unchecked Sendable {
    public let context: UnsafeMutablePointer<nm_context>
    private let api: UnsafeMutablePointer<nm_host_api>
    private let strings: [UnsafeMutablePointer<CChar>]
    private let appBuffer: UnsafeMutableRawBufferPointer?
    public let payload: TestPayload?

    /// Send: stop once `counters.bytes` reaches this. Receive: `deliver` says stop at this many bytes. 0: no budget.
    public let byteBudget: UInt64
    private let stopRequested = Atomic<Bool>(false)
    private let state = Mutex(DeliveryState())

    public struct DeliveryState: Sendable {
        public var bytes: UInt64 = 0
        public var deliveries: UInt64 = 0
        /// First stream offset (TCP) or delivery index (UDP) whose bytes were wrong.
        public var firstMismatch: UInt64?
        public var wrongDatagramSizes: UInt64 = 0
        public var logLines: [String] = []
        /// The plugin's own counters (`nm_host_api.counter`).
        public var counters: [String: UInt64] = [:]
    }

    public init(
        role: UInt32, transport: Int32 = Int32(NM_PROTOCOL_TCP), socket: Int32 = -1, taps: (Int32, Int32) = (-1, -1),
        vnetHeaderSize: Int32 = 0, payload: TestPayload? = nil, messageSize: Int, appBufferSize: Int = 0,
        mode: String = "", options: String = "", byteBudget: UInt64 = 0, mtu: UInt32 = 1500
    ) {
        self.payload = payload
        self.byteBudget = byteBudget
        let mode = strdup(mode) ?? UnsafeMutablePointer<CChar>.allocate(capacity: 1)
        let options = strdup(options) ?? UnsafeMutablePointer<CChar>.allocate(capacity: 1)
        strings = [mode, options]
        appBuffer = appBufferSize > 0 ? UnsafeMutableRawBufferPointer.allocate(byteCount: appBufferSize, alignment: 4096) : nil

        api = .allocate(capacity: 1)
        api.initialize(to: nm_host_api())
        api.pointee.struct_size = UInt32(MemoryLayout<nm_host_api>.size)
        api.pointee.should_stop = { raw in
            guard let raw, let host = TestPluginHost.from(raw) else { return 1 }
            return host.shouldStop(raw) ? 1 : 0
        }
        api.pointee.deliver = { raw, data, length in
            guard let raw, let host = TestPluginHost.from(raw) else { return 1 }
            return host.deliver(raw, UnsafeRawBufferPointer(start: data, count: length)) ? 0 : 1
        }
        api.pointee.log = { raw, message in
            guard let raw, let message, let host = TestPluginHost.from(raw) else { return }
            let line = String(cString: message)
            host.state.withLock { $0.logLines.append(line) }
        }
        api.pointee.counter = { raw, name, value in
            guard let raw, let name, let host = TestPluginHost.from(UnsafePointer(raw)) else { return }
            let key = String(cString: name)
            host.state.withLock { $0.counters[key] = value }
        }

        context = .allocate(capacity: 1)
        context.initialize(to: nm_context())
        context.pointee.struct_size = UInt32(MemoryLayout<nm_context>.size)
        context.pointee.role = role
        context.pointee.protocol = transport
        context.pointee.socket_fd = socket
        context.pointee.tap_fd = taps
        context.pointee.vnet_hdr_size = vnetHeaderSize
        context.pointee.payload_memfd = payload?.file.rawValue ?? -1
        context.pointee.mode = UnsafePointer(mode)
        context.pointee.options = UnsafePointer(options)
        context.pointee.payload = payload?.base
        context.pointee.payload_size = UInt64(payload?.size ?? 0)
        context.pointee.app_buffer = appBuffer?.baseAddress?.assumingMemoryBound(to: UInt8.self)
        context.pointee.app_buffer_size = UInt64(appBufferSize)
        context.pointee.message_size = UInt64(messageSize)
        context.pointee.mtu = mtu
        context.pointee.host = UnsafePointer(api)
        context.pointee.host_data = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        context.deallocate()
        api.deallocate()
        strings.forEach { free($0) }
        appBuffer?.deallocate()
    }

    private static func from(_ raw: UnsafePointer<nm_context>) -> TestPluginHost? {
        raw.pointee.host_data.map { Unmanaged<TestPluginHost>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Asks the running role to return (its next `should_stop` is non-zero).
    public func requestStop() { stopRequested.store(true, ordering: .releasing) }

    public var counters: nm_counters { context.pointee.counters }
    public var error: String { withUnsafeBytes(of: context.pointee.error) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) } }
    public var variant: String { withUnsafeBytes(of: context.pointee.counters.variant) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) } }
    public var delivery: DeliveryState { state.withLock { $0 } }

    private func shouldStop(_ raw: UnsafePointer<nm_context>) -> Bool {
        if stopRequested.load(ordering: .acquiring) { return true }
        return raw.pointee.role == UInt32(NM_ROLE_SEND) && byteBudget > 0 && raw.pointee.counters.bytes >= byteBudget
    }

    private func deliver(_ raw: UnsafePointer<nm_context>, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let datagram = raw.pointee.protocol == Int32(NM_PROTOCOL_UDP)
        let messageSize = raw.pointee.message_size
        return state.withLock { state in
            let good: Bool
            if datagram {
                if UInt64(bytes.count) != messageSize { state.wrongDatagramSizes += 1 }
                good = payload?.matches(bytes, streamOffset: 0) ?? true
            } else {
                good = payload?.matches(bytes, streamOffset: state.bytes) ?? true
            }
            if !good, state.firstMismatch == nil { state.firstMismatch = datagram ? state.deliveries : state.bytes }
            state.bytes += UInt64(bytes.count)
            state.deliveries += 1
            if !good { return false }
            return byteBudget == 0 || state.bytes < byteBudget
        }
    }
}
