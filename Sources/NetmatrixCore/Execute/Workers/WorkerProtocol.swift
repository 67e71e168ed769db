#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// What a supervisor and its workers agree on: the job JSON (`WorkerJob`), the
/// report lines (`WorkerReport`, `PluginInfo`) and the descriptor slots. A
/// same-run gate runs another build's workers, so the two builds must speak the
/// same version of it, or a sample could be misread. Bump `version` whenever
/// any of those changes; WorkerProtocolTests pins their shape to it.
public enum WorkerProtocol {
    public static let version = 2

    /// Why another build's workers cannot be used.
    public struct Mismatch: Error, Equatable, Sendable, CustomStringConvertible, ExitCoded {
        public var executable: String
        public var reason: String
        public var description: String { "\(executable): \(reason)" }
        public var exitStatus: ExitStatus { .badInput }
    }

    /// The version `executable worker --protocol-version` reports.
    public static func version(of executable: String, timeout: Double = 10) throws(Mismatch) -> Int {
        guard access(executable, X_OK) == 0 else {
            throw Mismatch(executable: executable, reason: "not an executable file (\(String(cString: strerror(errno))))")
        }
        let worker: SpawnedWorker
        let done: Bool
        do {
            (worker, done) = try WorkerSupervisor.runToEnd(
                label: "protocol", executable: executable, arguments: ["worker", "--protocol-version"], timeout: timeout)
        } catch {
            throw Mismatch(executable: executable, reason: "could not start it: \(error)")
        }
        // The first line: a build may log after it (its stdout and stderr share the pipe).
        let first = String(decoding: worker.logTail, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        let answer = first.trimmingCharacters(in: .whitespaces)
        guard done, worker.exit?.exitCode == 0, let version = Int(answer) else {
            throw Mismatch(
                executable: executable,
                reason: "it reports no worker protocol version (`worker --protocol-version` "
                    + (done ? "said \"\(answer.prefix(80))\"" : "hung")
                    + "): not a netmatrix build, or one older than protocol version 1; this build speaks \(Self.version)")
        }
        return version
    }

    /// Refuses `executable` unless its workers speak this build's version.
    public static func checkCompatible(_ executable: String) throws(Mismatch) {
        let theirs = try version(of: executable)
        guard theirs == version else {
            throw Mismatch(
                executable: executable,
                reason: "its workers speak protocol \(theirs), this build's speak \(version); build both from revisions with the same protocol version")
        }
    }
}
