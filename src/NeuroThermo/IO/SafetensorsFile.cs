using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Serialization;

namespace NeuroThermo.IO;

/// <summary>Opens a safetensors file the library wrote, turning a missing or malformed file into one clear sentence.</summary>
public static class SafetensorsFile
{
    /// <summary>
    /// The tensors (the caller disposes them) and metadata of <paramref name="path"/>; <paramref name="what"/> names the
    /// file's role in the error ("Sampler state file", "RBM file").
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="CorruptFileException">The file is not valid safetensors.</exception>
    public static (IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata) Read(string path, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{what} {path} does not exist.", path);
        try
        {
            return Safetensors.LoadWithMetadata(path);
        }
        catch (SafetensorsFormatException e)
        {
            throw new CorruptFileException(path, $"is not a valid safetensors file ({e.Message.TrimEnd('.')})", e);
        }
    }
}
