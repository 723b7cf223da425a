using NeuroThermo.TorchExtensions.Optim;
using TorchSharp;
using Parameter = TorchSharp.Modules.Parameter;

using NeuroThermo.TorchExtensions.Nn;

namespace NeuroThermo.TorchExtensions.Tests.Optim;

public sealed class ScheduleTests
{
    private const double Tolerance = 1e-15;

    [Fact]
    public void WarmupCosine_RisesLinearlyThenFallsToTheFloor()
    {
        var schedule = new WarmupCosineSchedule(WarmupSteps: 4, TotalSteps: 14, MinFactor: 0.1);
        Assert.Equal(0.2, schedule.Factor(0), Tolerance);
        Assert.Equal(1.0, schedule.Factor(4), Tolerance);
        Assert.Equal(0.1 + 0.45 * (1 + Math.Cos(Math.PI * 0.5)), schedule.Factor(9), Tolerance);
        Assert.Equal(0.1, schedule.Factor(14), Tolerance);
        Assert.Equal(0.1, schedule.Factor(1000), Tolerance);
    }

    [Fact]
    public void StepSchedule_DecaysEveryStepSize()
    {
        var schedule = new StepSchedule(StepSize: 10, Gamma: 0.5);
        Assert.Equal(1.0, schedule.Factor(9));
        Assert.Equal(0.5, schedule.Factor(10));
        Assert.Equal(0.25, schedule.Factor(25));
    }

    [Fact]
    public void Apply_SetsEveryGroupFromItsInitialRate()
    {
        using var p = Parameters.Create(torch.zeros(2));
        using var q = Parameters.Create(torch.zeros(2));
        using var optimizer = new SGD([new ParamGroup<SGDOptions>([p], 0.1, new()), new ParamGroup<SGDOptions>([q], 1.0, new())]);
        new StepSchedule(5, 0.1).Apply(optimizer, 5);
        Assert.Equal(0.01, optimizer.param_groups[0].lr, Tolerance);
        Assert.Equal(0.1, optimizer.param_groups[1].lr, Tolerance);
    }

    [Fact]
    public void InvalidSchedules_AreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StepSchedule(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WarmupCosineSchedule(10, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WarmupCosineSchedule(1, 5, MinFactor: 2));
    }

    [Fact]
    public void ClipGradNorm_ScalesToTheLimitAndReportsTheOriginalNorm()
    {
        using var scope = torch.NewDisposeScope();
        using var p = Parameters.Create(torch.zeros([2], torch.float64));
        using var q = Parameters.Create(torch.zeros([1], torch.float64));
        p.grad = torch.tensor(new[] { 3.0, 0.0 });
        q.grad = torch.tensor(new[] { 4.0 });
        var norm = GradientClipping.clip_grad_norm_([p, q], 1.0);
        Assert.Equal(5.0, norm, 1e-12);
        var scale = 1.0 / (5.0 + 1e-6);
        Assert.Equal(3.0 * scale, p.grad!.data<double>()[0], 1e-12);
        Assert.Equal(4.0 * scale, q.grad!.data<double>()[0], 1e-12);
    }
}
