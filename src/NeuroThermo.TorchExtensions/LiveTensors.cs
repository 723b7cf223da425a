using TorchSharp;
using NeuroThermo.TorchExtensions.Nn;

namespace NeuroThermo.TorchExtensions;

/// <summary>
/// How many tensors are alive in the process, for tests that check that a workload leaves nothing behind (after
/// a full garbage collection, so that tensors dropped by earlier code have been finalized).
/// <para>
/// It is TorchSharp's <c>Tensor.TotalCount</c> corrected for one flaw: <c>new Parameter(t)</c> moves t's native
/// handle into the parameter and leaves t counted for ever (measured: +1 per parameter, in TorchSharp 0.107). The
/// project makes every parameter through <see cref="Parameters.Create"/>, which counts the handles it moves.
/// </para>
/// </summary>
public static class LiveTensors
{
    /// <summary>Tensor objects holding a native tensor, process-wide.</summary>
    public static long Count => torch.Tensor.TotalCount - Parameters.MovedHandles;
}
