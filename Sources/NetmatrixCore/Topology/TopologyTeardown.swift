import NetmatrixSystem

/// Undoes a (possibly half-built) topology in reverse order.
///
/// What is waited for: every namespace the topology created is registered with
/// `NamespaceDeathWatch`; after its descriptors (namespace, netlink and ioctl
/// sockets, TAPs) are closed and its pin removed, `down()` waits for the
/// kernel's RTM_DELNSID for it: the namespace is unhashed, unreachable, and its
/// devices are being unregistered in the kernel's single cleanup work item,
/// none moved anywhere. The last references (namespace and TAP descriptors)
/// are dropped in one system call so that the kernel tears all of a topology's
/// namespaces down in one batch (see `SimultaneousClose`). Interfaces are not
/// deleted one by one: each RTM_DELLINK costs a synchronous RCU grace period
/// (about 27 ms per veth here), while the kernel removes a dying namespace's
/// devices in one batch. `TeardownMode.detach` skips the wait.
///
/// With adopted namespaces (which stay open), the links are instead deleted
/// with RTM_DELLINK and polled with RTM_GETLINK until the kernel answers ENODEV.
enum TopologyTeardown {
    /// Returns what could not be removed, each named with the reason.
    static func run(_ topology: RunningTopology, mode: TeardownMode) -> [String] {
        var leftovers: [String] = []
        let deleteLinks = !topology.adopted.isEmpty
        var waitFor: [(namespace: String, ifindex: Int32, label: String)] = []
        var lastReferences: [Descriptor] = []
        for step in topology.teardown.reversed() {
            switch step {
            case .link(let namespace, let ifindex, let label, let alsoRemoves):
                guard deleteLinks, let control = try? topology.control(namespace) else { continue }
                do {
                    try control.route.deleteLink(ifindex: ifindex, label: label)
                } catch {
                    leftovers.append(error.description)
                }
                waitFor.append((namespace, ifindex, label))
                waitFor.append(contentsOf: alsoRemoves)
            case .tap(let tap, let namespace, let ifindex):
                do {
                    if deleteLinks, let control = try? topology.control(namespace) {
                        try control.route.deleteLink(ifindex: ifindex, label: "tap \(tap.name)")
                        waitFor.append((namespace, ifindex, "tap \(tap.name)"))
                    } else if !tap.isPersistent {
                        try tap.leaveToNamespace()
                    }
                } catch {
                    leftovers.append("\(error)")
                }
                // Closed with the namespaces below: its socket holds a namespace reference too.
                lastReferences.append(tap.descriptor)
            case .stateFile(let state):
                do {
                    try state.remove()
                } catch {
                    leftovers.append(error.description)
                }
            }
        }
        for interface in waitFor {
            guard let control = try? topology.control(interface.namespace) else { continue }
            if !control.route.waitUntilGone(ifindex: interface.ifindex) {
                leftovers.append("\(interface.label) in namespace \(interface.namespace): still present after RTM_DELLINK")
            }
        }
        topology.teardown.removeAll()
        topology.taps.removeAll()
        topology.releaseControls()
        for name in topology.namespaceOrder.reversed() {
            guard let namespace = topology.namespaces.removeValue(forKey: name), topology.adopted[name] == nil else { continue }
            do {
                try namespace.unpin()
            } catch {
                leftovers.append(error.description)
            }
            lastReferences.append(namespace.descriptor)
        }
        do {
            try SimultaneousClose.close(lastReferences)
        } catch {
            leftovers.append(error.description)
        }
        if mode != .detach {
            let alive = waitForNamespaces(topology.watchIDs)
            leftovers += alive
            if mode == .settled, alive.isEmpty, !topology.watchIDs.isEmpty,
                case .success(let watch) = NamespaceDeathWatch.shared, !watch.waitForCleanupToFinish()
            {
                leftovers.append("kernel namespace cleanup: not finished within 10 s")
            }
        }
        topology.watchIDs.removeAll()
        return leftovers
    }

    /// Waits for RTM_DELNSID of each namespace; names those still alive.
    static func waitForNamespaces(_ ids: [String: Int32]) -> [String] {
        guard !ids.isEmpty else { return [] }
        let watch: NamespaceDeathWatch
        switch NamespaceDeathWatch.shared {
        case .success(let shared): watch = shared
        case .failure(let error): return ["namespace watch: \(error)"]
        }
        let alive = Set(watch.waitForTeardown(of: Array(ids.values)))
        return ids.filter { alive.contains($0.value) }.keys.sorted().map {
            "namespace \($0): not torn down within 10 s (another process still holds it, e.g. a worker or `ip netns exec`)"
        }
    }
}
