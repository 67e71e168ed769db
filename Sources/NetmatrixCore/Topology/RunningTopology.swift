import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// A built topology: its namespaces, interfaces and TAP descriptors, until `down()`.
///
/// Workers enter a namespace with `setns` on a duplicate of
/// `namespaceDescriptor(_:)`; a wire worker gets a duplicate of
/// `tapDescriptor(_:)`. Anonymous topologies vanish with the process even
/// without `down()`; kept ones stay until `down()` or `netmatrix topo down`.
public final class RunningTopology: @unchecked Sendable, CustomStringConvertible {
    /// `<spec name>-<random6>`; also the state file's name when kept.
    public let id: String
    public let spec: TopologySpec
    /// Built with `keep`: namespaces pinned under /run/netns, state in /run/netmatrix.
    public let isKept: Bool
    /// Namespaces by logical name.
    public internal(set) var namespaces: [String: NetworkNamespace] = [:]
    /// Interfaces in build order, as read back.
    public internal(set) var interfaces: [InterfaceState] = []
    /// TAP devices by interface name.
    public internal(set) var taps: [String: TapDevice] = [:]
    /// Routes as added, `namespace: destination via gateway dev device`.
    public internal(set) var routes: [String] = []
    /// False once `down()` has run.
    public private(set) var isUp = true

    /// Per-namespace control sockets by logical name, while open. They are
    /// closed once the build is done: an open socket keeps its namespace alive,
    /// and its release waits an RCU grace period that `down()` would otherwise
    /// wait out too. `control(_:)` reopens one on demand.
    var controls: [String: NamespaceControl] = [:]
    /// Namespace creation order, for reverse teardown.
    var namespaceOrder: [String] = []
    /// What to undo, in creation order.
    var teardown: [TeardownStep] = []
    /// Namespaces the caller handed in; teardown leaves their descriptors open.
    var adopted: [String: NetworkNamespace] = [:]
    /// Ids of the namespaces this topology created, in the death watch.
    var watchIDs: [String: Int32] = [:]

    init(id: String, spec: TopologySpec, isKept: Bool) {
        self.id = id
        self.spec = spec
        self.isKept = isKept
    }

    /// The nsfs descriptor of the namespace with this logical name.
    public func namespaceDescriptor(_ name: String) -> Descriptor? { namespaces[name]?.descriptor }

    /// The descriptor of the TAP device with this interface name.
    public func tapDescriptor(_ interfaceName: String) -> Descriptor? { taps[interfaceName]?.descriptor }

    /// The interface with this name, in `namespace` when names repeat across namespaces.
    public func interface(_ name: String, in namespace: String? = nil) -> InterfaceState? {
        interfaces.first { $0.name == name && (namespace == nil || $0.namespace == namespace) }
    }

    /// The interface's ifindex inside its namespace.
    public func ifindex(of name: String, in namespace: String? = nil) -> Int32? { interface(name, in: namespace)?.ifindex }

    /// Runs `body` on a thread inside the named namespace (sockets opened there stay bound to it).
    public func run<T>(in namespace: String, _ body: () throws -> T) throws -> T {
        guard let handle = namespaces[namespace] else {
            throw TopologyError.invalidSpec("topology \(id): no namespace \(namespace)")
        }
        return try handle.run(body)
    }

    /// The namespace's control sockets, opened again if they were released.
    public func control(_ namespace: String) throws(TopologyError) -> NamespaceControl {
        if let open = controls[namespace] { return open }
        guard let handle = namespaces[namespace] else {
            throw .invalidSpec("topology \(id): no namespace \(namespace)")
        }
        do {
            let control = try NamespaceControl.open(handle)
            controls[namespace] = control
            return control
        } catch {
            throw TopologyError.wrapping(error)
        }
    }

    /// Closes the control sockets (see `controls`).
    func releaseControls() {
        for control in controls.values { control.ioctlSocket.closeOrWarn() }
        controls.removeAll()
    }

    /// The state file's content (also written for kept topologies).
    public var state: TopologyState {
        TopologyState(
            id: id, name: spec.name, builtBy: getpid(), builtAt: Int(time(nil)),
            namespaces: namespaceOrder.compactMap { name in
                namespaces[name].map { TopologyState.Namespace(name: name, mountPath: $0.mountPath ?? "") }
            },
            interfaces: interfaces, routes: routes)
    }

    /// Tears everything down in reverse order; `.synchronous` then waits until
    /// the kernel has torn every namespace down (see `TopologyTeardown` for what
    /// is waited for). Idempotent.
    public func down(_ mode: TeardownMode = .synchronous) throws(TopologyError) {
        guard isUp else { return }
        isUp = false
        let leftovers = TopologyTeardown.run(self, mode: mode)
        if !leftovers.isEmpty { throw .teardownIncomplete(leftovers) }
    }

    func markDown() { isUp = false }

    public var description: String {
        var lines = ["topology \(id) (\(spec.name))" + (isKept ? ", kept" : ", anonymous") + (isUp ? "" : ", down")]
        for name in namespaceOrder {
            guard let namespace = namespaces[name] else { continue }
            let forwarding = spec.namespaces.first { $0.name == name }?.forwarding ?? false
            lines.append("  namespace \(name)" + (namespace.mountPath.map { ": \($0)" } ?? "") + (forwarding ? " (forwarding)" : ""))
            for interface in interfaces where interface.namespace == name {
                lines.append("    \(interface)")
            }
            for route in routes where route.hasPrefix("\(name): ") {
                lines.append("    route \(route.dropFirst(name.count + 2))")
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// One thing built that teardown must undo.
enum TeardownStep {
    /// A link deleted with RTM_DELLINK. `alsoRemoves` are interfaces the kernel
    /// deletes with it (a veth's peer), waited for too.
    case link(namespace: String, ifindex: Int32, label: String, alsoRemoves: [(namespace: String, ifindex: Int32, label: String)])
    /// A TAP device: RTM_DELLINK (a worker may still hold a duplicate
    /// descriptor), then the descriptor closed.
    case tap(TapDevice, namespace: String, ifindex: Int32)
    /// The state file of a kept topology.
    case stateFile(TopologyState)
}
