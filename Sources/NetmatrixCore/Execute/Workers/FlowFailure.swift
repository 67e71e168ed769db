/// Why a flow failed, in one line naming the side and the reason, e.g.
/// "receiver worker killed by SIGSEGV", "sender timed out after 10 s",
/// "bad byte at stream offset 123456: expected 0x3a got 0x3b".
public struct FlowFailure: Error, Equatable, Sendable, CustomStringConvertible, Codable {
    public enum Kind: String, Sendable, Codable {
        /// The worker died from a signal it did not get from us.
        case signal
        /// The worker was still running when its time was up.
        case timeout
        /// The worker exited without a final report.
        case earlyExit
        /// The worker could not enter its namespace or set up its socket.
        case setup
        /// wait4 failed for the worker: how it ended and its CPU time are unknown.
        case unreaped
        /// The loader refused the plugin, or it lacks the role or mode asked for: bad input.
        case pluginRefused
        /// The receiver found bytes that do not match the pattern.
        case badBytes
        /// The plugin's role function returned non-zero.
        case pluginError
        /// The receiver got a different number of bytes than the sender handed the kernel (TCP),
        /// or nothing at all (UDP).
        case byteCount

        /// The one mapping from a worker's failure to an exit code: whatever the
        /// plugin under test did (crash, hang, early exit, wrong bytes, an error
        /// return) is the code under test failing; a worker that could not be set
        /// up is the harness's; a refused plugin is bad input.
        public var exitStatus: ExitStatus {
            switch self {
            case .signal, .timeout, .earlyExit, .badBytes, .pluginError, .byteCount: .assertionFailed
            case .setup, .unreaped: .infrastructure
            case .pluginRefused: .badInput
            }
        }
    }

    /// "sender", "receiver" or "wire".
    public var side: String
    public var kind: Kind
    public var reason: String
    /// The last line the worker logged, when it helps.
    public var log: String?

    public init(side: String, kind: Kind, reason: String, log: String? = nil) {
        self.side = side
        self.kind = kind
        self.reason = reason
        self.log = log
    }

    public var description: String { reason }

    /// SIGSEGV etc. by number; the number itself for the rest.
    public static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [
            1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS",
            8: "SIGFPE", 9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2", 13: "SIGPIPE",
            14: "SIGALRM", 15: "SIGTERM", 24: "SIGXCPU", 25: "SIGXFSZ", 31: "SIGSYS",
        ]
        return names[signal] ?? "signal \(signal)"
    }
}
