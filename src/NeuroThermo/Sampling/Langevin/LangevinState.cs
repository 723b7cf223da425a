using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Sampling.Langevin;

/// <summary>
/// A batch of B independent Langevin chains in ℝ^d: positions (B, d), the generator every draw comes from, and
/// counters. The sampler is configuration only; it advances a state that is passed in, so a run can be continued.
/// The state owns its positions and its generator.
/// </summary>
public sealed class LangevinState : IDisposable
{
    /// <summary>A state holding a copy of <paramref name="start"/> (B, d) and a new generator seeded with <paramref name="seed"/>.</summary>
    public LangevinState(Tensor start, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (start.dim() != 2) throw new ArgumentException($"Start positions must be a (B, d) batch, got ({string.Join(", ", start.shape)}).", nameof(start));
        using (torch.NewDisposeScope()) Positions = start.detach().clone().DetachFromDisposeScope();
        Generator = new Generator(seed);
    }

    /// <summary>x, (B, d), in the dtype of the start positions.</summary>
    public Tensor Positions { get; private set; }

    /// <summary>The generator of the chains' noise and acceptance draws.</summary>
    public Generator Generator { get; }

    /// <summary>B.</summary>
    public long Chains => Positions.shape[0];

    /// <summary>Steps taken by every chain.</summary>
    public long Steps { get; internal set; }

    /// <summary>Metropolis–Hastings proposals made, summed over chains (0 for unadjusted dynamics).</summary>
    public long Proposed { get; internal set; }

    /// <summary>Proposals accepted, summed over chains.</summary>
    public long Accepted { get; internal set; }

    /// <summary>Accepted over proposed (NaN before the first adjusted step).</summary>
    public double AcceptanceRate => Proposed == 0 ? double.NaN : (double)Accepted / Proposed;

    /// <summary>Replaces the positions by <paramref name="next"/> (taken over from any dispose scope) and frees the old ones.</summary>
    internal void Advance(Tensor next)
    {
        var previous = Positions;
        Positions = next.DetachFromDisposeScope();
        previous.Dispose();
        Steps++;
    }

    public void Dispose()
    {
        Positions.Dispose();
        Generator.Dispose();
    }
}
