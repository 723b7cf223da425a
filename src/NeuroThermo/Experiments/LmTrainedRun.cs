using System.Globalization;
using System.Text.RegularExpressions;
using NeuroThermo.Data.Tokenizers;
using NeuroThermo.Models.Transformer;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;
using NeuroThermo.TorchExtensions.Serialization;

namespace NeuroThermo.Experiments;

/// <summary>
/// A finished (or evaluated at least once) <c>lm.train</c> run opened for reading: its resolved config, its tokenizer
/// and its best-validation model in eval mode. Experiments that study a trained model (<c>lm.thermo</c>) start here.
/// </summary>
public sealed partial class LmTrainedRun : IDisposable
{
    private LmTrainedRun(string directory, LmTrainConfig config, ITokenizer tokenizer, TransformerLanguageModel model)
    {
        Directory = directory;
        Config = config;
        Tokenizer = tokenizer;
        Model = model;
    }

    /// <summary>The run directory's full path.</summary>
    public string Directory { get; }

    /// <summary>The config the run was trained with.</summary>
    public LmTrainConfig Config { get; }

    /// <summary>The run's tokenizer.</summary>
    public ITokenizer Tokenizer { get; }

    /// <summary>The model of the lowest validation loss, in eval mode.</summary>
    public TransformerLanguageModel Model { get; }

    /// <summary>
    /// <paramref name="path"/> itself if it is a directory; otherwise the newest run directory named
    /// <c>&lt;path&gt;-&lt;yyyyMMdd-HHmmss&gt;</c> (with the <c>-2</c>, <c>-3</c> … suffix of runs started in the same
    /// second); null if there is neither.
    /// </summary>
    public static string? Find(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path.TrimEnd('/', '\\'));
        if (System.IO.Directory.Exists(full))
            return full;
        var parent = Path.GetDirectoryName(full);
        if (parent is null || !System.IO.Directory.Exists(parent))
            return null;
        var stem = Path.GetFileName(full);
        // Time stamps sort as text; the same-second suffix sorts as a number.
        return System.IO.Directory.EnumerateDirectories(parent)
            .Select(d => (Path: d, Match: StampedName().Match(Path.GetFileName(d))))
            .Where(c => c.Match.Success && c.Match.Groups["stem"].Value == stem
                        && File.Exists(Path.Combine(c.Path, RunDirectory.ConfigFileName)))
            .OrderBy(c => c.Match.Groups["stamp"].Value, StringComparer.Ordinal)
            .ThenBy(c => c.Match.Groups["n"].Success ? int.Parse(c.Match.Groups["n"].Value, CultureInfo.InvariantCulture) : 1)
            .Select(c => c.Path)
            .LastOrDefault();
    }

    /// <summary>Opens the <c>lm.train</c> run in <paramref name="directory"/>.</summary>
    /// <exception cref="RunDirectoryException">The directory is no run directory, holds a run of another kind, its
    /// config no longer loads, or it has no tokenizer or best-validation model yet.</exception>
    public static LmTrainedRun Open(string directory)
    {
        var (run, config, _) = TrainedRunConfig.Load<LmTrainConfig>(directory, "an lm.train language model");
        return Open(run, config);
    }

    /// <summary>Opens the <c>lm.train</c> run <paramref name="run"/>, whose config the caller has already loaded.</summary>
    /// <exception cref="RunDirectoryException">It has no tokenizer or best-validation model yet, or the model does not load.</exception>
    public static LmTrainedRun Open(RunDirectory run, LmTrainConfig config)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(config);
        var directory = run.Path;
        foreach (var file in new[] { LmTrainExperiment.TokenizerFileName, LmTrainExperiment.BestModelFileName })
            if (!File.Exists(Path.Combine(run.Path, file)))
                throw new RunDirectoryException(directory, $"has no {file}; train the run past its first evaluation (or resume it) first");
        var tokenizer = TokenizerFile.Load(Path.Combine(run.Path, LmTrainExperiment.TokenizerFileName));
        var model = new TransformerLanguageModel(config.Model(tokenizer.VocabularySize));
        try
        {
            model.load_safetensors(Path.Combine(run.Path, LmTrainExperiment.BestModelFileName));
        }
        catch (Exception e) when (e is InvalidDataException or IOException or System.Runtime.InteropServices.ExternalException)
        {
            model.Dispose();
            throw new RunDirectoryException(directory, $"has a {LmTrainExperiment.BestModelFileName} that cannot be loaded ({TorchErrors.Message(e).TrimEnd('.')})", e);
        }
        model.eval();
        return new LmTrainedRun(run.Path, config, tokenizer, model);
    }

    /// <summary>The token ids of <paramref name="prompt"/> (a newline if it is empty, as <c>neurothermo sample</c> does).</summary>
    /// <exception cref="ArgumentException">The tokenizer cannot encode the prompt (a character it never saw).</exception>
    public long[] Encode(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return Tokenizer.Encode(prompt.Length == 0 ? "\n" : prompt).Select(t => (long)t).ToArray();
    }

    /// <summary>The logits z (V) of the token after <paramref name="tokens"/>, from the last ContextLength of them.</summary>
    public double[] NextTokenLogits(IReadOnlyList<long> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Count == 0)
            throw new ArgumentException("At least one token is needed.", nameof(tokens));
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var window = tokens.Skip(Math.Max(0, tokens.Count - Model.Config.ContextLength)).ToArray();
        var logits = Model.forward(torch.tensor(window, [1, window.Length])); // (1, T) -> (1, T, V)
        return logits.select(1, window.Length - 1).squeeze(0).to(ScalarType.Float64).ToArray<double>(); // (V)
    }

    /// <inheritdoc/>
    public void Dispose() => Model.Dispose();

    [GeneratedRegex(@"^(?<stem>.+)-(?<stamp>\d{8}-\d{6})(-(?<n>\d+))?$")]
    private static partial Regex StampedName();
}
