/// A flow across a running topology: its endpoints name the namespaces, the
/// receiver's address and, for `tap`, the two TAP devices a wire plugin joins.
extension FlowRequest {
    /// - Parameters:
    ///   - ipv6: use the receiver's first IPv6 address instead of its first IPv4 one.
    ///   - wire: the wire plugin, required when the topology has a wire.
    public init(
        topology: RunningTopology, sender: PluginSpec?, receiver: PluginSpec?, wire: PluginSpec?, ipv6: Bool = false
    ) throws(FlowRunner.RunError) {
        let endpoints = topology.spec.endpoints
        guard let senderNamespace = topology.namespaceDescriptor(endpoints.sender),
            let receiverNamespace = topology.namespaceDescriptor(endpoints.receiver)
        else { throw .badRequest("topology \(topology.id): its endpoint namespaces are not built") }
        let family: Int32 = ipv6 ? 10 : 2  // AF_INET6 : AF_INET
        guard let address = endpoints.receiverAddresses.first(where: { $0.family == family }) else {
            throw .badRequest("topology \(topology.spec.name): the receiver has no \(ipv6 ? "IPv6" : "IPv4") address")
        }
        self.init(
            senderNamespace: senderNamespace, receiverNamespace: receiverNamespace, receiverAddress: address.description,
            sender: sender, receiver: receiver
        )
        guard !endpoints.wire.isEmpty else { return }
        guard endpoints.wire.count == 2, let wire else {
            throw .badRequest("topology \(topology.spec.name) joins \(endpoints.wire.joined(separator: " and ")) with a wire plugin: name one")
        }
        let devices = endpoints.wire.compactMap { topology.taps[$0] }
        guard devices.count == 2 else { throw .badRequest("topology \(topology.id): the wire's TAP devices are not open") }
        let mtu = endpoints.wire.compactMap { topology.interface($0)?.mtu }.max() ?? 1500
        let wireNamespace = topology.interface(endpoints.wire[0]).flatMap { topology.namespaceDescriptor($0.namespace) }
        self.wire = WireSetup(
            plugin: wire, namespace: wireNamespace, tapA: devices[0].descriptor, tapB: devices[1].descriptor,
            vnetHeaderSize: devices[0].vnetHeader ? TapDevice.vnetHeaderSize : 0, mtu: UInt32(mtu)
        )
    }
}
