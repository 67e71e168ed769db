import ArgumentParser
import NetmatrixCore
#if canImport(Glibc)
import Glibc
#endif
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one cell: a sender and a receiver plugin across a topology.",
        discussion: """
            Builds the topology, runs the sender and receiver plugins in worker
            processes in its endpoint namespaces (and a wire plugin between its
            TAP devices), verifies the bytes, prints goodput, CPU per side and
            µs of CPU per MB, and tears the topology down.

            Every plugin, its role, mode and options are checked before the
            topology is built, by the same plan check as `matrix`.

            Example:
              netmatrix run --topology Netns/veth.yaml \\
                --send zerocopy:sendfile --receive copy --size 64K --duration 3s
            """ + "\n\n" + ExitStatus.helpText
    )

    @Option(help: "A topology file, e.g. Netns/veth.yaml.")
    var topology: String

    @Option(help: "The sending plugin: name[:mode][,key=value...] or a path to a .so.")
    var send: String

    @Option(help: "The receiving plugin: name[:mode][,key=value...] or a path to a .so.")
    var receive: String

    @Option(help: "The wire plugin, for topologies with a wire (tap; default copy there), refused on any other.")
    var wire: String?

    @Option(help: "Bytes per send call, e.g. 64K.")
    var size: String = "64K"

    @Option(help: "How long to send, e.g. 3s or 500ms (default 3s).")
    var duration: String?

    @Option(help: "Send exactly this many bytes instead of for a duration, e.g. 1G: a whole number of --size messages.")
    var bytes: String?

    @Option(name: .customLong("protocol"), help: "tcp or udp.")
    var transport: String = "tcp"

    @Option(help: "sampled (a window per 4 KiB and both ends of each delivery), full, or off.")
    var verify: String = "sampled"

    @Option(help: "Pin the workers: any, same (one CPU) or split (sender and receiver on two CPUs).")
    var cpus: String = "any"

    @Flag(help: "Use the receiver's IPv6 address.")
    var ipv6 = false

    @Flag(help: "Print the result as JSON.")
    var json = false

    @OptionGroup var search: PluginSearchOptions

    func validate() throws {
        guard TransportProtocol(rawValue: transport) != nil else { throw ValidationError("--protocol must be tcp or udp") }
        guard VerificationLevel(rawValue: verify) != nil else { throw ValidationError("--verify must be sampled, full or off") }
        guard ByteCount.parse(size) != nil else { throw ValidationError("--size \"\(size)\": expected e.g. 64K") }
        if let bytes {
            guard let count = ByteCount.parse(bytes) else { throw ValidationError("--bytes \"\(bytes)\": expected e.g. 1G") }
            if let problem = CellRequest.Budget.wholeMessagesProblem(bytes: UInt64(count), messageSize: ByteCount.parse(size) ?? 1) {
                throw ValidationError("--bytes \(bytes) with --size \(size): \(problem)")
            }
        }
        if bytes != nil, duration != nil { throw ValidationError("--bytes and --duration: give one; a cell sends for a duration or a byte count") }
        do { _ = try DurationText(parsing: duration ?? "3s") } catch { throw ValidationError("--duration: \(error)") }
        guard CPUPlacement(rawValue: cpus) != nil else {
            throw ValidationError("--cpus must be \(CPUPlacement.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        try exitingWithStatus("run") {
            // The plan, before anything is built: the topology file, the wire it needs
            // or lacks, the cell's limits, and the plugins (`PluginPlan`, as `matrix` checks them).
            let spec = try TopologyFile.load(path: topology)
            let wireText: String?
            if spec.endpoints.wire.isEmpty {
                if let wire {
                    throw PlanRefusal(
                        place: "--wire \(wire)",
                        reason: "topology \(spec.name) (\(topology)) has no wire: its endpoints join no TAP pair")
                }
                wireText = nil
            } else {
                wireText = wire ?? "copy"
            }
            let family: Int32 = ipv6 ? AF_INET6 : AF_INET
            guard spec.endpoints.receiverAddresses.contains(where: { $0.family == family }) else {
                throw PlanRefusal(
                    place: ipv6 ? "--ipv6" : "--topology \(topology)",
                    reason: "topology \(spec.name) (\(topology)): the receiver has no \(ipv6 ? "IPv6" : "IPv4") address")
            }
            let senderSpec = try PluginSpec(parsing: send)
            let receiverSpec = try PluginSpec(parsing: receive)
            let wireSpec = try wireText.map { text throws(PluginSpec.ParseError) in try PluginSpec(parsing: text) }
            var planned = CellRequest(receiverAddress: "", sender: senderSpec, receiver: receiverSpec)
            try configure(&planned)
            try CellRunner.validate(planned)
            guard let executable = WorkerExecutable.locate() else { throw CellRunner.RunError.noExecutable }
            let catalog = PluginCatalog(searchPath: search.searchPath, inspector: PluginInspector(executable: executable))
            var uses = [PluginUse(text: send, role: .send, place: "--send"), PluginUse(text: receive, role: .receive, place: "--receive")]
            if let wireText { uses.append(PluginUse(text: wireText, role: .wire, place: wire == nil ? "--wire (default)" : "--wire")) }
            let refusals = PluginPlan.refusals(uses, in: catalog)
            for refusal in refusals.dropLast() { printError("netmatrix run: \(refusal)") }
            if let last = refusals.last { throw last }

            try PrivilegedExecution.enter()
            let runner = CellRunner(executable: executable, searchPath: search.searchPath)
            let running = try TopologyEngine.up(spec)
            defer { try? running.down() }
            var request = try CellRequest(topology: running, sender: senderSpec, receiver: receiverSpec, wire: wireSpec, ipv6: ipv6)
            try configure(&request)
            let result = try runner.run(request)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
            } else {
                print(CellResultText.lines(result, topology: spec.name, request: request).joined(separator: "\n"))
            }
            if !result.passed { throw ExitCode(result.exitStatus.rawValue) }
        }
    }

    /// The flags' part of the cell: transport, verification, message size, budget.
    private func configure(_ request: inout CellRequest) throws(DurationText.ParseError) {
        request.transport = TransportProtocol(rawValue: transport) ?? .tcp
        request.verification = VerificationLevel(rawValue: verify) ?? .sampled
        request.placement = CPUPlacement(rawValue: cpus) ?? .any
        request.messageSize = ByteCount.parse(size) ?? 65536
        if let bytes, let count = ByteCount.parse(bytes) {
            request.budget = .bytes(UInt64(count))
        } else {
            request.budget = .duration(seconds: try DurationText(parsing: duration ?? "3s").seconds)
        }
    }
}

/// The human-readable result of one cell.
enum CellResultText {
    static func lines(_ result: CellResult, topology: String, request: CellRequest) -> [String] {
        var lines: [String] = []
        let sender = request.sender?.description ?? "reference"
        let receiver = request.receiver?.description ?? "reference"
        let address = request.receiverAddress.contains(":") ? "[\(request.receiverAddress)]" : request.receiverAddress
        var cell = "cell      \(topology) \(request.transport.rawValue) to \(address):\(request.port), \(sender) -> \(receiver), \(request.messageSize) B messages"
        if let wire = request.wire { cell += ", wire \(wire.plugin)" }
        lines.append(cell)
        // A failed cell's figures measure a broken transfer, not the data path: none are shown.
        guard result.failures.isEmpty else {
            for (label, side) in [("sender", result.sender), ("receiver", result.receiver), ("wire", result.wire)] {
                guard let side else { continue }
                lines.append("\(label.padding(toLength: 9, withPad: " ", startingAt: 0)) \(side.plugin): \(side.exit)")
            }
            return lines + result.failures.map { "FAIL      \($0.reason)" }
        }
        lines.append("goodput   \(fixed(result.goodputBitsPerSecond / 1e9)) Gbit/s (\(fixed(Double(result.bytes) / 1e9)) GB in \(fixed(result.seconds)) s)")
        for (label, side) in [("sender", result.sender), ("receiver", result.receiver), ("wire", result.wire)] {
            guard let side else { continue }
            let busy = result.seconds > 0 ? " = \(fixed(side.cpuSeconds / result.seconds * 100))% of a core" : ""
            let demand = side.microsecondsPerMB.map { ", \(fixed($0)) µs/MB" } ?? ""
            let variant = side.counters.variant.isEmpty ? "" : " [\(side.counters.variant)]"
            lines.append("\(label.padding(toLength: 9, withPad: " ", startingAt: 0)) CPU user \(fixed(side.userCPUSeconds)) s, sys \(fixed(side.systemCPUSeconds)) s\(busy)\(demand)\(variant)")
        }
        if let seconds = result.softirqThreadSeconds, seconds > 0 {
            lines.append("ksoftirqd CPU \(fixed(seconds)) s (softirq work no worker was billed for)")
        }
        if let demand = result.totalMicrosecondsPerMB { lines.append("total     \(fixed(demand)) µs of CPU per MB, every worker and ksoftirqd") }
        if let share = result.softirqShare { lines.append("softirq   \(fixed(share * 100))% of all CPU time, system-wide") }
        let counters = result.sender?.counters ?? WorkerCounters()
        if counters.zerocopyCompletions + counters.copiedCompletions > 0 {
            lines.append("zerocopy  \(counters.zerocopyCompletions) zero-copied, \(counters.copiedCompletions) copied completions")
        }
        if let mapped = result.receiver?.counters.bytesMapped, mapped > 0, result.bytes > 0 {
            lines.append("mapped    \(fixed(Double(mapped) / Double(result.bytes) * 100))% of received bytes")
        }
        if let retransmits = result.sender?.report?.retransmits { lines.append("retrans   \(retransmits) segments") }
        let cost = result.verificationMicrosecondsPerMB.map { ", cost \(fixed($0)) µs/MB" } ?? ""
        lines.append("verified  \(fixed(Double(result.bytesVerified) / 1e6)) MB (\(result.verification.rawValue))\(cost)")
        if result.failures.isEmpty {
            lines.append("result    PASS")
        } else {
            for failure in result.failures { lines.append("FAIL      \(failure.reason)") }
        }
        return lines
    }

    static func fixed(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return "\(rounded)"
    }
}
