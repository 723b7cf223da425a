namespace NeuroThermo.Tests.Physics;

/// <summary>
/// Tests that read process-wide libtorch state (the live tensor count) run in this collection, which xunit runs
/// alone, after the parallel ones, so that no other test's tensors come and go meanwhile.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PhysicsGlobalStateCollection
{
    public const string Name = "Physics: global libtorch state";
}
