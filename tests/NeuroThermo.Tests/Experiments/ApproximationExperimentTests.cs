using NeuroThermo.Experiments;
using NeuroThermo.Training;

namespace NeuroThermo.Tests.Experiments;

public sealed class ApproximationExperimentTests
{
    /// <summary>Sixteen times the units must fit sin x at least this many times better.</summary>
    private const double RequiredGain = 10;

    [Fact]
    public async Task WiderHiddenLayer_FitsSinFarBetter_AndThePlotsAreWritten()
    {
        using var run = new TestRun();
        var config = new ApproximationConfig { Widths = [1, 16], Steps = 1500, Points = 64 };

        Assert.Equal(RunOutcome.Completed, await ApproximationExperiment.RunAsync(config, run.Context(), CancellationToken.None));

        var (widths, mse) = MetricsFile.Read(run.Directory.MetricsFile).Series(ApproximationExperiment.Mse);
        Assert.Equal([1.0, 16], widths);
        Assert.True(mse[1] * RequiredGain < mse[0], $"width 1: {mse[0]}, width 16: {mse[1]}");
        Assert.True(File.Exists(Path.Combine(run.Directory.PlotsDirectory, ApproximationExperiment.ErrorPlot)));
        Assert.True(File.Exists(Path.Combine(run.Directory.PlotsDirectory, ApproximationExperiment.FitPlot)));
    }
}
