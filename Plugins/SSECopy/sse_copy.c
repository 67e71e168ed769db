#include "netmatrix_plugin.h"
