using System.Globalization;
using System.Text.Json;
using NeuroThermo.Data.Tokenizers;
using NeuroThermo.IO;
using NeuroThermo.Models.Transformer;
using NeuroThermo.Training;

namespace NeuroThermo.Experiments;

/// <summary>The final state of one trained size of an <c>lm.scaling</c> family.</summary>
/// <param name="Label">The size's subdirectory under sizes/, such as <c>d32-l3-h4</c>.</param>
/// <param name="EmbeddingSize">d_model.</param>
/// <param name="LayerCount">Blocks.</param>
/// <param name="NonEmbeddingParameters">N in Kaplan's convention: every parameter except the token and position
/// embeddings (and an untied output layer, the unembedding).</param>
/// <param name="TotalParameters">Every parameter.</param>
/// <param name="ValidationLoss">The validation estimate at the last step, in nats per token: the L of L(N).</param>
/// <param name="TrainLoss">The training estimate at the last step.</param>
public sealed record LmScalingPoint(
    string Label, int EmbeddingSize, int LayerCount, long NonEmbeddingParameters, long TotalParameters, double ValidationLoss, double TrainLoss);

/// <summary>
/// <c>lm.scaling</c>: trains each size of the family as an <c>lm.train</c> run of its own in
/// <c>sizes/&lt;label&gt;/</c> (a full run directory: <c>neurothermo sample</c> and <c>lm.thermo</c> can open it),
/// then fits ln L = α_N (ln N_c − ln N) to the final validation losses by least squares (<see cref="PowerLawFit"/>)
/// and writes plots/scaling-law.svg (log–log points and fit) and scaling.json. A checkpoint after every size, and
/// each size's own checkpoints, let a stopped run resume where it stopped; a run stopped after three or more sizes
/// writes the fit of those, marked as partial, which the resumed run replaces.
/// </summary>
/// <remarks>Metrics: one record per size, the step being its 1-based index in the config.</remarks>
public static class LmScalingExperiment
{
    /// <summary>Folder of the per-size runs, the file each finished size leaves, the plot and the results.</summary>
    public const string SizesFolder = "sizes", PointFile = "scaling-point.json", PlotFile = "scaling-law.svg", ResultsFile = "scaling.json";

    /// <summary>Metric names.</summary>
    public const string NonEmbeddingParameters = "non_embedding_params", ValidationLoss = "val_loss", TrainLoss = "train_loss";

    // The names under which lm.train logs its loss estimates.
    private const string LmTrainValidationLoss = "val_loss", LmTrainTrainLoss = "train_loss";

    // A straight line with a standard error needs n − 2 ≥ 1 degrees of freedom.
    private const int MinimumSizes = 3;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>Trains (or resumes) the family and fits it; see the class summary.</summary>
    public static async Task<RunOutcome> RunAsync(LmScalingConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        var labels = CheckSizes(config, context);
        var budget = (long)config.Train.Steps * config.Train.BatchSize * config.Train.ContextLength;
        context.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{config.Sizes.Length} sizes, each {config.Train.Steps} steps × {config.Train.BatchSize} × {config.Train.ContextLength} = {budget:N0} training tokens"));

        int done;
        using (var checkpoint = context.Checkpoints.LoadLatest<State>())
            done = checkpoint?.State.SizesDone ?? 0;
        var points = Enumerable.Range(0, done).Select(i => ReadPoint(SizeDirectory(context, labels[i]))).ToList();
        for (var i = done; i < config.Sizes.Length; i++)
        {
            var size = config.Sizes[i];
            var train = config.Train with { EmbeddingSize = size.EmbeddingSize, LayerCount = size.LayerCount, HeadCount = size.HeadCount };
            context.Progress.WriteLine($"size {i + 1} of {config.Sizes.Length}: {labels[i]}");
            var sub = OpenOrCreateSizeRun(context, labels[i], train, i == 0 ? null : labels[0]);
            RunOutcome outcome;
            using (var metrics = MetricsLog.Open(sub.MetricsFile))
            {
                var subContext = new RunContext($"{context.RunName}-{labels[i]}", sub, context.Seed, metrics,
                    new CheckpointStore(sub.CheckpointsDirectory), context.Progress);
                outcome = await LmTrainExperiment.RunAsync(train, subContext, cancellationToken);
            }
            RunReportWriter.Write(sub);
            if (outcome == RunOutcome.Interrupted)
            {
                // A long family stopped part-way still shows what it has; resuming replaces the partial fit.
                if (points.Count >= MinimumSizes)
                    WriteFit(config, points, budget, context);
                return RunOutcome.Interrupted;
            }
            var point = MeasurePoint(sub, labels[i], train);
            AtomicFile.WriteAllText(Path.Combine(sub.Path, PointFile), JsonSerializer.Serialize(point, Json));
            points.Add(point);
            context.Metrics.Write(i + 1, (NonEmbeddingParameters, point.NonEmbeddingParameters), (ValidationLoss, point.ValidationLoss),
                (TrainLoss, point.TrainLoss));
            context.Checkpoints.Save(i + 1, [], new State(i + 1));
        }

        WriteFit(config, points, budget, context);
        return RunOutcome.Completed;
    }

    private static void WriteFit(LmScalingConfig config, IReadOnlyList<LmScalingPoint> points, long budget, RunContext context)
    {
        var fit = PowerLawFit.Fit(points.Select(p => (double)p.NonEmbeddingParameters).ToArray(), points.Select(p => p.ValidationLoss).ToArray());
        LmScalingReport.Write(config, points, fit, budget, context);
    }

    /// <summary>
    /// N in Kaplan et al.'s convention: all parameters but the token embedding (V × d), the position embedding
    /// (T × d) and, when it is not tied to the token embedding, the output layer (V × d); layer norms and biases count.
    /// </summary>
    public static long NonEmbeddingParameterCount(TransformerLanguageModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var c = model.Config;
        var embeddings = (long)(c.VocabularySize + c.ContextLength) * c.EmbeddingSize + (c.TieWeights ? 0 : (long)c.VocabularySize * c.EmbeddingSize);
        return TotalParameterCount(model) - embeddings;
    }

    /// <summary>Every parameter of <paramref name="model"/> (a tied weight once).</summary>
    public static long TotalParameterCount(TransformerLanguageModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.parameters().Sum(p => p.numel());
    }

    private static string[] CheckSizes(LmScalingConfig config, RunContext context)
    {
        string file = context.Directory.ConfigFile;
        if (config.Sizes.Length < MinimumSizes)
            throw new ConfigException(
                $"Config '{file}' at $.sizes: {config.Sizes.Length} sizes cannot give a power law with an error; list at least 3 (the issue asks for 5).",
                file, "$.sizes");
        var labels = new string[config.Sizes.Length];
        for (var i = 0; i < config.Sizes.Length; i++)
        {
            var size = config.Sizes[i];
            if (config.Train.Attention == AttentionKind.MultiHead && size.EmbeddingSize % size.HeadCount != 0)
                throw new ConfigException(
                    $"Config '{file}' at $.sizes[{i}].headCount: {size.HeadCount} heads do not divide embeddingSize {size.EmbeddingSize}; choose a divisor.",
                    file, $"$.sizes[{i}].headCount");
            labels[i] = $"d{size.EmbeddingSize}-l{size.LayerCount}-h{size.HeadCount}";
            var first = Array.IndexOf(labels, labels[i]);
            if (first < i)
                throw new ConfigException($"Config '{file}' at $.sizes[{i}]: repeats $.sizes[{first}] ({labels[i]}); list each size once.", file, $"$.sizes[{i}]");
        }
        return labels;
    }

    private static string SizeDirectory(RunContext context, string label) => Path.Combine(context.Directory.Path, SizesFolder, label);

    // A size's run directory with its resolved lm.train config; an existing one is tidied as a resume would tidy it.
    private static RunDirectory OpenOrCreateSizeRun(RunContext context, string label, LmTrainConfig train, string? firstLabel)
    {
        var path = SizeDirectory(context, label);
        if (File.Exists(Path.Combine(path, RunDirectory.ConfigFileName)))
        {
            var existing = RunDirectory.Open(path);
            existing.CreateSubdirectories();
            existing.SweepTemporaryFiles();
            MetricsFile.KeepThrough(existing.MetricsFile, new CheckpointStore(existing.CheckpointsDirectory).LatestStep() ?? 0);
            return existing;
        }
        Directory.CreateDirectory(path);
        ExperimentRegistry.CreateBuiltIn().TryGet("lm.train", out var kind);
        AtomicFile.WriteAllText(Path.Combine(path, RunDirectory.ConfigFileName),
            ConfigLoader.ToResolvedJson(kind!, $"{context.RunName}-{label}", context.Seed, train));
        var run = RunDirectory.Open(path);
        run.CreateSubdirectories();
        // Every size shares the tokenizer and token ids: reuse the first size's instead of training and encoding again.
        if (firstLabel is not null)
            foreach (var file in new[] { LmTrainExperiment.TokenizerFileName, "tokens-train.bin", "tokens-val.bin" })
            {
                var source = Path.Combine(SizeDirectory(context, firstLabel), file);
                if (File.Exists(source))
                    File.Copy(source, Path.Combine(path, file));
            }
        return run;
    }

    private static LmScalingPoint MeasurePoint(RunDirectory sub, string label, LmTrainConfig train)
    {
        var history = MetricsFile.Read(sub.MetricsFile);
        var validation = history.Last(LmTrainValidationLoss)
                         ?? throw new InvalidDataException($"The run of size {label} in '{sub.Path}' logged no validation loss.");
        var training = history.Last(LmTrainTrainLoss)!;
        var vocabulary = TokenizerFile.Load(Path.Combine(sub.Path, LmTrainExperiment.TokenizerFileName)).VocabularySize;
        using var model = new TransformerLanguageModel(train.Model(vocabulary));
        return new LmScalingPoint(label, train.EmbeddingSize, train.LayerCount, NonEmbeddingParameterCount(model), TotalParameterCount(model),
            validation.Values[LmTrainValidationLoss], training.Values[LmTrainTrainLoss]);
    }

    private static LmScalingPoint ReadPoint(string directory)
    {
        var file = Path.Combine(directory, PointFile);
        try
        {
            return JsonSerializer.Deserialize<LmScalingPoint>(File.ReadAllText(file), Json)
                   ?? throw new JsonException("the file holds null");
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new RunDirectoryException(Path.GetDirectoryName(Path.GetDirectoryName(directory))!,
                $"cannot be resumed: the result of a finished size, '{file}', is missing or unreadable ({e.Message.TrimEnd('.')})", e);
        }
    }

    /// <summary>The checkpointed position in the family.</summary>
    /// <param name="SizesDone">Sizes trained, measured and logged.</param>
    public sealed record State(int SizesDone);
}
