/// Everything a worker process needs to run one role, passed as JSON in its
/// `--job` argument. Descriptor numbers name what the spawner placed there.
public struct WorkerJob: Codable, Equatable, Sendable {
    public var role: WorkerRole
    /// The plugin file; nil runs the built-in reference peer (plain send/recv).
    public var pluginPath: String?
    public var mode: String = ""
    public var options: String = ""
    public var transport: TransportProtocol = .tcp
    /// The receiver's numeric address (IPv4 or IPv6) and port.
    public var address: String = "127.0.0.1"
    public var port: UInt16 = 5201
    public var messageSize: Int = 64 * 1024
    /// Payload pattern length, a multiple of the page size.
    public var payloadSize: Int = 4 * 1024 * 1024
    /// Send: stop after this long; receive: the sender's duration (the worker adds a drain allowance).
    public var durationNanoseconds: UInt64?
    /// Send: stop once this many bytes were accepted; UDP receive: once this many arrived.
    public var byteBudget: UInt64?
    public var verification: VerificationLevel = .sampled
    /// SO_SNDBUF / SO_RCVBUF on the data socket, nil for the kernel's default.
    public var socketBufferSize: Int?
    /// Receive: the host stops delivering and closes after this many bytes (the peer-close probe).
    public var stopAfterBytes: UInt64?
    /// Close with SO_LINGER 0 (a reset) instead of an orderly shutdown.
    public var abortiveClose: Bool = false
    /// How long the sender retries connecting.
    public var connectTimeoutNanoseconds: UInt64 = 3_000_000_000
    /// Wire: link MTU and the virtio_net_hdr prefix size.
    public var mtu: UInt32 = 1500
    public var vnetHeaderSize: Int32 = 0
    /// The worker ends itself (alarm(2), SIGALRM's default action) after this many
    /// seconds: a last resort that only fires if its supervisor is gone, since the
    /// supervisor's own timeout is shorter. 0 for none.
    public var lifetimeLimitSeconds: UInt32 = 0
    /// The CPU the worker pins itself to before anything else, nil for none.
    public var cpu: Int32?
    public var descriptors: Descriptors

    /// Where the spawner put the inherited descriptors in the worker.
    public struct Descriptors: Codable, Equatable, Sendable {
        /// The report pipe's write end.
        public var report: Int32
        /// The network namespace to enter (a /proc/.../ns/net or bind-mounted file), nil to stay.
        public var namespace: Int32?
        /// Receive: a listening socket to accept on instead of binding one.
        public var listeningSocket: Int32?
        /// Wire: the two TAP devices.
        public var taps: [Int32] = []

        public init(report: Int32, namespace: Int32? = nil, listeningSocket: Int32? = nil, taps: [Int32] = []) {
            self.report = report
            self.namespace = namespace
            self.listeningSocket = listeningSocket
            self.taps = taps
        }
    }

    public init(role: WorkerRole, pluginPath: String?, descriptors: Descriptors) {
        self.role = role
        self.pluginPath = pluginPath
        self.descriptors = descriptors
    }
}
