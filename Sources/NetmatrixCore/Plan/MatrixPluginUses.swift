/// The plugins a matrix's cells would use, each at the place its file names it.
extension MatrixSpec {
    /// Every value of a block's send, receive and wire axes that a cell of
    /// `selected` takes, as `FILE:LINE: FIELD` in the file at `path`.
    public func pluginUses(among selected: [MatrixCell], path: String) -> [PluginUse] {
        let wanted = Set(selected.map(\.id))
        var uses: [PluginUse] = []
        for block in blocks {
            let used = cells(of: block).filter { wanted.contains($0.id) }
            for (axis, role) in [(MatrixAxis.send, WorkerRole.send), (.receive, .receive), (.wire, .wire)] {
                for (index, value) in (block.axes[axis] ?? []).enumerated()
                where value != "none" && used.contains(where: { $0[axis] == value }) {
                    let field = block.field(of: axis, at: index)
                    let place = FileProblem.place(path: path, line: sourceMap.line(for: field), field: field)
                    uses.append(PluginUse(text: value, role: role, place: place))
                }
            }
        }
        return uses
    }
}
