#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NetmatrixCore
import NetmatrixSystem

/// What a topology could leave behind, captured while it is up and checked after `down()`.
struct Leftovers {
    let id: String
    let suffix: String
    let namespaceDescriptors: [Descriptor]
    let tapDescriptors: [Descriptor]

    init(_ topology: RunningTopology) {
        id = topology.id
        suffix = String(topology.id.split(separator: "-").last ?? "")
        namespaceDescriptors = topology.namespaces.values.map(\.descriptor)
        tapDescriptors = topology.taps.values.map(\.descriptor)
    }

    /// Everything that remains, one line each; empty when clean.
    var remaining: [String] {
        var found: [String] = []
        found += namespaceDescriptors.filter(\.isOpen).map { "open namespace descriptor \($0)" }
        found += tapDescriptors.filter(\.isOpen).map { "open TAP descriptor \($0)" }
        found += Self.pins(withSuffix: suffix).map { "pin \($0)" }
        if FileManager.default.fileExists(atPath: TopologyState.path(for: id)) { found.append("state \(TopologyState.path(for: id))") }
        return found
    }

    /// /run/netns/netmatrix-*-<suffix>: the pins of one topology.
    static func pins(withSuffix suffix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: TopologyEngine.mountDirectory)) ?? []
        return names.filter { $0.hasPrefix(TopologyEngine.mountPrefix) && $0.hasSuffix("-\(suffix)") }
    }
}
