import Yams

/// Reads Netns/*.yaml topology files into validated `TopologySpec`s.
///
/// Nothing is created here: a spec that comes back has passed every check, and
/// one that does not throws every problem as `FILE:LINE: FIELD: reason`.
public enum TopologyFile {
    /// Reads, parses and validates the file at `path`.
    public static func load(path: String) throws(InputFileError) -> TopologySpec {
        try parse(yaml: try YAMLSource.text(of: path), path: path)
    }

    /// Parses and validates YAML text; `path` only names it in messages and `sourcePath`.
    public static func parse(yaml: String, path: String) throws(InputFileError) -> TopologySpec {
        let root = try YAMLSource.root(of: yaml, path: path)
        var decoder = TopologyDecoder()
        let decoded = decoder.decode(root: root, path: path)
        guard let spec = decoded, decoder.problems.isEmpty else {
            throw InputFileError(path: path, problems: decoder.problems)
        }
        try TopologyValidator.validate(spec)
        return spec
    }
}
