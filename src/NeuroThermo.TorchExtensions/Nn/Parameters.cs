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
    /// <summary>
    /// A parameter sharing <paramref name="data"/>'s memory (not its autograd history), in no dispose scope;
    /// <paramref name="data"/> itself stays usable.
    /// </summary>
    public static Parameter Create(Tensor data, bool requiresGrad = true)
    {
        ArgumentNullException.ThrowIfNull(data);
        var parameter = new Parameter(data.detach(), requiresGrad);
        parameter.DetachFromDisposeScope();
        return parameter;
    }
}
