import CNetmatrixShims
import Foundation
import NetmatrixCore
import NetmatrixSystem
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway network namespace for data-path tests: a dedicated thread
/// unshares into it, brings `lo` up (SIOCSIFFLAGS), sets its MTU, creates the
/// sockets and exits. The sockets keep the namespace alive and stay bound to it
/// whichever thread uses them; nothing of the host's own namespace is touched.
enum PrivateNetworkNamespace {
    /// A connected pair on 127.0.0.1 inside a fresh namespace: TCP (listener + connect + accept) or connected UDP sockets.
    static func connectedPair(udp: Bool, loopbackMTU: Int32? = nil) throws -> (sender: Descriptor, receiver: Descriptor) {
        try onNamespaceThread {
            _ = try syscall("network namespace", "unshare(CLONE_NEWNET)") { nm_unshare_net() }
            _ = try syscall("lo", "SIOCSIFFLAGS(IFF_UP)") { nm_interface_set_up("lo") }
            if let loopbackMTU {
                _ = try syscall("lo", "SIOCSIFMTU(\(loopbackMTU))") { nm_interface_set_mtu("lo", loopbackMTU) }
            }
            return udp ? try udpPair() : try tcpPair()
        }
    }

    /// Two TAP devices, up, in a fresh namespace. Up with a carrier, each starts
    /// sending IPv6 neighbour discovery and MLD frames on its own: traffic for a wire role.
    static func tapPair() throws -> (a: Descriptor, b: Descriptor) {
        try onNamespaceThread {
            _ = try syscall("network namespace", "unshare(CLONE_NEWNET)") { nm_unshare_net() }
            let a = try TapDevice.openInCurrentNamespace(name: "nmtapa", vnetHeader: false, offloads: [], persist: false).descriptor
            let b = try TapDevice.openInCurrentNamespace(name: "nmtapb", vnetHeader: false, offloads: [], persist: false).descriptor
            _ = try syscall("nmtapa", "SIOCSIFFLAGS(IFF_UP)") { nm_interface_set_up("nmtapa") }
            _ = try syscall("nmtapb", "SIOCSIFFLAGS(IFF_UP)") { nm_interface_set_up("nmtapb") }
            return (a, b)
        }
    }

    private static func tcpPair() throws -> (sender: Descriptor, receiver: Descriptor) {
        let listener = try makeSocket(SOCK_STREAM, label: "listener")
        var address = loopbackAddress()
        try bind(listener, &address)
        _ = try syscall("listener", "listen") { listen(listener.rawValue, 1) }
        let sender = try makeSocket(SOCK_STREAM, label: "sender")
        try connect(sender, to: try boundAddress(of: listener))
        let accepted = try Syscall.accept(listener.rawValue, object: "listener")
        try listener.close()
        return (sender, Descriptor(adopting: accepted, label: "receiver"))
    }

    private static func udpPair() throws -> (sender: Descriptor, receiver: Descriptor) {
        let sender = try makeSocket(SOCK_DGRAM, label: "sender")
        let receiver = try makeSocket(SOCK_DGRAM, label: "receiver")
        var address = loopbackAddress()
        try bind(sender, &address)
        address = loopbackAddress()
        try bind(receiver, &address)
        try connect(sender, to: try boundAddress(of: receiver))
        try connect(receiver, to: try boundAddress(of: sender))
        return (sender, receiver)
    }

    private static func makeSocket(_ type: __socket_type, label: String) throws -> Descriptor {
        Descriptor(adopting: try syscall(label, "socket") { socket(AF_INET, Int32(type.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }, label: label)
    }

    private static func loopbackAddress() -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = in_addr_t(0x7f00_0001).bigEndian
        return address
    }

    private static func bind(_ socket: Descriptor, _ address: inout sockaddr_in) throws {
        _ = try withUnsafePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                try syscall(socket.label, "bind") { Glibc.bind(socket.rawValue, generic, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
    }

    private static func boundAddress(of socket: Descriptor) throws -> sockaddr_in {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                try syscall(socket.label, "getsockname") { getsockname(socket.rawValue, generic, &length) }
            }
        }
        return address
    }

    private static func connect(_ socket: Descriptor, to address: sockaddr_in) throws {
        var address = address
        _ = try withUnsafePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                try Syscall.connect(socket.rawValue, to: generic, length: socklen_t(MemoryLayout<sockaddr_in>.size), object: socket.label)
            }
        }
    }

    /// Runs `body` on a new thread that ends with it, so the unshare never leaks
    /// into a thread Swift concurrency or the test runner reuses.
    private static func onNamespaceThread<T>(_ body: @escaping @Sendable () throws -> T) throws -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.result = Result { try body() }
            done.signal()
        }
        thread.start()
        done.wait()
        // The thread stores its result before it signals.
        return try #require(box.result).get()
    }

    private final class ResultBox<T>: @unchecked Sendable {
        var result: Result<T, any Error>?
    }
}
