#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Where a matrix's `topology:` values find their files. A value holding a `/` or
/// ending in `.yaml` is a path, relative to the matrix file's folder, `.yaml`
/// optional; any other value is a name, looked for as `<name>.yaml` in the matrix
/// file's folder and then in the shipped Netns/. Either way the cell's topology is
/// the file's base name, so cell ids and selectors never carry a path.
public struct TopologyLookup: Equatable, Sendable {
    public static let fileSuffix = ".yaml"

    /// The matrix file's folder; empty for the current folder.
    public var matrixFolder: String
    /// The shipped Netns/, when it can be found.
    public var shippedFolder: String?

    public init(matrixFolder: String, shippedFolder: String?) {
        self.matrixFolder = matrixFolder
        self.shippedFolder = shippedFolder
    }

    /// A topology value resolved: the name cells use, and its file.
    public struct Found: Equatable, Sendable {
        public var name: String
        public var path: String
    }

    /// No file for the value; names every place looked in.
    public struct NotFound: Error, Equatable, CustomStringConvertible {
        public var value: String
        public var looked: [String]

        public var description: String {
            "topology '\(value)' not found (looked for \(looked.joined(separator: ", "))); "
                + "give a topology file's path, or the name of one beside the matrix or in the shipped Netns/"
        }
    }

    public func find(_ value: String) throws(NotFound) -> Found {
        let candidates: [String]
        if value.contains("/") || value.hasSuffix(Self.fileSuffix) {
            let file = value.hasSuffix(Self.fileSuffix) ? value : value + Self.fileSuffix
            candidates = [MatrixFile.path(file, in: matrixFolder)]
        } else {
            candidates = ([matrixFolder] + (shippedFolder.map { [$0] } ?? [])).map { MatrixFile.path(value + Self.fileSuffix, in: $0) }
        }
        guard let path = candidates.first(where: { access($0, F_OK) == 0 }) else {
            throw NotFound(value: value, looked: candidates)
        }
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return Found(name: String(file.dropLast(Self.fileSuffix.count)), path: path)
    }
}
