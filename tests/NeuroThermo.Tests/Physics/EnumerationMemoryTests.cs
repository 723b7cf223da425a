using NeuroThermo.Physics.Exact;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Physics;

[Collection(PhysicsGlobalStateCollection.Name)]
public sealed class EnumerationMemoryTests
{
    [Fact]
    public void EveryPass_LeavesNoTensorBehind()
    {
        using (var warm = TestModels.RandomSpinGlass(6, seed: 1)) { }   // load the native library and the generator first
        var baseline = SettledCount();
        using (var model = TestModels.RandomSpinGlass(11, seed: 2))
        using (var enumeration = new ExactEnumeration(model, new ExactEnumerationOptions { InnerBits = 6, ChunkBits = 8 }))
        {
            enumeration.Thermodynamics([0.2, 1.0]);
            enumeration.ThermodynamicsByAutograd(0.7);
            enumeration.GroundStates();
            enumeration.Probabilities(double.PositiveInfinity).Dispose();
            enumeration.Marginal(0.5, [1, 3]).Dispose();
            var (m, c) = enumeration.SiteAverages(0.5);
            m.Dispose();
            c.Dispose();
            using var beta = torch.tensor(new[] { 0.3, 0.9 });
            enumeration.LogPartitionFunction(beta).Dispose();
        }
        Assert.Equal(baseline, SettledCount());
    }

    // Tensors other tests dropped without disposing are freed by finalizers at unpredictable times; run them first.
    private static long SettledCount()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return LiveTensors.Count;
    }
}
