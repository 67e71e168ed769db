import CNetlink
import CNetmatrixShims
import NetmatrixSystem
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Learns when the kernel has torn a network namespace down, without touching
/// the host's namespace.
///
/// A private watch namespace (anonymous, one per process) gives each namespace
/// netmatrix builds a namespace id (RTM_NEWNSID with NETNSA_FD; an id holds no
/// reference) and listens on RTNLGRP_NSID. When the last reference to a
/// namespace is dropped, the kernel's cleanup_net unhashes it and sends
/// RTM_DELNSID with that id to every namespace that had one for it; in the same
/// work item it then unregisters the namespace's devices, moving none back to
/// any other namespace. So after RTM_DELNSID no process can enter the namespace
/// or reach its interfaces, and nothing of it can collide with what is built next.
public final class NamespaceDeathWatch: @unchecked Sendable {
    /// RTNLGRP_NSID from <linux/rtnetlink.h>.
    static let nsidGroup: Int32 = 28
    /// RTM_NEWNSID / RTM_DELNSID
    static let newNSID: Int32 = 88
    static let deleteNSID: Int32 = 89
    static let getNSID: Int32 = 90
    /// NETNSA_NSID / NETNSA_FD from <linux/net_namespace.h>.
    static let attributeNSID: Int32 = 1
    static let attributeFD: Int32 = 3
    static let attributeMax: Int32 = 5

    /// The process's watch, created on first use.
    public static let shared: Result<NamespaceDeathWatch, TopologyError> = {
        do {
            return .success(try NamespaceDeathWatch())
        } catch {
            return .failure(TopologyError.wrapping(error))
        }
    }()

    private let namespace: NetworkNamespace
    private let requests: RouteSocket
    private let events: OpaquePointer
    private let seen: SeenIDs
    private let seenToken: Unmanaged<SeenIDs>
    /// Serialises reading `events`.
    private let reading = Mutex<Void>(())
    /// Serialises requests on `requests`: a libnl socket is not thread-safe, and
    /// topologies are built and torn down from many threads at once.
    private let requesting = Mutex<Void>(())
    private let nextID = Atomic<Int32>(1)

    private init() throws {
        namespace = try NetworkNamespace.anonymous(name: "netmatrix-watch")
        let (requests, events) = try namespace.run { () throws -> (RouteSocket, OpaquePointer) in
            let requests = try RouteSocket.openInCurrentNamespace(namespaceName: "netmatrix-watch")
            guard let events = nl_socket_alloc() else {
                throw NetlinkError(object: "namespace watch", operation: "nl_socket_alloc", errno: ENOMEM, reason: "Out of memory")
            }
            let connected = nl_connect(events, NETLINK_ROUTE)
            guard connected >= 0 else {
                nl_socket_free(events)
                throw NetlinkError(object: "namespace watch", operation: "nl_connect", libnlCode: connected, kernelErrno: nil, extack: nil)
            }
            return (requests, events)
        }
        self.requests = requests
        self.events = events
        seen = SeenIDs()
        seenToken = Unmanaged.passRetained(seen)
        _ = nm_set_cloexec(nl_socket_get_fd(events), 1)
        nl_socket_disable_seq_check(events)
        _ = nl_socket_set_buffer_size(events, 1 << 20, 0)
        _ = nl_socket_set_nonblocking(events)
        _ = nl_socket_modify_cb(events, NL_CB_VALID, NL_CB_CUSTOM, recordDeletedID, seenToken.toOpaque())
        let joined = nl_socket_add_membership(events, Self.nsidGroup)
        guard joined >= 0 else {
            throw NetlinkError(object: "namespace watch", operation: "NETLINK_ADD_MEMBERSHIP(RTNLGRP_NSID)", libnlCode: joined, kernelErrno: nil, extack: nil)
        }
    }

    deinit {
        nl_socket_free(events)
        seenToken.release()
    }

    /// Gives `watched` a namespace id in the watch namespace; returns it.
    public func register(_ watched: NetworkNamespace) throws(NetlinkError) -> Int32 {
        let outcome = requesting.withLock { _ in Result { () throws(NetlinkError) -> Int32 in try assignID(to: watched) } }
        return try outcome.get()
    }

    private func assignID(to watched: NetworkNamespace) throws(NetlinkError) -> Int32 {
        // Ids only grow; 2^31 namespaces per process will not happen.
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        let object = "namespace \(watched.name)"
        guard let message = nlmsg_alloc_simple(Self.newNSID, 0) else {
            throw NetlinkError(object: object, operation: "nlmsg_alloc_simple", errno: ENOMEM, reason: "Out of memory")
        }
        var header = rtgenmsg(rtgen_family: UInt8(AF_UNSPEC))
        guard nlmsg_append(message, &header, MemoryLayout<rtgenmsg>.size, Int32(NLMSG_ALIGNTO)) >= 0,
            nla_put_u32(message, Self.attributeFD, UInt32(bitPattern: watched.descriptor.rawValue)) >= 0,
            nla_put_u32(message, Self.attributeNSID, UInt32(bitPattern: id)) >= 0
        else {
            nlmsg_free(message)
            throw NetlinkError(object: object, operation: "RTM_NEWNSID", errno: nil, reason: "libnl could not build the request (message buffer too small)")
        }
        do {
            // nl_send_sync frees the message whatever happens.
            try requests.request(object, "RTM_NEWNSID") { nl_send_sync($0, message) }
            return id
        } catch where error.errno == EEXIST {
            // Registered before in this process (a kept topology torn down by the process that built it).
            return try existingID(of: watched)
        }
    }

    /// RTM_GETNSID with NETNSA_FD: the id the watch namespace already has for `watched`.
    private func existingID(of watched: NetworkNamespace) throws(NetlinkError) -> Int32 {
        let object = "namespace \(watched.name)"
        guard let message = nlmsg_alloc_simple(Self.getNSID, 0) else {
            throw NetlinkError(object: object, operation: "nlmsg_alloc_simple", errno: ENOMEM, reason: "Out of memory")
        }
        defer { nlmsg_free(message) }
        var header = rtgenmsg(rtgen_family: UInt8(AF_UNSPEC))
        guard nlmsg_append(message, &header, MemoryLayout<rtgenmsg>.size, Int32(NLMSG_ALIGNTO)) >= 0,
            nla_put_u32(message, Self.attributeFD, UInt32(bitPattern: watched.descriptor.rawValue)) >= 0
        else {
            throw NetlinkError(object: object, operation: "RTM_GETNSID", errno: nil, reason: "libnl could not build the request (message buffer too small)")
        }
        let answer = NSIDAnswer()
        let token = Unmanaged.passRetained(answer)
        defer { token.release() }
        try requests.request(object, "RTM_GETNSID") { socket in
            let sent = nl_send_auto(socket, message)
            guard sent >= 0 else { return sent }
            guard let callbacks = nl_cb_clone(nl_socket_get_cb(socket)) else { return -Int32(NLE_NOMEM) }
            defer { nl_cb_put(callbacks) }
            nl_cb_set(callbacks, NL_CB_VALID, NL_CB_CUSTOM, recordAnsweredID, token.toOpaque())
            // The answer, then the ACK libnl asked for: both must be read, or the
            // ACK would be taken for the next request's.
            let received = nl_recvmsgs(socket, callbacks)
            guard received >= 0 else { return received }
            return nl_wait_for_ack(socket)
        }
        guard let id = answer.id, id >= 0 else {
            throw NetlinkError(object: object, operation: "RTM_GETNSID", errno: nil, reason: "the kernel answered with no namespace id assigned")
        }
        return id
    }

    /// Waits until the kernel has sent RTM_DELNSID for every id, or `timeout` passes.
    /// - Returns: the ids still alive (empty when all are gone).
    public func waitForTeardown(of ids: [Int32], timeout: Duration = .seconds(10)) -> [Int32] {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        return reading.withLock { _ in
            var pending = Set(ids)
            while true {
                pending.subtract(seen.take(pending))
                if pending.isEmpty || clock.now >= deadline { return pending.sorted() }
                let remaining = deadline - clock.now
                let milliseconds = Int32(clamping: max(1, remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000))
                var descriptor = [pollfd(fd: nl_socket_get_fd(events), events: Int16(POLLIN), revents: 0)]
                do {
                    if try Syscall.poll(&descriptor, timeoutMilliseconds: milliseconds, object: "namespace watch") > 0 {
                        _ = nl_recvmsgs_default(events)
                    }
                } catch {
                    // Polling again would fail again: what is still pending stays unreported.
                    StandardError.warn("\(error)")
                    return pending.sorted()
                }
            }
        }
    }
}

extension NamespaceDeathWatch {
    /// Waits until the kernel has finished the cleanup batch that is running now
    /// (device unregistration, RCU barrier, freeing), not merely started it.
    ///
    /// The kernel runs cleanup_net on an ordered, single-threaded workqueue, one
    /// batch after another, and each batch first unhashes its namespaces (the
    /// RTM_DELNSID that `waitForTeardown` waits for). So: release a fresh, empty
    /// probe namespace now, after every namespace of interest has been reported;
    /// its batch can only start when the current one has ended, and its
    /// RTM_DELNSID says so. What is left running afterwards is the probe's own
    /// cleanup: an empty namespace, no devices but lo.
    /// - Returns: false when the probe was not reported within `timeout`.
    public func waitForCleanupToFinish(timeout: Duration = .seconds(10)) -> Bool {
        guard let probe = try? NetworkNamespace.anonymous(name: "netmatrix-settle"),
            let id = try? register(probe)
        else { return false }
        do {
            try probe.descriptor.close()
        } catch {
            // Still open, the probe never dies and its RTM_DELNSID never comes.
            StandardError.warn("\(error)")
            return false
        }
        return waitForTeardown(of: [id], timeout: timeout).isEmpty
    }
}

/// Namespace ids the kernel reported deleted and nobody has collected yet.
final class SeenIDs: @unchecked Sendable {
    private var ids: Set<Int32> = []

    func insert(_ id: Int32) { ids.insert(id) }

    /// Removes and returns those of `wanted` that were seen.
    func take(_ wanted: Set<Int32>) -> Set<Int32> {
        let found = ids.intersection(wanted)
        ids.subtract(found)
        return found
    }
}

/// The answer to one RTM_GETNSID.
final class NSIDAnswer {
    var id: Int32?
}

/// libnl's valid-message callback for RTM_GETNSID: keeps NETNSA_NSID.
private let recordAnsweredID: nl_recvmsg_msg_cb_t = { message, argument in
    guard let message, let argument, let header = nlmsg_hdr(message) else { return Int32(NL_STOP.rawValue) }
    var attributes = [UnsafeMutablePointer<nlattr>?](repeating: nil, count: Int(NamespaceDeathWatch.attributeMax) + 1)
    if nlmsg_parse(header, Int32(MemoryLayout<rtgenmsg>.size), &attributes, NamespaceDeathWatch.attributeMax, nil) >= 0,
        let nsid = attributes[Int(NamespaceDeathWatch.attributeNSID)]
    {
        Unmanaged<NSIDAnswer>.fromOpaque(argument).takeUnretainedValue().id = nla_get_s32(nsid)
    }
    return Int32(NL_OK.rawValue)
}

/// libnl's valid-message callback on the watch socket: records RTM_DELNSID ids.
private let recordDeletedID: nl_recvmsg_msg_cb_t = { message, argument in
    guard let message, let argument, let header = nlmsg_hdr(message),
        Int32(header.pointee.nlmsg_type) == NamespaceDeathWatch.deleteNSID
    else { return Int32(NL_OK.rawValue) }
    var attributes = [UnsafeMutablePointer<nlattr>?](repeating: nil, count: Int(NamespaceDeathWatch.attributeMax) + 1)
    let parsed = nlmsg_parse(header, Int32(MemoryLayout<rtgenmsg>.size), &attributes, NamespaceDeathWatch.attributeMax, nil)
    if parsed >= 0, let nsid = attributes[Int(NamespaceDeathWatch.attributeNSID)] {
        Unmanaged<SeenIDs>.fromOpaque(argument).takeUnretainedValue().insert(nla_get_s32(nsid))
    }
    return Int32(NL_OK.rawValue)
}
