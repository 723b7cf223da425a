using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Optim;

using optim = NeuroThermo.TorchExtensions.Optim.optim;

namespace NeuroThermo.Training;

/// <summary>
/// SGD or AdamW behind one face, with a learning-rate schedule applied before every step, so a trainer need
/// not be generic in the optimizer's options. The schedule is a function of the step count alone, which a
/// checkpoint restores.
/// </summary>
public sealed class TrainingOptimizer : IDisposable
{
    private readonly Optimizer<SGDOptions>? sgd;
    private readonly Optimizer<AdamOptions>? adam;
    private readonly LearningRateSchedule schedule;

    private TrainingOptimizer(Optimizer<SGDOptions>? sgd, Optimizer<AdamOptions>? adam, LearningRateSchedule schedule)
    {
        this.sgd = sgd;
        this.adam = adam;
        this.schedule = schedule;
    }

    /// <summary>torch.optim.SGD; momentum 0 and weight decay 0 give eq. 5.26, w ← w − η ∂C/∂w.</summary>
    public static TrainingOptimizer Sgd(IEnumerable<Parameter> parameters, double lr, double momentum, double weightDecay,
        LearningRateSchedule schedule) =>
        new(optim.SGD(parameters, lr, momentum: momentum, weight_decay: weightDecay), null, schedule);

    /// <summary>torch.optim.AdamW with decoupled weight decay.</summary>
    public static TrainingOptimizer AdamW(IEnumerable<Parameter> parameters, double lr, double weightDecay, LearningRateSchedule schedule) =>
        new(null, optim.AdamW(parameters, lr, weight_decay: weightDecay), schedule);

    /// <summary>Steps taken so far (restored ones included).</summary>
    public long StepCount => sgd?.step_count ?? adam!.step_count;

    /// <summary>The learning rate the next step uses.</summary>
    public double LearningRate => (sgd?.param_groups[0].initial_lr ?? adam!.param_groups[0].initial_lr) * schedule.Factor(StepCount);

    /// <summary>Forgets every gradient.</summary>
    public void ZeroGrad()
    {
        sgd?.zero_grad();
        adam?.zero_grad();
    }

    /// <summary>Sets the scheduled learning rate of this step and updates the parameters.</summary>
    public void Step()
    {
        if (sgd is not null)
        {
            schedule.Apply(sgd, sgd.step_count);
            sgd.step();
        }
        else
        {
            schedule.Apply(adam!, adam!.step_count);
            adam.step();
        }
    }

    /// <summary>The optimizer's state tensors, for checkpoints.</summary>
    public IReadOnlyList<KeyValuePair<string, Tensor>> StateDict() => sgd?.state_dict() ?? adam!.state_dict();

    /// <summary>Restores what <see cref="StateDict"/> saved, and the step count.</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, long stepCount)
    {
        sgd?.load_state_dict(state, stepCount);
        adam?.load_state_dict(state, stepCount);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        sgd?.Dispose();
        adam?.Dispose();
    }
}
