import NetmatrixABI
import Testing

@Suite("ABI layout: the Swift view matches the C compiler's")
struct ABILayoutTests {
    @Test func descriptorAndContextLayoutsAgree() {
        #expect(MemoryLayout<nm_plugin_descriptor>.size == nm_abi_sizeof_descriptor())
        #expect(MemoryLayout<nm_context>.size == nm_abi_sizeof_context())
        #expect(MemoryLayout<nm_counters>.size == nm_abi_sizeof_counters())
        #expect(MemoryLayout<nm_host_api>.size == nm_abi_sizeof_host_api())
        #expect(MemoryLayout<nm_plugin_descriptor>.offset(of: \.send) == nm_abi_offsetof_descriptor_send())
        #expect(MemoryLayout<nm_plugin_descriptor>.offset(of: \.wire) == nm_abi_offsetof_descriptor_wire())
        #expect(MemoryLayout<nm_context>.offset(of: \.counters) == nm_abi_offsetof_context_counters())
        #expect(MemoryLayout<nm_context>.offset(of: \.error) == nm_abi_offsetof_context_error())
        #expect(MemoryLayout<nm_context>.offset(of: \.host) == nm_abi_offsetof_context_host())
        #expect(MemoryLayout<nm_host_api>.offset(of: \.counter) == nm_abi_offsetof_host_api_counter())
    }

    @Test func theCounterServiceTookAReservedSlotSoTheTableKeepsItsSize() {
        // ABI 1.1 appended nothing: a 1.0 plugin sees the same table, and compares struct_size as before.
        #expect(NETMATRIX_ABI_MINOR == 1)
        #expect(MemoryLayout<nm_host_api>.size == 4 + 4 + 8 * 3 + 8 + 8 * 4)
    }

    @Test func entrySymbolCarriesTheMajorVersion() {
        #expect(NETMATRIX_PLUGIN_ENTRY_SYMBOL == "netmatrix_plugin_abi_v\(NETMATRIX_ABI_MAJOR)")
    }
}
