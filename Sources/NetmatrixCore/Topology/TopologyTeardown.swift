import NetmatrixSystem

/// Undoes a (possibly half-built) topology in reverse order.
///
/// What is waited for: every interface the topology created is deleted
/// explicitly with RTM_DELLINK (synchronous: the ACK comes after the device is
/// unregistered) and then polled with RTM_GETLINK until the kernel answers ENODEV,
/// before any namespace descriptor is closed. So no device, and hence no name,
/// address or route, outlives `down()`; all that remains for the kernel's
/// asynchronous cleanup_net is freeing empty namespaces (lo only), which the
/// next `up()` cannot collide with: it always builds fresh namespaces.
/// How `RunningTopology.down` treats the kernel's asynchronous cleanup.
public enum TeardownMode: String, Sendable, CaseIterable {
    /// Delete every device with RTM_DELLINK and poll until the kernel reports it
    /// gone, then close the namespaces. Each device deletion waits out an RCU
    /// grace period (20-30 ms here), but nothing of the topology is still being
    /// torn down in the background when `down` returns: use it between
    /// measurements, so the kernel's cleanup never runs during the next cell.
    case synchronous
    /// Close the namespace descriptors and let the kernel's cleanup_net free the
    /// namespaces and their devices in the background, as `ip netns del` does.
    /// Nothing is left behind, but the cleanup may still be running on return.
    case detach
}

enum TopologyTeardown {
    /// Returns what could not be removed, each named with the reason.
    static func run(_ topology: RunningTopology, mode: TeardownMode) -> [String] {
        var leftovers: [String] = []
        var waitFor: [(namespace: String, ifindex: Int32, label: String)] = []
        for step in topology.teardown.reversed() {
            switch step {
            case .link where mode == .detach:
                continue  // Goes with its namespace.
            case .link(let namespace, let ifindex, let label, let alsoRemoves):
                guard let control = topology.controls[namespace] else { continue }
                do {
                    try control.route.deleteLink(ifindex: ifindex, label: label)
                } catch {
                    leftovers.append(error.description)
                }
                waitFor.append((namespace, ifindex, label))
                waitFor.append(contentsOf: alsoRemoves)
            case .tap(let tap, let namespace, let ifindex):
                if mode == .synchronous, let control = topology.controls[namespace] {
                    do {
                        try control.route.deleteLink(ifindex: ifindex, label: "tap \(tap.name)")
                    } catch {
                        leftovers.append(error.description)
                    }
                }
                do {
                    try tap.close()
                } catch {
                    leftovers.append(error.description)
                }
                if mode == .synchronous { waitFor.append((namespace, ifindex, "tap \(tap.name)")) }
            case .stateFile(let state):
                do {
                    try state.remove()
                } catch {
                    leftovers.append(error.description)
                }
            }
        }
        for interface in waitFor {
            guard let control = topology.controls[interface.namespace] else { continue }
            if !control.route.waitUntilGone(ifindex: interface.ifindex) {
                leftovers.append("\(interface.label) in namespace \(interface.namespace): still present after RTM_DELLINK")
            }
        }
        topology.teardown.removeAll()
        topology.taps.removeAll()
        for name in topology.namespaceOrder.reversed() {
            guard let control = topology.controls.removeValue(forKey: name) else { continue }
            do {
                try control.ioctlSocket.close()
                guard topology.adopted[name] == nil else { continue }
                try control.namespace.unpin()
                try control.namespace.descriptor.close()
            } catch {
                leftovers.append(error.description)
            }
        }
        return leftovers
    }
}
