import Yams

/// A YAML node with the path and line a message about it should name.
struct LocatedNode {
    let node: Node
    /// e.g. `links[0].ends[1].mtu`; empty for the document itself.
    let field: String
    /// The key's line for a mapping value (where `mtu:` is written), the node's own otherwise.
    let line: Int?
}

/// Reads typed values out of a composed YAML tree, recording where each field
/// sits and collecting every problem (with its line and field path) instead of
/// stopping at the first. Topology and matrix files are both read with it.
struct YAMLReader {
    private(set) var problems: [FileProblem] = []
    private(set) var sourceMap = SourceMap()

    // MARK: - Typed values

    /// The mapping's known keys, each located; unknown keys are reported with the nearest known one.
    mutating func readMapping(_ located: LocatedNode, known: [String], what: String) -> [String: LocatedNode]? {
        guard case .mapping(let mapping) = located.node else {
            mismatch(located, expected: what)
            return nil
        }
        var fields: [String: LocatedNode] = [:]
        for (keyNode, value) in mapping {
            guard case .scalar(let key) = keyNode else {
                report(line: keyNode.mark?.line, field: located.field.isEmpty ? "document" : located.field, "a key must be a plain word")
                continue
            }
            let field = join(located.field, key.string)
            guard known.contains(key.string) else {
                let hint = NearestKey.suggestion(for: key.string, among: known).map { "did you mean '\($0)'?" }
                    ?? "known keys: \(known.joined(separator: ", "))"
                report(line: keyNode.mark?.line, field: field, "unknown key; \(hint)")
                continue
            }
            let line = keyNode.mark?.line
            sourceMap.record(field, line: line)
            fields[key.string] = LocatedNode(node: value, field: field, line: line)
        }
        return fields
    }

    mutating func readRequired(_ key: String, in fields: [String: LocatedNode], of parent: LocatedNode) -> LocatedNode? {
        if let field = fields[key] { return field }
        report(line: parent.line, field: join(parent.field, key), "missing (required)")
        return nil
    }

    mutating func readList(_ located: LocatedNode, of what: String) -> [LocatedNode]? {
        guard case .sequence(let sequence) = located.node else {
            mismatch(located, expected: "a list of \(what)")
            return nil
        }
        return sequence.enumerated().map { index, node in
            let field = "\(located.field)[\(index)]"
            sourceMap.record(field, line: node.mark?.line)
            return LocatedNode(node: node, field: field, line: node.mark?.line)
        }
    }

    mutating func readString(_ located: LocatedNode) -> String? {
        guard case .scalar(let scalar) = located.node, !Self.isNull(located.node) else {
            mismatch(located, expected: "a string")
            return nil
        }
        return scalar.string
    }

    mutating func readBool(_ located: LocatedNode) -> Bool? {
        guard case .scalar(let scalar) = located.node else {
            mismatch(located, expected: "on or off")
            return nil
        }
        switch scalar.string.lowercased() {
        case "on", "true", "yes": return true
        case "off", "false", "no": return false
        default:
            report(located, "expected on or off, found '\(scalar.string)'")
            return nil
        }
    }

    mutating func readInteger(_ located: LocatedNode) -> Int? {
        guard case .scalar(let scalar) = located.node else {
            mismatch(located, expected: "a whole number")
            return nil
        }
        guard let value = Int(scalar.string) else {
            report(located, "expected a whole number, found '\(scalar.string)'")
            return nil
        }
        return value
    }

    /// `ADDRESS/LENGTH`; the length is required so that no prefix is implied.
    mutating func readPrefix(_ located: LocatedNode) -> IPPrefix? {
        guard let text = readString(located) else { return nil }
        guard text.contains("/") else {
            report(located, "'\(text)' has no prefix length; write it as ADDRESS/LENGTH, e.g. 198.18.0.1/30")
            return nil
        }
        guard let prefix = IPPrefix(text) else {
            report(located, "'\(text)' is not a CIDR prefix (ADDRESS/LENGTH, length 0-32 for IPv4, 0-128 for IPv6)")
            return nil
        }
        return prefix
    }

    /// A bare IPv4 or IPv6 address.
    mutating func readAddress(_ located: LocatedNode) -> IPAddress? {
        guard let text = readString(located) else { return nil }
        guard let address = IPAddress(text) else {
            let hint = text.contains("/") ? " (an address here, without /LENGTH)" : ""
            report(located, "'\(text)' is not an IPv4 or IPv6 address\(hint)")
            return nil
        }
        return address
    }

    // MARK: - Reporting

    mutating func mismatch(_ located: LocatedNode, expected: String) {
        report(located, "expected \(expected), found \(Self.describe(located.node))")
    }

    mutating func report(_ located: LocatedNode, _ reason: String) {
        report(line: located.line, field: located.field.isEmpty ? "document" : located.field, reason)
    }

    mutating func report(line: Int?, field: String, _ reason: String) {
        problems.append(FileProblem(line: line, field: field, reason: reason))
    }

    func join(_ parent: String, _ key: String) -> String {
        parent.isEmpty ? key : "\(parent).\(key)"
    }

    /// YAML's null: an empty value, `~` or `null`, unquoted.
    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .scalar(let scalar): isNull(node) ? "nothing" : "'\(scalar.string)'"
        case .alias: "an alias"
        }
    }
}
