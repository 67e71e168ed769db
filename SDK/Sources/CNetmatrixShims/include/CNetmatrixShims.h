/* Every shim header; SwiftPM takes this file, named after the target, as the
 * module's umbrella. A new header is added here, which also makes a build
 * notice it (an umbrella folder's new file can leave a cached module stale). */
#ifndef NETMATRIX_CNETMATRIXSHIMS_H
#define NETMATRIX_CNETMATRIXSHIMS_H
#include "nm_base.h"
#include "nm_cpu.h"
#include "nm_ethtool.h"
#include "nm_interface.h"
#include "nm_netlink_extack.h"
#include "nm_netns.h"
#include "nm_probe.h"
#include "nm_rootless.h"
#include "nm_tun.h"
#include "nm_worker.h"
#include "nm_zerocopy.h"
#endif
