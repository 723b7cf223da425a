// TorchSharp keeps its Parameter type in TorchSharp.Modules, beside module types whose names the library's own
// models reuse (Linear, Embedding …); the library imports just the one name.
global using Parameter = TorchSharp.Modules.Parameter;
