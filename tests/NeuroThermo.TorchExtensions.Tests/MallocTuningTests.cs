namespace NeuroThermo.TorchExtensions.Tests;

public sealed class MallocTuningTests
{
    [Fact]
    public void RetainFreedMemory_IsAcceptedByGlibc()
    {
        // The settings are process-wide and harmless to the other tests (memory is kept, not lost).
        Assert.True(MallocTuning.RetainFreedMemory(), "glibc's mallopt refused the mmap or trim threshold");
    }
}
