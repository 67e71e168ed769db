import CNetlink
#if canImport(Glibc)
import Glibc
#endif

/// Adds routes to a namespace's main table.
public enum StaticRoute {
    /// RTM_NEWROUTE (NLM_F_CREATE|NLM_F_EXCL) to `destination` through one
    /// nexthop: a gateway, an interface, or both. libnl picks the scope (link
    /// without a gateway, universe with one) and the main table.
    public static func add(
        on socket: RouteSocket, destination: IPPrefix, via gateway: IPAddress?, ifindex: Int32?, deviceName: String?
    ) throws(NetlinkError) {
        let object = "route \(destination)" + (gateway.map { " via \($0)" } ?? "") + (deviceName.map { " dev \($0)" } ?? "")
        guard let route = rtnl_route_alloc(), let nexthop = rtnl_route_nh_alloc() else {
            throw NetlinkError(object: object, operation: "rtnl_route_alloc", errno: ENOMEM, reason: "Out of memory")
        }
        defer { rtnl_route_put(route) }
        rtnl_route_set_family(route, UInt8(destination.address.family))
        let destinationSet = withNetlinkAddress(destination.network, prefixLength: destination.length) { rtnl_route_set_dst(route, $0) }
        guard let destinationSet, destinationSet >= 0 else {
            rtnl_route_nh_free(nexthop)
            throw NetlinkError(object: object, operation: "rtnl_route_set_dst", libnlCode: destinationSet ?? -Int32(NLE_NOMEM), kernelErrno: nil, extack: nil)
        }
        if let gateway {
            _ = withNetlinkAddress(gateway, prefixLength: gateway.bitWidth) { rtnl_route_nh_set_gateway(nexthop, $0) }
        }
        if let ifindex { rtnl_route_nh_set_ifindex(nexthop, ifindex) }
        // The route owns the nexthop from here on.
        rtnl_route_add_nexthop(route, nexthop)
        try socket.request(object, "RTM_NEWROUTE") { rtnl_route_add($0, route, NLM_F_CREATE | NLM_F_EXCL) }
    }
}
