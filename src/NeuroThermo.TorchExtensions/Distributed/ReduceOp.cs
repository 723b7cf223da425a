namespace NeuroThermo.TorchExtensions.Distributed;

/// <summary>How <see cref="ProcessGroup.AllReduce"/> combines the ranks' tensors.</summary>
public enum ReduceOp
{
    /// <summary>The element-wise sum over ranks.</summary>
    Sum,

    /// <summary>The element-wise mean over ranks (floating-point tensors only).</summary>
    Average,
}
