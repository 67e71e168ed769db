import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// `netmatrix plugins check`: runs a plugin through every declared role and mode
/// in workers inside private namespaces, against the host's reference peer, and
/// probes what the contract promises: integrity, short writes, EINTR, peer close,
/// and stopping when should_stop says so.
/// Not planned through `MatrixPlan`: its flows pair the plugin with the reference peer and inject faults (tiny buffers, signals, peer close or reset) that no matrix cell can express.
public struct PluginConformance {
    public enum Outcome: String, Sendable, Codable {
        case pass = "PASS"
        /// The plugin broke the contract: the code under test failed.
        case fail = "FAIL"
        case skip = "SKIP"
        /// The harness could not run the check (a namespace, a worker's setup).
        case error = "ERROR"

        /// Its code in the exit-code table.
        public var exitStatus: ExitStatus {
            switch self {
            case .pass, .skip: .success
            case .fail: .assertionFailed
            case .error: .infrastructure
            }
        }

        /// A cell's failures as a check's outcome: the harness's are errors, the rest fails.
        static func of(_ status: ExitStatus) -> Outcome { status == .infrastructure ? .error : .fail }
    }

    public struct Check: Sendable, Codable, CustomStringConvertible {
        public var name: String
        public var outcome: Outcome
        public var detail: String
        public var description: String { "\(outcome.rawValue) \(name): \(detail)" }
    }

    public let runner: FlowRunner
    /// Seconds per transfer check.
    public var duration: Double = 0.5

    public init(runner: FlowRunner) {
        self.runner = runner
    }

    /// The loopback namespace every socket check runs in (198.18.0.1 on lo).
    static let loopbackAddress = "198.18.0.1"
    static let loopbackSpec = TopologySpec(
        name: "plugin-check",
        namespaces: [NamespaceSpec(name: "c")],
        links: [.loopback(InterfaceSpec(namespace: "c", name: "lo", addresses: IPPrefix("198.18.0.1/32").map { [$0] } ?? []))],
        endpoints: EndpointSpec(sender: "c", receiver: "c", receiverAddresses: IPAddress("198.18.0.1").map { [$0] } ?? [])
    )
    static func tapSpec(vnetHeader: Bool) -> TopologySpec {
        TopologySpec(
            name: "plugin-check-wire",
            namespaces: [NamespaceSpec(name: "a"), NamespaceSpec(name: "b")],
            links: [
                .tap(TapSpec(interface: InterfaceSpec(namespace: "a", name: "nmchk0", addresses: IPPrefix("198.18.0.1/30").map { [$0] } ?? []),
                             vnetHeader: vnetHeader, tunOffloads: vnetHeader ? [.checksum] : [])),
                .tap(TapSpec(interface: InterfaceSpec(namespace: "b", name: "nmchk1", addresses: IPPrefix("198.18.0.2/30").map { [$0] } ?? []),
                             vnetHeader: vnetHeader, tunOffloads: vnetHeader ? [.checksum] : [])),
            ],
            endpoints: EndpointSpec(sender: "a", receiver: "b", receiverAddresses: IPAddress("198.18.0.2").map { [$0] } ?? [], wire: ["nmchk0", "nmchk1"])
        )
    }

    /// Runs every check on a plugin already described (a plugin that cannot be
    /// loaded or described is bad input, refused before the suite), calling
    /// `report` as each check finishes; the first check says what was loaded.
    public func run(plugin: PluginInfo, report: (Check) -> Void) -> [Check] {
        var checks: [Check] = []
        func record(_ check: Check) {
            checks.append(check)
            report(check)
        }
        record(Check(name: "load", outcome: .pass, detail: "\(plugin.name) \(plugin.version), ABI \(plugin.abi), roles \(plugin.roles.joined(separator: ","))"))

        if plugin.roles.contains("send") || plugin.roles.contains("receive") {
            do {
                let topology = try TopologyEngine.up(Self.loopbackSpec)
                defer { try? topology.down() }
                guard let namespace = topology.namespaceDescriptor("c") else {
                    record(Check(name: "namespace", outcome: .error, detail: "the private namespace has no descriptor"))
                    return checks
                }
                for role in [WorkerRole.send, .receive] where plugin.roles.contains(role.rawValue) {
                    for mode in role == .send ? plugin.modes.send : plugin.modes.receive {
                        socketChecks(plugin: plugin, role: role, mode: mode, namespace: namespace).forEach(record)
                    }
                }
            } catch {
                let outcome: Outcome = error.skipReason == nil ? .error : .skip
                record(Check(name: "namespace", outcome: outcome, detail: "cannot build a private namespace: \(error)"))
            }
        }
        if plugin.roles.contains("wire") {
            for mode in plugin.modes.wire {
                for vnetHeader in [false, true] { record(wireCheck(plugin: plugin, mode: mode, vnetHeader: vnetHeader)) }
            }
        }
        return checks
    }

    /// One role and mode against the reference peer, over loopback in `namespace`.
    func socketChecks(plugin: PluginInfo, role: WorkerRole, mode: String, namespace: Descriptor) -> [Check] {
        let spec = PluginSpec(plugin: .path(plugin.file), mode: mode)
        let label = "\(role.rawValue)[\(mode.isEmpty ? "default" : mode)]"
        func request(_ transport: TransportProtocol = .tcp, budget: FlowRequest.Budget? = nil) -> FlowRequest {
            var request = FlowRequest(
                senderNamespace: namespace, receiverNamespace: namespace, receiverAddress: Self.loopbackAddress,
                transport: transport, sender: role == .send ? spec : nil, receiver: role == .receive ? spec : nil,
                messageSize: transport == .udp ? 8192 : 65536, budget: budget ?? .duration(seconds: duration), verification: .full
            )
            request.timeoutGrace = 5
            request.drainTimeout = 3
            // A byte-budget probe moves a few MiB: a plugin that hangs fails it in seconds, not the default minute.
            request.bytesTimeout = 10
            return request
        }
        var checks: [Check] = []
        func check(_ name: String, _ request: FlowRequest, judge: (FlowResult) -> (Outcome, String)? = { _ in nil }) {
            let full = "\(label) \(name)"
            do {
                let result = try runner.run(request)
                if let verdict = judge(result) {
                    // A worker the harness could not set up is an error whatever the probe concluded.
                    let outcome = verdict.0 == .fail && result.exitStatus == .infrastructure ? .error : verdict.0
                    checks.append(Check(name: full, outcome: outcome, detail: verdict.1))
                } else if let failure = result.failures.first {
                    checks.append(Check(name: full, outcome: .of(result.exitStatus), detail: failure.reason))
                } else {
                    checks.append(Check(name: full, outcome: .pass, detail: Self.summary(result)))
                }
            } catch {
                checks.append(Check(name: full, outcome: .of(error.exitStatus), detail: error.description))
            }
        }

        check("integrity tcp", request())
        // A plugin may decline UDP, but only by returning an error that says so.
        func declinedUDP(_ result: FlowResult) -> (Outcome, String)? {
            guard let failure = result.failures.first, failure.kind == .pluginError,
                let side = role == .send ? result.sender : result.receiver,
                let status = side.report?.pluginStatus, [EPROTONOSUPPORT, EOPNOTSUPP, ENOTSUP, EINVAL].contains(status)
            else { return nil }
            return (.skip, "the plugin declines UDP: \(failure.reason)")
        }
        check("integrity udp", request(.udp), judge: declinedUDP)
        var shortWrites = request()
        shortWrites.socketBufferSize = 4096
        shortWrites.interruptInterval = 0.005
        check("short writes (SO_SNDBUF/SO_RCVBUF 4096, SIGUSR1 every 5 ms)", shortWrites)
        var interrupted = request()
        interrupted.interruptInterval = 0.002
        check("EINTR (SIGUSR1 every 2 ms)", interrupted)

        // The contract: an unknown option key is an error that names the key.
        var unknownOption = request(budget: .duration(seconds: 0.2))
        let probeKey = "netmatrix-check-unknown"
        let optioned = PluginSpec(plugin: .path(plugin.file), mode: mode, options: [.init(key: probeKey, value: "1")])
        if role == .send { unknownOption.sender = optioned } else { unknownOption.receiver = optioned }
        check("rejects an unknown option", unknownOption) { result in
            let side = role == .send ? result.sender : result.receiver
            let error = side?.report?.pluginError ?? ""
            if let fatal = result.failures.first(where: { $0.kind != .pluginError && $0.side == (role == .send ? "sender" : "receiver") }) {
                return (.fail, fatal.reason)
            }
            guard (side?.report?.pluginStatus ?? 0) != 0 else { return (.fail, "accepted the unknown option \(probeKey)=1") }
            return error.contains(probeKey)
                ? (.pass, "refused: \(error)")
                : (.fail, "refused the unknown option without naming it: \"\(error)\"")
        }

        switch role {
        case .send:
            var peerClose = request()
            peerClose.receiverStopsAfter = 1 << 20
            check("peer close (receiver closes after 1 MiB)", peerClose) { result in
                // The sender may stop cleanly or report EPIPE/ECONNRESET; it must not crash or hang.
                let fatal = result.failures.first { $0.kind != .pluginError }
                if let fatal { return (.fail, fatal.reason) }
                let error = result.sender?.report?.pluginError ?? ""
                return (.pass, error.isEmpty ? "stopped cleanly" : "stopped with \"\(error)\"")
            }
            check("stops at the deadline", request()) { result in
                guard result.failures.isEmpty else { return nil }
                let reason = result.sender?.report?.stopReason
                return reason == "deadline"
                    ? (.pass, "returned after should_stop (deadline)")
                    : (.fail, "returned before should_stop said so (stop reason: \(reason ?? "none"))")
            }
        case .receive:
            var reset = request(budget: .bytes(4 << 20))
            reset.senderResets = true
            check("peer reset (sender closes with RST)", reset) { result in
                let fatal = result.failures.first { $0.kind != .pluginError && $0.kind != .byteCount }
                if let fatal { return (.fail, fatal.reason) }
                return (.pass, "returned after \(result.bytes) verified bytes")
            }
            check("stops when idle (UDP, the sender stopped)", request(.udp, budget: .duration(seconds: 0.2))) { result in
                if let declined = declinedUDP(result) { return declined }
                if let failure = result.failures.first { return (.fail, failure.reason) }
                let reason = result.receiver?.report?.stopReason ?? "none"
                return reason == "idle"
                    ? (.pass, "returned after should_stop (idle)")
                    : (.fail, "returned before should_stop said so (stop reason: \(reason))")
            }
        case .wire:
            break
        }
        return checks
    }

    /// The wire role between two TAP namespaces, reference peers on both ends.
    func wireCheck(plugin: PluginInfo, mode: String, vnetHeader: Bool) -> Check {
        let name = "wire[\(mode.isEmpty ? "default" : mode)] integrity tcp over TAP" + (vnetHeader ? " with vnet_hdr" : "")
        guard access("/dev/net/tun", R_OK | W_OK) == 0 else {
            return Check(name: name, outcome: .skip, detail: "/dev/net/tun is not accessible")
        }
        do {
            let topology = try TopologyEngine.up(Self.tapSpec(vnetHeader: vnetHeader))
            defer { try? topology.down() }
            guard let a = topology.namespaceDescriptor("a"), let b = topology.namespaceDescriptor("b"),
                let tapA = topology.tapDescriptor("nmchk0"), let tapB = topology.tapDescriptor("nmchk1")
            else { return Check(name: name, outcome: .error, detail: "the TAP topology is incomplete") }
            var request = FlowRequest(
                senderNamespace: a, receiverNamespace: b, receiverAddress: "198.18.0.2", sender: nil, receiver: nil,
                budget: .duration(seconds: duration), verification: .full
            )
            request.wire = WireSetup(
                plugin: PluginSpec(plugin: .path(plugin.file), mode: mode), namespace: a, tapA: tapA, tapB: tapB,
                vnetHeaderSize: vnetHeader ? TapDevice.vnetHeaderSize : 0, mtu: 1500
            )
            let result = try runner.run(request)
            if let failure = result.failures.first { return Check(name: name, outcome: .of(result.exitStatus), detail: failure.reason) }
            let frames = (result.wire?.counters.framesAToB ?? 0) + (result.wire?.counters.framesBToA ?? 0)
            return Check(name: name, outcome: .pass, detail: Self.summary(result) + ", \(frames) frames")
        } catch let error as TopologyError {
            return Check(name: name, outcome: error.skipReason == nil ? .error : .skip, detail: "\(error)")
        } catch let error as FlowRunner.RunError {
            return Check(name: name, outcome: .of(error.exitStatus), detail: "\(error)")
        } catch {
            return Check(name: name, outcome: .error, detail: "\(error)")
        }
    }

    static func summary(_ result: FlowResult) -> String {
        let megabytes = Double(result.bytesVerified) / 1e6
        let gigabits = result.goodputBitsPerSecond / 1e9
        return "\(format(megabytes)) MB verified, \(format(gigabits)) Gbit/s"
    }

    static func format(_ value: Double) -> String {
        let scaled = (value * 100).rounded() / 100
        return "\(scaled)"
    }
}
