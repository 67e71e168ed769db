// A plugin author imports PluginKit alone: the ABI types and the syscall layer come with it.
@_exported import NetmatrixABI
@_exported import NetmatrixSystem
