import Yams

/// Reads Netns/*.yaml topology files into validated `TopologySpec`s.
///
/// Nothing is created here: a spec that comes back has passed every check, and
/// one that does not throws every problem as `FILE:LINE: FIELD: reason`.
public enum TopologyFile {
    /// Reads, parses and validates the file at `path`.
    public static func load(path: String) throws(TopologyFileError) -> TopologySpec {
        let yaml: String
        do {
            yaml = try TextFile.read(path)
        } catch {
            throw TopologyFileError(path: path, problems: [TopologyProblem(line: nil, field: error.operation, reason: error.reason)])
        }
        return try parse(yaml: yaml, path: path)
    }

    /// Parses and validates YAML text; `path` only names it in messages and `sourcePath`.
    public static func parse(yaml: String, path: String) throws(TopologyFileError) -> TopologySpec {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw TopologyFileError(path: path, problems: [syntaxProblem(error, yaml: yaml)])
        }
        var decoder = TopologyDecoder()
        let decoded = decoder.decode(root: root, path: path)
        guard let spec = decoded, decoder.problems.isEmpty else {
            throw TopologyFileError(path: path, problems: decoder.problems)
        }
        let problems = TopologyValidator.problems(in: spec, sourceMap: decoder.sourceMap)
        guard problems.isEmpty else { throw TopologyFileError(path: path, problems: problems) }
        return spec
    }

    /// Yams points at a duplicate key's first occurrence; the repeat, at the same
    /// column further down, is the line to edit.
    private static func repeatedKeyLine(_ key: String, after mark: Mark, in yaml: String) -> Int? {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let column = mark.column - 1
        for index in mark.line..<lines.count {
            let line = Array(lines[index].unicodeScalars)
            guard line.count > column, line[..<column].allSatisfy({ $0 == " " || $0 == "-" }) else { continue }
            let rest = String(String.UnicodeScalarView(line[column...]))
            if rest.hasPrefix("\(key):") || rest.hasPrefix("\(key) :") { return index + 1 }
        }
        return nil
    }

    /// Yams' own error, reduced to one line at the place libyaml stopped.
    private static func syntaxProblem(_ error: any Error, yaml: String) -> TopologyProblem {
        switch error as? YamlError {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let during = context.map { " (\($0.text))" } ?? ""
            return TopologyProblem(line: mark.line, field: "yaml", reason: "\(problem)\(during)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.sorted().first ?? "?"
            let line = repeatedKeyLine(key, after: context.mark, in: yaml)
            return TopologyProblem(
                line: line ?? context.mark.line, field: key,
                reason: "duplicate key in one mapping (first at line \(context.mark.line))")
        case .reader(let problem, _, _, _):
            return TopologyProblem(line: nil, field: "yaml", reason: problem)
        default:
            return TopologyProblem(line: nil, field: "yaml", reason: "\(error)")
        }
    }
}
