namespace NeuroThermo.Torch;

/// <summary>An error reported by libtorch (a shape mismatch, a bad dtype, ...), carrying its message.</summary>
public sealed class TorchException : Exception
{
    public TorchException(string message) : base(message) { }
}
