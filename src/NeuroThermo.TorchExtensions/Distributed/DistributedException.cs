namespace NeuroThermo.TorchExtensions.Distributed;

/// <summary>
/// A rendezvous or a collective failed: a peer died or timed out, the ranks disagree on the world size, the
/// master's port is taken. The message is one sentence naming the operation, the rank and, where known, the
/// peer or the address.
/// </summary>
public sealed class DistributedException : Exception
{
    public DistributedException(string message) : base(message) { }

    public DistributedException(string message, Exception inner) : base(message, inner) { }
}
