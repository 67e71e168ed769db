import Foundation
import Yams

/// Reads Netns/matrix*.yaml into a validated `MatrixSpec`, with every problem as
/// `FILE:LINE: FIELD: reason`. The plan then checks the spec as a whole (wires,
/// cell limits, assertion pairs); nothing runs until both have passed.
public enum MatrixFile {
    public struct Loaded: Sendable {
        public var spec: MatrixSpec
        /// The topologies its `topology` axis names, loaded and validated.
        public var topologies: [String: TopologySpec]
    }

    /// - Parameter shippedTopologies: the shipped Netns/, searched for topology names after the file's folder.
    public static func load(
        path: String, shippedTopologies: String? = ShippedFiles.folder(.topologies)
    ) throws(InputFileError) -> Loaded {
        try parse(yaml: try YAMLSource.text(of: path), path: path, shippedTopologies: shippedTopologies)
    }

    /// `path` names the file in messages; topologies and `plugin_path:` entries are relative to its folder.
    public static func parse(
        yaml: String, path: String, shippedTopologies: String? = ShippedFiles.folder(.topologies)
    ) throws(InputFileError) -> Loaded {
        let root = try YAMLSource.root(of: yaml, path: path)
        let folder = (path as NSString).deletingLastPathComponent
        var decoder = MatrixDecoder(lookup: TopologyLookup(matrixFolder: folder, shippedFolder: shippedTopologies))
        guard let spec = decoder.decode(root: root, path: path), decoder.problems.isEmpty else {
            throw InputFileError(path: path, problems: decoder.problems)
        }
        return Loaded(spec: spec, topologies: decoder.topologies)
    }

    /// A path written in a matrix file: absolute, or relative to the file's `folder` (empty: the current one).
    static func path(_ written: String, in folder: String) -> String {
        written.hasPrefix("/") || folder.isEmpty ? written : folder.hasSuffix("/") ? folder + written : folder + "/" + written
    }
}
