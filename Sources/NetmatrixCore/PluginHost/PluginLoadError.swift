/// Why the loader refused a plugin file. Its description is one line naming the
/// file and the reason, with the fix where there is one, e.g.
/// `plugin /x/libfoo.so: refused: the file is world-writable (mode 0666); chmod o-w`.
public struct PluginLoadError: Error, Equatable, Sendable, CustomStringConvertible, ExitCoded {
    public enum Reason: Equatable, Sendable {
        case missing(String)
        case notELF
        case wrongClass(UInt8)
        case wrongByteOrder
        case notSharedObject(elfType: UInt16)
        case wrongMachine(found: UInt16, expected: UInt16)
        case notRegularFile
        case fileWritableByOthers(mode: UInt32, who: String)
        case directoryWritableByOthers(directory: String, mode: UInt32, who: String)
        case wrongOwner(uid: UInt32, allowed: [UInt32])
        case directoryWrongOwner(directory: String, uid: UInt32, allowed: [UInt32])
        case dlopenFailed(String)
        case missingEntrySymbol(String)
        case entryReturnedNull
        case abiMajorMismatch(found: UInt32, expected: UInt32)
        case abiMinorTooNew(found: UInt32, supported: UInt32)
        case structTooSmall(found: UInt32, needed: Int)
        case structImplausible(found: UInt32)
        case badName(String)
        case duplicateName(String, firstPath: String)
        case nameDiffersFromRequest(declared: String, requested: String)
        case noRoles
        case unknownRoles(UInt32)
        case roleWithoutFunction(String)
        case notFound(name: String, searched: [String])
        /// A describing worker refused it; the text is the loader's reason there.
        case refusedInWorker(String)
        /// Loading it ended the describing worker, e.g. "killed by SIGSEGV".
        case workerFailed(String)
    }

    public var path: String
    public var reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    public var exitStatus: ExitStatus { .badInput }

    public var description: String { "plugin \(path): refused: \(reasonText)" }

    public var reasonText: String {
        switch reason {
        case .missing(let why): "cannot read the file (\(why))"
        case .notELF: "not an ELF file (bad magic); expected a shared object built with cc -shared"
        case .wrongClass(let elfClass): "not a 64-bit ELF file (EI_CLASS \(elfClass)); rebuild for this machine"
        case .wrongByteOrder: "not a little-endian ELF file; rebuild for this machine"
        case .notSharedObject(let type): "not a shared object (ELF type \(type), expected ET_DYN 3); link with -shared"
        case .wrongMachine(let found, let expected):
            "built for ELF machine \(found), this host is \(expected); rebuild for this machine"
        case .notRegularFile: "not a regular file"
        case .fileWritableByOthers(let mode, let who):
            "the file is \(who)-writable (mode \(octal(mode))); chmod \(who == "world" ? "o" : "g")-w"
        case .directoryWritableByOthers(let directory, let mode, let who):
            "its directory \(directory) is \(who)-writable (mode \(octal(mode))); chmod \(who == "world" ? "o" : "g")-w \(directory)"
        case .wrongOwner(let uid, let allowed):
            "the file is owned by uid \(uid), not by \(allowed.map(String.init).joined(separator: " or ")); chown it"
        case .directoryWrongOwner(let directory, let uid, let allowed):
            "its directory \(directory) is owned by uid \(uid), not by \(allowed.map(String.init).joined(separator: " or "))"
        case .dlopenFailed(let message): "dlopen: \(message)"
        case .missingEntrySymbol(let symbol): "no entry symbol \(symbol) (declare it with NETMATRIX_PLUGIN_EXPORT)"
        case .entryReturnedNull: "the entry symbol returned NULL"
        case .abiMajorMismatch(let found, let expected):
            "ABI major version \(found), this netmatrix speaks \(expected); rebuild against this netmatrix_plugin.h"
        case .abiMinorTooNew(let found, let supported):
            "ABI minor version \(found) is newer than this netmatrix's \(supported); update netmatrix"
        case .structTooSmall(let found, let needed):
            "descriptor struct_size \(found) is smaller than the \(needed) bytes this host reads"
        case .structImplausible(let found): "descriptor struct_size \(found) is implausible (> 64 KiB)"
        case .badName(let name): "name \"\(name)\" is not non-empty [a-z0-9-] (at most 64 characters)"
        case .duplicateName(let name, let firstPath): "name \"\(name)\" is already taken by \(firstPath)"
        case .nameDiffersFromRequest(let declared, let requested):
            "declares the name \"\(declared)\", but \"\(requested)\" was asked for"
        case .noRoles: "declares no roles"
        case .unknownRoles(let bits): "declares unknown role bits 0x\(String(bits, radix: 16))"
        case .roleWithoutFunction(let role): "declares the \(role) role but its \(role) function is NULL"
        case .refusedInWorker(let text): text
        case .workerFailed(let what): "loading it \(what)"
        case .notFound(let name, let searched):
            "no plugin named \"\(name)\" (looked for libnetmatrix-plugin-\(name).so in \(searched.isEmpty ? "no folders" : searched.joined(separator: ", ")))"
                + "; add a place with --plugin-path DIR, plugin_path: DIR in the matrix file, or NETMATRIX_PLUGIN_PATH=DIR"
        }
    }

    private func octal(_ mode: UInt32) -> String {
        let digits = String(mode & 0o7777, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
