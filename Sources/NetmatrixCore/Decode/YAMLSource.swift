import Yams

/// Reading an input file's text and composing it into located YAML nodes, with
/// every failure reduced to one located `FileProblem`.
enum YAMLSource {
    /// The file's text; a problem naming the operation and the kernel's reason otherwise.
    static func read(_ path: String) throws(FileProblem) -> String {
        do {
            return try TextFile.read(path)
        } catch {
            throw FileProblem(line: nil, field: error.operation, reason: error.reason)
        }
    }

    /// The text of the file at `path`, or an `InputFileError` naming it.
    static func text(of path: String) throws(InputFileError) -> String {
        do {
            return try read(path)
        } catch {
            throw InputFileError(path: path, problems: [error])
        }
    }

    /// The root node of `yaml`, or an `InputFileError` naming `path` and the syntax problem.
    static func root(of yaml: String, path: String) throws(InputFileError) -> Node? {
        do {
            return try compose(yaml)
        } catch {
            throw InputFileError(path: path, problems: [error])
        }
    }

    /// The document's root node (nil for an empty document).
    static func compose(_ yaml: String) throws(FileProblem) -> Node? {
        do {
            return try Yams.compose(yaml: yaml)
        } catch {
            throw syntaxProblem(error, yaml: yaml)
        }
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
    static func syntaxProblem(_ error: any Error, yaml: String) -> FileProblem {
        switch error as? YamlError {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let during = context.map { " (\($0.text))" } ?? ""
            return FileProblem(line: mark.line, field: "yaml", reason: "\(problem)\(during)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.sorted().first ?? "?"
            let line = repeatedKeyLine(key, after: context.mark, in: yaml)
            return FileProblem(
                line: line ?? context.mark.line, field: key,
                reason: "duplicate key in one mapping (first at line \(context.mark.line))")
        case .reader(let problem, _, _, _):
            return FileProblem(line: nil, field: "yaml", reason: problem)
        default:
            return FileProblem(line: nil, field: "yaml", reason: "\(error)")
        }
    }
}
