using NeuroThermo.Reports;

namespace NeuroThermo.Tests.Reports;

public sealed class NiceTicksTests
{
    private const double RelTol = 1e-12;
    private const char Minus = '\u2212';

    /// <summary>True when <paramref name="step"/> is 1, 2 or 5 times a power of ten, up to a relative tolerance.</summary>
    private static bool IsOneTwoFive(double step, double relTol = RelTol)
    {
        double mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step) + relTol));
        return new[] { 1.0, 2.0, 5.0 }.Any(m => Math.Abs(mantissa - m) <= relTol * m);
    }

    [Fact]
    public void NiceStep_OverManyDecades_IsOneTwoFiveAndAtMostTwoAndAHalfTimesRaw()
    {
        // Between consecutive nice steps the ratio is at most 5/2, so the chosen step never exceeds 2.5 × raw.
        const double MaxRatio = 2.5;
        for (double raw = 1.234e-7; raw < 1e7; raw *= 1.37)
        {
            double step = NiceTicks.NiceStep(raw);
            Assert.True(IsOneTwoFive(step), $"step {step} for raw {raw} is not 1, 2 or 5 × 10^k");
            Assert.InRange(step / raw, 1 - RelTol, MaxRatio + RelTol);
        }
    }

    [Fact]
    public void Linear_UnitInterval_GivesTenthsInSteps()
    {
        var ticks = NiceTicks.Linear(0, 0.93, targetCount: 6);

        Assert.Equal(["0", "0.2", "0.4", "0.6", "0.8", "1"], ticks.Major.Select(t => t.Text));
        Assert.Equal((0.0, 1.0), (ticks.Min, ticks.Max));
    }

    [Theory]
    [InlineData(-3.7, 12.2)]
    [InlineData(0.0012, 0.0057)]
    [InlineData(1e5, 1.00001e5)]
    [InlineData(-250, -20)]
    [InlineData(2.5, 2.5)]
    public void Linear_AnyRange_CoversDataWithEvenOneTwoFiveSteps(double min, double max)
    {
        const int Target = 6;
        var ticks = NiceTicks.Linear(min, max, Target);
        double step = ticks.Major[1].Value - ticks.Major[0].Value;
        // Tick values carry round-off relative to their magnitude, so differences of large ticks
        // (1e5 apart from a step of 0.2) are only accurate to RelTol × magnitude.
        double tolerance = RelTol * Math.Max(Math.Abs(min), Math.Abs(max)) + RelTol * step;

        Assert.True(IsOneTwoFive(step, tolerance / step), $"step {step} is not 1, 2 or 5 × 10^k");
        Assert.True(ticks.Min <= min + tolerance && ticks.Max >= max - tolerance, $"axis [{ticks.Min}, {ticks.Max}] misses [{min}, {max}]");
        Assert.InRange(ticks.Major.Count, 2, Target + 1);
        for (int i = 1; i < ticks.Major.Count; i++)
            Assert.Equal(step, ticks.Major[i].Value - ticks.Major[i - 1].Value, tolerance);
    }

    [Fact]
    public void Linear_NegativeValues_UseMinusSign()
    {
        var ticks = NiceTicks.Linear(-1, 0, targetCount: 3);

        Assert.Equal([$"{Minus}1", $"{Minus}0.5", "0"], ticks.Major.Select(t => t.Text));
    }

    [Fact]
    public void Log10_SpansWholeDecadesWithExponentLabels()
    {
        var ticks = NiceTicks.Log10(0.0015, 240, maxLabels: 8);

        Assert.Equal([$"{Minus}3", $"{Minus}2", $"{Minus}1", "0", "1", "2", "3"], ticks.Major.Select(t => t.Exponent));
        Assert.All(ticks.Major, t => Assert.Equal("10", t.Text));
        Assert.Equal(1e-3, ticks.Min, RelTol);
        Assert.Equal(1e3, ticks.Max, RelTol);
        // Six decades with 2…9 × 10^k in each.
        Assert.Equal(6 * 8, ticks.Minor.Count);
    }

    [Fact]
    public void Log10_ExactPowersOfTen_AreNotWidened()
    {
        var ticks = NiceTicks.Log10(1e-2, 1e2, maxLabels: 8);

        Assert.Equal(1e-2, ticks.Min, RelTol);
        Assert.Equal(1e2, ticks.Max, RelTol);
    }

    [Fact]
    public void Log10_WideRange_LabelsEveryNthDecadeWithinLimit()
    {
        const int MaxLabels = 5;
        var ticks = NiceTicks.Log10(1e-12, 1, MaxLabels);

        Assert.InRange(ticks.Major.Count, 2, MaxLabels);
        Assert.True(ticks.Min <= 1e-12 && ticks.Max >= 1, $"axis [{ticks.Min}, {ticks.Max}] misses the data");
        // Unlabelled decades become minor ticks.
        Assert.Contains(ticks.Minor, v => Math.Abs(Math.Log10(v) - Math.Round(Math.Log10(v))) < RelTol);
    }

    [Fact]
    public void Log10_NonPositiveMinimum_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NiceTicks.Log10(0, 1, maxLabels: 8));
    }

    [Fact]
    public void Fraction_LogAxis_PlacesDecadesEvenly()
    {
        var ticks = NiceTicks.Log10(1, 1000, maxLabels: 8);

        Assert.Equal(1.0 / 3, ticks.Fraction(10), RelTol);
        Assert.Equal(2.0 / 3, ticks.Fraction(100), RelTol);
    }
}
