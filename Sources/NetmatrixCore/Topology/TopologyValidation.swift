/// The engine's own checks before it builds anything: it never puts an address
/// outside the permitted ranges on a link, never adds a default route, and
/// refuses names the kernel would refuse later with a less helpful message.
enum TopologyValidation {
    static let maximumInterfaceName = 15  // IFNAMSIZ - 1

    static func check(_ spec: TopologySpec) throws(TopologyError) {
        let namespaces = Set(spec.namespaces.map(\.name))
        guard namespaces.count == spec.namespaces.count else {
            throw .invalidSpec("topology \(spec.name): namespace names repeat")
        }
        for name in namespaces where !isSafeNamespaceName(name) {
            throw .invalidSpec("namespace \(name): use 1-24 of [A-Za-z0-9_-]")
        }
        var interfacesByNamespace: [String: Set<String>] = [:]
        for link in spec.links {
            for interface in link.interfaces {
                let object = "\(link.kind) \(interface.name)"
                guard namespaces.contains(interface.namespace) else {
                    throw .invalidSpec("\(object): unknown namespace \(interface.namespace)")
                }
                guard !interface.name.isEmpty, interface.name.utf8.count <= maximumInterfaceName,
                    !interface.name.contains("/"), !interface.name.contains(where: \.isWhitespace)
                else {
                    throw .invalidSpec("\(object): interface names are 1-15 bytes without '/' or spaces")
                }
                if case .loopback = link, interface.name != "lo" {
                    throw .invalidSpec("\(object): a loopback link is the namespace's lo")
                }
                guard interfacesByNamespace[interface.namespace, default: []].insert(interface.name).inserted else {
                    throw .invalidSpec("\(object): declared twice in namespace \(interface.namespace)")
                }
                for address in interface.addresses where !isPermitted(address) {
                    throw .invalidSpec("\(object): address \(address) is outside 198.18.0.0/15 and fd00::/8")
                }
                if let mtu = interface.mtu, mtu < 68 || mtu > 65535 {
                    throw .invalidSpec("\(object): MTU \(mtu) is outside 68-65535")
                }
            }
        }
        for link in spec.links {
            guard case .bridge(let bridge, let ports) = link else { continue }
            for port in ports where !(interfacesByNamespace[bridge.namespace]?.contains(port) ?? false) {
                throw .invalidSpec("bridge \(bridge.name): port \(port) is not an interface of namespace \(bridge.namespace)")
            }
        }
        for route in spec.routes {
            let object = "route \(route.destination) in namespace \(route.namespace)"
            guard namespaces.contains(route.namespace) else { throw .invalidSpec("\(object): unknown namespace") }
            guard route.destination.length > 0 else {
                throw .invalidSpec("\(object): default routes are never added (namespaces get no route out)")
            }
            guard isPermitted(route.destination) else {
                throw .invalidSpec("\(object): destination is outside 198.18.0.0/15 and fd00::/8")
            }
            if let via = route.via, via.family != route.destination.address.family || !isPermitted(IPPrefix(address: via, length: via.bitWidth)) {
                throw .invalidSpec("\(object): gateway \(via) is outside the permitted ranges or of another family")
            }
            guard route.via != nil || route.device != nil else { throw .invalidSpec("\(object): needs a gateway or a device") }
            if let device = route.device, !(interfacesByNamespace[route.namespace]?.contains(device) ?? false) {
                throw .invalidSpec("\(object): device \(device) is not an interface of that namespace")
            }
        }
    }

    static func isPermitted(_ prefix: IPPrefix) -> Bool {
        IPPrefix.permittedRanges.contains { $0.contains(prefix) }
    }

    static func isSafeNamespaceName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 24
            && name.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F }
    }
}
