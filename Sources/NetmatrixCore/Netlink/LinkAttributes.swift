import CNetlink
import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// An interface as the kernel reports it (RTM_GETLINK).
public struct LinkAttributes: Equatable, Sendable {
    public var name: String
    public var ifindex: Int32
    public var mtu: Int
    /// IFF_UP
    public var isUp: Bool
    /// IFLA_INFO_KIND, e.g. `veth`, `tun`, `bridge`; nil for `lo`.
    public var kind: String?
}

extension RouteSocket {
    /// RTM_GETLINK by name (`ifindex` 0) or by index.
    public func link(named name: String? = nil, ifindex: Int32 = 0) throws(NetlinkError) -> LinkAttributes {
        var found: OpaquePointer?
        try request("interface \(name ?? "#\(ifindex)")", "RTM_GETLINK") { rtnl_link_get_kernel($0, ifindex, name, &found) }
        // libnl said yes and gave no object: the interface is not there, which is what ENODEV means here.
        guard let found else {
            throw NetlinkError(object: "interface \(name ?? "#\(ifindex)")", operation: "RTM_GETLINK", errno: ENODEV, reason: "No such device")
        }
        defer { rtnl_link_put(found) }
        return LinkAttributes(
            name: rtnl_link_get_name(found).map { String(cString: $0) } ?? "",
            ifindex: rtnl_link_get_ifindex(found),
            mtu: Int(rtnl_link_get_mtu(found)),
            isUp: rtnl_link_get_flags(found) & UInt32(IFF_UP) != 0,
            kind: rtnl_link_get_type(found).map { String(cString: $0) })
    }

    /// Every interface in the namespace (RTM_GETLINK dump).
    public func links() throws(NetlinkError) -> [LinkAttributes] {
        var cache: OpaquePointer?
        try request("namespace \(namespaceName)", "RTM_GETLINK dump") { rtnl_link_alloc_cache($0, AF_UNSPEC, &cache) }
        guard let cache else { return [] }
        defer { nl_cache_free(cache) }
        var result: [LinkAttributes] = []
        var object = nl_cache_get_first(cache)
        while let current = object {
            let link = current
            result.append(LinkAttributes(
                name: rtnl_link_get_name(link).map { String(cString: $0) } ?? "",
                ifindex: rtnl_link_get_ifindex(link),
                mtu: Int(rtnl_link_get_mtu(link)),
                isUp: rtnl_link_get_flags(link) & UInt32(IFF_UP) != 0,
                kind: rtnl_link_get_type(link).map { String(cString: $0) }))
            object = nl_cache_get_next(current)
        }
        return result
    }

    /// RTM_NEWLINK on an existing interface: MTU and/or IFF_UP.
    public func changeLink(ifindex: Int32, label: String, mtu: Int? = nil, up: Bool? = nil) throws(NetlinkError) {
        guard let original = rtnl_link_alloc(), let changes = rtnl_link_alloc() else {
            throw NetlinkError(object: label, operation: "rtnl_link_alloc", errno: ENOMEM, reason: "Out of memory")
        }
        defer {
            rtnl_link_put(original)
            rtnl_link_put(changes)
        }
        rtnl_link_set_ifindex(original, ifindex)
        if let mtu { rtnl_link_set_mtu(changes, UInt32(mtu)) }
        if let up {
            if up { rtnl_link_set_flags(changes, UInt32(IFF_UP)) } else { rtnl_link_unset_flags(changes, UInt32(IFF_UP)) }
        }
        try request(label, "RTM_NEWLINK") { rtnl_link_change($0, original, changes, 0) }
    }

    /// RTM_DELLINK. Synchronous: when the ACK arrives the device is unregistered.
    /// An interface that is already gone (ENODEV) counts as deleted.
    public func deleteLink(ifindex: Int32, label: String) throws(NetlinkError) {
        guard let link = rtnl_link_alloc() else {
            throw NetlinkError(object: label, operation: "rtnl_link_alloc", errno: ENOMEM, reason: "Out of memory")
        }
        defer { rtnl_link_put(link) }
        rtnl_link_set_ifindex(link, ifindex)
        do {
            try request(label, "RTM_DELLINK") { rtnl_link_delete($0, link) }
        } catch where error.errno == ENODEV {
            return
        }
    }

    /// Polls RTM_GETLINK until the kernel answers ENODEV for `ifindex`, or `timeout` passes.
    /// - Returns: true when the interface is gone.
    public func waitUntilGone(ifindex: Int32, timeout: Duration = .seconds(5)) -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            do {
                _ = try link(ifindex: ifindex)
            } catch {
                if error.errno == ENODEV { return true }
            }
            if clock.now >= deadline { return false }
            var pause = timespec(tv_sec: 0, tv_nsec: 200_000)
            _ = try? syscall("interface #\(ifindex)", "nanosleep") { nanosleep(&pause, nil) }
        }
    }
}
