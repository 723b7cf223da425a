using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Tests.Engine;

public sealed class GeneratorTests
{
    [Fact]
    public void SameSeed_GivesSameDraws_DifferentSeedDifferent()
    {
        using var scope = torch.NewDisposeScope();
        using var a = new Generator(42);
        using var b = new Generator(42);
        using var c = new Generator(43);
        var x = torch.randn([16], generator: a).ToArray<float>();
        Assert.Equal(x, torch.randn([16], generator: b).ToArray<float>());
        Assert.NotEqual(x, torch.randn([16], generator: c).ToArray<float>());
        Assert.Equal(42L, a.initial_seed());
    }

    [Fact]
    public void SavedState_ReplaysTheSameSequence()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(5);
        torch.rand([3], generator: generator);
        var state = generator.get_state();
        var first = torch.rand([8], generator: generator).ToArray<float>();
        generator.set_state(state);
        Assert.Equal(first, torch.rand([8], generator: generator).ToArray<float>());
    }
}

[Collection(GlobalStateCollection.Name)]
public sealed class GlobalRuntimeTests
{
    [Fact]
    public void ManualSeed_MakesGlobalDrawsRepeatable()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(123);
        var first = torch.rand(5).ToArray<float>();
        torch.manual_seed(123);
        Assert.Equal(first, torch.rand(5).ToArray<float>());
    }

    [Fact]
    public void Threads_DefaultToAllCoresAndCanBeSet()
    {
        // torch.set_num_threads(0) is not tried here: THSTorch_set_num_threads has no exception handler, so libtorch's
        // check of the count would end the process. Threads.Limit refuses it before libtorch sees it (below).
        var initial = torch.get_num_threads();
        try
        {
            torch.set_num_threads(1);
            Assert.Equal(1, torch.get_num_threads());
        }
        finally
        {
            torch.set_num_threads(initial);
        }
    }

    [Fact]
    public void LimitThreads_CapsTheCountAndRestoresIt()
    {
        var initial = torch.get_num_threads();
        try
        {
            torch.set_num_threads(2);
            using (Threads.Limit(1))
                Assert.Equal(1, torch.get_num_threads());
            Assert.Equal(2, torch.get_num_threads());
            using (Threads.Limit(4)) // a cap above the count leaves it alone
                Assert.Equal(2, torch.get_num_threads());
            Assert.Equal(2, torch.get_num_threads());
        }
        finally
        {
            torch.set_num_threads(initial);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => Threads.Limit(0));
    }

    [Fact]
    public void Cuda_IsReportedUnavailableOnThisBuild()
    {
        // TorchSharp-cpu's libtorch is CPU-only; a CUDA build must report true here instead.
        Assert.Equal(torch.cuda.device_count() > 0, torch.cuda.is_available());
    }

    [Fact]
    public void NoGrad_RestoresThePreviousMode()
    {
        Assert.True(torch.is_grad_enabled());
        using (torch.no_grad())
        {
            Assert.False(torch.is_grad_enabled());
            using (torch.enable_grad()) Assert.True(torch.is_grad_enabled());
            Assert.False(torch.is_grad_enabled());
        }
        Assert.True(torch.is_grad_enabled());
    }
}
