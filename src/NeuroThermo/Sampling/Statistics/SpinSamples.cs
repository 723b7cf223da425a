using TorchSharp;
using static TorchSharp.torch;

using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Sampling.Statistics;

/// <summary>Checks and converts batches of ±1 configurations given as tensors or .NET arrays.</summary>
internal static class SpinSamples
{
    /// <summary>
    /// <paramref name="spins"/> as a float64 tensor after checking its rank (one of <paramref name="ranks"/>) and that
    /// every entry is ±1; the caller owns the result (it lives in the caller's dispose scope).
    /// </summary>
    public static Tensor Checked(Tensor spins, string parameterName, params int[] ranks)
    {
        ArgumentNullException.ThrowIfNull(spins, parameterName);
        var shape = spins.shape;
        if (!ranks.Contains(shape.Length))
            throw new ArgumentException(
                $"Spins must be a tensor of rank {string.Join(" or ", ranks)} (samples first); got shape [{string.Join(", ", shape)}].", parameterName);
        if (shape.Any(size => size == 0))
            throw new ArgumentException($"Spins of shape [{string.Join(", ", shape)}] hold no configuration.", parameterName);
        var values = spins.detach().to(torch.float64);
        var wrong = values.abs().ne(1);
        if (wrong.any().ItemAs<bool>())
        {
            var example = values.masked_select(wrong).narrow(0, 0, 1).ItemAs<double>();
            throw new ArgumentException($"Spins must be ±1; found {example}.", parameterName);
        }
        return values;
    }

    /// <summary>A (S, N) tensor of the rows of <paramref name="chains"/>.</summary>
    public static Tensor FromArray(double[,] chains, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(chains, parameterName);
        return torch.tensor(chains, torch.float64);
    }

    /// <summary>A (S, L₁, L₂) tensor of <paramref name="squares"/>.</summary>
    public static Tensor FromArray(double[,,] squares, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(squares, parameterName);
        var flat = new double[squares.Length];
        Buffer.BlockCopy(squares, 0, flat, 0, flat.Length * sizeof(double));
        return torch.tensor(flat, [squares.GetLength(0), squares.GetLength(1), squares.GetLength(2)], torch.float64);
    }
}
