using NeuroThermo.TorchExtensions.Optim;
using TorchSharp;
using static TorchSharp.torch;
using optim = NeuroThermo.TorchExtensions.Optim.optim;
using Parameter = TorchSharp.Modules.Parameter;

using NeuroThermo.TorchExtensions.Nn;

namespace NeuroThermo.TorchExtensions.Tests.Optim;

/// <summary>
/// Adam, Adam with L2 decay and AdamW on the shapes a model has, in float32 and float64, against TorchSharp's
/// torch.optim, and gradient clipping against the exact norm. (The old binding held its fused native kernel to the
/// separate tensor operations here; the port has only the operations, so the same checks and tolerances now hold
/// them to TorchSharp's own optimizers.)
/// </summary>
public sealed class AdamModelShapesTests
{
    private const int Steps = 25;

    // Both sides run the same operations, but any reordering of them (a decay before or after a moment, a division
    // folded into a step size) costs a few units in the last place per step, compounded over the steps. Errors are
    // measured against max(|θ|, 1), the parameters' scale (they start as standard normal draws): a parameter that
    // passes near zero keeps the absolute error it collected on the way.
    private const double Float64Tolerance = 1e-13;
    private const double Float32Tolerance = 1e-5;

    public static TheoryData<string, bool> Variants => new()
    {
        { "adam", false }, { "adam_l2", false }, { "adamw", false },
        { "adam", true }, { "adam_l2", true }, { "adamw", true },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Adam_FollowsTorchSharp_OnModelShapes(string variant, bool float32)
    {
        using var scope = NewDisposeScope();
        var dtype = float32 ? ScalarType.Float32 : ScalarType.Float64;
        var generator = new Generator(7);
        // A matrix large enough to be split among threads, a vector, and a scalar-sized tail.
        var initial = new[]
        {
            randn([300, 257], dtype, generator: generator), randn([257], dtype, generator: generator), randn([3], dtype, generator: generator),
        };
        var ours = initial.Select(t => Parameters.Create(t.clone())).ToArray();
        var theirs = initial.Select(t => Parameters.Create(t.clone())).ToArray();
        using var optimizer = Create(variant, ours);
        using var reference = CreateReference(variant, theirs);
        for (var step = 0; step < Steps; step++)
        {
            using var stepScope = NewDisposeScope();
            // The same pseudo-gradients for both: noise of varied scale, so moments and denominators differ.
            var grads = initial.Select(t => randn(t.shape, dtype, generator: generator).mul(0.1 + step % 3)).ToArray();
            for (var k = 0; k < grads.Length; k++)
            {
                ours[k].grad = grads[k].clone();
                theirs[k].grad = grads[k].clone();
            }
            optimizer.step();
            reference.Step();
        }
        var tolerance = float32 ? Float32Tolerance : Float64Tolerance;
        for (var k = 0; k < ours.Length; k++)
        {
            var a = Doubles(ours[k]);
            var b = Doubles(theirs[k]);
            var start = Doubles(initial[k]);
            var moved = 0.0;
            for (var i = 0; i < a.Length; i++)
            {
                var error = Math.Abs(a[i] - b[i]) / Math.Max(Math.Abs(b[i]), 1);
                Assert.True(error <= tolerance, $"{variant} {dtype}: parameter {k}[{i}] ours {a[i]:R} vs TorchSharp {b[i]:R}");
                moved = Math.Max(moved, Math.Abs(a[i] - start[i]));
            }
            // 25 steps of lr 0.01 move every tensor by far more than the tolerance, or the comparison proves nothing.
            Assert.True(moved > 1e-2, $"{variant}: parameter {k} moved only {moved}");
        }
    }

    private static Optimizer<AdamOptions> Create(string variant, Parameter[] p) => variant switch
    {
        "adam" => optim.Adam(p, 0.01, beta2: 0.99),
        "adam_l2" => optim.Adam(p, 0.01, weight_decay: 0.05),
        "adamw" => optim.AdamW(p, 0.01, weight_decay: 0.1),
        _ => throw new ArgumentException(variant),
    };

    private static ReferenceOptimizer CreateReference(string variant, Parameter[] p) => variant switch
    {
        "adam" => ReferenceOptimizer.Adam(p, 0.01, 0.9, 0.99, 1e-8, 0, false),
        "adam_l2" => ReferenceOptimizer.Adam(p, 0.01, 0.9, 0.999, 1e-8, 0.05, false),
        "adamw" => ReferenceOptimizer.AdamW(p, 0.01, 0.9, 0.999, 1e-8, 0.1, false),
        _ => throw new ArgumentException(variant),
    };

    [Fact]
    public void Adam_UpdatesANonContiguousParameter_LikeItsContiguousCopy()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(3);
        var storage = randn([4, 6], ScalarType.Float64, generator: generator);
        var strided = Parameters.Create(storage.t()); // a transposed view: not contiguous
        Assert.False(strided.is_contiguous());
        strided.grad = ones([6, 4], ScalarType.Float64);
        var contiguous = Parameters.Create(storage.t().contiguous());
        contiguous.grad = ones([6, 4], ScalarType.Float64);
        var start = Doubles(strided);
        using var onStrided = optim.Adam([strided], 0.1);
        using var onContiguous = optim.Adam([contiguous], 0.1);
        onStrided.step();
        onContiguous.step();
        Assert.Equal(Doubles(contiguous), Doubles(strided));
        Assert.NotEqual(start, Doubles(strided)); // the step moved it
    }

    [Theory]
    [InlineData(false, 0.5)]  // the norm is far above the limit: every gradient is scaled
    [InlineData(false, 1e3)]  // below the limit: nothing changes
    [InlineData(true, 0.5)]
    [InlineData(true, 1e3)]
    public void Clipping_MatchesTheExactNorm(bool float32, double maxNorm)
    {
        using var scope = NewDisposeScope();
        var dtype = float32 ? ScalarType.Float32 : ScalarType.Float64;
        var generator = new Generator(11);
        var shapes = new long[][] { [128, 512], [512], [65, 128], [1] };
        var grads = shapes.Select(s => randn(s, dtype, generator: generator)).ToArray();
        var parameters = shapes.Select(s => Parameters.Create(zeros(s, dtype))).ToArray();
        for (var k = 0; k < grads.Length; k++) parameters[k].grad = grads[k].clone();
        var norm = GradientClipping.clip_grad_norm_(parameters, maxNorm);
        // The exact norm from the gradients' own values in double.
        var exact = Math.Sqrt(grads.Sum(g => Doubles(g).Sum(x => x * x)));
        var tolerance = float32 ? Float32Tolerance : Float64Tolerance;
        Assert.Equal(exact, norm, exact * tolerance);
        var scale = Math.Min(1, maxNorm / (exact + 1e-6));
        for (var k = 0; k < grads.Length; k++)
        {
            var clipped = Doubles(parameters[k].grad!);
            var original = Doubles(grads[k]);
            for (var i = 0; i < clipped.Length; i++)
            {
                Assert.True(Math.Abs(clipped[i] - original[i] * scale) <= Math.Abs(original[i] * scale) * tolerance,
                    $"gradient {k}[{i}]: clipped {clipped[i]:R} vs {original[i] * scale:R}");
                if (maxNorm > exact) Assert.Equal(original[i], clipped[i]); // under the limit the gradients are untouched
            }
        }
        if (maxNorm < exact)
        {
            // Above the limit the clipped gradients have the joint norm max_norm (up to the 1e-6 guard).
            var joint = Math.Sqrt(parameters.Sum(p => Doubles(p.grad!).Sum(x => x * x)));
            Assert.Equal(maxNorm, joint, maxNorm * Float32Tolerance);
        }
    }

    private static double[] Doubles(Tensor t) => t.detach().to(ScalarType.Float64).contiguous().data<double>().ToArray();
}
