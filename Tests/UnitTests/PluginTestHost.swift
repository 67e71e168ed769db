#if canImport(Glibc)
import Glibc
#endif
import NetmatrixABI
import NetmatrixSystem
import Synchronization

/// Why the in-test host could not run a plugin.
struct PluginTestError: Error, CustomStringConvertible {
    let description: String
}

/// The directory of the running test bundle, where SwiftPM also puts the
/// plugin .so files it builds.
private func buildDirectories() -> [String] {
    var directories: [String] = []
    var path = [CChar](repeating: 0, count: 4096)
    let length = readlink("/proc/self/exe", &path, path.count - 1)
    if length > 0 {
        let executable = String(decoding: path[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        directories.append(String(executable[..<(executable.lastIndex(of: "/") ?? executable.endIndex)]))
    }
    if let argument = CommandLine.arguments.first, let slash = argument.lastIndex(of: "/") {
        directories.append(String(argument[..<slash]))
    }
    return directories
}

/// libnetmatrix-plugin-<name>.so next to the test bundle, if it was built.
func builtPluginPath(_ name: String) -> String? {
    buildDirectories().map { "\($0)/libnetmatrix-plugin-\(name).so" }.first { access($0, R_OK) == 0 }
}

/// A plugin loaded the way the host loads one: dlopen, the versioned entry
/// symbol, the descriptor it returns. Never unloaded.
struct LoadedPlugin: @unchecked Sendable {
    let descriptor: UnsafePointer<nm_plugin_descriptor>

    static func load(_ name: String) throws -> LoadedPlugin {
        guard let path = builtPluginPath(name) else {
            throw PluginTestError(description: "libnetmatrix-plugin-\(name).so is not next to the test bundle")
        }
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            throw PluginTestError(description: "dlopen \(path): \(String(cString: dlerror()))")
        }
        guard let symbol = dlsym(handle, NETMATRIX_PLUGIN_ENTRY_SYMBOL) else {
            throw PluginTestError(description: "\(path): no symbol \(NETMATRIX_PLUGIN_ENTRY_SYMBOL)")
        }
        let entry = unsafeBitCast(symbol, to: nm_plugin_entry_fn.self)
        guard let descriptor = entry() else { throw PluginTestError(description: "\(path): entry returned NULL") }
        return LoadedPlugin(descriptor: descriptor)
    }
}

/// The deterministic payload pattern: `size` bytes, mapped at a stable address.
final class TestPattern: @unchecked Sendable {
    let bytes: UnsafeMutableBufferPointer<UInt8>

    init(size: Int, seed: UInt64) {
        var random = SplitMix64(state: seed)
        bytes = .allocate(capacity: size)
        for index in 0..<size { bytes[index] = UInt8(truncatingIfNeeded: random.next()) }
    }

    var count: Int { bytes.count }
    var base: UnsafeMutablePointer<UInt8> { bytes.baseAddress! }

    /// Calls `body` with contiguous pieces of stream bytes [offset, offset + length).
    func forEachPiece(offset: Int, length: Int, _ body: (UnsafeRawPointer, Int) -> Void) {
        var done = 0
        while done < length {
            let start = (offset + done) % count
            let piece = min(length - done, count - start)
            body(base + start, piece)
            done += piece
        }
    }

    deinit { bytes.deallocate() }
}

/// A minimal host for one role invocation: answers should_stop and deliver,
/// verifies delivered bytes against the pattern like the real host does.
final class TestHost: @unchecked Sendable {
    let pattern: TestPattern
    let protocolNumber: Int32
    /// Verify delivered bytes (off to let the plugin's own checks speak).
    let verifies: Bool
    /// Stop once this many bytes were delivered.
    let budget: UInt64
    let stopRequested = Atomic<Bool>(false)
    /// Written only by the plugin's thread while it runs.
    private(set) var delivered: UInt64 = 0
    private(set) var deliveries = 0
    private(set) var firstBadOffset: UInt64?
    private(set) var logLines: [String] = []

    init(pattern: TestPattern, protocolNumber: Int32 = Int32(NM_PROTOCOL_TCP), verifies: Bool = true, budget: UInt64 = .max) {
        self.pattern = pattern
        self.protocolNumber = protocolNumber
        self.verifies = verifies
        self.budget = budget
    }

    func shouldStop() -> Bool {
        stopRequested.load(ordering: .relaxed) || delivered >= budget
    }

    func deliver(_ data: UnsafeRawPointer, _ length: Int) -> Bool {
        // TCP continues the stream; every UDP datagram starts at pattern offset 0.
        let streamOffset = protocolNumber == Int32(NM_PROTOCOL_UDP) ? 0 : Int(delivered)
        if verifies && firstBadOffset == nil {
            var checked = 0
            pattern.forEachPiece(offset: streamOffset, length: length) { piece, count in
                if firstBadOffset == nil && memcmp(data + checked, piece, count) != 0 {
                    let bad = (0..<count).first { data.load(fromByteOffset: checked + $0, as: UInt8.self) != piece.load(fromByteOffset: $0, as: UInt8.self) } ?? 0
                    firstBadOffset = delivered + UInt64(checked + bad)
                }
                checked += count
            }
        }
        delivered += UInt64(length)
        deliveries += 1
        return firstBadOffset == nil && delivered < budget
    }

    func log(_ line: String) { logLines.append(line) }
}

/// The C view of a TestHost: function pointers that find it through host_data.
nonisolated(unsafe) private let testHostAPI: UnsafeMutablePointer<nm_host_api> = {
    var api = nm_host_api()
    api.struct_size = UInt32(MemoryLayout<nm_host_api>.size)
    api.should_stop = { context in
        guard let data = context?.pointee.host_data else { return 1 }
        return Unmanaged<TestHost>.fromOpaque(data).takeUnretainedValue().shouldStop() ? 1 : 0
    }
    api.deliver = { context, data, length in
        guard let data, let host = context?.pointee.host_data else { return 1 }
        return Unmanaged<TestHost>.fromOpaque(host).takeUnretainedValue().deliver(data, length) ? 0 : 1
    }
    api.log = { context, message in
        guard let message, let host = context?.pointee.host_data else { return }
        Unmanaged<TestHost>.fromOpaque(host).takeUnretainedValue().log(String(cString: message))
    }
    let pointer = UnsafeMutablePointer<nm_host_api>.allocate(capacity: 1)
    pointer.initialize(to: api)
    return pointer
}()

/// What a role invocation returned and left in its context.
struct RoleOutcome {
    let status: Int32
    let error: String
    let counters: nm_counters

    var variant: String {
        withUnsafeBytes(of: counters.variant) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
    }
}

/// Everything a role call needs besides the plugin: descriptors and sizes.
struct RoleSetup {
    var role: UInt32
    var protocolNumber: Int32 = Int32(NM_PROTOCOL_TCP)
    var socket: Int32 = -1
    var taps: (Int32, Int32) = (-1, -1)
    var vnetHeaderSize: Int32 = 0
    var options = ""
    var mode = ""
    var messageSize: UInt64 = 0
    var appBufferSize: Int = 0
    var mtu: UInt32 = 1_500
}

/// Calls the plugin's role function for `setup` on this thread, as a worker would.
func runRole(_ plugin: LoadedPlugin, _ setup: RoleSetup, host: TestHost) -> RoleOutcome {
    let appBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(setup.appBufferSize, 1), alignment: 4096)
    defer { appBuffer.deallocate() }
    let mode = strdup(setup.mode), options = strdup(setup.options)
    defer {
        free(mode)
        free(options)
    }
    var context = nm_context()
    context.struct_size = UInt32(MemoryLayout<nm_context>.size)
    context.role = setup.role
    context.protocol = setup.protocolNumber
    context.socket_fd = setup.socket
    context.tap_fd = setup.taps
    context.vnet_hdr_size = setup.vnetHeaderSize
    context.payload_memfd = -1
    context.mode = UnsafePointer(mode)
    context.options = UnsafePointer(options)
    context.payload = UnsafePointer(host.pattern.base)
    context.payload_size = UInt64(host.pattern.count)
    context.app_buffer = setup.appBufferSize > 0 ? appBuffer.baseAddress?.assumingMemoryBound(to: UInt8.self) : nil
    context.app_buffer_size = UInt64(setup.appBufferSize)
    context.message_size = setup.messageSize
    context.mtu = setup.mtu
    context.host = UnsafePointer(testHostAPI)
    context.host_data = Unmanaged.passUnretained(host).toOpaque()
    let descriptor = plugin.descriptor.pointee
    let function: nm_role_fn? = switch setup.role {
    case UInt32(NM_ROLE_SEND): descriptor.send
    case UInt32(NM_ROLE_RECEIVE): descriptor.receive
    default: descriptor.wire
    }
    let status = withExtendedLifetime(host) { function.map { $0(&context) } ?? -1 }
    let error = withUnsafeBytes(of: context.error) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
    return RoleOutcome(status: status, error: error, counters: context.counters)
}

/// A pthread for the other end of a test's sockets; join() waits for it.
final class TestThread: @unchecked Sendable {
    private final class Work {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    private var thread = pthread_t()

    init(_ body: @escaping @Sendable () -> Void) {
        let work = Unmanaged.passRetained(Work(body)).toOpaque()
        let created = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            Unmanaged<Work>.fromOpaque(raw).takeRetainedValue().body()
            return nil
        }, work)
        precondition(created == 0, "pthread_create: \(created)")
    }

    func join() { pthread_join(thread, nil) }
}

/// socketpair(AF_UNIX, type) as two owned descriptors, with a receive timeout
/// so a broken plugin fails the test instead of hanging it.
func socketPair(_ type: __socket_type, label: String) throws -> (Descriptor, Descriptor) {
    var fds: [Int32] = [-1, -1]
    _ = try syscall(label, "socketpair") { socketpair(AF_UNIX, Int32(type.rawValue | SOCK_CLOEXEC.rawValue), 0, &fds) }
    let pair = (Descriptor(adopting: fds[0], label: "\(label) end 0"), Descriptor(adopting: fds[1], label: "\(label) end 1"))
    var timeout = timeval(tv_sec: 10, tv_usec: 0)
    for fd in fds {
        _ = try syscall(label, "setsockopt(SO_RCVTIMEO)") {
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
    }
    return pair
}

/// Sends stream bytes [0, total) of `pattern` in irregular pieces, flipping
/// the byte at `corruptAt` if given, then shuts the write side down.
func sendStream(_ pattern: TestPattern, total: Int, to fd: Int32, corruptAt: Int? = nil) {
    var offset = 0
    var random = SplitMix64(state: UInt64(total))
    var piece = [UInt8](repeating: 0, count: 70_000)
    while offset < total {
        let length = min(Int(random.next() % 69_999) + 1, total - offset)
        var filled = 0
        pattern.forEachPiece(offset: offset, length: length) { bytes, count in
            piece.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: filled).copyMemory(from: bytes, byteCount: count) }
            filled += count
        }
        if let corruptAt, corruptAt >= offset, corruptAt < offset + length { piece[corruptAt - offset] ^= 0x5A }
        var sent = 0
        while sent < length {
            let result = piece.withUnsafeBytes { send(fd, $0.baseAddress! + sent, length - sent, Int32(MSG_NOSIGNAL)) }
            if result < 0 {
                if errno == EINTR { continue }
                shutdown(fd, Int32(SHUT_WR))
                return // the receiver stopped early
            }
            sent += result
        }
        offset += length
    }
    shutdown(fd, Int32(SHUT_WR))
}
