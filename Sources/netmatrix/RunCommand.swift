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

    @Option(help: "A topology file, e.g. Netns/veth.yaml, or a shipped topology's name, e.g. veth.")
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

    @Flag(help: "Print what each worker and its plugin logged (stderr), also when the cell passes.")
    var showLogs = false

    @OptionGroup var search: PluginSearchOptions

    func validate() throws {
        guard TransportProtocol(rawValue: transport) != nil else { throw ValidationError("--protocol must be tcp or udp") }
        guard VerificationLevel(rawValue: verify) != nil else { throw ValidationError("--verify must be sampled, full or off") }
        guard ByteCount.parse(size) != nil else { throw ValidationError("--size \"\(size)\": expected e.g. 64K") }
        if let bytes {
            guard let count = ByteCount.parse(bytes) else { throw ValidationError("--bytes \"\(bytes)\": expected e.g. 1G") }
            if let problem = FlowRequest.Budget.wholeMessagesProblem(bytes: UInt64(count), messageSize: ByteCount.parse(size) ?? 1) {
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
            // Decode: the topology file (a path, or a name looked up as a matrix
            // file in the working folder would look it up) and the flags.
            let found: TopologyLookup.Found
            do throws(TopologyLookup.NotFound) {
                found = try TopologyLookup(matrixFolder: "", shippedFolder: ShippedFiles.folder(.topologies)).find(topology)
            } catch {
                throw PlanRefusal(place: "--topology", reason: error.description)
            }
            let spec = try TopologyFile.load(path: found.path)
            var limits = FlowRequest(receiverAddress: "", sender: nil, receiver: nil)
            try configure(&limits)
            let family: Int32 = ipv6 ? AF_INET6 : AF_INET
            guard spec.endpoints.receiverAddresses.contains(where: { $0.family == family }) else {
                throw PlanRefusal(
                    place: ipv6 ? "--ipv6" : "--topology \(topology)",
                    reason: "topology \(spec.name) (\(topology)): the receiver has no \(ipv6 ? "IPv6" : "IPv4") address")
            }
            // Plan: everything refusable refused, by the same `MatrixPlan` as `matrix`.
            let plan: MatrixPlan
            do throws(MatrixPlan.Failure) {
                plan = try MatrixPlan.oneCell(
                    topology: spec, path: topology, send: send, receive: receive, wire: wire, limits: limits,
                    searchPath: search.searchPath)
            } catch {
                guard case .refused(let refusals) = error, let last = refusals.last else { throw error }
                for refusal in refusals.dropLast() { printError("netmatrix run: \(refusal)") }
                throw last
            }

            // Execute and evaluate: one sample of the one cell.
            try PrivilegedExecution.enter()
            let execution = plan.execute(
                verification: limits.verification, ipv6: ipv6, showLogs: showLogs, memoryCopyBytesPerSecond: MemoryCopyProbe().measure())
            for leftover in execution.leftovers { printError("netmatrix run: teardown: \(leftover)") }
            guard let record = execution.outcome.cells.first else { throw ExitCode(ExitStatus.infrastructure.rawValue) }

            // Report: the cell as results.json holds it, or as lines.
            if json {
                print(try ReportWriter.json(record))
            } else {
                print(CellText.lines(record, verification: limits.verification, ipv6: ipv6).joined(separator: "\n"))
            }
            let status = execution.outcome.exitStatus
            if status != .success { throw ExitCode(status.rawValue) }
        }
    }

    /// The flags' part of the cell: transport, verification, message size, budget.
    private func configure(_ request: inout FlowRequest) throws(DurationText.ParseError) {
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
