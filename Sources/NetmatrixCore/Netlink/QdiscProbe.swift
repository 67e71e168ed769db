/// Whether the kernel has a qdisc, found by trying: the qdisc is installed as
/// the root of `lo` in a throwaway anonymous namespace, never in the host's.
public enum QdiscProbe {
    /// nil when available; otherwise the failed request and the kernel's reason,
    /// e.g. "RTM_NEWQDISC: No such file or directory (Specified qdisc kind is unknown.)".
    public static func unavailabilityReason(_ kind: String) -> String? {
        do {
            let namespace = try NetworkNamespace.anonymous(name: "qdisc-probe")
            let control = try NamespaceControl.open(namespace)
            let loopback = try control.route.link(named: "lo")
            try RootQdisc.replace(on: control.route, kind: kind, ifindex: loopback.ifindex, interfaceName: "lo")
            return nil
        } catch let error as NetlinkError {
            return "\(error.operation): \(error.reason)"
        } catch {
            return String(describing: error)
        }
    }

    /// True when the kernel accepts `kind` (e.g. `pfifo`) as a root qdisc.
    public static func isAvailable(_ kind: String) -> Bool { unavailabilityReason(kind) == nil }
}
