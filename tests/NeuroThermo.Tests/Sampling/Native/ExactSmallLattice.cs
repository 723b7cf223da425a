namespace NeuroThermo.Tests.Sampling.Native;

/// <summary>
/// The exact joint law of (bond sum, magnetisation) of a small periodic L×L Ising lattice, by summing e^{−βE}
/// over all 2^(L²) configurations with plain loops: an independent reference for the samplers.
/// </summary>
internal static class ExactSmallLattice
{
    /// <summary>
    /// Probabilities of each (Σ_⟨ij⟩ s_i s_j, Σ_i s_i) — or Σ_i s_i replaced by |Σ_i s_i| when
    /// <paramref name="absoluteMagnetization"/> — for E = −J Σ s_i s_j − h Σ s_i.
    /// </summary>
    public static Dictionary<(int Bonds, int Spins), double> Distribution(int size, double beta, double coupling, double field,
        bool absoluteMagnetization)
    {
        int n = size * size;
        var weights = new Dictionary<(int, int), double>();
        var spins = new int[n];
        for (long code = 0; code < 1L << n; code++)
        {
            for (int i = 0; i < n; i++) spins[i] = ((code >> i) & 1) == 1 ? 1 : -1;
            int bonds = 0, total = 0;
            for (int r = 0; r < size; r++)
            {
                for (int c = 0; c < size; c++)
                {
                    int s = spins[r * size + c];
                    total += s;
                    bonds += s * spins[r * size + (c + 1) % size] + s * spins[(r + 1) % size * size + c];
                }
            }
            var key = (bonds, absoluteMagnetization ? Math.Abs(total) : total);
            weights[key] = weights.GetValueOrDefault(key) + Math.Exp(beta * (coupling * bonds + field * total));
        }
        double z = weights.Values.Sum();
        return weights.ToDictionary(kv => kv.Key, kv => kv.Value / z);
    }
}
