using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Renormalization;

/// <summary>
/// Kadanoff's block spins by majority rule: an L×L lattice of ±1 spins is cut into b×b blocks and each block
/// becomes one spin, the sign of the sum of its b² spins, on an (L/b)×(L/b) lattice whose spacing is b old ones.
/// </summary>
/// <remarks>
/// <para>For odd b the sum is never 0. For even b a block can tie; a tie becomes +1 or −1 by a fair coin, so that
/// the rule commutes with flipping every spin (in distribution) and no sign is favoured. The coins come from the
/// caller's generator: even b draws one coin per block for the whole batch (used only where the block ties), odd b
/// draws nothing, so a seeded generator reproduces the blocking bit for bit.</para>
/// <para>Block (I, J) holds the sites (bI + i, bJ + j), 0 ≤ i, j &lt; b. On a periodic lattice the blocked lattice is
/// periodic too.</para>
/// </remarks>
public static class MajorityRuleBlocking
{
    /// <summary>
    /// Blocks <paramref name="spins"/> — one lattice (L, L) or a batch (S, L, L) of ±1 of any numeric type — into
    /// (L/b, L/b) or (S, L/b, L/b) block spins of the same type, b = <paramref name="blockSize"/>, ties broken by
    /// <paramref name="generator"/>. The result belongs to the caller's dispose scope.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor is not a square lattice or batch of them, or b does not divide L.</exception>
    public static Tensor Block(Tensor spins, int blockSize, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(spins);
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        var shape = spins.shape;
        if (shape.Length is not (2 or 3) || shape[^1] != shape[^2] || shape[^1] == 0)
            throw new ArgumentException(
                $"Block spins need a square lattice (L, L) or a batch (S, L, L); got shape [{string.Join(", ", shape)}].", nameof(spins));
        var length = shape[^1];
        if (length % blockSize != 0)
            throw new ArgumentException(
                $"A lattice of side L = {length} cannot be cut into {blockSize}×{blockSize} blocks: the block size b must divide L.", nameof(blockSize));

        using var scope = torch.NewDisposeScope();
        var batch = shape.Length == 3 ? shape[0] : 1;
        var blocks = length / blockSize;
        var sums = spins.to(ScalarType.Int32)
            .reshape(batch, blocks, blockSize, blocks, blockSize)   // (S, L, L) -> (S, L/b, b, L/b, b)
            .sum([2L, 4L]);                                          // (S, L/b, L/b)
        var blocked = sums.sign();
        if (blockSize % 2 == 0)
        {
            var coins = torch.randint(0, 2, [batch, blocks, blocks], ScalarType.Int32, generator: generator).mul_(2).sub_(1);
            blocked = torch.where(sums.eq(0), coins, blocked);
        }
        if (shape.Length == 2) blocked = blocked.squeeze(0);   // (1, L/b, L/b) -> (L/b, L/b)
        return blocked.to(spins.dtype).MoveToOuterDisposeScope();
    }
}
