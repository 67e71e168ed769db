/// A regression of known size, put into some cells of one build on purpose:
/// the sender and receiver plugins of those cells, which must declare a
/// `slowdown` option (the copy plugin does, see PluginKit's `Slowdown`), get
/// `slowdown=PERCENT`: that much more CPU work per call at both ends. `make
/// gate-check` uses it to prove the gate catches what it should; cell ids stay
/// the same, so the gate compares the slowed cell with its twin. Its size shows
/// as such only where the cell's workers share one CPU (`cpus: same`); split
/// over two, the extra work changes batching, and on veth 10% more sender work
/// measured 13–19% *more* goodput (AMD EPYC, three gate runs).
public struct SlowdownInjection: Equatable, Sendable {
    public static let optionKey = "slowdown"

    public var percent: Int
    /// The ids of the slowed cells.
    public var cells: Set<String>
    /// The plugin texts (as cells name them) whose plugin declares the option.
    public var plugins: Set<String>

    public init(percent: Int, cells: Set<String>, plugins: Set<String>) {
        self.percent = percent
        self.cells = cells
        self.plugins = plugins
    }

    /// "10%" or "10" as a whole percentage in 1...1000 (the copy plugin's slowdown range).
    public static func percent(_ text: String) -> Int? {
        guard let value = Int(text.hasSuffix("%") ? String(text.dropLast()) : text), (1...1000).contains(value) else { return nil }
        return value
    }

    /// Why an injection cannot be planned as asked.
    public struct Refusal: Error, Equatable, Sendable, CustomStringConvertible, ExitCoded {
        public var reason: String
        public var description: String { reason }
        public var exitStatus: ExitStatus { .badInput }
    }

    /// Slows every cell among `cells` whose id contains `filter`; each one's
    /// sender and receiver must declare `slowdown`, or the injected size would
    /// not be what the user asked for.
    public static func plan(
        percent: Int, filter: String, cells: [MatrixCell], resolved: [String: PluginSpec], described: [PluginInfo]
    ) throws(Refusal) -> SlowdownInjection {
        let chosen = cells.filter { $0.id.contains(filter) }
        guard !chosen.isEmpty else { throw Refusal(reason: "--inject-into \(filter): no selected cell's id contains it") }
        var plugins = Set<String>()
        for cell in chosen {
            for text in [cell[.send], cell[.receive]] {
                guard case .path(let file) = resolved[text]?.plugin,
                    described.first(where: { $0.file == file })?.optionKeys.contains(optionKey) == true
                else {
                    throw Refusal(reason: "--inject-into \(filter): cell \(cell.id): \(text) declares no \(optionKey) option")
                }
                plugins.insert(text)
            }
        }
        return SlowdownInjection(percent: percent, cells: Set(chosen.map(\.id)), plugins: plugins)
    }

    /// `spec` with `slowdown=PERCENT` (replacing any the cell set) when `text` names a slowed plugin.
    func apply(to spec: inout PluginSpec, text: String) {
        guard plugins.contains(text) else { return }
        spec.options.removeAll { $0.key == Self.optionKey }
        spec.options.append(PluginSpec.Option(key: Self.optionKey, value: "\(percent)"))
    }
}
