import CNetmatrixShims
import NetmatrixSystem

/// One offload feature as the legacy ethtool ioctl names it.
public enum OffloadFeature: String, CaseIterable, Codable, CodingKeyRepresentable, Sendable {
    /// ETHTOOL_GTXCSUM / ETHTOOL_STXCSUM
    case txChecksum = "tx-checksum"
    /// ETHTOOL_GSG / ETHTOOL_SSG
    case scatterGather = "scatter-gather"
    /// ETHTOOL_GTSO / ETHTOOL_STSO
    case tso
    /// ETHTOOL_GGSO / ETHTOOL_SGSO
    case gso
    /// ETHTOOL_GGRO / ETHTOOL_SGRO
    case gro
    /// ETHTOOL_GRXCSUM / ETHTOOL_SRXCSUM
    case rxChecksum = "rx-checksum"

    var getCommand: UInt32 {
        switch self {
        case .txChecksum: UInt32(NM_ETHTOOL_GTXCSUM)
        case .scatterGather: UInt32(NM_ETHTOOL_GSG)
        case .tso: UInt32(NM_ETHTOOL_GTSO)
        case .gso: UInt32(NM_ETHTOOL_GGSO)
        case .gro: UInt32(NM_ETHTOOL_GGRO)
        case .rxChecksum: UInt32(NM_ETHTOOL_GRXCSUM)
        }
    }

    var setCommand: UInt32 {
        switch self {
        case .txChecksum: UInt32(NM_ETHTOOL_STXCSUM)
        case .scatterGather: UInt32(NM_ETHTOOL_SSG)
        case .tso: UInt32(NM_ETHTOOL_STSO)
        case .gso: UInt32(NM_ETHTOOL_SGSO)
        case .gro: UInt32(NM_ETHTOOL_SGRO)
        case .rxChecksum: UInt32(NM_ETHTOOL_SRXCSUM)
        }
    }

    /// The requested value for this feature in `settings`, nil when left alone.
    public func requested(in settings: OffloadSettings) -> Bool? {
        switch self {
        case .txChecksum: settings.txChecksum
        case .scatterGather: settings.scatterGather
        case .tso: settings.tso
        case .gso: settings.gso
        case .gro: settings.gro
        case .rxChecksum: settings.rxChecksum
        }
    }
}

/// What the kernel accepted for an interface's offloads, read back after setting.
public struct OffloadState: Equatable, Sendable, Codable, CustomStringConvertible {
    /// A requested setting that did not take: the kernel refused the ioctl, or
    /// accepted it and fixed the feature to another value (e.g. TSO needs tx checksums).
    public struct Refusal: Equatable, Sendable, Codable, CustomStringConvertible {
        public var feature: OffloadFeature
        public var requested: Bool
        /// The value read back; nil when it could not be read.
        public var actual: Bool?
        /// The kernel's reason when the set ioctl itself failed.
        public var reason: String?

        public var description: String {
            let got = actual.map { $0 ? "on" : "off" } ?? "unknown"
            return "\(feature.rawValue) \(requested ? "on" : "off") refused (now \(got))" + (reason.map { ": \($0)" } ?? "")
        }
    }

    /// Each feature's value as read back; a feature the driver cannot report is absent.
    public var features: [OffloadFeature: Bool]
    public var refusals: [Refusal]

    public init(features: [OffloadFeature: Bool] = [:], refusals: [Refusal] = []) {
        self.features = features
        self.refusals = refusals
    }

    public subscript(feature: OffloadFeature) -> Bool? { features[feature] }

    public var description: String {
        let values = OffloadFeature.allCases.compactMap { feature in features[feature].map { "\(feature.rawValue) \($0 ? "on" : "off")" } }
        return values.joined(separator: ", ") + (refusals.isEmpty ? "" : "; " + refusals.map(\.description).joined(separator: "; "))
    }
}

/// Sets and reads offloads through SIOCETHTOOL on a socket of the interface's namespace.
public enum EthtoolOffloads {
    /// Applies `settings` in dependency order (checksums and SG before TSO),
    /// then reads every feature back and reports each requested value that did not take.
    public static func apply(_ settings: OffloadSettings, interface: String, control: Descriptor) -> OffloadState {
        var failures: [OffloadFeature: String] = [:]
        for feature in OffloadFeature.allCases {
            guard let wanted = feature.requested(in: settings) else { continue }
            do {
                _ = try syscall("interface \(interface)", "SIOCETHTOOL(\(feature.rawValue))") {
                    nm_ethtool_set(control.rawValue, interface, feature.setCommand, wanted ? 1 : 0)
                }
            } catch {
                failures[feature] = error.description
            }
        }
        var state = read(interface: interface, control: control)
        for feature in OffloadFeature.allCases {
            guard let wanted = feature.requested(in: settings) else { continue }
            let actual = state.features[feature]
            if actual != wanted || failures[feature] != nil {
                state.refusals.append(.init(feature: feature, requested: wanted, actual: actual, reason: failures[feature]))
            }
        }
        return state
    }

    /// Reads all six features; one the driver cannot report is left out.
    public static func read(interface: String, control: Descriptor) -> OffloadState {
        var state = OffloadState()
        for feature in OffloadFeature.allCases {
            var value: UInt32 = 0
            let got = try? syscall("interface \(interface)", "SIOCETHTOOL(\(feature.rawValue))") {
                nm_ethtool_get(control.rawValue, interface, feature.getCommand, &value)
            }
            if got != nil { state.features[feature] = value != 0 }
        }
        return state
    }
}
