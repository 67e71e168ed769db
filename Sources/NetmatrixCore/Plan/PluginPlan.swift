/// One plugin as a cell would use it: the text the user wrote, the role it is
/// asked to play, and where it was written.
public struct PluginUse: Equatable, Sendable {
    public var text: String
    public var role: WorkerRole
    /// `FILE:LINE: FIELD` or a flag, as `PlanRefusal.place`.
    public var place: String

    public init(text: String, role: WorkerRole, place: String) {
        self.text = text
        self.role = role
        self.place = place
    }
}

/// The plan's plugin check, the same for `run` and `matrix`: every plugin a cell
/// would use is parsed, resolved to one file (no name clash), described in a
/// throwaway worker, and checked for the role, mode and option keys asked of it,
/// before any namespace is built.
public enum PluginPlan {
    /// Every refusal, one per use that fails, in the order given; each plugin
    /// file is described once however many uses name it.
    public static func refusals(_ uses: [PluginUse], in catalog: PluginCatalog) -> [PlanRefusal] {
        uses.compactMap { use in
            do {
                let spec = try PluginSpec(parsing: use.text)
                let info = try catalog.plugin(for: spec.plugin)
                try info.checkUsage(of: spec, as: use.role)
                return nil
            } catch {
                return PlanRefusal(place: use.place, reason: Self.reason(error, text: use.text))
            }
        }
    }

    /// The refusal's text, with the spec as written when the error does not show it.
    private static func reason(_ error: any Error, text: String) -> String {
        switch error {
        case let error as PluginSpec.ParseError: error.description
        default: "\(text): \(error)"
        }
    }
}
