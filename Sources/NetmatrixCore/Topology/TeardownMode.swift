/// How `RunningTopology.down` treats the kernel's asynchronous cleanup.
public enum TeardownMode: String, Sendable, CaseIterable {
    /// Wait for each namespace's RTM_DELNSID: nothing of the topology is
    /// reachable when `down` returns. Use it between measurements.
    case synchronous
    /// `.synchronous`, then wait until the kernel's cleanup batch that removes
    /// the topology has finished (see `NamespaceDeathWatch.waitForCleanupToFinish`),
    /// so none of its device unregistration, which holds the RTNL lock and
    /// costs RCU grace periods, overlaps what runs next. Costs about one cleanup
    /// batch (some 30 ms here).
    case settled
    /// Close every descriptor and return, leaving the kernel's cleanup_net to
    /// run in the background, as `ip netns del` does. Nothing is left behind,
    /// but the kernel may still be freeing it on return.
    case detach
}
