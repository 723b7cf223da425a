using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Nn;

/// <summary>
/// Parameters that belong to their module. TorchSharp's <c>new Parameter(t)</c> takes over the handle of
/// <c>t</c> and its place in the current dispose scope, so a parameter made inside a scope is disposed when the
/// scope ends, under the module that still holds it. A module's parameters must live as long as the module.
/// </summary>
public static class Parameters
{
    private static long s_movedHandles;

    /// <summary>
    /// How many tensors this class has turned into parameters: each leaves behind an empty tensor object that
    /// TorchSharp still counts as alive (<see cref="LiveTensors.Count"/> subtracts them).
    /// </summary>
    public static long MovedHandles => Interlocked.Read(ref s_movedHandles);

    /// <summary>
    /// A parameter sharing <paramref name="data"/>'s memory (not its autograd history), in no dispose scope;
    /// <paramref name="data"/> itself stays usable.
    /// </summary>
    public static Parameter Create(Tensor data, bool requiresGrad = true)
    {
        ArgumentNullException.ThrowIfNull(data);
#pragma warning disable RS0030 // the one place that may construct a Parameter directly
        var parameter = new Parameter(data.detach(), requiresGrad);
#pragma warning restore RS0030
        Interlocked.Increment(ref s_movedHandles);
        parameter.DetachFromDisposeScope();
        return parameter;
    }
}
