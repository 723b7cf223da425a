using NeuroThermo.Torch.Native;

namespace NeuroThermo.Torch.Tests;

public sealed class NativeLoaderTests
{
    [Fact]
    public void MissingLibtorch_IsNamedWithTheCommandThatInstallsIt()
    {
        var message = NativeLoader.DescribeLoadFailure(
            "/app/libneurothermo_native.so", "libtorch_cpu.so: cannot open shared object file: No such file or directory");
        Assert.Contains("libtorch is not installed", message);
        Assert.Contains(NativeLoader.AptCommand, message);
        Assert.Contains("/app/libneurothermo_native.so", message);
    }

    [Fact]
    public void OtherMissingDependency_IsReportedAsSuch()
    {
        var message = NativeLoader.DescribeLoadFailure("/app/libneurothermo_native.so", "libgomp.so.1: cannot open shared object file");
        Assert.Contains("a library it depends on could not be loaded", message);
        Assert.Contains("libgomp.so.1", message);
    }
}
