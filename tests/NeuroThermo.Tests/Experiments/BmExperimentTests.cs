using NeuroThermo.Experiments;

namespace NeuroThermo.Tests.Experiments;

public sealed class BmExperimentTests
{
    [Fact]
    public async Task BmTrain_ExactModelTerm_LowersTheKlAndWritesItsFiles()
    {
        var config = new BmTrainConfig { Side = 3, Steps = 300, EvaluateEvery = 100 };
        using var run = new TestRun("bm-train");
        var outcome = await BmTrainExperiment.RunAsync(config, run.Context(), CancellationToken.None);
        Assert.Equal(RunOutcome.Completed, outcome);
        var metrics = File.ReadAllLines(run.Directory.MetricsFile);
        Assert.Equal(4, metrics.Length);   // steps 1, 100, 200, 300
        Assert.True(File.Exists(Path.Combine(run.Directory.Path, "plots", BmTrainExperiment.KlPlot)));
        var result = BmTrainExperiment.Compute(config, 0, CancellationToken.None);
        // The uniform start has KL = N ln 2 − ln(patterns) = 9 ln 2 − ln 14; learning must cut it by more than half.
        var uniform = 9 * Math.Log(2) - Math.Log(14);
        Assert.Equal(14, result.Patterns);
        Assert.True(result.KullbackLeibler[0] < uniform, "The first evaluation is after one step, below the uniform start.");
        Assert.True(result.FinalKullbackLeibler < uniform / 2, $"KL {result.FinalKullbackLeibler} after 300 steps; uniform start {uniform}.");
    }

    [Fact]
    public void BmTrain_PersistentModelTerm_LowersTheKl()
    {
        var config = new BmTrainConfig { Side = 2, Steps = 200, EvaluateEvery = 200, ModelTerm = BoltzmannModelTerm.Persistent, Chains = 500 };
        var result = BmTrainExperiment.Compute(config, 1, CancellationToken.None);
        var uniform = 4 * Math.Log(2) - Math.Log(6);
        Assert.True(result.FinalKullbackLeibler < uniform / 2, $"KL {result.FinalKullbackLeibler}; uniform start {uniform}.");
    }

    [Fact]
    public void BmInverseIsing_Ising2d_ErrorFallsWithSamplesAndMeanFieldIsReported()
    {
        var config = new BmInverseIsingConfig { Model = InverseIsingModel.Ising2d, Size = 3, InverseTemperature = 0.3, SampleCounts = [200, 20_000], Repetitions = 2 };
        var points = BmInverseIsingExperiment.Compute(config, 2, CancellationToken.None);
        Assert.Equal(2, points.Count);
        Assert.True(points[1].LearnedCouplingError < points[0].LearnedCouplingError / 3,
            $"Errors {points[0].LearnedCouplingError} and {points[1].LearnedCouplingError}.");
        Assert.All(points, p => Assert.True(double.IsFinite(p.MeanFieldCouplingError) && p.MeanFieldCouplingError > 0));
    }

    [Fact]
    public void BmInverseIsing_TooLargeLattice_SaysWhy()
    {
        var config = new BmInverseIsingConfig { Model = InverseIsingModel.Ising2d, Size = 5 };
        var error = Assert.Throws<ArgumentException>(() => BmInverseIsingExperiment.Compute(config, 0, CancellationToken.None));
        Assert.Contains("size", error.Message);
    }
}
