#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NetmatrixSystem
#if canImport(Glibc)
import Glibc
#endif

/// What a kept topology left in the system, saved as /run/netmatrix/<id>.json so
/// that `topo show`, `topo down` and `clean` can find it from another process.
public struct TopologyState: Codable, Equatable, Sendable {
    public struct Namespace: Codable, Equatable, Sendable {
        /// The logical name from the spec.
        public var name: String
        /// The bind mount, e.g. /run/netns/netmatrix-a-x3k9q1.
        public var mountPath: String
    }

    /// `<spec name>-<random6>`, e.g. `veth-x3k9q1`.
    public var id: String
    /// The spec's name.
    public var name: String
    /// The process that built it.
    public var builtBy: Int32
    /// Seconds since the epoch.
    public var builtAt: Int
    public var namespaces: [Namespace]
    public var interfaces: [InterfaceState]
    /// Routes as `namespace: destination via gateway dev device`.
    public var routes: [String]

    /// Where kept topologies' state files live.
    public static let directory = "/run/netmatrix"

    public static func path(for id: String) -> String { "\(directory)/\(id).json" }

    /// Writes the file atomically (temporary file, then rename).
    func save() throws(TopologyError) {
        do {
            try FileManager.default.createDirectory(atPath: Self.directory, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(self).write(to: URL(fileURLWithPath: Self.path(for: id)), options: .atomic)
        } catch {
            throw .unexpected("\(Self.path(for: id)): write state: \(error)")
        }
    }

    /// Reads one state file.
    public static func load(path: String) throws(TopologyError) -> TopologyState {
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return try JSONDecoder().decode(TopologyState.self, from: data)
        } catch {
            throw .unexpected("\(path): read state: \(error)")
        }
    }

    /// Removes this topology's state file; a missing file is fine.
    func remove() throws(SystemError) {
        let path = Self.path(for: id)
        do throws(SystemError) {
            _ = try syscall(path, "unlink") { unlink(path) }
        } catch where error.code == ENOENT {}
    }
}
