import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The plugins exported from this image (shared object), each in a slot whose
/// fixed C thunks find it again.
///
/// A `@convention(c)` role function cannot capture the plugin's generic type, so
/// `PluginExport` stores the type's role bodies here and gives the descriptor the
/// slot's thunks. Every plugin `.so` links its own copy of PluginKit and the host
/// loads it with `RTLD_LOCAL`, so the slots belong to one image. An image normally
/// exports one plugin; a few slots let a test image register several.
enum PluginRegistry {
    typealias RoleBody = @Sendable (PluginContext) throws -> Void

    struct Entry: Sendable {
        let plugin: ObjectIdentifier
        let declaredOptions: [PluginOption]
        let send: RoleBody?
        let receive: RoleBody?
        let wire: RoleBody?
        /// The descriptor's address; it lives forever (plugins are never unloaded).
        let descriptorAddress: UInt

        func body(for role: PluginRole) -> RoleBody? {
            switch role {
            case .send: send
            case .receive: receive
            case .wire: wire
            }
        }
    }

    /// How many plugin types one image may export (a documented limit: see `register`).
    static let capacity = 4

    private static let entries = Mutex<[Entry]>([])

    /// The slot of `plugin`, building its entry on first use with `make(slot)`.
    static func register(_ plugin: ObjectIdentifier, make: (Int) -> Entry) -> Entry {
        entries.withLock { entries in
            if let existing = entries.first(where: { $0.plugin == plugin }) { return existing }
            precondition(entries.count < capacity, "PluginKit: one image exports at most \(capacity) plugin types")
            let entry = make(entries.count)
            entries.append(entry)
            return entry
        }
    }

    static func entry(slot: Int) -> Entry? {
        entries.withLock { entries in slot < entries.count ? entries[slot] : nil }
    }

    /// Runs one role call: checks the context, runs the body, turns a thrown error
    /// into `ctx->error` plus a non-zero return code.
    static func dispatch(slot: Int, role: PluginRole, _ raw: UnsafeMutablePointer<nm_context>?) -> Int32 {
        guard let raw else { return EINVAL }
        PluginContext.clearError(in: raw)
        guard let entry = entry(slot: slot), let body = entry.body(for: role) else {
            PluginContext.record(.invalidContext("\(role): not offered by this plugin"), into: raw)
            return EOPNOTSUPP
        }
        let context: PluginContext
        do {
            context = try PluginContext(raw, role: role, declaredOptions: entry.declaredOptions)
        } catch {
            PluginContext.record(error, into: raw)
            return error.code
        }
        do {
            try body(context)
            return 0
        } catch {
            let failure = PluginError.from(error)
            PluginContext.record(failure, into: raw)
            return failure.code
        }
    }

    /// The C entry points of each slot: identical but for the slot number they pass on.
    static let sendThunks: [nm_role_fn] = [
        { dispatch(slot: 0, role: .send, $0) }, { dispatch(slot: 1, role: .send, $0) },
        { dispatch(slot: 2, role: .send, $0) }, { dispatch(slot: 3, role: .send, $0) },
    ]
    static let receiveThunks: [nm_role_fn] = [
        { dispatch(slot: 0, role: .receive, $0) }, { dispatch(slot: 1, role: .receive, $0) },
        { dispatch(slot: 2, role: .receive, $0) }, { dispatch(slot: 3, role: .receive, $0) },
    ]
    static let wireThunks: [nm_role_fn] = [
        { dispatch(slot: 0, role: .wire, $0) }, { dispatch(slot: 1, role: .wire, $0) },
        { dispatch(slot: 2, role: .wire, $0) }, { dispatch(slot: 3, role: .wire, $0) },
    ]
}
