/// What a Swift plugin author implements. Each role's modes are an enum
/// (`PluginMode`); a role left at `NotOffered` is absent from the descriptor and
/// needs no function. Export the plugin with one line:
///
///     @_cdecl("netmatrix_plugin_abi_v1")
///     public func netmatrixPlugin() -> UnsafeRawPointer { PluginExport.descriptor(for: CopyPlugin.self) }
///
/// Role functions run one transfer to completion. Throw `PluginError` or let a
/// `SystemError` from `syscall` escape: PluginKit writes its description to
/// `ctx->error` and returns its errno-style code.
public protocol NetmatrixPlugin: SendableMetatype {
    associatedtype SendMode: PluginMode = NotOffered
    associatedtype ReceiveMode: PluginMode = NotOffered
    associatedtype WireMode: PluginMode = NotOffered

    /// Unique, `[a-z0-9-]`, e.g. "zerocopy".
    static var name: String { get }
    /// The plugin's own version, e.g. "1.0.0".
    static var version: String { get }
    /// One line.
    static var description: String { get }
    /// The `key=value` options the plugin accepts; they become the descriptor's
    /// `options_help` (one `key=<value>: meaning` line each), from which netmatrix
    /// refuses any other key before a cell runs; the plugin refuses it too, naming it.
    static var options: [PluginOption] { get }

    static func send(_ context: PluginContext, mode: SendMode) throws
    static func receive(_ context: PluginContext, mode: ReceiveMode) throws
    static func wire(_ context: PluginContext, mode: WireMode) throws
}

extension NetmatrixPlugin {
    public static var options: [PluginOption] { [] }
}

extension NetmatrixPlugin where SendMode == NotOffered {
    public static func send(_ context: PluginContext, mode: SendMode) throws {}
}

extension NetmatrixPlugin where ReceiveMode == NotOffered {
    public static func receive(_ context: PluginContext, mode: ReceiveMode) throws {}
}

extension NetmatrixPlugin where WireMode == NotOffered {
    public static func wire(_ context: PluginContext, mode: WireMode) throws {}
}
