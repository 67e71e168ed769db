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

    public static func load(path: String) throws(InputFileError) -> Loaded {
        try parse(yaml: try YAMLSource.text(of: path), path: path)
    }

    /// `path` names the file in messages; topologies are looked up beside it.
    public static func parse(yaml: String, path: String) throws(InputFileError) -> Loaded {
        let root = try YAMLSource.root(of: yaml, path: path)
        var decoder = MatrixDecoder(folder: (path as NSString).deletingLastPathComponent)
        guard let spec = decoder.decode(root: root, path: path), decoder.problems.isEmpty else {
            throw InputFileError(path: path, problems: decoder.problems)
        }
        return Loaded(spec: spec, topologies: decoder.topologies)
    }
}
