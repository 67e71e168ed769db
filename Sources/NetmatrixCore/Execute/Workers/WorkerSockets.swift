import CNetmatrixShims
import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// The data socket of a worker: the receiver binds and listens (or is given a
/// listening socket), the sender connects with retries.
enum WorkerSockets {
    struct Endpoint {
        var family: Int32
        var storage: sockaddr_storage
        var length: socklen_t
        var text: String
    }

    /// getaddrinfo's refusal, in its own words (its EAI_* codes are not errno values).
    struct ResolveError: Error, CustomStringConvertible {
        var description: String
    }

    /// A numeric address and port as a sockaddr (getaddrinfo with AI_NUMERICHOST: no DNS).
    static func endpoint(_ host: String, port: UInt16) throws(ResolveError) -> Endpoint {
        var hints = addrinfo()
        hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        defer { if let list { freeaddrinfo(list) } }
        guard status == 0, let first = list, let address = first.pointee.ai_addr else {
            let reason = status == 0 ? "no address" : String(cString: gai_strerror(status))
            throw ResolveError(description: "address \(host): getaddrinfo: \(reason)")
        }
        var storage = sockaddr_storage()
        let length = first.pointee.ai_addrlen
        withUnsafeMutableBytes(of: &storage) { target in
            target.copyMemory(from: UnsafeRawBufferPointer(start: address, count: Int(length)))
        }
        let text = first.pointee.ai_family == AF_INET6 ? "[\(host)]:\(port)" : "\(host):\(port)"
        return Endpoint(family: first.pointee.ai_family, storage: storage, length: length, text: text)
    }

    static func socketType(_ transport: TransportProtocol) -> Int32 {
        (transport == .tcp ? Int32(SOCK_STREAM.rawValue) : Int32(SOCK_DGRAM.rawValue)) | Int32(SOCK_CLOEXEC.rawValue)
    }

    /// TCP: bound, SO_REUSEADDR, listening; UDP: bound.
    static func listen(on endpoint: Endpoint, transport: TransportProtocol, bufferSize: Int?) throws(SystemError) -> Descriptor {
        let fd = try syscall(endpoint.text, "socket") { Glibc.socket(endpoint.family, socketType(transport), 0) }
        let socket = Descriptor(adopting: fd, label: "\(transport.rawValue) socket \(endpoint.text)")
        try setOption(socket, SOL_SOCKET, SO_REUSEADDR, 1, name: "SO_REUSEADDR")
        if let bufferSize { try setOption(socket, SOL_SOCKET, SO_RCVBUF, Int32(bufferSize), name: "SO_RCVBUF") }
        var storage = endpoint.storage
        _ = try withUnsafePointer(to: &storage) { pointer in
            Result { () throws(SystemError) in
                try syscall(socket.label, "bind") {
                    pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket.rawValue, $0, endpoint.length) }
                }
            }
        }.get()
        if transport == .tcp { _ = try syscall(socket.label, "listen") { Glibc.listen(socket.rawValue, 4) } }
        return socket
    }

    /// Waits for one connection until `deadline` (CLOCK_MONOTONIC ns).
    static func accept(on listener: Descriptor, deadline: UInt64) throws(SystemError) -> Descriptor {
        while true {
            let now = monotonicNanoseconds()
            guard now < deadline else { throw SystemError(object: listener.label, operation: "accept", code: ETIMEDOUT) }
            var poller = [pollfd(fd: listener.rawValue, events: Int16(POLLIN), revents: 0)]
            let ready = try Syscall.poll(&poller, timeoutMilliseconds: Int32(min(1000, (deadline - now) / 1_000_000 + 1)), object: listener.label)
            if ready == 0 { continue }
            let fd = try Syscall.accept(listener.rawValue, object: listener.label)
            return Descriptor(adopting: fd, label: "connection on \(listener.label)")
        }
    }

    /// Connects (TCP) or fixes the peer (UDP), retrying refusals until the timeout:
    /// the receiver may still be starting.
    static func connect(to endpoint: Endpoint, transport: TransportProtocol, bufferSize: Int?, timeout: UInt64) throws(SystemError) -> Descriptor {
        let deadline = monotonicNanoseconds() + timeout
        while true {
            let fd = try syscall(endpoint.text, "socket") { Glibc.socket(endpoint.family, socketType(transport), 0) }
            let socket = Descriptor(adopting: fd, label: "\(transport.rawValue) connection to \(endpoint.text)")
            if let bufferSize { try setOption(socket, SOL_SOCKET, SO_SNDBUF, Int32(bufferSize), name: "SO_SNDBUF") }
            var storage = endpoint.storage
            do throws(SystemError) {
                try withUnsafePointer(to: &storage) { pointer in
                    Result { () throws(SystemError) in
                        try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address throws(SystemError) in
                            try Syscall.connect(socket.rawValue, to: address, length: endpoint.length, object: socket.label)
                        }
                    }
                }.get()
                return socket
            } catch {
                // EINTR too: connect is never repeated on the same socket (it would answer
                // EALREADY), but a fresh socket is a fresh attempt.
                let retryable = [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, EINTR].contains(error.code)
                guard retryable, monotonicNanoseconds() < deadline else { throw error }
            }
            try socket.close()
            usleep(20_000)
        }
    }

    static func setOption(_ socket: Descriptor, _ level: Int32, _ option: Int32, _ value: Int32, name: String) throws(SystemError) {
        var value = value
        _ = try syscall(socket.label, "setsockopt(\(name))") {
            setsockopt(socket.rawValue, level, option, &value, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    /// SO_LINGER with a zero timeout: close sends a reset (the peer-reset probe).
    static func setAbortiveClose(_ socket: Descriptor) throws(SystemError) {
        var linger = linger(l_onoff: 1, l_linger: 0)
        _ = try syscall(socket.label, "setsockopt(SO_LINGER)") {
            setsockopt(socket.rawValue, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
        }
    }
}
