namespace NeuroThermo.Torch;

/// <summary>
/// A tensor that is a learnable part of a module: it requires grad by default, shares its data
/// with the tensor it was made from, and belongs to its module rather than to any dispose scope.
/// </summary>
public sealed class Parameter : Tensor
{
    public Parameter(Tensor data, bool requires_grad = true) : base(DetachedHandle(data), joinScope: false)
    {
        this.requires_grad = requires_grad;
    }

    private static IntPtr DetachedHandle(Tensor data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var detached = data.detach();
        return detached.NewHandle();
    }
}
