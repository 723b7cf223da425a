using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Nn;

/// <summary>
/// A module owns its parameters and buffers: they live until the module is disposed. In TorchSharp a tensor
/// joins the dispose scope it was made in, and registering it on a module does not take it out, so a module
/// built inside a scope would lose its state when the scope ends. Module constructors call
/// <see cref="TakeOwnershipOfState"/> after registering their components.
/// </summary>
public static class ModuleOwnership
{
    /// <summary>Takes every parameter and buffer of <paramref name="module"/> and its submodules out of any dispose scope.</summary>
    public static void TakeOwnershipOfState(this nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        foreach (var (_, parameter) in module.named_parameters()) parameter.DetachFromDisposeScope();
        foreach (var (_, buffer) in module.named_buffers()) buffer.DetachFromDisposeScope();
    }
}
