namespace NeuroThermo.Tests.Experiments;

public sealed class SmokeMlpExperimentTests
{
    /// <summary>The shipped smoke run must cut the loss at least tenfold; a broken gradient or optimizer cannot.</summary>
    private const double RequiredReduction = 10;

    [Fact]
    public void Training_CutsTheLossTenfoldAndIsRepeatable()
    {
        var config = new NeuroThermo.Experiments.SmokeMlpConfig { Steps = 200 };
        var logged = new List<(int Step, double Loss)>();
        var first = NeuroThermo.Experiments.SmokeMlpExperiment.Train(config, 0, CancellationToken.None, (s, l) => logged.Add((s, l)));
        var second = NeuroThermo.Experiments.SmokeMlpExperiment.Train(config, 0, CancellationToken.None, (_, _) => { });
        Assert.True(first.FinalLoss * RequiredReduction < first.InitialLoss, $"{first.InitialLoss} -> {first.FinalLoss}");
        Assert.Equal(first, second);
        Assert.Equal(Enumerable.Range(1, 8).Select(k => k * 25), logged.Select(e => e.Step));
    }

    [Fact]
    public void Cancellation_StopsBeforeTheNextStep()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var result = NeuroThermo.Experiments.SmokeMlpExperiment.Train(new NeuroThermo.Experiments.SmokeMlpConfig(), 0, cancelled.Token, (_, _) => { });
        Assert.Equal(0, result.Steps);
    }
}
