using NeuroThermo.Models.Rbm;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Models.Rbm;

/// <summary>
/// A tiny RBM's parameters copied into plain double arrays, with E(v, h), Z and marginals computed here by brute-force
/// loops over every joint state: the independent reference the tensor code is checked against.
/// </summary>
internal sealed class RbmReference
{
    private readonly double[,] _w;
    private readonly double[] _a, _b;
    private readonly double _low;   // the "off" value: 0 or −1

    public RbmReference(RestrictedBoltzmannMachine machine)
    {
        using var scope = torch.NewDisposeScope();
        V = machine.VisibleCount;
        H = machine.HiddenCount;
        var w = machine.Weights.detach().to(ScalarType.Float64).ToArray<double>();
        _w = new double[V, H];
        for (var i = 0; i < V; i++)
            for (var j = 0; j < H; j++) _w[i, j] = w[i * H + j];
        _a = machine.VisibleBiases.detach().to(ScalarType.Float64).ToArray<double>();
        _b = machine.HiddenBiases.detach().to(ScalarType.Float64).ToArray<double>();
        _low = machine.Units == RbmUnits.Bernoulli ? 0 : -1;
    }

    public int V { get; }
    public int H { get; }

    /// <summary>The layer state whose bit k (of <paramref name="code"/>) is unit k.</summary>
    public double[] State(long code, int units)
    {
        var s = new double[units];
        for (var k = 0; k < units; k++) s[k] = ((code >> k) & 1) == 1 ? 1 : _low;
        return s;
    }

    public double Energy(double[] v, double[] h)
    {
        var e = 0.0;
        for (var i = 0; i < V; i++) e -= _a[i] * v[i];
        for (var j = 0; j < H; j++) e -= _b[j] * h[j];
        for (var i = 0; i < V; i++)
            for (var j = 0; j < H; j++) e -= v[i] * _w[i, j] * h[j];
        return e;
    }

    /// <summary>−ln Σ_h e^{−E(v, h)} by summing all 2^H hidden states.</summary>
    public double FreeEnergy(double[] v) =>
        -LogSumExp(Enumerable.Range(0, 1 << H).Select(c => -Energy(v, State(c, H))));

    /// <summary>−ln Σ_v e^{−E(v, h)}.</summary>
    public double HiddenFreeEnergy(double[] h) =>
        -LogSumExp(Enumerable.Range(0, 1 << V).Select(c => -Energy(State(c, V), h)));

    /// <summary>ln Z over all 2^{V+H} joint states.</summary>
    public double LogPartition() =>
        LogSumExp(Enumerable.Range(0, 1 << V).SelectMany(cv => Enumerable.Range(0, 1 << H).Select(ch => -Energy(State(cv, V), State(ch, H)))));

    /// <summary>p(h_j = on | v) by summing the joint weights with h_j on over those of all h.</summary>
    public double HiddenOnProbability(double[] v, int j)
    {
        var all = Enumerable.Range(0, 1 << H).Select(c => (On: ((c >> j) & 1) == 1, LogWeight: -Energy(v, State(c, H)))).ToList();
        return Math.Exp(LogSumExp(all.Where(x => x.On).Select(x => x.LogWeight)) - LogSumExp(all.Select(x => x.LogWeight)));
    }

    /// <summary>p(v_i = on | h).</summary>
    public double VisibleOnProbability(double[] h, int i)
    {
        var all = Enumerable.Range(0, 1 << V).Select(c => (On: ((c >> i) & 1) == 1, LogWeight: -Energy(State(c, V), h))).ToList();
        return Math.Exp(LogSumExp(all.Where(x => x.On).Select(x => x.LogWeight)) - LogSumExp(all.Select(x => x.LogWeight)));
    }

    public static double LogSumExp(IEnumerable<double> values)
    {
        var list = values.ToList();
        var max = list.Max();
        return max + Math.Log(list.Sum(x => Math.Exp(x - max)));
    }

    /// <summary>The rows of <paramref name="states"/> (B, N) as double arrays.</summary>
    public static double[][] Rows(Tensor states)
    {
        using var scope = torch.NewDisposeScope();
        var n = (int)states.size(1);
        var flat = states.to(ScalarType.Float64).ToArray<double>();
        return Enumerable.Range(0, (int)states.size(0)).Select(r => flat.AsSpan(r * n, n).ToArray()).ToArray();
    }

    /// <summary>A float64 machine with W_ij ~ N(0, scale²) and biases ~ N(0, scale²).</summary>
    public static RestrictedBoltzmannMachine RandomMachine(int visible, int hidden, RbmUnits units, double scale, Generator generator)
    {
        using var scope = torch.NewDisposeScope();
        var w = torch.randn([visible, hidden], ScalarType.Float64, generator: generator) * scale;
        var a = torch.randn([visible], ScalarType.Float64, generator: generator) * scale;
        var b = torch.randn([hidden], ScalarType.Float64, generator: generator) * scale;
        return new RestrictedBoltzmannMachine(w, a, b, units);
    }

    /// <summary>All 2^n states of a layer in code order, (2^n, n), float64.</summary>
    public static Tensor AllStates(int units, RbmUnits kind)
    {
        var low = kind == RbmUnits.Bernoulli ? 0.0 : -1.0;
        var data = new double[(1 << units) * units];
        for (var c = 0; c < 1 << units; c++)
            for (var k = 0; k < units; k++) data[c * units + k] = ((c >> k) & 1) == 1 ? 1 : low;
        return torch.tensor(data, [1L << units, units]);
    }
}
