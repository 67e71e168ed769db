#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// `netmatrix plugins new`: a buildable starting point for a plugin, in C (one
/// .c file and a Makefile over the ABI header) or in Swift (a package depending on
/// PluginKit by a relative path, with the one-line export).
public struct PluginSkeleton {
    public enum Language: String, Sendable, CaseIterable {
        case c, swift
    }

    public struct Failure: Error, CustomStringConvertible, ExitCoded {
        public var description: String
        public init(description: String) {
            self.description = description
        }
        public var exitStatus: ExitStatus { .badInput }
    }

    public var name: String
    public var language: Language
    /// The plugin SDK's folder (`ShippedFiles.Item.sdk`).
    public var sdk: String

    public init(name: String, language: Language, sdk: String) throws(Failure) {
        guard PluginLoader.isValidName(name) else {
            throw Failure(description: "plugin name \"\(name)\": use [a-z0-9-], at most 64 characters, e.g. my-copy")
        }
        self.name = name
        self.language = language
        self.sdk = sdk
    }

    /// The ABI header's folder and the C helpers' (nm_keep.h), in the SDK.
    static let cIncludeFolders = ["Sources/NetmatrixABI/include", "Sources/CPluginSupport/include"]

    /// The files to write, by path relative to the plugin's folder.
    public var files: [(path: String, contents: String)] {
        switch language {
        case .c: [("\(identifier).c", cSource), ("Makefile", makefile)]
        case .swift: [("Package.swift", packageManifest), ("Sources/\(swiftTarget)/\(swiftType).swift", swiftSource)]
        }
    }

    /// Writes `files` into `folder`/`name`, refusing to overwrite anything, with the
    /// SDK named relative to that folder: no absolute path goes into the plugin, and
    /// NETMATRIX_SDK overrides it at build time. Returns that folder.
    public func write(into folder: String) throws(Failure) -> String {
        let root = folder + "/" + name
        guard !FileManager.default.fileExists(atPath: root) else {
            throw Failure(description: "\(root) already exists; choose another --dir or name")
        }
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            var placed = self
            placed.sdk = Self.relativePath(from: root, to: sdk)
            for file in placed.files {
                let path = root + "/" + file.path
                try FileManager.default.createDirectory(atPath: PluginFile.directoryOf(path), withIntermediateDirectories: true)
                try Data(file.contents.utf8).write(to: URL(fileURLWithPath: path))
            }
        } catch {
            throw Failure(description: "\(root): \(error)")
        }
        return root
    }

    /// The path from folder `from` to `target`, as `..` steps and names, both read
    /// with symbolic links resolved (relative ones from the working directory).
    static func relativePath(from folder: String, to target: String) -> String {
        let from = URL(fileURLWithPath: folder).resolvingSymlinksInPath().pathComponents
        let to = URL(fileURLWithPath: target).resolvingSymlinksInPath().pathComponents
        let common = zip(from, to).prefix { $0 == $1 }.count
        let steps = Array(repeating: "..", count: from.count - common) + to.dropFirst(common)
        return steps.isEmpty ? "." : steps.joined(separator: "/")
    }

    /// What to run next, from the plugin's folder, for the command's output:
    /// `plugins build` (release mode: a debug build measures the compiler's
    /// unoptimised code), then `plugins check` on the file it makes, both through
    /// `netmatrix`, the command as the user can type it.
    public func nextSteps(netmatrix: String) -> String {
        "\(netmatrix) plugins build . && \(netmatrix) plugins check \(builtFile)"
    }

    /// Where `plugins build` leaves the plugin, relative to its folder.
    public var builtFile: String {
        switch language {
        case .c: "./libnetmatrix-plugin-\(name).so"
        case .swift: ".build/release/libnetmatrix-plugin-\(name).so"
        }
    }

    /// How to invoke `executable` from a shell: `netmatrix` when the first one on
    /// `searchPath` (PATH) is that file, else its full path.
    public static func command(for executable: String, searchPath: String) -> String {
        let target = URL(fileURLWithPath: executable).resolvingSymlinksInPath().path
        for folder in searchPath.split(separator: ":") where access(folder + "/netmatrix", X_OK) == 0 {
            return URL(fileURLWithPath: folder + "/netmatrix").resolvingSymlinksInPath().path == target ? "netmatrix" : executable
        }
        return executable
    }

    var identifier: String { name.replacingOccurrences(of: "-", with: "_") }
    var swiftType: String {
        name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() + "Plugin"
    }
    var swiftTarget: String { swiftType }

    var makefile: String {
        """
        # Builds libnetmatrix-plugin-\(name).so against netmatrix's plugin SDK: the ABI
        # header and nm_keep.h. `make NETMATRIX_SDK=DIR` (or the variable in the
        # environment) names another copy of the SDK.
        NETMATRIX_SDK ?= \(sdk)
        CFLAGS ?= -O2 -Wall -Wextra

        libnetmatrix-plugin-\(name).so: \(identifier).c
        \tcc -shared -fPIC $(CFLAGS) \(Self.cIncludeFolders.map { "-I$(NETMATRIX_SDK)/\($0)" }.joined(separator: " ")) -o $@ $<

        clean:
        \trm -f libnetmatrix-plugin-\(name).so

        .PHONY: clean

        """
    }

    var cSource: String {
        """
        /* \(name): a netmatrix data-path plugin. Start from plain send/recv and change one thing. */
        #include <errno.h>
        #include <stdio.h>
        #include <stdlib.h>
        #include <string.h>
        #include <sys/socket.h>
        #include <sys/time.h>

        #include "netmatrix_plugin.h"
        #include "nm_keep.h"

        static int fail(nm_context *ctx, int code, const char *what) {
            snprintf(ctx->error, sizeof ctx->error, "%s: %s", what, strerror(code));
            return code;
        }

        /* The one option, an example to change or drop: passes=N extra read passes over
         * each received buffer (an application reading its data). netmatrix has checked
         * it against options_help before the cell runs; this check is for direct use. */
        static int read_options(nm_context *ctx, unsigned *passes) {
            *passes = 0;
            if (ctx->options[0] == '\\0') return 0;
            const char *value = ctx->options + strlen("passes=");
            char *end = NULL;
            unsigned long parsed = strncmp(ctx->options, "passes=", strlen("passes=")) == 0 ? strtoul(value, &end, 10) : 0;
            if (end == NULL || end == value || *end != '\\0' || parsed > 16) {
                snprintf(ctx->error, sizeof ctx->error, "option %s: want passes=<0..16>", ctx->options);
                return EINVAL;
            }
            *passes = (unsigned)parsed;
            return 0;
        }

        /* The sum of a buffer as 64-bit words, the tail bytes as they are. */
        static uint64_t fold(const unsigned char *data, size_t length) {
            uint64_t sum = 0, word;
            size_t at = 0;
            for (; at + sizeof word <= length; at += sizeof word) {
                memcpy(&word, data + at, sizeof word);
                sum += word;
            }
            for (; at < length; at++) sum += data[at];
            return sum;
        }

        static int \(identifier)_send(nm_context *ctx) {
            unsigned passes;
            int refused = read_options(ctx, &passes); /* passes is for receiving */
            if (refused) return refused;
            uint64_t offset = 0;
            int datagrams = ctx->protocol == NM_PROTOCOL_UDP;
            while (!ctx->host->should_stop(ctx)) {
                /* TCP continues the pattern across calls; UDP sends payload[0 ..< message_size] each time. */
                uint64_t position = datagrams ? 0 : offset % ctx->payload_size;
                size_t length = ctx->message_size;
                if (length > ctx->payload_size - position) length = ctx->payload_size - position;
                ssize_t sent = send(ctx->socket_fd, ctx->payload + position, length, MSG_NOSIGNAL);
                if (sent < 0) {
                    if (errno == EINTR || errno == EAGAIN) continue;
                    if (datagrams && (errno == ENOBUFS || errno == ECONNREFUSED)) continue;
                    return fail(ctx, errno, "send");
                }
                offset += (uint64_t)sent; /* a short write continues from where the kernel stopped */
                ctx->counters.bytes += (uint64_t)sent;
                ctx->counters.messages++;
            }
            strncpy(ctx->counters.variant, "send", sizeof ctx->counters.variant - 1);
            return 0;
        }

        static int \(identifier)_receive(nm_context *ctx) {
            unsigned passes;
            int refused = read_options(ctx, &passes);
            if (refused) return refused;
            /* Wake up now and then to look at should_stop (a UDP stream never ends by itself). */
            struct timeval timeout = {0, 100000};
            setsockopt(ctx->socket_fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
            size_t length = ctx->message_size < ctx->app_buffer_size ? ctx->message_size : ctx->app_buffer_size;
            uint64_t sum = 0, words = 0;
            while (!ctx->host->should_stop(ctx)) {
                ssize_t got = recv(ctx->socket_fd, ctx->app_buffer, length, 0);
                if (got == 0) break;
                if (got < 0) {
                    if (errno == EINTR || errno == EAGAIN) continue;
                    return fail(ctx, errno, "recv");
                }
                for (unsigned pass = 0; pass < passes; pass++) {
                    sum += fold(ctx->app_buffer, (size_t)got);
                    nm_keep(ctx->app_buffer, (size_t)got); /* else the optimiser merges the passes into one */
                }
                words += passes * ((uint64_t)got / 8);
                ctx->counters.bytes_copied += (uint64_t)got;
                if (ctx->host->deliver(ctx, ctx->app_buffer, (size_t)got) != 0) break;
            }
            NM_KEEP_VALUE(sum); /* a sum nothing reads would be deleted with its passes */
            if (ctx->host->counter) ctx->host->counter(ctx, "words_folded", words); /* NULL on an ABI 1.0 host */
            strncpy(ctx->counters.variant, "recv", sizeof ctx->counters.variant - 1);
            return 0;
        }

        static const nm_plugin_descriptor \(identifier)_descriptor = {
            .abi_version = NETMATRIX_ABI_VERSION,
            .struct_size = sizeof(nm_plugin_descriptor),
            .name = "\(name)",
            .version = "0.1.0",
            .description = "\(name): plain send/recv (edit me)",
            .roles = NM_ROLE_SEND | NM_ROLE_RECEIVE,
            .send_modes = "plain",
            .receive_modes = "plain",
            .wire_modes = NULL,
            /* One "key=value: meaning" line per option this plugin accepts (the key is the
             * text before '='): netmatrix checks keys and values against it before a cell runs. */
            .options_help = "passes=<0..16>: extra read passes over each received buffer, folded into a sum (default 0)",
            .send = \(identifier)_send,
            .receive = \(identifier)_receive,
            .wire = NULL,
        };

        NETMATRIX_PLUGIN_EXPORT const nm_plugin_descriptor *NETMATRIX_PLUGIN_ENTRY(void) { return &\(identifier)_descriptor; }

        """
    }

    var packageManifest: String {
        """
        // swift-tools-version: 6.1
        import PackageDescription

        // The netmatrix plugin SDK, by a path relative to this folder; NETMATRIX_SDK
        // in the environment names another copy.
        let sdk = Context.environment["NETMATRIX_SDK"] ?? "\(sdk)"

        let package = Package(
            name: "netmatrix-plugin-\(name)",
            products: [
                .library(name: "netmatrix-plugin-\(name)", type: .dynamic, targets: ["\(swiftTarget)"]),
            ],
            dependencies: [
                .package(name: "netmatrix-sdk", path: sdk),
            ],
            targets: [
                .target(name: "\(swiftTarget)", dependencies: [.product(name: "PluginKit", package: "netmatrix-sdk")]),
            ]
        )

        """
    }

    var swiftSource: String {
        """
        import PluginKit

        /// \(name): plain send/recv to start from (edit me).
        enum \(swiftType): NetmatrixPlugin {
            typealias SendMode = SingleMode
            typealias ReceiveMode = SingleMode
            typealias WireMode = NotOffered

            static let name = "\(name)"
            static let version = "0.1.0"
            static let description = "\(name): plain send/recv (edit me)"
            // Every key this plugin accepts: they become options_help, and netmatrix
            // checks keys and values against them before a cell runs. `passes` is an
            // example to change or drop: an application that reads what it received.
            static let options: [PluginOption] = [
                PluginOption("passes", .integer(0 ... 16), "extra read passes over each received buffer, folded into a sum (default 0)"),
            ]

            static func send(_ context: PluginContext, mode: SingleMode) throws {
                let socket = context.socket
                var stream = PayloadStream(context)
                try context.withPayload { payload in
                    while !context.shouldStop {
                        let sent = try socket.send(UnsafeRawBufferPointer(rebasing: payload[stream.nextRange]))
                        stream.advance(by: sent)
                        context.counters.bytes += UInt64(sent)
                        context.counters.messages += 1
                    }
                }
            }

            static func receive(_ context: PluginContext, mode: SingleMode) throws {
                let socket = context.socket
                let passes = try context.options.integer("passes", default: 0)
                try socket.setReceiveTimeout(milliseconds: 100)
                var sum: UInt64 = 0, words: UInt64 = 0
                try context.withAppBuffer { buffer in
                    let slice = UnsafeMutableRawBufferPointer(rebasing: buffer[0 ..< context.messageSize])
                    receiving: while !context.shouldStop {
                        switch try socket.receive(into: slice) {
                        case .endOfStream:
                            break receiving
                        case .wouldBlock:
                            continue
                        case .bytes(let count):
                            let received = UnsafeRawBufferPointer(rebasing: slice[0 ..< count])
                            for _ in 0 ..< passes {
                                sum &+= fold(received)
                                BlackHole.keep(received) // else the optimiser merges the passes into one
                            }
                            words += UInt64(passes * (count / 8))
                            context.counters.bytesCopied += UInt64(count)
                            if context.deliver(received) == .stop { break receiving }
                        }
                    }
                }
                BlackHole.keep(sum) // a sum nothing reads would be deleted with its passes
                try context.setCounter("words_folded", words)
            }

            /// The sum of `bytes` as 64-bit words, the tail bytes as they are.
            static func fold(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
                var sum: UInt64 = 0, offset = 0
                while offset + 8 <= bytes.count {
                    sum &+= bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    offset += 8
                }
                while offset < bytes.count {
                    sum &+= UInt64(bytes[offset])
                    offset += 1
                }
                return sum
            }
        }

        @_cdecl("netmatrix_plugin_abi_v1")
        public func netmatrixPlugin() -> UnsafeRawPointer { PluginExport.descriptor(for: \(swiftType).self) }

        """
    }
}
