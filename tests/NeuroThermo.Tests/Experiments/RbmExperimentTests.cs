using NeuroThermo.Experiments;
using NeuroThermo.Training;

namespace NeuroThermo.Tests.Experiments;

public sealed class RbmExperimentTests
{
    /// <summary>|AIS − exact| in the test log-likelihood of a 4 × 6 machine; AIS's own error there is about 0.01 nats.</summary>
    private const double AisAgreement = 0.05;

    [Fact]
    public async Task RbmTrain_BarsAndStripes_LearnsThePatternsAndWritesItsFiles()
    {
        // The uniform machine has log-likelihood −4 ln 2 = −2.77 nats; the best possible is −ln 6 = −1.79.
        var config = BarsAndStripes(epochs: 1000);
        using var run = new TestRun("rbm-train");
        var outcome = await RbmTrainExperiment.RunAsync(config, run.Context(), CancellationToken.None);
        Assert.Equal(RunOutcome.Completed, outcome);
        var last = Logged(run, "test_log_likelihood")[^1];
        Assert.True(last > -2.3, $"Test log-likelihood {last:F3} after 1,000 epochs; uniform −2.77, best −1.79.");
        Assert.True(last < -Math.Log(6) + 1e-9, $"A log-likelihood {last:F3} above −ln 6 is impossible.");
        foreach (var file in new[] { "plots/reconstruction-error.svg", "plots/pseudo-likelihood.svg", "plots/log-likelihood.svg",
                     "images/filters.png", "images/reconstructions.png", "images/samples.png", RbmTrainExperiment.ModelFile })
            Assert.True(File.Exists(Path.Combine(run.Directory.Path, file)), $"{file} is missing.");
        Assert.Equal(1000, Logged(run, "reconstruction_error").Count);
    }

    [Fact]
    public async Task RbmAis_OfATrainedRun_AgreesWithItsExactLogLikelihood()
    {
        using var trained = new TestRun("rbm-trained");
        var trainConfig = BarsAndStripes(epochs: 300);
        Assert.True(ExperimentRegistry.CreateBuiltIn().TryGet("rbm.train", out var kind));
        File.WriteAllText(trained.Directory.ConfigFile, ConfigLoader.ToResolvedJson(kind, trained.Name, trained.Seed, trainConfig));
        await RbmTrainExperiment.RunAsync(trainConfig, trained.Context(), CancellationToken.None);
        var exact = Logged(trained, "test_log_likelihood")[^1];
        using var run = new TestRun("rbm-ais");
        var config = new RbmAisConfig { TrainedRun = trained.Directory.Path, Runs = 100, Steps = 2900, Repetitions = 2 };
        Assert.Equal(RunOutcome.Completed, await RbmAisExperiment.RunAsync(config, run.Context(), CancellationToken.None));
        var ais = Logged(run, "test_log_likelihood")[^1];
        Assert.True(Math.Abs(ais - exact) < AisAgreement, $"rbm.ais {ais:F4}, exact {exact:F4}");
    }

    [Fact]
    public async Task RbmTrain_UserIdxFiles_AreBinarizedAndLearned()
    {
        using var run = new TestRun("rbm-idx");
        var (trainImages, trainLabels) = SyntheticIdx.Write(run.Directory.Path, "train", 400, 4, seed: 2);
        var (testImages, testLabels) = SyntheticIdx.Write(run.Directory.Path, "test", 100, 4, seed: 3);
        var config = new RbmTrainConfig
        {
            Data = new ImageDataFiles { TrainImages = trainImages, TrainLabels = trainLabels, TestImages = testImages, TestLabels = testLabels },
            Hidden = 12, Epochs = 20, BatchSize = 20, AisEvery = 1, Shown = 10, SampleSweeps = 10,
        };
        Assert.Equal(RunOutcome.Completed, await RbmTrainExperiment.RunAsync(config, run.Context(), CancellationToken.None));
        var logLikelihood = Logged(run, "test_log_likelihood");
        // Four noisy prototypes of 64 pixels: learning must gain several nats over the first epoch.
        Assert.True(logLikelihood[^1] > logLikelihood[0] + 2, $"Log-likelihood {logLikelihood[0]:F2} → {logLikelihood[^1]:F2}.");
    }

    [Fact]
    public async Task RbmAis_WithoutATrainedRun_SaysWhichSettingToFix()
    {
        using var run = new TestRun("rbm-ais-missing");
        var config = new RbmAisConfig { TrainedRun = Path.Combine(run.Directory.Path, "no-such-run") };
        var error = await Assert.ThrowsAsync<ArgumentException>(() => RbmAisExperiment.RunAsync(config, run.Context(), CancellationToken.None));
        Assert.Contains("trainedRun", error.Message);
    }

    /// <summary>2×2 bars and stripes by CD-1: 6 patterns of 4 units, full batches; 1,000 updates reach about −2.0 nats.</summary>
    private static RbmTrainConfig BarsAndStripes(int epochs) => new()
    {
        Source = RbmDataSource.BarsAndStripes, Side = 2, Hidden = 6, Epochs = epochs, BatchSize = 6, LearningRate = 0.1,
        WeightDecay = 0, WeightScale = 0.1, AisEvery = 100, Shown = 6, SampleSweeps = 20,
    };

    private static List<double> Logged(TestRun run, string name) =>
        MetricsFile.Read(run.Directory.MetricsFile).Records.Where(r => r.Values.ContainsKey(name)).Select(r => r.Values[name]).ToList();
}
