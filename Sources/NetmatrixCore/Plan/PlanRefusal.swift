/// Something the plan refuses before anything runs, at the place it was written:
/// `Netns/m.yaml:14: blocks[0].send: plugin copy: unknown option 'bogus' (...)`,
/// or `--send: ...` for a flag.
public struct PlanRefusal: Error, Equatable, Sendable, CustomStringConvertible, ExitCoded {
    /// `FILE:LINE: FIELD` for a file, the flag for a command line.
    public var place: String
    public var reason: String

    public init(place: String, reason: String) {
        self.place = place
        self.reason = reason
    }

    public var description: String { "\(place): \(reason)" }
    public var exitStatus: ExitStatus { .badInput }
}
