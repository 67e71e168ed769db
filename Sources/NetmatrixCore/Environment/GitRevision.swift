import Foundation

/// The checkout's commit, read from .git without running git, for results.json.
public enum GitRevision {
    /// The short commit of the repository containing `folder` (searching upwards), or nil.
    public static func current(from folder: String = FileManager.default.currentDirectoryPath) -> String? {
        var url = URL(fileURLWithPath: folder)
        for _ in 0..<16 {
            let git = url.appendingPathComponent(".git")
            if let head = try? String(contentsOf: git.appendingPathComponent("HEAD"), encoding: .utf8) {
                return resolve(head.trimmingCharacters(in: .whitespacesAndNewlines), git: git).map { String($0.prefix(12)) }
            }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { break }
            url = parent
        }
        return nil
    }

    private static func resolve(_ head: String, git: URL) -> String? {
        guard head.hasPrefix("ref: ") else { return head.isEmpty ? nil : head }
        let ref = String(head.dropFirst(5))
        if let loose = try? String(contentsOf: git.appendingPathComponent(ref), encoding: .utf8) {
            return loose.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let packed = (try? String(contentsOf: git.appendingPathComponent("packed-refs"), encoding: .utf8)) ?? ""
        return packed.split(separator: "\n").first { $0.hasSuffix(" " + ref) }.map { String($0.prefix { $0 != " " }) }
    }
}
