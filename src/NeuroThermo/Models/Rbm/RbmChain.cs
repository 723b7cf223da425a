using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Models.Rbm;

/// <summary>
/// The explicit state of B block-Gibbs chains of a restricted Boltzmann machine: the current visible (B, V) and hidden
/// (B, H) configurations and the generator every draw comes from, so that a chain can be advanced, saved and resumed
/// independently of anything else that draws random numbers. <see cref="RestrictedBoltzmannMachine.Gibbs"/> advances it.
/// </summary>
public sealed class RbmChain : IDisposable
{
    private RbmChain(Tensor visible, Tensor hidden, Generator generator)
    {
        Visible = visible;
        Hidden = hidden;
        Generator = generator;
    }

    /// <summary>The chains' visible states (B, V), updated in place.</summary>
    public Tensor Visible { get; }

    /// <summary>The hidden states drawn in the last sweep (B, H), updated in place (zeros before the first).</summary>
    public Tensor Hidden { get; }

    /// <summary>The generator of every draw (owned by the chain).</summary>
    public Generator Generator { get; }

    /// <summary>B = the number of chains.</summary>
    public long Count => Visible.size(0);

    /// <summary>Chains started from copies of <paramref name="visible"/> (B, V), in <paramref name="machine"/>'s dtype.</summary>
    public static RbmChain FromVisible(RestrictedBoltzmannMachine machine, Tensor visible, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(machine);
        machine.CheckLayer(visible, machine.VisibleCount, nameof(visible));
        using var scope = torch.NewDisposeScope();
        var start = visible.detach().clone().DetachFromDisposeScope();
        var hidden = torch.zeros([visible.size(0), machine.HiddenCount], machine.DType).DetachFromDisposeScope();
        return new RbmChain(start, hidden, new Generator(seed));
    }

    /// <summary><paramref name="count"/> chains started from uniformly random visible states.</summary>
    public static RbmChain Random(RestrictedBoltzmannMachine machine, int count, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var generator = new Generator(seed);
        using var scope = torch.NewDisposeScope();
        var on = torch.rand([count, machine.VisibleCount], machine.DType, generator: generator).lt(0.5).to(machine.DType);   // (B, V) of 0/1
        var visible = machine.Units.FromIndicators(on).DetachFromDisposeScope();
        var hidden = torch.zeros([count, machine.HiddenCount], machine.DType).DetachFromDisposeScope();
        return new RbmChain(visible, hidden, generator);
    }

    public void Dispose()
    {
        Visible.Dispose();
        Hidden.Dispose();
        Generator.Dispose();
    }
}
