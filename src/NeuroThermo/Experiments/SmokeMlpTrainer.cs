using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions.Serialization;
using NeuroThermo.TorchExtensions.Nn;
using NeuroThermo.TorchExtensions;
using NeuroThermo.TorchExtensions.Optim;
using NeuroThermo.Training;

using optim = NeuroThermo.TorchExtensions.Optim.optim;

namespace NeuroThermo.Experiments;

/// <summary>
/// The model, optimizer, target and generator of <c>smoke.mlp</c>, one optimizer step at a time, with
/// checkpoints that restore all of them: a run resumed from step n draws the same batches and reaches
/// the same losses as a run that never stopped.
/// </summary>
/// <remarks>
/// The task: a one-hidden-layer tanh MLP fitted by AdamW to a fixed random smooth target
/// y = sin(x·u) + ½ tanh(x·v) with x ~ N(0, I), a fresh batch every step. Everything random comes from one
/// generator seeded with the run's seed, in a fixed order: the two layers' initial weights, then u and v,
/// then one batch per step. The generator is a CPU generator on every device: draws are made on the CPU and moved to
/// the model's device (<see cref="Devices"/>), so a run draws the same numbers wherever it trains.
/// </remarks>
public sealed class SmokeMlpTrainer : IDisposable
{
    private const string ModelPrefix = "model.";
    private const string OptimizerPrefix = "optimizer.";
    private const string GeneratorKey = "generator.state";
    private const string TargetU = "target.u";
    private const string TargetV = "target.v";

    private readonly SmokeMlpConfig config;
    private readonly Device device;
    private readonly Generator generator;
    private readonly TorchSharp.Modules.Sequential model;
    private readonly AdamW optimizer;
    private readonly Tensor u;
    private readonly Tensor v;

    /// <summary>A fresh model and target drawn from <paramref name="seed"/>, at step 0, on <paramref name="device"/> (the CPU
    /// when null).</summary>
    public SmokeMlpTrainer(SmokeMlpConfig config, ulong seed, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        this.config = config;
        this.device = device ?? CPU;
        generator = new Generator(seed);
        model = torch.nn.Sequential(
            SeededLayers.Linear(config.InputDim, config.HiddenWidth, generator: generator),
            torch.nn.Tanh(),
            SeededLayers.Linear(config.HiddenWidth, 1, generator: generator));
        model.to(this.device); // before the optimizer: a move replaces the parameter objects
        optimizer = optim.AdamW(model.parameters(), lr: config.LearningRate, weight_decay: 0);
        using var scope = torch.NewDisposeScope();
        u = (torch.randn([config.InputDim, 1], generator: generator) / Math.Sqrt(config.InputDim)).On(this.device).DetachFromDisposeScope(); // (D, 1)
        v = (torch.randn([config.InputDim, 1], generator: generator) / Math.Sqrt(config.InputDim)).On(this.device).DetachFromDisposeScope(); // (D, 1)
    }

    /// <summary>Optimizer steps taken so far, restored ones included.</summary>
    public long Step { get; private set; }

    /// <summary>Takes one optimizer step on a fresh batch; returns the batch's loss before the step.</summary>
    public double TrainStep()
    {
        using var scope = torch.NewDisposeScope();
        var x = DrawBatch(); // (B, D)
        optimizer.zero_grad();
        var loss = BatchLoss(x);
        loss.backward();
        optimizer.step();
        Step++;
        return loss.ItemAs<float>();
    }

    /// <summary>A fresh batch of inputs, drawn on the CPU generator and moved to the model's device.</summary>
    internal Tensor DrawBatch() =>
        torch.randn([config.BatchSize, config.InputDim], generator: generator).On(device); // (B, D)

    /// <summary>The loss of batch <paramref name="x"/>, on the model's device: tests run it on the meta device, where
    /// libtorch has no kernel for the backward pass.</summary>
    internal Tensor BatchLoss(Tensor x)
    {
        var y = Guarded.matmul(x, u).sin() + 0.5 * Guarded.matmul(x, v).tanh();                 // (B, 1)
        return torch.nn.functional.mse_loss(model.call(x), y);
    }

    /// <summary>Saves model, optimizer, target and generator, with the step, as the checkpoint of <see cref="Step"/>.</summary>
    public void Save(CheckpointStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        using var generatorState = generator.get_state();
        var tensors = CheckpointStore.Prefixed(ModelPrefix, model.state_dict())
            .Concat(CheckpointStore.Prefixed(OptimizerPrefix, optimizer.state_dict()))
            .Append(new(TargetU, u))
            .Append(new(TargetV, v))
            .Append(new(GeneratorKey, generatorState));
        store.Save(Step, tensors, new State(Step, optimizer.step_count));
    }

    /// <summary>Puts the trainer in the state <paramref name="checkpoint"/> holds.</summary>
    /// <exception cref="InvalidDataException">The checkpoint was written for another model shape or kind.</exception>
    public void Restore(Checkpoint<State> checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        try
        {
            model.load_checked_state_dict(checkpoint.Section(ModelPrefix));
            optimizer.load_state_dict(checkpoint.Section(OptimizerPrefix), checkpoint.State.OptimizerSteps);
            using (torch.no_grad())
            {
                u.copy_(checkpoint.Get(TargetU));
                v.copy_(checkpoint.Get(TargetV));
            }
            generator.set_state(checkpoint.Get(GeneratorKey));
        }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException or System.Runtime.InteropServices.ExternalException)
        {
            throw new InvalidDataException($"The checkpoint of step {checkpoint.Step} does not fit this smoke.mlp config: {TorchErrors.Message(e)}", e);
        }
        Step = checkpoint.State.Step;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        optimizer.Dispose();
        model.Dispose();
        u.Dispose();
        v.Dispose();
        generator.Dispose();
    }

    /// <summary>What a checkpoint holds besides tensors.</summary>
    /// <param name="Step">Optimizer steps taken.</param>
    /// <param name="OptimizerSteps">The optimizer's own step count (Adam's bias corrections use it).</param>
    public sealed record State(long Step, long OptimizerSteps);
}
