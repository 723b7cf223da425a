using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Tests;

public sealed class EngineLoadTests
{
    [Fact]
    public void TorchSharp_LoadsInTheTestHost_WithLibtorch2_10()
    {
        // The first call loads libtorch and LibTorchSharp; on Debian 12 that works only with the load fix.
        using var scope = NewDisposeScope();
        Assert.StartsWith("2.10", __version__);
        Assert.Equal(6.0, ones(2, 3).sum().item<float>());
    }
}
