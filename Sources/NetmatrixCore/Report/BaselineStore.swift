#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Stored runs a gate compares against. A baseline is a run's results.json
/// (raw samples and environment: kernel, CPU, SIMD level, memory-copy
/// bandwidth, plugin versions, git revision), kept as `FOLDER/NAME.json`: one
/// plain file, safe to commit or to keep as a CI artifact. The folder is
/// `Baselines/` under the working directory, or `NETMATRIX_BASELINES`.
public struct BaselineStore: Sendable {
    public var folder: String

    public init(folder: String) {
        self.folder = folder
    }

    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> BaselineStore {
        BaselineStore(folder: environment["NETMATRIX_BASELINES"].flatMap { $0.isEmpty ? nil : $0 } ?? "Baselines")
    }

    public func path(for name: String) -> String { "\(folder)/\(name).json" }

    /// Letters, digits, `.`, `-` and `_`: a name is a file name, never a path.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && name.count <= 100
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }
    }

    /// Writes the run as baseline `name`; returns its path.
    @discardableResult
    public func save(_ results: RunResults, name: String) throws(BaselineError) -> String {
        guard Self.isValidName(name) else { throw .badName(name) }
        let target = path(for: name)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try ReportWriter.encoder.encode(results).write(to: URL(fileURLWithPath: target), options: .atomic)
        } catch {
            throw .unwritable(path: target, reason: error.localizedDescription)
        }
        return target
    }

    /// A baseline by name, or any results.json by path (a name with `/` or `.json`).
    public func load(_ nameOrPath: String) throws(BaselineError) -> (path: String, results: RunResults) {
        let isPath = nameOrPath.contains("/") || nameOrPath.hasSuffix(".json")
        guard isPath || Self.isValidName(nameOrPath) else { throw .badName(nameOrPath) }
        let target = isPath ? nameOrPath : path(for: nameOrPath)
        guard let data = FileManager.default.contents(atPath: target) else {
            throw .missing(path: target, available: isPath ? [] : names())
        }
        struct Version: Decodable { var schemaVersion: Int }
        guard let version = try? JSONDecoder().decode(Version.self, from: data) else {
            throw .unreadable(path: target, reason: "not a netmatrix results document (no schemaVersion)")
        }
        guard version.schemaVersion == RunResults.currentSchemaVersion else {
            throw .unreadable(
                path: target,
                reason: "schema version \(version.schemaVersion); this netmatrix reads \(RunResults.currentSchemaVersion): record the baseline again with this build")
        }
        do {
            return (target, try JSONDecoder().decode(RunResults.self, from: data))
        } catch {
            throw .unreadable(path: target, reason: "\(error)")
        }
    }

    /// The baselines in the folder, by name.
    public func names() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }
}

public enum BaselineError: Error, Equatable, CustomStringConvertible, ExitCoded {
    case badName(String)
    case missing(path: String, available: [String])
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .badName(let name):
            "baseline \"\(name)\": a name is letters, digits, '.', '-' and '_' (or give a path to a results.json)"
        case .missing(let path, let available):
            "baseline \(path): no such file" + (available.isEmpty ? "" : "; baselines there: \(available.joined(separator: ", "))")
        case .unreadable(let path, let reason): "baseline \(path): \(reason)"
        case .unwritable(let path, let reason): "baseline \(path): write: \(reason)"
        }
    }

    public var exitStatus: ExitStatus {
        switch self {
        case .badName: .badInput
        case .missing, .unreadable: .noBaseline
        case .unwritable: .infrastructure
        }
    }
}
