/* Layout facts of the ABI as the C compiler sees them; a test compares the
 * Swift view against these so an importer or padding surprise cannot hide. */
#include <stddef.h>
#include "netmatrix_plugin.h"

_Static_assert(sizeof(void *) == 8, "netmatrix supports 64-bit targets only");
_Static_assert(sizeof(nm_counters) == 9 * 8 + 32 + 8 * 8, "nm_counters layout changed");

size_t nm_abi_sizeof_descriptor(void) { return sizeof(nm_plugin_descriptor); }
size_t nm_abi_sizeof_context(void) { return sizeof(nm_context); }
size_t nm_abi_sizeof_counters(void) { return sizeof(nm_counters); }
size_t nm_abi_sizeof_host_api(void) { return sizeof(nm_host_api); }
size_t nm_abi_offsetof_descriptor_send(void) { return offsetof(nm_plugin_descriptor, send); }
size_t nm_abi_offsetof_descriptor_wire(void) { return offsetof(nm_plugin_descriptor, wire); }
size_t nm_abi_offsetof_context_counters(void) { return offsetof(nm_context, counters); }
size_t nm_abi_offsetof_context_error(void) { return offsetof(nm_context, error); }
size_t nm_abi_offsetof_context_host(void) { return offsetof(nm_context, host); }
size_t nm_abi_offsetof_host_api_counter(void) { return offsetof(nm_host_api, counter); }
