namespace NeuroThermo.Torch.Tests;

/// <summary>
/// Tests that touch process-wide state (libtorch's seed, thread count, grad mode, or the live
/// tensor count) run in this collection, which xunit runs alone, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalStateCollection
{
    public const string Name = "Global libtorch state";
}
