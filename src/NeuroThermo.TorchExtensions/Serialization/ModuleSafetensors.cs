using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Serialization;

/// <summary>A module's state dict as a safetensors file.</summary>
public static class ModuleSafetensors
{
    /// <summary>Writes the module's state dict to <paramref name="path"/> (atomically: a file already there survives a failure).</summary>
    public static void save_safetensors(this nn.Module module, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        Safetensors.Save(path, module.state_dict(), metadata);
    }

    /// <summary>
    /// Loads a state dict written by <see cref="save_safetensors"/>. Every tensor is checked against the module before
    /// any is copied — names (all of them when <paramref name="strict"/>), shapes and dtypes — so a checkpoint that does
    /// not fit leaves the module as it was and says, in one sentence, which tensor differs and how. TorchSharp's own
    /// load_state_dict would broadcast a [1, n] tensor into an [m, n] parameter without a word.
    /// </summary>
    /// <exception cref="InvalidDataException">The checkpoint does not fit the module.</exception>
    /// <exception cref="NeuroThermo.TorchExtensions.Serialization.SafetensorsFormatException">The file is not valid safetensors.</exception>
    public static void load_safetensors(this nn.Module module, string path, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(module);
        Dictionary<string, Tensor> source = Safetensors.Load(path);
        try
        {
            module.load_checked_state_dict(source, strict);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Checkpoint '{path}' does not fit the model: {e.Message}.", e);
        }
        finally
        {
            foreach (Tensor tensor in source.Values) tensor.Dispose();
        }
    }

    /// <summary>
    /// Copies <paramref name="source"/> into the module's parameters and buffers after checking every tensor first:
    /// names (all of them when <paramref name="strict"/>), shapes and dtypes. A mismatch is an
    /// <see cref="ArgumentException"/> whose message says which tensor differs and how, and nothing is copied.
    /// </summary>
    public static void load_checked_state_dict(this nn.Module module, IReadOnlyDictionary<string, Tensor> source, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(source);
        Dictionary<string, Tensor> destination = module.state_dict();
        string? problem = FirstMismatch(source, destination, strict);
        if (problem is not null) throw new ArgumentException(problem);
        using var noGrad = no_grad();
        foreach (var (name, tensor) in source)
        {
            if (destination.TryGetValue(name, out Tensor? target)) target.copy_(tensor);
        }
    }

    private static string? FirstMismatch(IReadOnlyDictionary<string, Tensor> source, Dictionary<string, Tensor> destination, bool strict)
    {
        foreach (var (name, target) in destination)
        {
            if (!source.TryGetValue(name, out Tensor? tensor))
            {
                if (strict) return $"it has no tensor '{name}', which the model needs";
                continue;
            }
            if (!tensor.shape.SequenceEqual(target.shape))
            {
                return $"tensor '{name}' has shape [{string.Join(", ", tensor.shape)}], but the model's has shape [{string.Join(", ", target.shape)}]";
            }
            if (tensor.dtype != target.dtype)
            {
                return $"tensor '{name}' has dtype {tensor.dtype}, but the model's has dtype {target.dtype}";
            }
        }
        if (strict)
        {
            string? unexpected = source.Keys.FirstOrDefault(name => !destination.ContainsKey(name));
            if (unexpected is not null) return $"it has a tensor '{unexpected}' that the model does not";
        }
        return null;
    }
}
