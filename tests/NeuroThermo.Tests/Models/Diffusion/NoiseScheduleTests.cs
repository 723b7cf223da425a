using NeuroThermo.Models.Diffusion;

namespace NeuroThermo.Tests.Models.Diffusion;

/// <summary>The β schedules: endpoints, monotone ᾱ, the cosine schedule's closed form and its clipping.</summary>
public sealed class NoiseScheduleTests
{
    /// <summary>Round-off allowed in values computed two ways in double precision.</summary>
    private const double AbsTol = 1e-12;

    [Theory]
    [InlineData(1000)]
    [InlineData(200)]
    public void Linear_HasHoEtAlsEndpoints_ScaledTo1000Steps(int steps)
    {
        var schedule = NoiseSchedule.Linear(steps);
        double scale = 1000.0 / steps;
        Assert.Equal(steps, schedule.Steps);
        Assert.Equal(1e-4 * scale, schedule.Beta(1), AbsTol);
        Assert.Equal(0.02 * scale, schedule.Beta(steps), AbsTol);
        // Equal increments in between.
        double increment = schedule.Beta(2) - schedule.Beta(1);
        for (int t = 2; t <= steps; t++)
            Assert.Equal(increment, schedule.Beta(t) - schedule.Beta(t - 1), AbsTol);
    }

    [Theory]
    [InlineData(NoiseScheduleKind.Linear, 1000)]
    [InlineData(NoiseScheduleKind.Cosine, 1000)]
    [InlineData(NoiseScheduleKind.Cosine, 50)]
    public void AlphaBar_StartsAtOne_AndFallsStrictly_ToNearlyZero(NoiseScheduleKind kind, int steps)
    {
        var schedule = NoiseSchedule.Create(kind, steps);
        Assert.Equal(1.0, schedule.AlphaBar(0));
        for (int t = 1; t <= steps; t++)
        {
            Assert.True(schedule.AlphaBar(t) < schedule.AlphaBar(t - 1), $"ᾱ_{t} = {schedule.AlphaBar(t)} does not fall below ᾱ_{t - 1}");
            Assert.Equal(schedule.AlphaBar(t - 1) * (1 - schedule.Beta(t)), schedule.AlphaBar(t), AbsTol);
        }
        // Little enough signal is left at T that x_T ~ N(0, I) is a fair start: √ᾱ_T below 1%.
        Assert.True(Math.Sqrt(schedule.AlphaBar(steps)) < 0.01, $"√ᾱ_T = {Math.Sqrt(schedule.AlphaBar(steps))}");
    }

    [Fact]
    public void Cosine_FollowsCosSquared_AndClipsOnlyTheLastBeta()
    {
        const int steps = 1000;
        var schedule = NoiseSchedule.Cosine(steps);
        double F(int t) => Math.Pow(Math.Cos(Math.PI / 2 * ((double)t / steps + 0.008) / 1.008), 2);
        // f(T) = 0 would make β_T = 1; it is clipped.
        Assert.Equal(NoiseSchedule.CosineMaxBeta, schedule.Beta(steps));
        for (int t = 1; t < steps; t++)
        {
            Assert.True(schedule.Beta(t) < NoiseSchedule.CosineMaxBeta, $"β_{t} = {schedule.Beta(t)} is clipped");
            Assert.Equal(F(t) / F(0), schedule.AlphaBar(t), AbsTol);
        }
        Assert.Equal(F(steps - 1) / F(0) * (1 - NoiseSchedule.CosineMaxBeta), schedule.AlphaBar(steps), AbsTol);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void BetaOutsideTheOpenUnitInterval_IsRejected(double beta)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NoiseSchedule([0.01, beta, 0.02]));
    }

    [Fact]
    public void StepsOutsideTheSchedule_AreRejected()
    {
        var schedule = NoiseSchedule.Linear(10);
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.Beta(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.Beta(11));
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.AlphaBar(11));
    }
}
