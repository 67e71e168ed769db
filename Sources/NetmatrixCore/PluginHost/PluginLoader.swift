import NetmatrixABI
#if canImport(Glibc)
import Glibc
#endif

/// Loads one plugin file: checks the file, dlopens it, calls the entry symbol and
/// checks the descriptor before anything else in it is called. Never dlcloses
/// (a Swift image cannot be unloaded safely).
public enum PluginLoader {
    /// Bytes of the descriptor this host reads: everything up to and including `wire`.
    public static let descriptorBytesRead = (MemoryLayout<nm_plugin_descriptor>.offset(of: \.wire) ?? 0) + MemoryLayout<nm_role_fn?>.size
    /// A descriptor larger than this is garbage, not a future ABI minor.
    public static let descriptorSizeLimit: UInt32 = 64 * 1024

    public static func load(path: String, allowedOwners: [UInt32] = PluginFile.allowedOwners()) throws(PluginLoadError) -> LoadedPlugin {
        let resolved = try PluginFile.resolve(path)
        try PluginFile.checkELFHeader(resolved)
        try PluginFile.checkPermissions(resolved, allowedOwners: allowedOwners)
        guard let handle = dlopen(resolved, RTLD_NOW | RTLD_LOCAL) else {
            throw PluginLoadError(path: resolved, reason: .dlopenFailed(lastDynamicLinkerError()))
        }
        _ = dlerror()
        guard let symbol = dlsym(handle, NETMATRIX_PLUGIN_ENTRY_SYMBOL) else {
            throw PluginLoadError(path: resolved, reason: .missingEntrySymbol(NETMATRIX_PLUGIN_ENTRY_SYMBOL))
        }
        let entry = unsafeBitCast(symbol, to: nm_plugin_entry_fn.self)
        guard let descriptor = entry() else { throw PluginLoadError(path: resolved, reason: .entryReturnedNull) }
        try checkDescriptor(descriptor, path: resolved)
        return LoadedPlugin(path: resolved, descriptor: descriptor)
    }

    /// Checks version and size first, and reads the rest only once the size allows it.
    static func checkDescriptor(_ descriptor: UnsafePointer<nm_plugin_descriptor>, path: String) throws(PluginLoadError) {
        // abi_version and struct_size are the first two fields of every ABI version.
        let header = UnsafeRawPointer(descriptor)
        let abiVersion = header.loadUnaligned(as: UInt32.self)
        let structSize = header.loadUnaligned(fromByteOffset: 4, as: UInt32.self)
        let major = abiVersion >> 16
        let minor = abiVersion & 0xffff
        guard major == UInt32(NETMATRIX_ABI_MAJOR) else {
            throw PluginLoadError(path: path, reason: .abiMajorMismatch(found: major, expected: UInt32(NETMATRIX_ABI_MAJOR)))
        }
        guard minor <= UInt32(NETMATRIX_ABI_MINOR) else {
            throw PluginLoadError(path: path, reason: .abiMinorTooNew(found: minor, supported: UInt32(NETMATRIX_ABI_MINOR)))
        }
        guard structSize <= descriptorSizeLimit else {
            throw PluginLoadError(path: path, reason: .structImplausible(found: structSize))
        }
        guard Int(structSize) >= descriptorBytesRead else {
            throw PluginLoadError(path: path, reason: .structTooSmall(found: structSize, needed: descriptorBytesRead))
        }
        let fields = descriptor.pointee
        let name = fields.name.map { String(cString: $0) } ?? ""
        guard isValidName(name) else { throw PluginLoadError(path: path, reason: .badName(name)) }
        let roles = PluginRoles(rawValue: fields.roles)
        guard !roles.isEmpty else { throw PluginLoadError(path: path, reason: .noRoles) }
        let unknown = roles.subtracting(.all)
        guard unknown.isEmpty else { throw PluginLoadError(path: path, reason: .unknownRoles(unknown.rawValue)) }
        if roles.contains(.send), fields.send == nil { throw PluginLoadError(path: path, reason: .roleWithoutFunction("send")) }
        if roles.contains(.receive), fields.receive == nil { throw PluginLoadError(path: path, reason: .roleWithoutFunction("receive")) }
        if roles.contains(.wire), fields.wire == nil { throw PluginLoadError(path: path, reason: .roleWithoutFunction("wire")) }
    }

    /// Non-empty, at most 64 characters of [a-z0-9-].
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2d }
    }

    private static func lastDynamicLinkerError() -> String {
        guard let message = dlerror() else { return "unknown error" }
        return String(cString: message)
    }
}
