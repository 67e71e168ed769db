#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// Topologies built with `keep`, found through their state files in
/// /run/netmatrix and their pins under /run/netns/netmatrix-*.
public enum KeptTopologies {
    /// Every readable state file, sorted by id; unreadable ones are reported in `problems`.
    public static func list() -> (states: [TopologyState], problems: [String]) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: TopologyState.directory)) ?? []
        var states: [TopologyState] = []
        var problems: [String] = []
        for name in names.sorted() where name.hasSuffix(".json") {
            do {
                states.append(try TopologyState.load(path: "\(TopologyState.directory)/\(name)"))
            } catch {
                problems.append(error.description)
            }
        }
        return (states, problems)
    }

    /// A kept topology as the kernel has it now: each namespace's interfaces
    /// (RTM_GETLINK dump through a socket opened inside it).
    public static func liveDescription(of state: TopologyState) -> String {
        var lines = ["topology \(state.id) (\(state.name)), kept, built by pid \(state.builtBy)"]
        for namespace in state.namespaces {
            lines.append("  namespace \(namespace.name): \(namespace.mountPath)")
            do {
                let opened = try NetworkNamespace.open(name: namespace.name, mountPath: namespace.mountPath)
                let control = try NamespaceControl.open(opened)
                for link in try control.route.links() {
                    let recorded = state.interfaces.first { $0.namespace == namespace.name && $0.name == link.name }
                    var text = "    \(link.name) (\(link.kind ?? "loopback"), ifindex \(link.ifindex)), mtu \(link.mtu), \(link.isUp ? "up" : "down")"
                    if let recorded, !recorded.addresses.isEmpty { text += ", " + recorded.addresses.joined(separator: " ") }
                    lines.append(text)
                }
                try control.ioctlSocket.close()
                try opened.descriptor.close()
            } catch {
                lines.append("    unreadable: \(error)")
            }
        }
        for route in state.routes { lines.append("  route \(route)") }
        return lines.joined(separator: "\n")
    }

    /// Tears down the kept topology `id`: deletes its interfaces and waits until
    /// they are gone, unmounts its namespaces and removes its state file.
    /// - Returns: what was removed, one line each.
    @discardableResult
    public static func down(id: String) throws(TopologyError) -> [String] {
        let path = TopologyState.path(for: id)
        guard id.utf8.allSatisfy({ $0 != 0x2F }), FileManager.default.fileExists(atPath: path) else {
            throw .unknownTopology(id)
        }
        return try down(TopologyState.load(path: path))
    }

    /// Tears down every kept topology.
    @discardableResult
    public static func downAll() throws(TopologyError) -> [String] {
        var removed: [String] = []
        var leftovers: [String] = []
        for state in list().states {
            do {
                removed += try down(state)
            } catch {
                leftovers.append(error.description)
            }
        }
        if !leftovers.isEmpty { throw .teardownIncomplete(leftovers) }
        return removed
    }

    static func down(_ state: TopologyState) throws(TopologyError) -> [String] {
        var removed: [String] = []
        var leftovers: [String] = []
        var watchIDs: [String: Int32] = [:]
        for namespace in state.namespaces {
            do {
                let opened = try NetworkNamespace.open(name: namespace.name, mountPath: namespace.mountPath)
                let control = try NamespaceControl.open(opened)
                var deleted: [Int32] = []
                for interface in state.interfaces where interface.namespace == namespace.name && interface.kind != "loopback" {
                    // Names, not recorded ifindexes: the topology may have changed since.
                    guard let live = try? control.route.link(named: interface.name) else { continue }
                    try control.route.deleteLink(ifindex: live.ifindex, label: "\(interface.kind) \(interface.name)")
                    deleted.append(live.ifindex)
                    removed.append("\(interface.kind) \(interface.name) in namespace \(namespace.name)")
                }
                for ifindex in deleted where !control.route.waitUntilGone(ifindex: ifindex) {
                    leftovers.append("interface #\(ifindex) in namespace \(namespace.name): still present after RTM_DELLINK")
                }
                let watchID = try NamespaceDeathWatch.shared.get().register(opened)
                try control.ioctlSocket.close()
                try opened.unpin()
                try opened.descriptor.close()
                removed.append("namespace \(namespace.name): \(namespace.mountPath)")
                watchIDs[namespace.name] = watchID
            } catch {
                leftovers.append("namespace \(namespace.name) (\(namespace.mountPath)): \(error)")
            }
        }
        // Opened here, so their sockets must be gone too before the kernel can tear them down.
        leftovers += TopologyTeardown.waitForNamespaces(watchIDs)
        do {
            try state.remove()
            removed.append("state \(TopologyState.path(for: state.id))")
        } catch {
            leftovers.append(error.description)
        }
        if !leftovers.isEmpty { throw .teardownIncomplete(leftovers) }
        return removed
    }

    /// Removes every kept object carrying netmatrix's prefix: first the kept
    /// topologies their state files name, then any pin /run/netns/netmatrix-*
    /// and state file left over (e.g. by a process killed while keeping).
    /// - Returns: what was removed and what could not be, one line each.
    public static func clean() -> (removed: [String], failed: [String]) {
        var removed: [String] = []
        var failed: [String] = []
        let (states, problems) = list()
        for state in states {
            do {
                removed += try down(state)
            } catch {
                failed.append(error.description)
            }
        }
        let pins = (try? FileManager.default.contentsOfDirectory(atPath: TopologyEngine.mountDirectory)) ?? []
        for name in pins.sorted() where name.hasPrefix(TopologyEngine.mountPrefix) {
            let path = "\(TopologyEngine.mountDirectory)/\(name)"
            do {
                try NetworkNamespace.unmount(path)
                removed.append("namespace pin \(path)")
            } catch {
                failed.append(error.description)
            }
        }
        if !problems.isEmpty {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: TopologyState.directory)) ?? []
            for name in files where name.hasSuffix(".json") {
                let path = "\(TopologyState.directory)/\(name)"
                do {
                    _ = try syscall(path, "unlink") { unlink(path) }
                    removed.append("unreadable state \(path)")
                } catch {
                    failed.append(error.description)
                }
            }
        }
        return (removed, failed)
    }
}
