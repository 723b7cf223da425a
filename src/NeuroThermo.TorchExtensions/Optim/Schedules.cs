namespace NeuroThermo.TorchExtensions.Optim;

/// <summary>
/// A learning-rate schedule: the factor applied to each group's initial learning rate after a
/// given number of steps. Schedules are pure functions of the step, so resuming a run needs only
/// the step count.
/// </summary>
public abstract record LearningRateSchedule
{
    /// <summary>The multiplier of the initial learning rate after <paramref name="step"/> steps (0-based).</summary>
    public abstract double Factor(long step);

    /// <summary>Sets every group's lr for <paramref name="step"/>.</summary>
    public void Apply<TOptions>(Optimizer<TOptions> optimizer, long step) where TOptions : notnull
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        var factor = Factor(step);
        foreach (var group in optimizer.param_groups) group.lr = group.initial_lr * factor;
    }
}

/// <summary>The initial learning rate throughout.</summary>
public sealed record ConstantSchedule : LearningRateSchedule
{
    public override double Factor(long step) => 1;
}

/// <summary>Multiplies the learning rate by <paramref name="Gamma"/> every <paramref name="StepSize"/> steps.</summary>
public sealed record StepSchedule(long StepSize, double Gamma = 0.1) : LearningRateSchedule
{
    public long StepSize { get; } = StepSize > 0 ? StepSize : throw new ArgumentOutOfRangeException(nameof(StepSize), StepSize, "must be positive");
    public double Gamma { get; } = Gamma > 0 ? Gamma : throw new ArgumentOutOfRangeException(nameof(Gamma), Gamma, "must be positive");

    public override double Factor(long step) => Math.Pow(Gamma, step / StepSize);
}

/// <summary>
/// Linear warm-up from 0 over <paramref name="WarmupSteps"/>, then a half cosine from 1 down to
/// <paramref name="MinFactor"/> at <paramref name="TotalSteps"/>, constant after (nanoGPT's schedule).
/// </summary>
public sealed record WarmupCosineSchedule(long WarmupSteps, long TotalSteps, double MinFactor = 0.1) : LearningRateSchedule
{
    public long WarmupSteps { get; } = WarmupSteps >= 0 ? WarmupSteps : throw new ArgumentOutOfRangeException(nameof(WarmupSteps), WarmupSteps, "must be non-negative");
    public long TotalSteps { get; } = TotalSteps > WarmupSteps ? TotalSteps : throw new ArgumentOutOfRangeException(nameof(TotalSteps), TotalSteps, "must exceed the warm-up steps");
    public double MinFactor { get; } = MinFactor is >= 0 and <= 1 ? MinFactor : throw new ArgumentOutOfRangeException(nameof(MinFactor), MinFactor, "must be in [0, 1]");

    public override double Factor(long step)
    {
        if (step < WarmupSteps) return (double)(step + 1) / (WarmupSteps + 1);
        if (step >= TotalSteps) return MinFactor;
        var progress = (double)(step - WarmupSteps) / (TotalSteps - WarmupSteps);
        return MinFactor + 0.5 * (1 - MinFactor) * (1 + Math.Cos(Math.PI * progress));
    }
}
