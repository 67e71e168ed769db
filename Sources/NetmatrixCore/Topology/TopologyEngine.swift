import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// Builds topologies through netlink, and only through netlink: no `ip`, `tc`
/// or `ethtool` process is ever started.
public enum TopologyEngine {
    /// Where kept namespaces are pinned, as `ip netns` does.
    public static let mountDirectory = "/run/netns"
    /// Every kept object carries this prefix; `clean` removes nothing else.
    public static let mountPrefix = "netmatrix-"
    /// Characters of the random suffix in kept names and topology ids.
    public static let suffixLength = 6

    /// Builds `spec`: namespaces, then links, MTU, offloads, qdiscs, addresses,
    /// links up, routes and forwarding; then reads MTU, state and offloads back.
    ///
    /// Without `keep` every namespace is anonymous (held by descriptors only) and
    /// vanishes with the process. With `keep` each is pinned at
    /// /run/netns/netmatrix-<name>-<random6>, TAP devices are persistent, and
    /// the state is saved to /run/netmatrix/<id>.json.
    ///
    /// On any failure what was built is torn down in reverse order and the error
    /// names the object and the kernel's reason ("veth va0: RTM_NEWLINK: File exists").
    /// A missing driver or qdisc is `TopologyError.featureMissing` (see `skipReason`).
    ///
    /// `adopting` builds into namespaces the caller already holds, by logical
    /// name: the engine configures and cleans them but never closes them (a test
    /// watching from outside, or a caller reusing a namespace across cells).
    public static func up(
        _ spec: TopologySpec, keep: Bool = false, adopting: [String: NetworkNamespace] = [:]
    ) throws(TopologyError) -> RunningTopology {
        do {
            try TopologyValidator.validate(spec)
        } catch {
            throw .refused(error)
        }
        guard adopting.isEmpty || !keep else {
            throw .invalidSpec("topology \(spec.name): adopted namespaces cannot be kept")
        }
        let suffix = randomSuffix()
        let topology = RunningTopology(id: "\(spec.name)-\(suffix)", spec: spec, isKept: keep)
        topology.adopted = adopting
        do {
            try TopologyBuilder(topology: topology, suffix: suffix).build()
        } catch {
            topology.markDown()
            let leftovers = TopologyTeardown.run(topology, mode: .synchronous)
            // The build's own error comes first; what the undo could not remove is not hidden.
            guard leftovers.isEmpty else { throw .teardownIncomplete([error.description] + leftovers) }
            throw error
        }
        return topology
    }

    /// `suffixLength` characters of [a-z0-9], so that kept names do not collide.
    static func randomSuffix() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<suffixLength).map { _ in alphabet[Int(generator.next(upperBound: UInt(alphabet.count)))] })
    }
}
