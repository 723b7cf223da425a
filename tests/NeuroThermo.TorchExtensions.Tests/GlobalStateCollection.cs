namespace NeuroThermo.TorchExtensions.Tests;

/// <summary>
/// Tests that touch process-wide state run in this collection, which xunit runs alone, after the parallel ones:
/// libtorch's seed, thread count, grad mode or live tensor count, and the loopback ranks of the distributed tests,
/// which take ports and time their peers against timeouts that a busy two-core machine must not stretch.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalStateCollection
{
    public const string Name = "Global process state";
}
