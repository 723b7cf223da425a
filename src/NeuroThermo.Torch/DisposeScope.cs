namespace NeuroThermo.Torch;

/// <summary>
/// Collects every tensor created on this thread while it is the innermost scope, and disposes
/// them when it is disposed. Tensors that must outlive it leave with
/// <see cref="Tensor.MoveToOuterDisposeScope"/> or <see cref="Tensor.DetachFromDisposeScope"/>.
/// </summary>
/// <example><code>
/// using (var scope = torch.NewDisposeScope())
/// {
///     var loss = model.call(x).pow(2).mean();   // every temporary is collected
///     loss.backward();
/// }                                              // ...and freed here
/// </code></example>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? t_current;

    private readonly List<Tensor> _tensors = [];
    private bool _disposed;

    internal DisposeScope()
    {
        Outer = t_current;
        t_current = this;
    }

    internal static DisposeScope? Current => t_current;

    /// <summary>The scope that was innermost when this one was opened.</summary>
    public DisposeScope? Outer { get; }

    /// <summary>Tensors this scope will dispose (still owned by it and not yet disposed).</summary>
    public int Count => _tensors.Count(t => t.Scope == this && !t.IsInvalid);

    internal void Register(Tensor tensor)
    {
        tensor.Scope = this;
        _tensors.Add(tensor);
    }

    /// <summary>Disposes every tensor still owned by this scope and makes the outer scope current.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var tensor in _tensors)
        {
            if (tensor.Scope == this) tensor.Dispose();
        }
        _tensors.Clear();
        if (t_current == this) t_current = Outer;
    }
}
