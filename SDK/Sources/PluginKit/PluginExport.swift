/// Builds the `nm_plugin_descriptor` a plugin's entry symbol returns.
public enum PluginExport {
    /// The descriptor for `plugin`, built on the first call and returned unchanged
    /// afterwards. It and its C strings are allocated once and never freed: the
    /// host never unloads a plugin. The result points to an `nm_plugin_descriptor`.
    ///
    ///     @_cdecl("netmatrix_plugin_abi_v1")
    ///     public func netmatrixPlugin() -> UnsafeRawPointer { PluginExport.descriptor(for: CopyPlugin.self) }
    public static func descriptor<Plugin: NetmatrixPlugin>(for plugin: Plugin.Type) -> UnsafeRawPointer {
        let entry = PluginRegistry.register(ObjectIdentifier(plugin)) { slot in makeEntry(plugin, slot: slot) }
        guard let address = UnsafeRawPointer(bitPattern: entry.descriptorAddress) else {
            preconditionFailure("PluginKit: descriptor address lost")  // allocate never returns NULL
        }
        return address
    }

    /// `NETMATRIX_ABI_VERSION`, spelled out because Swift cannot import a macro with a shift.
    static let abiVersion = UInt32(NETMATRIX_ABI_MAJOR) << 16 | UInt32(NETMATRIX_ABI_MINOR)

    private static func makeEntry<Plugin: NetmatrixPlugin>(_ plugin: Plugin.Type, slot: Int) -> PluginRegistry.Entry {
        var send: PluginRegistry.RoleBody?
        var receive: PluginRegistry.RoleBody?
        var wire: PluginRegistry.RoleBody?
        if !Plugin.SendMode.allCases.isEmpty {
            send = { context in try Plugin.send(context, mode: Plugin.SendMode.resolve(context.modeName, role: .send)) }
        }
        if !Plugin.ReceiveMode.allCases.isEmpty {
            receive = { context in try Plugin.receive(context, mode: Plugin.ReceiveMode.resolve(context.modeName, role: .receive)) }
        }
        if !Plugin.WireMode.allCases.isEmpty {
            wire = { context in try Plugin.wire(context, mode: Plugin.WireMode.resolve(context.modeName, role: .wire)) }
        }
        var roles: UInt32 = 0
        if send != nil { roles |= PluginRole.send.rawValue }
        if receive != nil { roles |= PluginRole.receive.rawValue }
        if wire != nil { roles |= PluginRole.wire.rawValue }

        let descriptor = UnsafeMutablePointer<nm_plugin_descriptor>.allocate(capacity: 1)
        descriptor.initialize(to: nm_plugin_descriptor())
        descriptor.pointee.abi_version = abiVersion
        descriptor.pointee.struct_size = UInt32(MemoryLayout<nm_plugin_descriptor>.size)
        descriptor.pointee.name = immortalCString(Plugin.name)
        descriptor.pointee.version = immortalCString(Plugin.version)
        descriptor.pointee.description = immortalCString(Plugin.description)
        descriptor.pointee.roles = roles
        if send != nil {
            descriptor.pointee.send_modes = immortalCString(Plugin.SendMode.descriptorList)
            descriptor.pointee.send = PluginRegistry.sendThunks[slot]
        }
        if receive != nil {
            descriptor.pointee.receive_modes = immortalCString(Plugin.ReceiveMode.descriptorList)
            descriptor.pointee.receive = PluginRegistry.receiveThunks[slot]
        }
        if wire != nil {
            descriptor.pointee.wire_modes = immortalCString(Plugin.WireMode.descriptorList)
            descriptor.pointee.wire = PluginRegistry.wireThunks[slot]
        }
        descriptor.pointee.options_help = immortalCString(Plugin.options.map(\.helpLine).joined(separator: "\n"))
        return PluginRegistry.Entry(
            plugin: ObjectIdentifier(plugin), declaredOptions: Plugin.options,
            send: send, receive: receive, wire: wire,
            descriptorAddress: UInt(bitPattern: descriptor)
        )
    }

    /// A NUL-terminated copy that is never freed.
    private static func immortalCString(_ text: String) -> UnsafePointer<CChar> {
        let utf8 = Array(text.utf8)
        let storage = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count + 1)
        for (index, byte) in utf8.enumerated() { storage[index] = CChar(bitPattern: byte) }
        storage[utf8.count] = 0
        return UnsafePointer(storage)
    }
}
