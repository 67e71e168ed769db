/// A set of axis = value constraints: `{topology: veth, size: 64K}`.
public struct CellSelector: Hashable, Sendable, CustomStringConvertible {
    public var constraints: [MatrixAxis: String]

    public init(_ constraints: [MatrixAxis: String] = [:]) {
        self.constraints = constraints
    }

    public func matches(_ cell: MatrixCell) -> Bool {
        constraints.allSatisfy { cell[$0.key] == $0.value }
    }

    public var description: String {
        constraints.keys.sorted().map { "\($0.rawValue)=\(constraints[$0] ?? "")" }.joined(separator: ",")
    }
}
