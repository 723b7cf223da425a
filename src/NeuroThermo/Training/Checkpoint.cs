using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Training;

/// <summary>
/// A checkpoint read back by <see cref="CheckpointStore.LoadLatest{TState}"/>: the step, the named tensors
/// (CPU tensors owned by this object until it is disposed) and the trainer's own state.
/// </summary>
public sealed class Checkpoint<TState> : IDisposable
{
    internal Checkpoint(long step, IReadOnlyDictionary<string, Tensor> tensors, TState state)
    {
        Step = step;
        Tensors = tensors;
        State = state;
    }

    /// <summary>The step the checkpoint was saved at.</summary>
    public long Step { get; }

    /// <summary>Every tensor of the checkpoint by its full name, such as <c>model.0.weight</c>.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    /// <summary>The trainer state saved beside the tensors.</summary>
    public TState State { get; }

    /// <summary>The tensors whose names start with <paramref name="prefix"/>, by the rest of their names:
    /// <c>Section("model.")</c> gives a state dict for <c>load_state_dict</c>.</summary>
    public IReadOnlyDictionary<string, Tensor> Section(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return Tensors.Where(t => t.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(t => t.Key[prefix.Length..], t => t.Value, StringComparer.Ordinal);
    }

    /// <summary>The tensor called <paramref name="name"/>; a missing one means the file does not belong to this trainer.</summary>
    /// <exception cref="KeyNotFoundException">There is no such tensor.</exception>
    public Tensor Get(string name) =>
        Tensors.TryGetValue(name, out var tensor) ? tensor : throw new KeyNotFoundException($"The checkpoint at step {Step} has no tensor '{name}'.");

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var tensor in Tensors.Values)
            tensor.Dispose();
    }
}
