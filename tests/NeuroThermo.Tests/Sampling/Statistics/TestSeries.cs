namespace NeuroThermo.Tests.Sampling.Statistics;

/// <summary>Series and spin configurations with exactly known statistics, drawn from seeded generators.</summary>
internal static class TestSeries
{
    /// <summary>A standard normal deviate (Box–Muller).</summary>
    public static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>
    /// The stationary AR(1) process x_t = ρ x_{t−1} + √(1 − ρ²) ε_t with unit variance, started in equilibrium:
    /// ρ(t) = ρ^t, so τ_int = ½ + Σ_{t≥1} ρ^t = (1 + ρ)/(2(1 − ρ)).
    /// </summary>
    public static double[] AutoRegressive(int length, double rho, Random random)
    {
        var series = new double[length];
        var noise = Math.Sqrt(1 - rho * rho);
        series[0] = Gaussian(random);
        for (var t = 1; t < length; t++) series[t] = rho * series[t - 1] + noise * Gaussian(random);
        return series;
    }

    /// <summary>τ_int of <see cref="AutoRegressive"/>.</summary>
    public static double AutoRegressiveTau(double rho) => (1 + rho) / (2 * (1 - rho));

    /// <summary>
    /// Exact samples of the open Ising chain at zero field: the bonds b_i = s_i s_{i+1} are independent with
    /// P(b = +1) = (1 + t)/2, t = tanh βJ, so ⟨s_i s_{i+r}⟩ = t^r.
    /// </summary>
    public static double[,] OpenChains(int samples, int length, double t, Random random)
    {
        var spins = new double[samples, length];
        for (var s = 0; s < samples; s++)
        {
            spins[s, 0] = random.NextDouble() < 0.5 ? 1 : -1;
            for (var i = 1; i < length; i++) spins[s, i] = random.NextDouble() < (1 + t) / 2 ? spins[s, i - 1] : -spins[s, i - 1];
        }
        return spins;
    }

    /// <summary>
    /// Exact samples of the periodic Ising ring at zero field: N independent bonds as for the open chain, kept only when
    /// their product is +1 (the ring closes), which happens with probability (1 + t^N)/2 ≥ ½.
    /// </summary>
    public static double[,] Rings(int samples, int length, double t, Random random)
    {
        var spins = new double[samples, length];
        var bonds = new double[length];
        for (var s = 0; s < samples; s++)
        {
            double product;
            do
            {
                product = 1;
                for (var i = 0; i < length; i++) product *= bonds[i] = random.NextDouble() < (1 + t) / 2 ? 1 : -1;
            }
            while (product < 0);
            spins[s, 0] = random.NextDouble() < 0.5 ? 1 : -1;
            for (var i = 1; i < length; i++) spins[s, i] = bonds[i - 1] * spins[s, i - 1];
        }
        return spins;
    }

    /// <summary>⟨s_0 s_r⟩ on the zero-field Ising ring of N spins: (t^r + t^{N−r})/(1 + t^N).</summary>
    public static double RingCorrelation(int r, int length, double t) =>
        (Math.Pow(t, r) + Math.Pow(t, length - r)) / (1 + Math.Pow(t, length));
}
