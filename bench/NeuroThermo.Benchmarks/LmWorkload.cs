using System.Diagnostics;
using System.Globalization;
using NeuroThermo.Data.Corpora;
using NeuroThermo.Data.Tokenizers;
using NeuroThermo.Experiments;
using NeuroThermo.Models.Transformer;
using NeuroThermo.TorchExtensions.Optim;
using NeuroThermo.TorchExtensions.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Benchmarks;

/// <summary>
/// lm.train's model and loop on tiny Shakespeare with configs/lm-shakespeare-nanogpt.json, the workload of
/// bench/peers/nanogpt_char.py: milliseconds per training iteration (<see cref="LmTrainer.TrainStep"/>, the code
/// lm.train runs), and tokens per second of generation with and without the key/value cache.
/// </summary>
internal static class LmWorkload
{
    private const string ConfigPath = "configs/lm-shakespeare-nanogpt.json";

    public static void Step(int runs, int iterations, int warmup)
    {
        using var trainer = NewTrainer();
        for (var i = 0; i < warmup; i++)
            trainer.TrainStep();
        var times = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < iterations; i++)
                trainer.TrainStep();
            times.Add(watch.Elapsed.TotalMilliseconds / iterations);
        }
        Note($"lm_step_ms per run: {string.Join(", ", times.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))}");
        Emit("lm_step_ms", Median(times));
    }

    /// <summary>
    /// Where a training iteration's time goes: the iteration of <see cref="Step"/> taken apart into forward (batch draw
    /// included), backward, clipping and the AdamW update, each timed on its own over <paramref name="iterations"/>
    /// iterations after <paramref name="warmup"/>; bench/peers/nanogpt_char.py --only phases does the same.
    /// </summary>
    public static void Phases(int iterations, int warmup)
    {
        using var trainer = NewTrainer();
        var model = trainer.Model;
        var config = (LmTrainConfig)ConfigLoader.Load(ConfigPath, [], ExperimentRegistry.CreateBuiltIn()).Config;
        var parameters = model.parameters().ToArray();
        using var optimizer = new AdamW([
            new ParamGroup<AdamOptions>(parameters.Where(p => p.dim() >= 2), config.LearningRate,
                new AdamOptions(beta2: config.AdamBeta2, weight_decay: config.WeightDecay)),
            new ParamGroup<AdamOptions>(parameters.Where(p => p.dim() < 2), config.LearningRate,
                new AdamOptions(beta2: config.AdamBeta2, weight_decay: 0)),
        ]);
        using var generator = new Generator(1);
        using var tokens = torch.randint(0, model.Config.VocabularySize, [100_000], generator: generator);
        var totals = new double[4];
        model.train();
        for (var i = 0; i < warmup + iterations; i++)
        {
            using var scope = torch.NewDisposeScope();
            var watch = Stopwatch.StartNew();
            var starts = torch.randint(0, tokens.size(0) - config.ContextLength - 1, [config.BatchSize, 1], generator: generator);
            var window = starts + torch.arange(config.ContextLength);
            optimizer.zero_grad();
            var shape = new long[] { config.BatchSize, config.ContextLength };
            var loss = model.Loss(tokens.index_select(0, window.flatten()).view(shape), tokens.index_select(0, (window + 1).flatten()).view(shape));
            var forward = watch.Elapsed.TotalMilliseconds;
            loss.backward();
            var backward = watch.Elapsed.TotalMilliseconds;
            GradientClipping.clip_grad_norm_(parameters, config.GradientClip);
            var clip = watch.Elapsed.TotalMilliseconds;
            optimizer.step();
            loss.item<float>();
            var end = watch.Elapsed.TotalMilliseconds;
            if (i < warmup) continue;
            totals[0] += forward;
            totals[1] += backward - forward;
            totals[2] += clip - backward;
            totals[3] += end - clip;
        }
        foreach (var (name, total) in new[] { "forward", "backward", "clip", "optimizer" }.Zip(totals))
            Emit($"lm_phase_{name}_ms", total / iterations);
    }

    public static void Sample(int runs, int tokens)
    {
        using var trainer = NewTrainer();
        using var generator = new Generator(2);
        foreach (var (name, useCache) in new[] { ("lm_sample_tokens_per_s", true), ("lm_sample_nocache_tokens_per_s", false) })
        {
            TokenGenerator.Generate(trainer.Model, [[0L]], 20, new SamplingConfig(), generator, useCache);
            var rates = new List<double>();
            for (var r = 0; r < runs; r++)
            {
                var watch = Stopwatch.StartNew();
                TokenGenerator.Generate(trainer.Model, [[0L]], tokens, new SamplingConfig(), generator, useCache);
                rates.Add(tokens / watch.Elapsed.TotalSeconds);
            }
            Note($"{name} per run: {string.Join(", ", rates.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))}");
            Emit(name, Median(rates));
        }
    }

    /// <summary>
    /// Resident memory over <paramref name="steps"/> training steps with lm.train's loss estimates every 250: the
    /// reading after <paramref name="warmup"/> steps is the reference, and every later reading (each 250 steps) is
    /// compared with it. Flat memory means every tensor of a step is freed by its dispose scope.
    /// </summary>
    public static void Rss(int steps, int warmup)
    {
        const int every = 250;
        using var trainer = NewTrainer();
        long reference = 0;
        var worst = 0.0;
        for (var i = 1; i <= steps; i++)
        {
            trainer.TrainStep();
            if (i % every != 0)
                continue;
            trainer.EstimateLosses();
            var resident = SideBySide.ResidentBytesAfterCollection();
            if (i == warmup)
                reference = resident;
            else if (i > warmup)
                worst = Math.Max(worst, Math.Abs((double)resident / reference - 1));
            Note($"step {i}: {resident / 1e6:F1} MB");
        }
        Emit($"lm_rss_mb_at_{warmup}", reference / 1e6);
        Emit($"lm_rss_mb_at_{steps}", SideBySide.ResidentBytesAfterCollection() / 1e6);
        Emit("lm_rss_max_relative_change", worst);
    }

    /// <summary>
    /// Writes the weights of a fresh float64 model of the benchmark's shape, one batch, its loss and every
    /// parameter's gradient to <paramref name="folder"/> (safetensors), for bench/peers/nanogpt_parity.py to
    /// recompute with the PyTorch peer's model: the two must be the same function for the timing to compare them.
    /// </summary>
    public static void Parity(string folder)
    {
        using var scope = torch.NewDisposeScope();
        var config = (LmTrainConfig)ConfigLoader.Load(ConfigPath, [], ExperimentRegistry.CreateBuiltIn()).Config;
        using var generator = new Generator(3);
        using var model = new TransformerLanguageModel(config.Model(65), ScalarType.Float64, generator);
        Directory.CreateDirectory(folder);
        model.save_safetensors(Path.Combine(folder, "weights.safetensors"));
        var ids = torch.randint(0, 65, [config.BatchSize, config.ContextLength + 1], generator: generator);
        var inputs = ids.narrow(1, 0, config.ContextLength).contiguous();
        var targets = ids.narrow(1, 1, config.ContextLength).contiguous();
        var loss = model.Loss(inputs, targets);
        loss.backward();
        var tensors = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!);
        tensors["inputs"] = inputs;
        tensors["targets"] = targets;
        tensors["loss"] = loss.reshape(1);
        Safetensors.Save(Path.Combine(folder, "gradients.safetensors"), tensors);
        Emit("lm_parity_loss", loss.item<double>());
    }

    private static LmTrainer NewTrainer()
    {
        var loaded = ConfigLoader.Load(ConfigPath, [], ExperimentRegistry.CreateBuiltIn());
        var config = (LmTrainConfig)loaded.Config;
        var corpus = TextCorpus.Load(CorpusManifest.Load(config.Corpus));
        var tokenizer = CharTokenizer.Train(corpus.Train + corpus.Validation);
        return new LmTrainer(config, 0, tokenizer.VocabularySize, tokenizer.Encode(corpus.Train), tokenizer.Encode(corpus.Validation));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
    }

    private static void Emit(string name, double value) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {value:F4}"));

    private static void Note(string text) => Console.WriteLine($"# {text}");
}
