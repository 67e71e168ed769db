import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// One build of one topology, step by step; every object it makes is recorded
/// in `topology.teardown` the moment it exists, so a failure at any step can be
/// undone exactly.
struct TopologyBuilder {
    let topology: RunningTopology
    let suffix: String
    var spec: TopologySpec { topology.spec }

    func build() throws(TopologyError) {
        try createNamespaces()
        try createLinks()
        try setMTUs()
        let offloads = applyOffloads()
        try setQdiscs()
        try addAddresses()
        try bringLinksUp()
        try addRoutes()
        try enableForwarding()
        try readBack(offloads: offloads)
        if topology.adopted.isEmpty { topology.releaseControls() }
        if topology.isKept {
            let state = topology.state
            topology.teardown.append(.stateFile(state))
            try state.save()
        }
    }

    private func control(_ namespace: String) throws(TopologyError) -> NamespaceControl {
        try topology.control(namespace)
    }

    /// Anonymous namespaces (created concurrently, pinned with `keep`), their
    /// control sockets, and `lo` up.
    private func createNamespaces() throws(TopologyError) {
        let fresh = spec.namespaces.map(\.name).filter { topology.adopted[$0] == nil }
        let created = NamespaceControl.createAnonymous(names: fresh, disableIPv6DAD: true)
        // Record every namespace that came to be before reporting any failure, so teardown closes them all.
        var firstFailure: (any Error)?
        var controls: [String: NamespaceControl] = [:]
        for (name, outcome) in zip(fresh, created) {
            switch outcome {
            case .success(let control):
                controls[name] = control
            case .failure(let error):
                firstFailure = firstFailure ?? error
            }
        }
        for namespaceSpec in spec.namespaces {
            let name = namespaceSpec.name
            do {
                let control: NamespaceControl
                if let adopted = topology.adopted[name] {
                    control = try NamespaceControl.open(adopted)
                } else if let made = controls[name] {
                    control = made
                } else {
                    continue
                }
                topology.controls[name] = control
                topology.namespaces[name] = control.namespace
                topology.namespaceOrder.append(name)
            } catch {
                firstFailure = firstFailure ?? error
            }
        }
        if let firstFailure { throw TopologyError.wrapping(firstFailure) }
        for name in topology.namespaceOrder {
            do {
                let control = try topology.control(name)
                if topology.adopted[name] == nil {
                    topology.watchIDs[name] = try NamespaceDeathWatch.shared.get().register(control.namespace)
                    if topology.isKept {
                        try control.namespace.pin(at: "\(TopologyEngine.mountDirectory)/\(TopologyEngine.mountPrefix)\(name)-\(suffix)")
                    }
                }
                let loopback = try control.route.link(named: "lo")
                try control.route.changeLink(ifindex: loopback.ifindex, label: "lo in namespace \(name)", up: true)
            } catch {
                throw TopologyError.wrapping(error)
            }
        }
    }

    /// Veth pairs, TAPs and dummies first, then bridges (their ports must exist).
    private func createLinks() throws(TopologyError) {
        for link in spec.links {
            switch link {
            case .veth(let a, let b):
                try createVeth(a, b)
            case .tap(let tap):
                try createTap(tap)
            case .dummy(let dummy):
                try createSoftwareDevice(kind: "dummy", dummy, feature: "dummy driver")
            case .loopback(let loopback):
                let control = try control(loopback.namespace)
                do {
                    let lo = try control.route.link(named: "lo")
                    record(loopback, kind: "loopback", ifindex: lo.ifindex)
                } catch {
                    throw .netlink(error)
                }
            case .bridge:
                continue
            }
        }
        for link in spec.links {
            guard case .bridge(let bridge, let ports) = link else { continue }
            try createSoftwareDevice(kind: "bridge", bridge, feature: "bridge driver")
            let control = try control(bridge.namespace)
            guard let master = topology.ifindex(of: bridge.name, in: bridge.namespace) else { continue }
            for port in ports {
                guard let portIndex = topology.ifindex(of: port, in: bridge.namespace) else {
                    throw .invalidSpec("bridge \(bridge.name): port \(port) was not built")
                }
                do {
                    try SoftwareDevice.enslave(on: control.route, port: portIndex, portName: port, master: master, masterName: bridge.name)
                } catch {
                    throw .netlink(error)
                }
            }
        }
    }

    private func createVeth(_ a: InterfaceSpec, _ b: InterfaceSpec) throws(TopologyError) {
        let controlA = try control(a.namespace)
        let controlB = try control(b.namespace)
        let crossesNamespaces = a.namespace != b.namespace
        do {
            try VethPair.create(
                on: controlA.route, name: a.name, mtu: a.mtu, peerName: b.name, peerMTU: b.mtu,
                peerNamespace: crossesNamespaces ? controlB.namespace.descriptor.rawValue : nil)
        } catch {
            throw .netlink(error)
        }
        // Look both ends up before anything else can fail, so teardown knows them.
        let endA: LinkAttributes
        let endB: LinkAttributes
        do {
            endA = try controlA.route.link(named: a.name)
        } catch {
            throw .netlink(error)
        }
        do {
            endB = try controlB.route.link(named: b.name)
        } catch {
            topology.teardown.append(.link(namespace: a.namespace, ifindex: endA.ifindex, label: "veth \(a.name)", alsoRemoves: []))
            throw .netlink(error)
        }
        topology.teardown.append(.link(
            namespace: a.namespace, ifindex: endA.ifindex, label: "veth \(a.name)",
            alsoRemoves: [(b.namespace, endB.ifindex, "veth \(b.name)")]))
        record(a, kind: "veth", ifindex: endA.ifindex)
        record(b, kind: "veth", ifindex: endB.ifindex)
    }

    private func createTap(_ tap: TapSpec) throws(TopologyError) {
        let interface = tap.interface
        let control = try control(interface.namespace)
        let device: TapDevice
        do {
            device = try control.namespace.run {
                try TapDevice.openInCurrentNamespace(
                    name: interface.name, vnetHeader: tap.vnetHeader, offloads: tap.tunOffloads, persist: topology.isKept)
            }
        } catch {
            // A kernel before 6.2 knows no TUN_F_USO4/6 and refuses the whole set.
            let wrapped = TopologyError.wrapping(error)
            if case .system(let failure) = wrapped, failure.operation == "TUNSETOFFLOAD", failure.code == EINVAL,
                !tap.tunOffloads.isDisjoint(with: [.uso4, .uso6])
            {
                throw .featureMissing(feature: "TUN UDP segmentation offload (uso4/uso6, Linux 6.2)", object: "tap \(interface.name)",
                                      reason: "TUNSETOFFLOAD: \(failure.reason)")
            }
            throw wrapped
        }
        topology.taps[interface.name] = device
        let attributes: LinkAttributes
        do {
            attributes = try control.route.link(named: interface.name)
        } catch {
            // Without an ifindex the descriptor alone removes a non-persistent device.
            device.descriptor.closeOrWarn()
            topology.taps[interface.name] = nil
            throw .netlink(error)
        }
        topology.teardown.append(.tap(device, namespace: interface.namespace, ifindex: attributes.ifindex))
        record(interface, kind: "tap", ifindex: attributes.ifindex)
    }

    private func createSoftwareDevice(kind: String, _ interface: InterfaceSpec, feature: String) throws(TopologyError) {
        let control = try control(interface.namespace)
        do {
            try SoftwareDevice.create(on: control.route, kind: kind, name: interface.name, mtu: interface.mtu)
        } catch {
            if let code = error.errno, code == EOPNOTSUPP {
                // strerror alone: the extended ack ("Unknown device type") says the same less exactly.
                throw .featureMissing(feature: feature, object: "\(kind) \(interface.name)", reason: "\(error.operation): \(String(cString: strerror(code)))")
            }
            throw .netlink(error)
        }
        do {
            let attributes = try control.route.link(named: interface.name)
            topology.teardown.append(.link(namespace: interface.namespace, ifindex: attributes.ifindex, label: "\(kind) \(interface.name)", alsoRemoves: []))
            record(interface, kind: kind, ifindex: attributes.ifindex)
        } catch {
            throw .netlink(error)
        }
    }

    private func record(_ interface: InterfaceSpec, kind: String, ifindex: Int32) {
        topology.interfaces.append(InterfaceState(
            namespace: interface.namespace, name: interface.name, kind: kind, ifindex: ifindex,
            mtu: 0, isUp: false, addresses: interface.addresses.map(\.description), offloads: OffloadState(), qdisc: nil))
    }

    /// Every interface spec with where it was built.
    private var builtInterfaces: [(spec: InterfaceSpec, kind: String, ifindex: Int32)] {
        spec.links.flatMap { link in
            link.interfaces.compactMap { interface in
                topology.ifindex(of: interface.name, in: interface.namespace).map { (interface, link.kind, $0) }
            }
        }
    }

    /// Veth MTUs went into the creating request; the rest are set here.
    private func setMTUs() throws(TopologyError) {
        for (interface, kind, ifindex) in builtInterfaces where kind != "veth" && kind != "dummy" && kind != "bridge" {
            guard let mtu = interface.mtu else { continue }
            do {
                try control(interface.namespace).route.changeLink(ifindex: ifindex, label: "\(kind) \(interface.name)", mtu: mtu)
            } catch let error as NetlinkError {
                throw .netlink(error)
            } catch {
                throw TopologyError.wrapping(error)
            }
        }
    }

    /// Applies requested offloads and reads all of them back, per interface.
    private func applyOffloads() -> [String: OffloadState] {
        var states: [String: OffloadState] = [:]
        for (interface, _, _) in builtInterfaces {
            guard let control = try? topology.control(interface.namespace) else { continue }
            let key = "\(interface.namespace)/\(interface.name)"
            states[key] = interface.offloads.isEmpty
                ? EthtoolOffloads.read(interface: interface.name, control: control.ioctlSocket)
                : EthtoolOffloads.apply(interface.offloads, interface: interface.name, control: control.ioctlSocket)
        }
        return states
    }

    private func setQdiscs() throws(TopologyError) {
        for (interface, _, ifindex) in builtInterfaces {
            guard let kind = interface.qdisc else { continue }
            do {
                try RootQdisc.replace(on: control(interface.namespace).route, kind: kind, ifindex: ifindex, interfaceName: interface.name)
            } catch let error as NetlinkError {
                if error.errno == ENOENT || error.errno == EOPNOTSUPP {
                    throw .featureMissing(feature: "qdisc \(kind)", object: "interface \(interface.name)", reason: "\(error.operation): \(error.reason)")
                }
                throw .netlink(error)
            } catch {
                throw TopologyError.wrapping(error)
            }
            if let index = topology.interfaces.firstIndex(where: { $0.namespace == interface.namespace && $0.name == interface.name }) {
                topology.interfaces[index].qdisc = kind
            }
        }
    }

    private func addAddresses() throws(TopologyError) {
        for (interface, _, ifindex) in builtInterfaces {
            for prefix in interface.addresses {
                do {
                    try InterfaceAddress.add(on: control(interface.namespace).route, prefix, ifindex: ifindex, interfaceName: interface.name)
                } catch let error as NetlinkError {
                    throw .netlink(error)
                } catch {
                    throw TopologyError.wrapping(error)
                }
            }
        }
    }

    private func bringLinksUp() throws(TopologyError) {
        for (interface, kind, ifindex) in builtInterfaces where kind != "loopback" {
            do {
                try control(interface.namespace).route.changeLink(ifindex: ifindex, label: "\(kind) \(interface.name)", up: true)
            } catch let error as NetlinkError {
                throw .netlink(error)
            } catch {
                throw TopologyError.wrapping(error)
            }
        }
    }

    private func addRoutes() throws(TopologyError) {
        for route in spec.routes {
            let ifindex = route.device.flatMap { topology.ifindex(of: $0, in: route.namespace) }
            if route.device != nil, ifindex == nil {
                throw .invalidSpec("route \(route.destination) in namespace \(route.namespace): device \(route.device ?? "") was not built")
            }
            do {
                try StaticRoute.add(
                    on: control(route.namespace).route, destination: route.destination, via: route.via,
                    ifindex: ifindex, deviceName: route.device)
            } catch let error as NetlinkError {
                throw .netlink(error)
            } catch {
                throw TopologyError.wrapping(error)
            }
            topology.routes.append(
                "\(route.namespace): \(route.destination)" + (route.via.map { " via \($0)" } ?? "") + (route.device.map { " dev \($0)" } ?? ""))
        }
    }

    private func enableForwarding() throws(TopologyError) {
        for namespaceSpec in spec.namespaces where namespaceSpec.forwarding {
            do {
                try control(namespaceSpec.name).setForwarding(true)
            } catch {
                throw TopologyError.wrapping(error)
            }
        }
    }

    /// MTU and IFF_UP as the kernel has them now, and the offload state.
    private func readBack(offloads: [String: OffloadState]) throws(TopologyError) {
        for index in topology.interfaces.indices {
            let interface = topology.interfaces[index]
            do {
                let attributes = try control(interface.namespace).route.link(ifindex: interface.ifindex)
                topology.interfaces[index].mtu = attributes.mtu
                topology.interfaces[index].isUp = attributes.isUp
            } catch let error as NetlinkError {
                throw .netlink(error)
            } catch {
                throw TopologyError.wrapping(error)
            }
            topology.interfaces[index].offloads = offloads["\(interface.namespace)/\(interface.name)"] ?? OffloadState()
        }
    }
}
