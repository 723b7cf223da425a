using NeuroThermo.Cli;
using NeuroThermo.TorchExtensions;

// Training loops free and reallocate the same buffers every step; keep them in the heap (MallocTuning's comment).
MallocTuning.RetainFreedMemory();
return await Cli.MainAsync(args);
