import Foundation
import NetmatrixABI
import NetmatrixCore
import Testing

@Suite("Worker job, report and failure texts")
struct WorkerProtocolTests {
    /// What the two builds of a same-run gate must agree on, field by field.
    /// When this changes, bump `WorkerProtocol.version` and write the new shape here.
    static let protocolShape = [
        "2",
        "WorkerJob: role pluginPath mode options transport address port messageSize payloadSize durationNanoseconds byteBudget verification socketBufferSize stopAfterBytes abortiveClose connectTimeoutNanoseconds mtu vnetHeaderSize lifetimeLimitSeconds cpu descriptors",
        "Descriptors: report namespace listeningSocket taps",
        "WorkerReport: kind setupError pluginRefused plugin pluginStatus pluginError counters bytesDelivered bytesVerified datagrams mismatch firstBadOffset verificationNanoseconds transferStartNanoseconds transferEndNanoseconds firstDeliveryNanoseconds lastDeliveryNanoseconds strayDescriptors retransmits stopReason allowedCPUs pluginCounters",
        "WorkerCounters: bytes messages zerocopyCompletions copiedCompletions bytesMapped bytesCopied framesAToB framesBToA checksumsCompleted variant",
        "Slots: 3 4 5 6",
    ]

    @Test func theProtocolsShapeIsPinnedToItsVersion() {
        func fields(_ value: Any) -> String { Mirror(reflecting: value).children.compactMap(\.label).joined(separator: " ") }
        let job = WorkerJob(role: .send, pluginPath: nil, descriptors: .init(report: 3))
        let shape = [
            "\(WorkerProtocol.version)",
            "WorkerJob: " + fields(job),
            "Descriptors: " + fields(job.descriptors),
            "WorkerReport: " + fields(WorkerReport(kind: .final)),
            "WorkerCounters: " + fields(WorkerCounters()),
            "Slots: \(SpawnedWorker.Slot.report) \(SpawnedWorker.Slot.namespace) \(SpawnedWorker.Slot.listeningSocket) \(SpawnedWorker.Slot.firstTap)",
        ]
        #expect(shape == Self.protocolShape, "the worker protocol changed: bump WorkerProtocol.version and pin the new shape")
    }

    @Test func anotherBuildIsRefusedUnlessItsWorkersSpeakThisVersion() throws {
        let folder = NSTemporaryDirectory() + "netmatrix-protocol-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        func build(_ name: String, _ script: String) throws -> String {
            let path = folder + "/" + name
            try ("#!/bin/sh\n" + script + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            chmod(path, 0o755)
            return path
        }
        let same = try build("same", "echo \(WorkerProtocol.version)")
        #expect(try WorkerProtocol.version(of: same) == WorkerProtocol.version)
        #expect(throws: Never.self) { try WorkerProtocol.checkCompatible(same) }

        let newer = try build("newer", "echo \(WorkerProtocol.version + 1)")
        #expect {
            try WorkerProtocol.checkCompatible(newer)
        } throws: { error in
            "\(error)" == "\(newer): its workers speak protocol \(WorkerProtocol.version + 1), this build's speak \(WorkerProtocol.version); build both from revisions with the same protocol version"
        }
        let older = try build("older", "echo 'Error: Unknown option --protocol-version' >&2; exit 64")
        #expect {
            try WorkerProtocol.checkCompatible(older)
        } throws: { error in
            "\(error)".contains("reports no worker protocol version") && (error as? WorkerProtocol.Mismatch)?.exitStatus == .badInput
        }
    }

    @Test func jobSurvivesItsJSONTrip() throws {
        var job = WorkerJob(role: .receive, pluginPath: "/x/libnetmatrix-plugin-copy.so", descriptors: .init(report: 3, namespace: 4))
        job.mode = "splice"
        job.options = "a=1,b=2"
        job.transport = .udp
        job.address = "fd00::2"
        job.durationNanoseconds = 1_500_000_000
        job.stopAfterBytes = 1 << 20
        let decoded = try JSONDecoder().decode(WorkerJob.self, from: JSONEncoder().encode(job))
        #expect(decoded == job)
    }

    @Test func reportMeasuresWallTimeFromItsTimestamps() {
        var report = WorkerReport(kind: .final)
        report.transferStartNanoseconds = 1_000
        report.transferEndNanoseconds = 4_000
        #expect(report.wallNanoseconds == 3_000)
        report.transferEndNanoseconds = 0
        #expect(report.wallNanoseconds == 0)
    }

    @Test func signalsHaveTheirNames() {
        #expect(FlowFailure.signalName(SIGSEGV) == "SIGSEGV")
        #expect(FlowFailure.signalName(SIGABRT) == "SIGABRT")
        #expect(FlowFailure.signalName(63) == "signal 63")
    }

    @Test func aRefusedPluginIsBadInputAndOtherFailuresAreDataPathFailures() {
        var result = FlowResult(
            failures: [], bytes: 1, bytesVerified: 1, seconds: 1, goodputBitsPerSecond: 8, sender: nil, receiver: nil,
            wire: nil, softirqShare: nil, verification: .full, verificationNanoseconds: 1000
        )
        #expect(result.exitStatus == .success)
        result.failures = [FlowFailure(side: "receiver", kind: .badBytes, reason: "bad byte")]
        #expect(result.exitStatus == .assertionFailed)
        result.failures.append(FlowFailure(side: "sender", kind: .pluginRefused, reason: "refused"))
        #expect(result.exitStatus == .badInput)
        // A crashing, hanging or vanishing plugin worker is the code under test failing, in run as in matrix.
        for kind in [FlowFailure.Kind.signal, .timeout, .earlyExit, .pluginError, .byteCount] {
            result.failures = [FlowFailure(side: "receiver", kind: kind, reason: kind.rawValue)]
            #expect(result.exitStatus == .assertionFailed, "\(kind)")
            #expect(CellProblem.Kind.failing(kind.exitStatus) == .dataPath, "\(kind)")
        }
        // A worker that cannot enter its namespace or set up its socket is the harness's.
        result.failures = [FlowFailure(side: "receiver", kind: .setup, reason: "setns")]
        #expect(result.exitStatus == .infrastructure)
    }

    @Test func aByteBudgetMustBeWholeMessagesOrItIsRefusedBeforeAnyWorker() throws {
        #expect(FlowRequest.Budget.wholeMessagesProblem(bytes: 983_040, messageSize: 65536) == nil)
        #expect(FlowRequest.Budget.wholeMessagesProblem(bytes: 1_000_001, messageSize: 65536)
            == "1000001 bytes is not a whole number of 65536-byte messages: senders send whole messages, so the cell would send 1048576; ask for 983040 or 1048576")
        #expect(FlowRequest.Budget.wholeMessagesProblem(bytes: 1000, messageSize: 65536)?.hasSuffix("ask for 65536") == true)
        // Refused before anything is spawned: the executable does not even exist.
        let runner = FlowRunner(executable: "/nonexistent/netmatrix", searchPath: PluginSearchPath())
        let request = FlowRequest(receiverAddress: "198.18.0.2", sender: nil, receiver: nil, budget: .bytes(1_000_001))
        do {
            _ = try runner.run(request)
            Issue.record("a budget of 1000001 bytes in 65536-byte messages was accepted")
        } catch {
            #expect(error.exitStatus == .badInput)
            #expect(error.description.hasPrefix("cell: byte budget: 1000001 bytes is not a whole number of 65536-byte messages"), "\(error)")
        }
    }

    @Test func theLoaderReadsTheDescriptorUpToTheWireFunction() {
        #expect(PluginLoader.descriptorBytesRead == nm_abi_offsetof_descriptor_wire() + MemoryLayout<nm_role_fn?>.size)
        #expect(PluginLoader.descriptorBytesRead <= MemoryLayout<nm_plugin_descriptor>.size)
    }

    @Test func searchPathReadsTheEnvironmentAndKeepsOrder() {
        let search = PluginSearchPath.standard(explicitPaths: ["/opt/a.so"], environment: ["NETMATRIX_PLUGIN_PATH": "/one:/two::"])
        #expect(search.environmentFolders == ["/one", "/two"])
        #expect(search.explicitPaths == ["/opt/a.so"])
        #expect(Array(search.folders.prefix(2)) == ["/one", "/two"])
    }
}
