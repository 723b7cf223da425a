using NeuroThermo.Models.Diffusion;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Serialization;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Experiments;

/// <summary>
/// <c>diffusion.sample</c>: opens a <c>diffusion.train</c> run, loads its averaged network and draws samples with the
/// configured reverse process through <see cref="DiffusionSampling"/>: clouds over the reverse process and the energy
/// distance to held-out data for points, a sample grid and a denoising strip for images. The held-out data are drawn
/// again from the trained run's own config and seed, so they are the very rows its training never saw.
/// </summary>
public static class DiffusionSampleExperiment
{
    /// <summary>Opens the trained run and samples; see the class summary.</summary>
    public static Task<RunOutcome> RunAsync(DiffusionSampleConfig config, RunContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(context);
        var directory = LmTrainedRun.Find(config.TrainedRun) ?? throw new ConfigException(
            $"Config '{context.Directory.ConfigFile}' at $.trainedRun: found neither a diffusion.train run directory '{config.TrainedRun}' nor any '{config.TrainedRun}-<yyyyMMdd-HHmmss>' (looked in '{Path.GetFullPath(config.TrainedRun)}'); train one first, for example with 'neurothermo run configs/diffusion-two-moons.json'.",
            context.Directory.ConfigFile, "$.trainedRun");
        var (_, trainConfig, trainedSeed) = TrainedRunConfig.Load<DiffusionTrainConfig>(directory, "a diffusion.train model");
        ulong seed = unchecked((ulong)trainedSeed);
        var schedule = NoiseSchedule.Create(trainConfig.Schedule, trainConfig.DiffusionSteps);
        if (config.Sampler == DiffusionSamplerKind.Ddim && config.Steps > schedule.Steps)
            throw new ConfigException(
                $"Config '{context.Directory.ConfigFile}' at $.steps: expected at most the trained run's {schedule.Steps} diffusion steps, got {config.Steps}.",
                context.Directory.ConfigFile, "$.steps");

        using var data = DiffusionData.Load(trainConfig, seed);
        using var model = new EpsilonNetwork(DiffusionTrainExperiment.Network(trainConfig, data.Dimension));
        var weights = Path.Combine(directory, DiffusionTrainExperiment.AverageModelFileName);
        if (!File.Exists(weights))
            throw new RunDirectoryException(directory, $"has no {DiffusionTrainExperiment.AverageModelFileName}; train the run to its first checkpoint (or resume it) first");
        try
        {
            model.load_safetensors(weights);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or System.Runtime.InteropServices.ExternalException or ArgumentException)
        {
            throw new RunDirectoryException(directory, $"has a {DiffusionTrainExperiment.AverageModelFileName} that does not fit its config's network ({TorchErrors.Message(e).TrimEnd('.')})", e);
        }
        model.eval();
        context.Progress.WriteLine($"sampling from {directory}");
        var draw = new DiffusionDraw(config.Sampler, config.Steps, config.Eta, config.Variance, config.SampleCount, unchecked((ulong)context.Seed));
        DiffusionSampling.Run(model, schedule, data, draw, context, 0);
        return Task.FromResult(cancellationToken.IsCancellationRequested ? RunOutcome.Interrupted : RunOutcome.Completed);
    }
}
