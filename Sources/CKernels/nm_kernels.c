#include "nm_kernels.h"
