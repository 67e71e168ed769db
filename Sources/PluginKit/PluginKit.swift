@_exported import NetmatrixABI
