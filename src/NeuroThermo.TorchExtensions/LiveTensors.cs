using TorchSharp;

namespace NeuroThermo.TorchExtensions;

/// <summary>
/// How many tensors the current thread has made and not disposed, for tests that check that a workload leaves
/// nothing behind. A tensor left to the garbage collector counts as live here even after its finalizer has run
/// (the finalizer thread disposes it), which is what such a test wants: native memory is released
/// deterministically or not at all. TorchSharp 0.107's process-wide <c>Tensor.TotalCount</c> cannot serve: every
/// <c>new Parameter(t)</c> moves t's handle away without decrementing the count (measured: +1 per parameter).
/// </summary>
public static class LiveTensors
{
    /// <summary>Tensors made on this thread minus those disposed on it.</summary>
    public static long OnThisThread => DisposeScopeManager.Statistics.ThreadTotalLiveCount;
}
