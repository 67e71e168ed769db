import Foundation

/// One point of a matrix: a value on every axis, kept as the matrix file wrote it
/// (normalised), so ids and selectors compare as text.
public struct MatrixCell: Hashable, Sendable {
    public var values: [MatrixAxis: String]

    public init(values: [MatrixAxis: String]) {
        self.values = values
    }

    public subscript(axis: MatrixAxis) -> String {
        values[axis] ?? MatrixCell.defaults[axis] ?? ""
    }

    /// Values an axis takes when a block does not name it.
    public static let defaults: [MatrixAxis: String] = [
        .transport: "tcp", .wire: "none", .mtu: "default", .offloads: "on", .flows: "1",
        .cpus: CPUPlacement.any.rawValue,
    ]

    /// `veth/tcp/zerocopy:sendfile->copy/64K/mtu-default/offloads-on/flows-1`, plus `/wire-X` for
    /// tap and `/cpus-X` for pinned workers.
    public var id: String {
        var parts = [
            self[.topology], self[.transport], "\(self[.send])->\(self[.receive])", self[.size],
            "mtu-\(self[.mtu])", "offloads-\(self[.offloads])", "flows-\(self[.flows])",
        ]
        if self[.wire] != "none" { parts.append("wire-\(self[.wire])") }
        if self[.cpus] != CPUPlacement.any.rawValue { parts.append("cpus-\(self[.cpus])") }
        return parts.joined(separator: "/")
    }

    /// The cell with one axis changed.
    public func with(_ axis: MatrixAxis, _ value: String) -> MatrixCell {
        var copy = self
        copy.values[axis] = value
        return copy
    }

    /// Message size in bytes (the matrix file was validated, so it parses).
    public var messageSize: Int { ByteCount.parse(self[.size]) ?? 0 }
}

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

/// Sizes as people write them: 4096, 4K, 64KiB, 1M.
public enum ByteCount {
    public static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Int)] = [
            ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30),
        ]
        for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
            guard let value = Int(trimmed.dropLast(suffix.count)), value > 0 else { return nil }
            return value * scale
        }
        guard let value = Int(trimmed), value > 0 else { return nil }
        return value
    }
}
