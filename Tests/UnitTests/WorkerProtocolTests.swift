import Foundation
import NetmatrixABI
import NetmatrixCore
import Testing

@Suite("Worker job, report and failure texts")
struct WorkerProtocolTests {
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
