using NeuroThermo.IO;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Serialization;

namespace NeuroThermo.Models.Rbm;

/// <summary>
/// A restricted Boltzmann machine as one safetensors file: its state dict (<c>weights</c>, <c>visible_biases</c>,
/// <c>hidden_biases</c>) and the unit type in the metadata.
/// </summary>
public static class RbmFile
{
    private const string Format = "neurothermo-rbm";
    private const string FormatVersion = "1";

    /// <summary>Writes <paramref name="machine"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(RestrictedBoltzmannMachine machine, string path)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        machine.save_safetensors(path, new Dictionary<string, string>
        {
            ["format"] = Format,
            ["version"] = FormatVersion,
            ["units"] = machine.Units.ToString().ToLowerInvariant(),
        });
    }

    /// <summary>Reads a machine written by <see cref="Save"/>, in the dtype it was saved in.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="CorruptFileException">The file is not an RBM of this version; the message names the file and what is wrong.</exception>
    public static RestrictedBoltzmannMachine Load(string path)
    {
        var (tensors, metadata) = SafetensorsFile.Read(path, "RBM file");
        try
        {
            if (metadata.GetValueOrDefault("format") != Format)
                throw new CorruptFileException(path, $"is not an RBM (its metadata has no \"format\": \"{Format}\")");
            if (metadata.GetValueOrDefault("version") != FormatVersion)
                throw new CorruptFileException(path, $"has RBM version '{metadata.GetValueOrDefault("version")}', but this program reads version {FormatVersion}");
            if (!Enum.TryParse<RbmUnits>(metadata.GetValueOrDefault("units"), ignoreCase: true, out var units) || !Enum.IsDefined(units))
                throw new CorruptFileException(path, "has no \"units\" of 'bernoulli' or 'spin' in its metadata");
            var weights = Required(tensors, "weights", path);
            var visible = Required(tensors, "visible_biases", path);
            var hidden = Required(tensors, "hidden_biases", path);
            try
            {
                return new RestrictedBoltzmannMachine(weights, visible, hidden, units);
            }
            catch (ArgumentException e)
            {
                throw new CorruptFileException(path, $"holds parameters that do not form an RBM ({e.Message.TrimEnd('.')})", e);
            }
        }
        finally
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
        }
    }

    private static Tensor Required(IReadOnlyDictionary<string, Tensor> tensors, string name, string path) =>
        tensors.TryGetValue(name, out var tensor) ? tensor : throw new CorruptFileException(path, $"has no \"{name}\" tensor");
}
