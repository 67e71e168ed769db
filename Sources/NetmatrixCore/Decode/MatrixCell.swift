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
