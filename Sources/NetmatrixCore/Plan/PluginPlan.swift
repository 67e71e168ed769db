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
    /// What the check found: each plugin text a cell uses, resolved to its checked
    /// file (`PluginSpec.Reference.path`), and every refusal, one per use that
    /// fails, in the order given. Each file is described once however many uses name it.
    public struct Checked {
        public var plugins: [String: PluginSpec]
        public var refusals: [PlanRefusal]
    }

    public static func check(_ uses: [PluginUse], in catalog: PluginCatalog) -> Checked {
        var checked = Checked(plugins: [:], refusals: [])
        for use in uses {
            do {
                var spec = try PluginSpec(parsing: use.text)
                let info = try catalog.plugin(for: spec.plugin)
                try info.checkUsage(of: spec, as: use.role)
                spec.plugin = .path(info.file)
                checked.plugins[use.text] = spec
            } catch {
                checked.refusals.append(PlanRefusal(place: use.place, reason: Self.reason(error, text: use.text)))
            }
        }
        return checked
    }

    /// The refusal's text, with the spec as written when the error does not show it.
    private static func reason(_ error: any Error, text: String) -> String {
        switch error {
        case let error as PluginSpec.ParseError: error.description
        default: "\(text): \(error)"
        }
    }
}
