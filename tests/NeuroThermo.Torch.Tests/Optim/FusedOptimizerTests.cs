using NeuroThermo.Torch.Optim;

namespace NeuroThermo.Torch.Tests.Optim;

/// <summary>
/// The fused Adam kernel and fused gradient clipping against the separate tensor operations they replace.
/// Both paths are also held to libtorch's torch::optim in <see cref="OptimizerReferenceTests"/>; here they are
/// held to each other, much more tightly, on the shapes a model has.
/// </summary>
public sealed class FusedOptimizerTests
{
    private const int Steps = 25;

    // The kernel repeats the operations' roundings except where libtorch contracts a multiply and an add into
    // one rounding: a few units in the last place per step, compounded over the steps. Errors are measured
    // against max(|θ|, 1), the parameters' scale (they start as standard normal draws): a parameter that passes
    // near zero keeps the absolute error it collected on the way.
    private const double Float64Tolerance = 1e-13;
    private const double Float32Tolerance = 1e-5;

    public static TheoryData<string, bool> Variants => new()
    {
        { "adam", false }, { "adam_l2", false }, { "adamw", false },
        { "adam", true }, { "adam_l2", true }, { "adamw", true },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void FusedAdam_FollowsTheSeparateOperations(string variant, bool float32)
    {
        using var scope = torch.NewDisposeScope();
        var dtype = float32 ? torch.float32 : torch.float64;
        using var generator = new Generator(7);
        // A matrix large enough to be split among threads, a vector, and a scalar-sized tail.
        var initial = new[]
        {
            torch.randn([300, 257], dtype, generator), torch.randn([257], dtype, generator), torch.randn([3], dtype, generator),
        };
        var fused = initial.Select(t => new Parameter(t.clone())).ToArray();
        var separate = initial.Select(t => new Parameter(t.clone())).ToArray();
        using var fusedOptimizer = Create(variant, fused, fusedKernel: true);
        using var separateOptimizer = Create(variant, separate, fusedKernel: false);
        for (var step = 0; step < Steps; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            // The same pseudo-gradients for both: noise of varied scale, so moments and denominators differ.
            var grads = initial.Select(t => torch.randn(t.shape, dtype, generator).mul(0.1 + step % 3)).ToArray();
            for (var k = 0; k < grads.Length; k++)
            {
                fused[k].grad = grads[k].clone();
                separate[k].grad = grads[k].clone();
            }
            fusedOptimizer.step();
            separateOptimizer.step();
        }
        var tolerance = float32 ? Float32Tolerance : Float64Tolerance;
        for (var k = 0; k < fused.Length; k++)
        {
            var a = fused[k].to(torch.float64).ToArray<double>();
            var b = separate[k].to(torch.float64).ToArray<double>();
            var start = initial[k].to(torch.float64).ToArray<double>();
            var moved = 0.0;
            for (var i = 0; i < a.Length; i++)
            {
                var error = Math.Abs(a[i] - b[i]) / Math.Max(Math.Abs(b[i]), 1);
                Assert.True(error <= tolerance, $"{variant} {dtype}: parameter {k}[{i}] fused {a[i]:R} vs separate {b[i]:R}");
                moved = Math.Max(moved, Math.Abs(a[i] - start[i]));
            }
            // 25 steps of lr 0.01 move every tensor by far more than the tolerance, or the comparison proves nothing.
            Assert.True(moved > 1e-2, $"{variant}: parameter {k} moved only {moved}");
        }
        foreach (var p in fused.Concat(separate)) p.Dispose();
    }

    private static Optimizer<AdamOptions> Create(string variant, Parameter[] p, bool fusedKernel) => variant switch
    {
        "adam" => torch.optim.Adam(p, 0.01, beta2: 0.99, fused: fusedKernel),
        "adam_l2" => torch.optim.Adam(p, 0.01, weight_decay: 0.05, fused: fusedKernel),
        "adamw" => torch.optim.AdamW(p, 0.01, weight_decay: 0.1, fused: fusedKernel),
        _ => throw new ArgumentException(variant),
    };

    [Fact]
    public void FusedAdam_Demanded_RejectsANonContiguousParameter_AndTheDefaultFallsBack()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(3);
        var storage = torch.randn([4, 6], torch.float64, generator);
        using var strided = new Parameter(storage.t()); // a transposed view: not contiguous
        Assert.False(strided.is_contiguous());
        strided.grad = torch.ones([6, 4], torch.float64);
        using var demanding = torch.optim.Adam([strided], 0.1, fused: true);
        var error = Assert.Throws<ArgumentException>(() => demanding.step());
        Assert.Contains("not contiguous", error.Message);

        using var contiguous = new Parameter(storage.t().contiguous());
        contiguous.grad = torch.ones([6, 4], torch.float64);
        using var automatic = torch.optim.Adam([strided], 0.1);
        using var reference = torch.optim.Adam([contiguous], 0.1, fused: false);
        automatic.step();
        reference.step();
        Assert.Equal(contiguous.ToArray<double>(), strided.contiguous().ToArray<double>());
    }

    [Fact]
    public void FusedAdam_WithAmsgrad_IsRefusedUpFront()
    {
        using var p = new Parameter(torch.zeros([2], torch.float64));
        Assert.Throws<ArgumentException>(() => torch.optim.Adam([p], 0.1, amsgrad: true, fused: true));
    }

    [Theory]
    [InlineData(false, 0.5)]  // the norm is far above the limit: every gradient is scaled
    [InlineData(false, 1e3)]  // below the limit: nothing changes
    [InlineData(true, 0.5)]
    [InlineData(true, 1e3)]
    public void FusedClipping_MatchesTheSeparateOperations(bool float32, double maxNorm)
    {
        using var scope = torch.NewDisposeScope();
        var dtype = float32 ? torch.float32 : torch.float64;
        using var generator = new Generator(11);
        var shapes = new long[][] { [128, 512], [512], [65, 128], [1] };
        var grads = shapes.Select(s => torch.randn(s, dtype, generator)).ToArray();
        var fused = shapes.Select(s => new Parameter(torch.zeros(s, dtype))).ToArray();
        var separate = shapes.Select(s => new Parameter(torch.zeros(s, dtype))).ToArray();
        for (var k = 0; k < grads.Length; k++)
        {
            fused[k].grad = grads[k].clone();
            separate[k].grad = grads[k].clone();
        }
        var fusedNorm = torch.nn.utils.clip_grad_norm_(fused, maxNorm);
        var separateNorm = torch.nn.utils.clip_grad_norm_(separate, maxNorm, fused: false);
        // The exact norm from the gradients' own values in double: both must be near it.
        var exact = Math.Sqrt(grads.Sum(g => g.to(torch.float64).ToArray<double>().Sum(x => x * x)));
        Assert.Equal(exact, fusedNorm, exact * Float64Tolerance);
        Assert.Equal(exact, separateNorm, exact * (float32 ? Float32Tolerance : Float64Tolerance));
        for (var k = 0; k < grads.Length; k++)
        {
            var a = fused[k].grad!.to(torch.float64).ToArray<double>();
            var b = separate[k].grad!.to(torch.float64).ToArray<double>();
            var original = grads[k].to(torch.float64).ToArray<double>();
            for (var i = 0; i < a.Length; i++)
            {
                Assert.True(Math.Abs(a[i] - b[i]) <= Math.Abs(b[i]) * (float32 ? Float32Tolerance : Float64Tolerance),
                    $"gradient {k}[{i}]: fused {a[i]:R} vs separate {b[i]:R}");
                if (maxNorm > exact) Assert.Equal(original[i], a[i]); // under the limit the gradients are untouched
            }
        }
        if (maxNorm < exact)
        {
            // Above the limit the clipped gradients have the joint norm max_norm (up to the 1e-6 guard).
            var clipped = Math.Sqrt(fused.Sum(p => p.grad!.to(torch.float64).ToArray<double>().Sum(x => x * x)));
            Assert.Equal(maxNorm, clipped, maxNorm * Float32Tolerance);
        }
        foreach (var p in fused.Concat(separate)) p.Dispose();
    }
}
