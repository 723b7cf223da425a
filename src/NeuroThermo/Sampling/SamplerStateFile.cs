using System.Globalization;
using NeuroThermo.IO;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Serialization;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Sampling;

/// <summary>
/// A <see cref="SamplerState"/> as one safetensors file: tensors <c>spins</c>, <c>generator</c> (the generator's
/// full state) and, for annealing, <c>best_spins</c> and <c>best_energies</c>; the sampler kind and the counters in
/// the file's metadata. Resuming from the file continues the chains exactly as if they had never stopped, because the
/// configurations and the generator state are stored bit for bit.
/// </summary>
public static class SamplerStateFile
{
    /// <summary>The version written to the metadata; a file of another version is refused.</summary>
    public const string FormatVersion = "1";

    private const string SpinsKey = "spins";
    private const string GeneratorKey = "generator";
    private const string BestSpinsKey = "best_spins";
    private const string BestEnergiesKey = "best_energies";

    /// <summary>Writes <paramref name="state"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, SamplerState state)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(state);
        using var generator = state.Generator.get_state();
        var tensors = new List<KeyValuePair<string, Tensor>> { new(SpinsKey, state.Spins), new(GeneratorKey, generator) };
        if (state.BestSpins is not null && state.BestEnergies is not null)
        {
            tensors.Add(new(BestSpinsKey, state.BestSpins));
            tensors.Add(new(BestEnergiesKey, state.BestEnergies));
        }
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "neurothermo-sampler-state",
            ["version"] = FormatVersion,
            ["kind"] = state.Kind,
            ["chains"] = Text(state.Chains),
            ["sweeps"] = Text(state.Sweeps),
            ["proposed_flips"] = Text(state.ProposedFlips),
            ["accepted_flips"] = Text(state.AcceptedFlips),
            ["swap_attempts"] = string.Join(",", state.SwapAttempts.Select(Text)),
            ["swap_acceptances"] = string.Join(",", state.SwapAcceptances.Select(Text)),
        };
        Safetensors.Save(path, tensors, metadata);
    }

    /// <summary>Reads a state written by <see cref="Save"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="CorruptFileException">The file is not a sampler state of this version; the message names the file and what is wrong.</exception>
    public static SamplerState Load(string path)
    {
        var (tensors, metadata) = SafetensorsFile.Read(path, "Sampler state file");
        var handedOver = new HashSet<string>();
        try
        {
            if (metadata.GetValueOrDefault("format") != "neurothermo-sampler-state")
                throw new CorruptFileException(path, "is not a sampler state (its metadata has no \"format\": \"neurothermo-sampler-state\")");
            if (metadata.GetValueOrDefault("version") != FormatVersion)
                throw new CorruptFileException(path, $"has sampler-state version '{metadata.GetValueOrDefault("version")}', but this program reads version {FormatVersion}");
            var kind = metadata.GetValueOrDefault("kind");
            if (string.IsNullOrWhiteSpace(kind)) throw new CorruptFileException(path, "has no sampler \"kind\" in its metadata");
            var spins = Required(tensors, SpinsKey, path);
            if (spins.dim() != 2 || spins.dtype != ScalarType.Float64)
                throw new CorruptFileException(path, $"holds \"spins\" of shape [{string.Join(", ", spins.shape)}] and type {spins.dtype}; expected a float64 (rows, N) tensor");
            var chains = (int)Number(metadata, "chains", path);
            if (chains < 1 || spins.size(0) % chains != 0)
                throw new CorruptFileException(path, $"says {chains} chains, which do not divide its {spins.size(0)} rows of spins");
            var (sweeps, proposed, accepted) = (Number(metadata, "sweeps", path), Number(metadata, "proposed_flips", path), Number(metadata, "accepted_flips", path));
            var (swapAttempts, swapAcceptances) = (Numbers(metadata, "swap_attempts", path), Numbers(metadata, "swap_acceptances", path));
            if (swapAttempts.Length != swapAcceptances.Length)
                throw new CorruptFileException(path, "has different numbers of swap attempts and acceptances");
            var generatorState = Required(tensors, GeneratorKey, path);
            var generator = new Generator();
            try
            {
                generator.set_state(generatorState);
            }
            catch (System.Runtime.InteropServices.ExternalException e)
            {
                generator.Dispose();
                throw new CorruptFileException(path, $"holds a generator state libtorch refuses ({TorchErrors.Message(e).TrimEnd('.')})", e);
            }
            var state = new SamplerState(kind, spins, generator, chains)
            {
                Sweeps = sweeps,
                ProposedFlips = proposed,
                AcceptedFlips = accepted,
                SwapAttempts = swapAttempts,
                SwapAcceptances = swapAcceptances,
            };
            handedOver.Add(SpinsKey);
            if (tensors.TryGetValue(BestSpinsKey, out var bestSpins) && tensors.TryGetValue(BestEnergiesKey, out var bestEnergies))
            {
                state.BestSpins = bestSpins;
                state.BestEnergies = bestEnergies;
                handedOver.Add(BestSpinsKey);
                handedOver.Add(BestEnergiesKey);
            }
            return state;
        }
        finally
        {
            foreach (var (name, tensor) in tensors)
            {
                if (!handedOver.Contains(name)) tensor.Dispose();
            }
        }
    }

    private static Tensor Required(IReadOnlyDictionary<string, Tensor> tensors, string name, string path) =>
        tensors.TryGetValue(name, out var tensor) ? tensor : throw new CorruptFileException(path, $"has no \"{name}\" tensor");

    private static long Number(IReadOnlyDictionary<string, string> metadata, string key, string path) =>
        metadata.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new CorruptFileException(path, $"has no non-negative integer \"{key}\" in its metadata");

    private static long[] Numbers(IReadOnlyDictionary<string, string> metadata, string key, string path)
    {
        if (!metadata.TryGetValue(key, out var text)) throw new CorruptFileException(path, $"has no \"{key}\" in its metadata");
        if (text.Length == 0) return [];
        var parts = text.Split(',');
        var values = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]))
                throw new CorruptFileException(path, $"has \"{key}\" = '{text}' in its metadata; expected comma-separated non-negative integers");
        }
        return values;
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
