using NeuroThermo.Experiments;
using NeuroThermo.Sampling.Langevin;

namespace NeuroThermo.Tests.Experiments;

/// <summary>The three continuous-variable experiments on small settings: files, physics, and config errors.</summary>
public sealed class LangevinExperimentTests
{
    /// <summary>A correct sampler fails the χ² test by chance with probability 10⁻³.</summary>
    private const double MinimumPValue = 1e-3;

    private static RunOutcome Run(string file, TestRun run, params string[] overrides)
    {
        var loaded = ConfigLoader.Load(Path.Combine(McExperimentConfigs.Root, "configs", file), overrides, ExperimentRegistry.CreateBuiltIn());
        return loaded.Kind.Runner!(loaded.Config, run.Context(), CancellationToken.None).GetAwaiter().GetResult();
    }

    [Fact]
    public void LangevinSample_Mala_PassesTheChiSquareTestAndWritesItsFiles()
    {
        using var run = new TestRun("langevin-sample");
        Assert.Equal(RunOutcome.Completed, Run("langevin-banana.json", run, "energy=mixture", "chains=4000", "steps=600"));
        Assert.True(File.Exists(Path.Combine(run.Directory.Path, "plots", LangevinSampleExperiment.CloudsPlot)));
        Assert.True(File.Exists(Path.Combine(run.Directory.Path, "plots", LangevinSampleExperiment.DensityImage)));
        var config = new LangevinSampleConfig { Energy = LangevinTestEnergy.Mixture, Chains = 4000, Steps = 600 };
        using var energy = LangevinSampleExperiment.Energy(config.Energy);
        var result = LangevinSampleExperiment.Compute(config, energy, LangevinSampleExperiment.Grid(config.Energy), 5, CancellationToken.None);
        Assert.True(result.ChiSquare.PValue > MinimumPValue, $"p = {result.ChiSquare.PValue}");
    }

    [Fact]
    public void LangevinSample_UnadjustedWithACoarseStep_IsRejectedByTheChiSquareTest()
    {
        // ULA at ε = 0.05, β = 1.5 on the double well (curvature k = 8 in the wells) widens them by 1/(1 − εk/2) = 1.25 in
        // variance. (Much larger steps let chains overshoot into the quartic tails, where ULA is unstable and blows up.)
        var config = new LangevinSampleConfig
        {
            Energy = LangevinTestEnergy.DoubleWell, Rule = LangevinRule.Unadjusted, InverseTemperature = 1.5, StepSize = 0.05, Chains = 4000, Steps = 800,
        };
        using var energy = LangevinSampleExperiment.Energy(config.Energy);
        var result = LangevinSampleExperiment.Compute(config, energy, LangevinSampleExperiment.Grid(config.Energy), 6, CancellationToken.None);
        Assert.True(result.ChiSquare.PValue < MinimumPValue, $"p = {result.ChiSquare.PValue}");
        Assert.True(double.IsNaN(result.AcceptanceRate));
        Assert.All(result.SampleMean, m => Assert.True(double.IsFinite(m), "the chains must stay finite: the failure is bias, not blow-up"));
    }

    [Fact]
    public void ScoreTrain_WithSigmaMaxBelowSigmaMin_SaysWhichFieldIsWrong()
    {
        using var run = new TestRun("score-train-bad");
        var error = Assert.Throws<ConfigException>(() => Run("score-mixture.json", run, "sigmaMax=0.01", "sigmaMin=0.1"));
        Assert.Equal("$.sigmaMax", error.JsonPath);
    }

    [Fact]
    public void ScoreTrain_ShortRun_LearnsTheLargeNoiseScoreAndWritesItsFiles()
    {
        using var run = new TestRun("score-train");
        Assert.Equal(RunOutcome.Completed, Run("score-mixture.json", run, "steps=300", "hidden=[32,32]", "sampleChains=200", "stepsPerLevel=5"));
        foreach (var file in new[] { ScoreTrainExperiment.LossPlot, ScoreTrainExperiment.ErrorPlot, ScoreTrainExperiment.CloudsPlot })
            Assert.True(File.Exists(Path.Combine(run.Directory.Path, "plots", file)), file);
        var result = ScoreTrainExperiment.Compute(new ScoreTrainConfig { Steps = 300, Hidden = [32, 32], SampleChains = 200, StepsPerLevel = 5 }, 3, CancellationToken.None);
        // At σ = 3 the noised mixture is nearly one broad Gaussian, learnt in a few hundred steps; s = 0 would score 1.
        Assert.True(result.ScoreError[0] < 0.2, $"relative score error at σ = {result.Sigmas[0]}: {result.ScoreError[0]}");
    }

    [Fact]
    public void EbmTrain_ShortRun_PutsTheDataBelowNoiseAndWritesItsFiles()
    {
        using var run = new TestRun("ebm-train");
        Assert.Equal(RunOutcome.Completed, Run("ebm-moons.json", run, "steps=150", "hidden=[32,32]", "bufferSize=512", "langevinSteps=10"));
        foreach (var file in new[] { EbmTrainExperiment.DensityImage, EbmTrainExperiment.DataDensityPlot, EbmTrainExperiment.ContrastPlot })
            Assert.True(File.Exists(Path.Combine(run.Directory.Path, "plots", file)), file);
        var result = EbmTrainExperiment.Compute(new EbmTrainConfig { Steps = 150, Hidden = [32, 32], BufferSize = 512, LangevinSteps = 10 }, 4, CancellationToken.None);
        // An untrained network gives a gap of either sign near 0; learning must put the moons clearly lower.
        Assert.True(result.HeldOutMeanEnergyGap > 0.5, $"energy gap noise − data {result.HeldOutMeanEnergyGap}");
    }
}
