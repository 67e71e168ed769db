import CNetmatrixShims
import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// What this kernel offers netmatrix, each answer with how it was probed.
///
/// Probed once per run; the matrix skips a cell whose feature is missing, with
/// the probe's reason, and never fails the run for an optional feature.
public struct KernelFeatures: Equatable, Sendable, Codable {
    /// `uname -r`.
    public var release: String
    public var links: NamespaceProbes
    /// MSG_ZEROCOPY: SO_ZEROCOPY accepted on a TCP socket.
    public var msgZerocopy: FeatureProbe
    /// TCP_ZEROCOPY_RECEIVE known to getsockopt.
    public var tcpZerocopyReceive: FeatureProbe
    public var ioUring: FeatureProbe
    /// Unprivileged user namespaces: what rootless mode needs.
    public var userNamespaces: FeatureProbe
    /// Hardware cycle counters (perf_event_open); absent means cycles-per-byte is not reported.
    public var hardwareCounters: FeatureProbe

    /// Runs every probe. Link, qdisc and TAP probes run in a throwaway network
    /// namespace; the rest only open sockets or query the kernel.
    public static func probe() -> KernelFeatures {
        KernelFeatures(
            release: kernelRelease(), links: NamespaceProbes.probe(),
            msgZerocopy: probeMsgZerocopy(), tcpZerocopyReceive: probeTCPZerocopyReceive(),
            ioUring: probeIOUring(), userNamespaces: probeUserNamespaces(), hardwareCounters: probeHardwareCounters()
        )
    }

    /// Network namespaces and veth: without them nothing can run.
    public var coreRequirementsMet: Bool { links.networkNamespace.available && links.veth.available }

    /// Every probe under its listed name, in a stable order.
    public var all: [NamedFeatureProbe] {
        [
            NamedFeatureProbe("netns", links.networkNamespace),
            NamedFeatureProbe("veth", links.veth),
            NamedFeatureProbe("bridge", links.bridge),
            NamedFeatureProbe("dummy", links.dummy),
            NamedFeatureProbe("tun", links.tun),
            NamedFeatureProbe("tun-access", links.tunDeviceAccess),
        ] + links.qdiscs + [
            NamedFeatureProbe("msg-zerocopy", msgZerocopy),
            NamedFeatureProbe("tcp-zerocopy-receive", tcpZerocopyReceive),
            NamedFeatureProbe("io_uring", ioUring),
            NamedFeatureProbe("user-namespaces", userNamespaces),
            NamedFeatureProbe("hw-counters", hardwareCounters),
        ]
    }

    // MARK: - Probes

    static func kernelRelease() -> String {
        var names = utsname()
        guard (try? syscall("kernel", "uname") { uname(&names) }) != nil else { return "unknown" }
        return withUnsafeBytes(of: &names.release) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    /// A TCP socket of the caller's namespace; creating one touches nothing.
    private static func tcpSocket() throws(SystemError) -> Descriptor {
        let fd = try syscall("TCP socket", "socket") { socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        return Descriptor(adopting: fd, label: "TCP socket")
    }

    static func probeMsgZerocopy() -> FeatureProbe {
        let how = "setsockopt(SO_ZEROCOPY, 1) on a TCP socket"
        do {
            let socket = try tcpSocket()
            defer { socket.closeOrWarn() }
            _ = try syscall("TCP socket", "setsockopt(SO_ZEROCOPY)") { nm_probe_so_zerocopy(socket.rawValue) }
            return .yes(how, "to local sockets (loopback, veth, tun) completions report deferred copies")
        } catch {
            return .no(how, error.description)
        }
    }

    static func probeTCPZerocopyReceive() -> FeatureProbe {
        let how = "getsockopt(TCP_ZEROCOPY_RECEIVE) on an unconnected TCP socket (any answer but ENOPROTOOPT means known)"
        let wholePages = "pages map only for whole-page payloads (a 15-page MSS: lo at MTU 61492 over IPv4, 61512 over IPv6; or MSS 4108)"
        do {
            let socket = try tcpSocket()
            defer { socket.closeOrWarn() }
            _ = try syscall("TCP socket", "getsockopt(TCP_ZEROCOPY_RECEIVE)") { nm_probe_tcp_zerocopy_receive(socket.rawValue) }
            return .yes(how, wholePages)
        } catch {
            if error.code == ENOPROTOOPT { return .no(how, error.description) }
            return .yes(how, "answered \(error.reason); \(wholePages)")
        }
    }

    static func probeIOUring() -> FeatureProbe {
        let how = "io_uring_setup(1 entry)"
        do {
            _ = try syscall("io_uring", "io_uring_setup") { nm_probe_io_uring() }
            return .yes(how)
        } catch {
            let disabled = TextFile.firstLine("/proc/sys/kernel/io_uring_disabled")
            if error.code == ENOSYS { return .no(how, "\(error): the kernel has no io_uring (CONFIG_IO_URING)") }
            if let disabled, disabled != "0", error.code == EPERM {
                return .no(how, "\(error): sysctl kernel.io_uring_disabled=\(disabled) (0 enables it)")
            }
            return .no(how, error.description)
        }
    }

    /// Forks a child that tries unshare(CLONE_NEWUSER|CLONE_NEWNET), as nobody when
    /// we are real root, so the answer is what an unprivileged user would get.
    static func probeUserNamespaces() -> FeatureProbe {
        let asNobody = geteuid() == 0 && !Rootless.isActive
        let how = "fork + \(asNobody ? "setresuid(65534) + " : "")unshare(CLONE_NEWUSER|CLONE_NEWNET)"
        do {
            let answer = try syscall("user namespace", "unshare(CLONE_NEWUSER)") { nm_probe_user_namespace(asNobody ? 1 : 0) }
            if answer == -2 { return .no(how, "the probe child died or could not become nobody before it could try") }
            let limit = TextFile.firstLine("/proc/sys/user/max_user_namespaces").map { "user.max_user_namespaces=\($0)" }
            return .yes(how, limit)
        } catch {
            return .no(how, RootlessError.advice(forUnshareError: error.code))
        }
    }

    static func probeHardwareCounters() -> FeatureProbe {
        let how = "perf_event_open(PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES) for this thread"
        do {
            _ = try syscall("cycles counter", "perf_event_open") { nm_probe_hardware_cycles() }
            return .yes(how)
        } catch {
            switch error.code {
            case ENOENT, EOPNOTSUPP, ENODEV:
                return .no(how, "\(error): no hardware performance counters (a VM without a vPMU?); cycles per byte is not reported")
            case EACCES, EPERM:
                let paranoid = TextFile.firstLine("/proc/sys/kernel/perf_event_paranoid") ?? "?"
                return .no(how, "\(error): kernel.perf_event_paranoid=\(paranoid) forbids it for this user")
            default:
                return .no(how, error.description)
            }
        }
    }
}
