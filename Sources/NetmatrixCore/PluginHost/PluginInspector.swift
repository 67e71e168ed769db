#if canImport(Glibc)
import Glibc
#endif

/// Reads plugin descriptors in throwaway worker processes (`netmatrix worker
/// --describe PATH`), so listing or checking a plugin runs none of its code in
/// the calling process: a plugin whose constructor crashes fails its own line.
public struct PluginInspector {
    public let executable: String
    /// How long one describing worker may take.
    public var timeout: Double = 10

    public init(executable: String) {
        self.executable = executable
    }

    /// The checked descriptor of the plugin at `path`, or why the loader refused it.
    public func describe(path: String) throws(PluginLoadError) -> PluginInfo {
        let resolved = try PluginFile.resolve(path)
        let worker: SpawnedWorker
        let done: Bool
        do {
            (worker, done) = try WorkerSupervisor.runToEnd(
                label: "describe", executable: executable, arguments: ["worker", "--describe", resolved], timeout: timeout)
        } catch {
            throw PluginLoadError(path: resolved, reason: .workerFailed("could not start a worker: \(error)"))
        }
        if let error = worker.reapError {
            throw PluginLoadError(path: resolved, reason: .workerFailed("could not reap the worker: \(error)"))
        }
        if let info = worker.final?.plugin { return info }
        if let refusal = worker.final?.setupError { throw PluginLoadError(path: resolved, reason: .refusedInWorker(refusal)) }
        let what: String
        if !done {
            what = "hung the worker for \(Int(timeout)) s"
        } else if let signal = worker.exit?.signal {
            what = "killed the worker with \(FlowFailure.signalName(signal))"
        } else {
            what = "ended the worker (status \(worker.exit?.exitCode ?? -1)) before it reported" + (worker.lastLogLine.map { ": \($0)" } ?? "")
        }
        throw PluginLoadError(path: resolved, reason: .workerFailed(what))
    }

    /// Every plugin on `searchPath`, described; a refused file or a name already
    /// taken by an earlier file is reported, not fatal.
    public func discover(_ searchPath: PluginSearchPath) -> (plugins: [PluginInfo], refusals: [PluginLoadError]) {
        var plugins: [PluginInfo] = []
        var refusals: [PluginLoadError] = []
        var seen = Set<String>()
        for file in searchPath.candidateFiles() {
            do {
                let info = try describe(path: file)
                guard seen.insert(info.file).inserted else { continue }
                if let first = plugins.first(where: { $0.name == info.name }) {
                    refusals.append(PluginLoadError(path: info.file, reason: .duplicateName(info.name, firstPath: first.file)))
                    continue
                }
                plugins.append(info)
            } catch {
                refusals.append(error)
            }
        }
        return (plugins, refusals)
    }
}
