import CNetlink
import CNetmatrixShims
import NetmatrixCore
import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// Real traffic between two namespaces of a running topology: sockets are
/// created on each namespace's thread, then used from the test's thread.
enum NamespaceTraffic {
    /// TCP: the server listens in `server`, the client connects from `client`,
    /// sends `bytes` of a pattern, the server echoes them, and the client checks them.
    /// - Returns: the bytes the client got back.
    static func tcpEcho(
        _ topology: RunningTopology, client: String, server: String, address: IPAddress, port: UInt16, bytes: Int
    ) throws -> [UInt8] {
        let listener = try topology.run(in: server) { () throws -> Descriptor in
            let socket = try openSocket(family: address.family, type: SOCK_STREAM)
            var on: Int32 = 1
            _ = try syscall("listener", "setsockopt(SO_REUSEADDR)") {
                setsockopt(socket.rawValue, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
            }
            try withSocketAddress(address, port: port) { pointer, length in
                _ = try syscall("listener \(address)", "bind") { bind(socket.rawValue, pointer, length) }
            }
            _ = try syscall("listener", "listen") { listen(socket.rawValue, 4) }
            return socket
        }
        let connection = try topology.run(in: client) { try openSocket(family: address.family, type: SOCK_STREAM) }
        try setTimeouts(connection)
        try withSocketAddress(address, port: port) { pointer, length in
            try Syscall.connect(connection.rawValue, to: pointer, length: length, object: "client to \(address)")
        }
        let accepted = Descriptor(
            adopting: try Syscall.accept(listener.rawValue, object: "listener"), label: "accepted")
        try setTimeouts(accepted)
        let payload = pattern(bytes)
        try writeAll(connection, payload)
        let received = try readExactly(accepted, count: bytes)
        try writeAll(accepted, received)
        return try readExactly(connection, count: bytes)
    }

    /// UDP: one datagram from `client` to `server`; returns what arrived.
    static func udpDatagram(
        _ topology: RunningTopology, client: String, server: String, address: IPAddress, port: UInt16, payload: [UInt8]
    ) throws -> [UInt8] {
        let receiver = try topology.run(in: server) { () throws -> Descriptor in
            let socket = try openSocket(family: address.family, type: SOCK_DGRAM)
            try withSocketAddress(address, port: port) { pointer, length in
                _ = try syscall("receiver \(address)", "bind") { bind(socket.rawValue, pointer, length) }
            }
            return socket
        }
        try setTimeouts(receiver)
        let sender = try topology.run(in: client) { try openSocket(family: address.family, type: SOCK_DGRAM) }
        try withSocketAddress(address, port: port) { pointer, length in
            _ = try payload.withUnsafeBytes { raw in
                try syscall("sender to \(address)", "sendto") { sendto(sender.rawValue, raw.baseAddress, raw.count, 0, pointer, length) }
            }
        }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = try buffer.withUnsafeMutableBytes { raw in
            try syscall("receiver", "recv") { recv(receiver.rawValue, raw.baseAddress, raw.count, 0) }
        }
        return Array(buffer.prefix(count))
    }

    /// The deterministic bytes the echo sends.
    static func pattern(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) } }

    static func openSocket(family: Int32, type: __socket_type) throws -> Descriptor {
        let fd = try syscall("socket", "socket") { socket(family, Int32(type.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        return Descriptor(adopting: fd, label: "test socket")
    }

    /// A blocked test fails after 5 s instead of hanging the suite.
    static func setTimeouts(_ socket: Descriptor) throws {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        for option in [SO_RCVTIMEO, SO_SNDTIMEO] {
            _ = try syscall("socket", "setsockopt(timeout)") {
                setsockopt(socket.rawValue, SOL_SOCKET, option, &timeout, socklen_t(MemoryLayout<timeval>.size))
            }
        }
    }

    static func withSocketAddress<T>(_ address: IPAddress, port: UInt16, _ body: (UnsafePointer<sockaddr>, socklen_t) throws -> T) throws -> T {
        switch address {
        case .v4(let bytes):
            var storage = sockaddr_in()
            storage.sin_family = sa_family_t(AF_INET)
            storage.sin_port = port.bigEndian
            withUnsafeMutableBytes(of: &storage.sin_addr) { $0.copyBytes(from: bytes) }
            return try withUnsafePointer(to: &storage) { pointer in
                try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { try body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case .v6(let bytes):
            var storage = sockaddr_in6()
            storage.sin6_family = sa_family_t(AF_INET6)
            storage.sin6_port = port.bigEndian
            withUnsafeMutableBytes(of: &storage.sin6_addr) { $0.copyBytes(from: bytes) }
            return try withUnsafePointer(to: &storage) { pointer in
                try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { try body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
    }

    static func writeAll(_ socket: Descriptor, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = try bytes.withUnsafeBytes { raw in
                try syscall("socket", "send") { send(socket.rawValue, raw.baseAddress?.advanced(by: offset), raw.count - offset, Int32(MSG_NOSIGNAL)) }
            }
            offset += written
        }
    }

    static func readExactly(_ socket: Descriptor, count: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let got = try buffer.withUnsafeMutableBytes { raw in
                try syscall("socket", "recv") { recv(socket.rawValue, raw.baseAddress?.advanced(by: offset), count - offset, 0) }
            }
            if got == 0 { break }
            offset += got
        }
        return Array(buffer.prefix(offset))
    }
}
