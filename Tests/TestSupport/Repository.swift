import Foundation

/// The package's root folder, for tests that read Netns/, Docs/ or fixtures.
public enum Repository {
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}
