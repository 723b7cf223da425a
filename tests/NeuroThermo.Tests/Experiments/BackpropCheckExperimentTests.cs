using NeuroThermo.Experiments;
using NeuroThermo.Training;

namespace NeuroThermo.Tests.Experiments;

public sealed class BackpropCheckExperimentTests
{
    /// <summary>The bound on hand-written against autograd gradients in float64.</summary>
    private const double RelTol = 1e-10;

    [Fact]
    public async Task Run_ChecksEveryCase_AndFindsHandGradientsEqualToAutograd()
    {
        using var run = new TestRun();
        var config = new BackpropCheckConfig { MaxDepth = 3, Trials = 1 };

        Assert.Equal(RunOutcome.Completed, await BackpropCheckExperiment.RunAsync(config, run.Context(), CancellationToken.None));

        var (depths, errors) = MetricsFile.Read(run.Directory.MetricsFile).Series(BackpropCheckExperiment.MaxRelativeError);
        Assert.Equal([1.0, 2, 3], depths);
        Assert.All(errors, e => Assert.InRange(e, 0, RelTol));
        // 3 depths × 5 hidden activations × 3 output/cost pairs, after the header.
        Assert.Equal(1 + 3 * 5 * 3, File.ReadAllLines(Path.Combine(run.Directory.Path, BackpropCheckExperiment.CasesCsv)).Length);
    }
}
