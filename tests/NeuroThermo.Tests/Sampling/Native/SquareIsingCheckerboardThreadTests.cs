using NeuroThermo.Sampling.Native;
using NeuroThermo.Tests.Physics;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Sampling.Native;

/// <summary>
/// The native kernel gives every lattice row its own generator, so a chain must not depend on how many threads
/// share the rows. Sets libtorch's global thread count, hence the non-parallel collection.
/// </summary>
[Collection(PhysicsGlobalStateCollection.Name)]
public sealed class SquareIsingCheckerboardThreadTests
{
    [Fact]
    public void NativeChain_DoesNotDependOnThreadCount()
    {
        var sampler = new SquareIsingCheckerboard(128, 1 / 2.269, backend: CheckerboardBackend.Native);
        int before = torch.get_num_threads();
        try
        {
            torch.set_num_threads(1);
            using var one = sampler.Initialize(2, seed: 4);
            var traceOne = sampler.Run(one, 20);
            torch.set_num_threads(2);
            using var two = sampler.Initialize(2, seed: 4);
            var traceTwo = sampler.Run(two, 20);
            Assert.Equal(one.Spins.ToArray<sbyte>(), two.Spins.ToArray<sbyte>());
            Assert.Equal(traceOne.EnergyPerSpin, traceTwo.EnergyPerSpin);
        }
        finally
        {
            torch.set_num_threads(before);
        }
    }
}
