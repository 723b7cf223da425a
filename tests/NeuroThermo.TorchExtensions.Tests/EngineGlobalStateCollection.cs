namespace NeuroThermo.TorchExtensions.Tests;

/// <summary>
/// Tests that change libtorch's process-wide state (the thread count): they run one at a time, and apart from
/// the rest of the suite.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EngineGlobalStateCollection
{
    public const string Name = "libtorch global state";
}
