import CNetmatrixShims
import NetmatrixSystem
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// The checks a plugin file passes before anything in it runs: an ELF shared
/// object for this machine, and a file and folder no one but root or the
/// invoking user can change.
public enum PluginFile {
    /// EM_X86_64 or EM_AARCH64, whichever this netmatrix was built for.
    public static var hostMachine: UInt16 {
        #if arch(x86_64)
        return 62
        #elseif arch(arm64)
        return 183
        #else
        return 0
        #endif
    }

    /// Owners a plugin file and its folder may have: root and the invoking user
    /// (`getuid()`, or `SUDO_UID` when run through sudo).
    public static func allowedOwners(environment: [String: String] = ProcessInfo.processInfo.environment) -> [UInt32] {
        var owners: [UInt32] = [0]
        let uid = getuid()
        if uid != 0 { owners.append(uid) }
        if uid == 0, let sudo = environment["SUDO_UID"], let sudoUID = UInt32(sudo), sudoUID != 0 {
            owners.append(sudoUID)
        }
        return owners
    }

    /// The real path of `path` (symlinks resolved), so the checks see the file dlopen maps.
    public static func resolve(_ path: String) throws(PluginLoadError) -> String {
        guard let resolved = realpath(path, nil) else {
            throw PluginLoadError(path: path, reason: .missing(String(cString: strerror(nm_errno()))))
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Reads the ELF header: magic, ELFCLASS64, little-endian, ET_DYN, this host's machine.
    public static func checkELFHeader(_ path: String) throws(PluginLoadError) {
        var header = [UInt8](repeating: 0, count: 64)
        let count: Int
        do throws(SystemError) {
            let file = try Descriptor.open(path, O_RDONLY)
            count = try header.withUnsafeMutableBytes { buffer in
                Result { () throws(SystemError) in try Syscall.read(file.rawValue, into: buffer, object: path) }
            }.get()
            try file.close()
        } catch {
            throw PluginLoadError(path: path, reason: .missing(error.reason))
        }
        guard count >= 20, header[0] == 0x7f, header[1] == 0x45, header[2] == 0x4c, header[3] == 0x46 else {
            throw PluginLoadError(path: path, reason: .notELF)
        }
        guard header[4] == 2 else { throw PluginLoadError(path: path, reason: .wrongClass(header[4])) }
        guard header[5] == 1 else { throw PluginLoadError(path: path, reason: .wrongByteOrder) }
        let type = UInt16(header[16]) | UInt16(header[17]) << 8
        guard type == 3 else { throw PluginLoadError(path: path, reason: .notSharedObject(elfType: type)) }
        let machine = UInt16(header[18]) | UInt16(header[19]) << 8
        guard machine == hostMachine else {
            throw PluginLoadError(path: path, reason: .wrongMachine(found: machine, expected: hostMachine))
        }
    }

    /// Refuses a file or folder that is group- or world-writable or owned by someone else.
    public static func checkPermissions(_ path: String, allowedOwners: [UInt32] = allowedOwners()) throws(PluginLoadError) {
        let file = try status(of: path, for: path)
        guard file.st_mode & S_IFMT == S_IFREG else { throw PluginLoadError(path: path, reason: .notRegularFile) }
        if file.st_mode & S_IWOTH != 0 {
            throw PluginLoadError(path: path, reason: .fileWritableByOthers(mode: file.st_mode, who: "world"))
        }
        if file.st_mode & S_IWGRP != 0 {
            throw PluginLoadError(path: path, reason: .fileWritableByOthers(mode: file.st_mode, who: "group"))
        }
        guard allowedOwners.contains(file.st_uid) else {
            throw PluginLoadError(path: path, reason: .wrongOwner(uid: file.st_uid, allowed: allowedOwners))
        }
        let directory = directoryOf(path)
        let folder = try status(of: directory, for: path)
        if folder.st_mode & S_IWOTH != 0 {
            throw PluginLoadError(path: path, reason: .directoryWritableByOthers(directory: directory, mode: folder.st_mode, who: "world"))
        }
        if folder.st_mode & S_IWGRP != 0 {
            throw PluginLoadError(path: path, reason: .directoryWritableByOthers(directory: directory, mode: folder.st_mode, who: "group"))
        }
        guard allowedOwners.contains(folder.st_uid) else {
            throw PluginLoadError(path: path, reason: .directoryWrongOwner(directory: directory, uid: folder.st_uid, allowed: allowedOwners))
        }
    }

    static func directoryOf(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func status(of target: String, for plugin: String) throws(PluginLoadError) -> stat {
        var info = stat()
        do {
            _ = try syscall(target, "stat") { stat(target, &info) }
        } catch {
            throw PluginLoadError(path: plugin, reason: .missing(error.description))
        }
        return info
    }
}
