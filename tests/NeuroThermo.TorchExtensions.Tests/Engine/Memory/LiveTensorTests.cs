using NeuroThermo.TorchExtensions.Nn;
using TorchSharp;
using static TorchSharp.torch;
using optim = NeuroThermo.TorchExtensions.Optim.optim;
namespace NeuroThermo.TorchExtensions.Tests.Engine.Memory;

[Collection(GlobalStateCollection.Name)]
public sealed class LiveTensorTests
{
    private const int TrainingSteps = 1000;

    [Fact]
    public void TrainingLoopInsideScopes_ReturnsLiveCountToBaseline()
    {
        using var generator = new Generator(7);
        using var model = nn.Sequential(
            SeededLayers.Linear(8, 16, generator: generator), nn.ReLU(), SeededLayers.Linear(16, 1, generator: generator));
        using var optimizer = optim.AdamW(model.parameters(), lr: 1e-2);
        var x = torch.randn([32, 8], generator: generator);
        var y = x.sum(1L, keepdim: true).sin();

        // One step first, so the optimizer's state tensors exist before the baseline is taken.
        Step();
        var baseline = SettledLiveCount();
        for (var i = 0; i < TrainingSteps; i++) Step();
        Assert.Equal(baseline, SettledLiveCount());
        x.Dispose();
        y.Dispose();

        void Step()
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = torch.nn.functional.mse_loss(model.call(x), y);
            loss.backward();
            optimizer.step();
        }
    }

    // Tensors other tests leaked to the finalizer would otherwise be released mid-test and move the count.
    private static long SettledLiveCount()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return torch.Tensor.TotalCount;
    }

    [Fact]
    public void Scope_DisposesWhatItCreatedAndKeepsWhatMovedOut()
    {
        var before = SettledLiveCount();
        Tensor kept;
        Tensor dropped;
        using (var outer = torch.NewDisposeScope())
        {
            using (var inner = torch.NewDisposeScope())
            {
                dropped = torch.ones(3) * 2;
                kept = (torch.ones(3) + 1).MoveToOuterDisposeScope();
            }
            Assert.True(dropped.IsInvalid);
            Assert.False(kept.IsInvalid);
            Assert.Equal(new[] { 2f, 2f, 2f }, kept.ToArray<float>());
        }
        Assert.True(kept.IsInvalid);
        Assert.Equal(before, torch.Tensor.TotalCount);
    }

    [Fact]
    public void DetachedTensor_SurvivesItsScope()
    {
        var before = SettledLiveCount();
        Tensor survivor;
        using (var scope = torch.NewDisposeScope())
        {
            survivor = torch.zeros(2).DetachFromDisposeScope();
        }
        Assert.False(survivor.IsInvalid);
        survivor.Dispose();
        Assert.Equal(before, torch.Tensor.TotalCount);
    }
}
