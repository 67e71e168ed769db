import NetmatrixCore

/// The project's plugins as the build put them next to the tests.
public enum BuiltPlugins {
    public static let names = ["copy", "zerocopy", "csum-copy", "sse-copy"]

    public static var allBuilt: Bool {
        let search = PluginSearchPath.standard(environment: [:])
        return names.allSatisfy { !search.files(named: $0).isEmpty }
    }
}
