import NetmatrixSystem

/// Why a topology could not be built, shown, or torn down.
///
/// Descriptions name the object, the operation and the kernel's reason, e.g.
/// `veth va0: RTM_NEWLINK: File exists`.
public enum TopologyError: Error, ExitCoded, CustomStringConvertible, Sendable {
    /// The spec failed `TopologyValidator` (an address outside the permitted
    /// ranges, a default route, an unknown namespace, a name too long): every
    /// problem, as FILE:LINE: FIELD: reason when the spec came from a file.
    case refused(InputFileError)
    /// A request the engine cannot carry out as asked (e.g. keeping adopted namespaces).
    case invalidSpec(String)
    /// A netlink request failed.
    case netlink(NetlinkError)
    /// A system call failed.
    case system(SystemError)
    /// The kernel lacks a driver or qdisc the spec needs, e.g. the dummy driver.
    /// `reason` carries the failed request and the kernel's answer, e.g.
    /// "RTM_NEWLINK: Operation not supported".
    case featureMissing(feature: String, object: String, reason: String)
    /// Teardown left something behind; each string names it and why.
    case teardownIncomplete([String])
    /// A kept topology of that id does not exist.
    case unknownTopology(String)
    /// Anything else a namespace thread threw, described.
    case unexpected(String)

    public var exitStatus: ExitStatus {
        switch self {
        case .refused, .invalidSpec, .unknownTopology: .badInput
        case .featureMissing: .nothingRan
        case .netlink, .system, .teardownIncomplete, .unexpected: .infrastructure
        }
    }

    /// True when the cause is a missing kernel feature: a caller skips, with
    /// `skipReason`, rather than fails.
    public var isMissingFeature: Bool {
        if case .featureMissing = self { return true }
        return false
    }

    /// For a missing feature: "kernel has no dummy driver (RTM_NEWLINK: Operation not supported)".
    public var skipReason: String? {
        guard case .featureMissing(let feature, _, let reason) = self else { return nil }
        return "kernel has no \(feature) (\(reason))"
    }

    public var description: String {
        switch self {
        case .refused(let error): error.description
        case .invalidSpec(let message): message
        case .netlink(let error): error.description
        case .system(let error): error.description
        case .featureMissing(let feature, let object, let reason): "\(object): kernel has no \(feature) (\(reason))"
        case .teardownIncomplete(let leftovers): "teardown incomplete: " + leftovers.joined(separator: "; ")
        case .unknownTopology(let id): "no kept topology with id \(id)"
        case .unexpected(let message): message
        }
    }

    /// Wraps whatever a namespace-thread closure threw.
    static func wrapping(_ error: any Error) -> TopologyError {
        switch error {
        case let error as TopologyError: error
        case let error as NetlinkError: .netlink(error)
        case let error as SystemError: .system(error)
        case let error as NamespaceThread.Failure: .system(error.underlying)
        default: .unexpected(String(describing: error))
        }
    }
}
