using System.Globalization;
using NeuroThermo.Data.Corpora;
using NeuroThermo.Data.Tokenizers;
using NeuroThermo.Models.Transformer;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Serialization;
using NeuroThermo.Training;

namespace NeuroThermo.Experiments;

/// <summary>
/// <c>lm.train</c>: reads the corpus, trains (or, on resume, reloads) the tokenizer into tokenizer.json,
/// caches the token ids next to the run, trains <see cref="LmTrainer"/> with the step's loss and learning
/// rate logged every <see cref="LmTrainConfig.LogEvery"/> steps, train/validation estimates every
/// <see cref="LmTrainConfig.EvalEvery"/> steps with best.safetensors holding the model of the lowest
/// validation loss, checkpoints as <c>smoke.mlp</c> does, and samples.txt written at the end.
/// </summary>
public static class LmTrainExperiment
{
    /// <summary>The tokenizer file in the run directory.</summary>
    public const string TokenizerFileName = "tokenizer.json";

    /// <summary>The model of the lowest validation loss, in the run directory.</summary>
    public const string BestModelFileName = "best.safetensors";

    /// <summary>Generated text, in the run directory.</summary>
    public const string SamplesFileName = "samples.txt";

    /// <summary>Trains (or resumes) and checkpoints; see the class summary.</summary>
    public static Task<RunOutcome> RunAsync(LmTrainConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        config = CheckCrossFieldRules(config, context);
        var corpus = TextCorpus.Load(CorpusManifest.Load(config.Corpus));
        var tokenizer = LoadOrTrainTokenizer(config, corpus, context);
        var train = TokenCache.LoadOrEncode(Path.Combine(context.Directory.Path, "tokens-train.bin"), tokenizer, corpus.Train);
        var validation = TokenCache.LoadOrEncode(Path.Combine(context.Directory.Path, "tokens-val.bin"), tokenizer, corpus.Validation);
        context.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"corpus: {corpus.DocumentCount} documents, {train.Length} training and {validation.Length} validation tokens, vocabulary {tokenizer.VocabularySize}"));

        using var trainer = new LmTrainer(config, unchecked((ulong)context.Seed), tokenizer.VocabularySize, train, validation, context.Group);
        using (var checkpoint = context.Checkpoints.LoadLatest<LmTrainer.State>())
        {
            if (checkpoint is not null)
            {
                trainer.Restore(checkpoint);
                context.Progress.WriteLine($"resuming from the checkpoint of step {trainer.Step}");
            }
        }
        var savedAt = trainer.Step;
        var flopsPerStep = trainer.FlopsPerStep;
        var clock = new TrainingClock(trainer.Step);
        var communicated = trainer.CommunicationTime;
        using (var progress = context.Progress.Start("training", config.Steps, Math.Min(trainer.Step, config.Steps)))
        {
            while (trainer.Step < config.Steps && !trainer.StopRequested(cancellationToken))
            {
                var learningRate = trainer.LearningRate;
                var loss = trainer.TrainStep();
                progress.Report(trainer.Step);
                if (trainer.Step % config.LogEvery == 0)
                {
                    var (steps, seconds) = clock.Lap(trainer.Step);
                    (string, double)[] values = [("loss", loss), ("lr", learningRate),
                        ("ms_per_step", 1e3 * seconds / steps), ("tokens_per_s", steps * trainer.TokensPerStep / seconds),
                        ("flops_per_s", steps * flopsPerStep / seconds)];
                    if (context.Group is not null)
                    {
                        // The share of the interval's wall time this rank spent in collectives (gradients, loss, stop check).
                        values = [.. values, ("allreduce_share", (trainer.CommunicationTime - communicated).TotalSeconds / seconds)];
                        communicated = trainer.CommunicationTime;
                    }
                    context.Metrics.Write(trainer.Step, values);
                }
                if (trainer.Step % config.EvalEvery == 0 || trainer.Step == config.Steps)
                    using (clock.Pause())
                        Evaluate(trainer, context);
                if (trainer.Step % config.CheckpointEvery == 0)
                {
                    using (clock.Pause())
                        trainer.Save(context.Checkpoints);
                    savedAt = trainer.Step;
                }
            }
        }
        if (savedAt != trainer.Step || trainer.Step == 0)
            trainer.Save(context.Checkpoints);
        if (trainer.Step < config.Steps)
        {
            context.Progress.WriteLine($"stopped after step {trainer.Step} of {config.Steps}; the checkpoint is saved");
            return Task.FromResult(RunOutcome.Interrupted);
        }
        if (config.FullValidation)
        {
            var full = trainer.FullValidationLoss();
            context.Metrics.Write(trainer.Step, ("val_loss_full", full));
            context.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"validation loss over the whole validation text: {full:F4}"));
        }
        WriteSamples(config, trainer, tokenizer, context);
        return Task.FromResult(RunOutcome.Completed);
    }

    /// <summary>Rules between fields, which the config loader's per-field ranges cannot express.</summary>
    private static LmTrainConfig CheckCrossFieldRules(LmTrainConfig config, RunContext context)
    {
        if (config.Attention == AttentionKind.MultiHead && config.EmbeddingSize % config.HeadCount != 0)
            throw new ConfigException(
                $"Config '{context.Directory.ConfigFile}' at $.headCount: {config.HeadCount} heads do not divide embeddingSize {config.EmbeddingSize}; choose a divisor.",
                context.Directory.ConfigFile, "$.headCount");
        if (context.Group is { } group && config.BatchSize % group.WorldSize != 0)
            throw new ConfigException(
                $"Config '{context.Directory.ConfigFile}' at $.batchSize: {config.BatchSize} is not a multiple of the world size {group.WorldSize}; each rank trains on an equal shard of every batch.",
                context.Directory.ConfigFile, "$.batchSize");
        if (config.WarmupSteps < config.Steps)
            return config;
        // A short trial run (--set steps=…) keeps the default warm-up; say so instead of refusing it.
        context.Progress.WriteLine($"warm-up of {config.WarmupSteps} steps does not fit in {config.Steps} steps; warming up for {config.Steps - 1}");
        return config with { WarmupSteps = config.Steps - 1 };
    }

    private static ITokenizer LoadOrTrainTokenizer(LmTrainConfig config, TextCorpus corpus, RunContext context)
    {
        var path = Path.Combine(context.Directory.Path, TokenizerFileName);
        if (File.Exists(path))
            return TokenizerFile.Load(path);
        // Characters come from the whole corpus, so that validation text never holds an unknown one.
        ITokenizer tokenizer = config.Tokenizer == LmTokenizerKind.Char
            ? CharTokenizer.Train(corpus.Train + corpus.Validation)
            : BytePairTokenizer.Train(corpus.Train, config.VocabularySize);
        tokenizer.Save(path);
        return tokenizer;
    }

    private static void Evaluate(LmTrainer trainer, RunContext context)
    {
        var (train, validation) = trainer.EstimateLosses();
        context.Metrics.Write(trainer.Step, ("train_loss", train), ("val_loss", validation));
        context.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"step {trainer.Step,6}  train {train:F4}  val {validation:F4}"));
        if (trainer.BestValidationLoss is { } best && validation >= best)
            return;
        trainer.BestValidationLoss = validation;
        trainer.Model.save_safetensors(Path.Combine(context.Directory.Path, BestModelFileName), new Dictionary<string, string>
        {
            ["step"] = trainer.Step.ToString(CultureInfo.InvariantCulture),
            ["val_loss"] = validation.ToString("R", CultureInfo.InvariantCulture),
        });
    }

    private static void WriteSamples(LmTrainConfig config, LmTrainer trainer, ITokenizer tokenizer, RunContext context)
    {
        if (config.SampleTokens == 0 || config.SampleTemperatures.Length == 0)
            return;
        using var generator = new Generator(unchecked((ulong)context.Seed + 2));
        var start = tokenizer.Encode("\n");
        var prompt = start.Length > 0 ? start.Select(t => (long)t).ToArray() : [0L];
        var samples = new System.Text.StringBuilder();
        foreach (var temperature in config.SampleTemperatures)
        {
            var generated = TokenGenerator.Generate(trainer.Model, [prompt], config.SampleTokens,
                new SamplingConfig { Temperature = temperature }, generator);
            var text = tokenizer.Decode(generated.Tokens[0].Select(t => (int)t).ToArray());
            var heading = string.Create(CultureInfo.InvariantCulture,
                $"sample at T = {temperature:G4} (ln p = {generated.LogProbabilities[0]:F1}):");
            samples.Append(heading).Append(text).Append("\n\n");
            context.Progress.WriteLine(heading + text);
        }
        IO.AtomicFile.WriteAllText(Path.Combine(context.Directory.Path, SamplesFileName), samples.ToString());
    }
}
