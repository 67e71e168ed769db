#ifndef NETMATRIX_CNETLINK_SHIM_H
#define NETMATRIX_CNETLINK_SHIM_H
/* libnl-3 and libnl-route-3, as found through pkg-config. */
#include <netlink/netlink.h>
#include <netlink/errno.h>
#include <netlink/socket.h>
#include <netlink/cache.h>
#include <netlink/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/link/bridge.h>
#include <netlink/route/addr.h>
#include <netlink/route/route.h>
#include <netlink/route/nexthop.h>
#include <netlink/route/qdisc.h>
#include <netlink/route/tc.h>
#endif
