namespace NeuroThermo.Models;

/// <summary>
/// McCulloch–Pitts threshold unit, eq. 4.1 of the notes: y = step(Σ_i w_i x_i − θ) with step(z) = 1 for z ≥ 0 and 0
/// otherwise, on inputs x_i ∈ {0, 1}.
/// </summary>
/// <remarks>
/// The logic gates use the textbook weights: AND w = (1, 1), θ = 1.5; OR w = (1, 1), θ = 0.5; NOT w = −1, θ = −0.5.
/// Each threshold sits half-way between the largest weighted sum that must give 0 and the smallest that must give 1,
/// so no input lands on the step itself. The unit is a handful of doubles: tensors would only add overhead here.
/// </remarks>
public sealed class Perceptron
{
    private readonly double[] _weights;

    /// <param name="weights">w, one per input.</param>
    /// <param name="threshold">θ, subtracted from the weighted sum.</param>
    public Perceptron(IReadOnlyList<double> weights, double threshold)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Count == 0) throw new ArgumentOutOfRangeException(nameof(weights), "A perceptron needs at least one input.");
        if (weights.Any(w => !double.IsFinite(w))) throw new ArgumentOutOfRangeException(nameof(weights), "Every weight must be finite.");
        if (!double.IsFinite(threshold)) throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be finite.");
        _weights = [.. weights];
        Threshold = threshold;
    }

    /// <summary>AND: fires only when both inputs are on (1 + 1 = 2 ≥ 1.5, but 1 &lt; 1.5).</summary>
    public static Perceptron And { get; } = new([1, 1], 1.5);

    /// <summary>OR: fires when at least one input is on (1 ≥ 0.5, 0 &lt; 0.5).</summary>
    public static Perceptron Or { get; } = new([1, 1], 0.5);

    /// <summary>NOT: a negative weight and a negative threshold (−0 ≥ −0.5 fires, −1 &lt; −0.5 does not).</summary>
    public static Perceptron Not { get; } = new([-1], -0.5);

    /// <summary>NAND, the hidden unit of the two-layer XOR: AND with every sign reversed.</summary>
    public static Perceptron Nand { get; } = new([-1, -1], -1.5);

    /// <summary>w, one per input.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>θ.</summary>
    public double Threshold { get; }

    /// <summary>Number of inputs.</summary>
    public int InputCount => _weights.Length;

    /// <summary>Σ_i w_i x_i − θ, the argument of the step.</summary>
    public double Activation(IReadOnlyList<double> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count != _weights.Length)
            throw new ArgumentException($"This perceptron takes {_weights.Length} inputs but was given {inputs.Count}.", nameof(inputs));
        var sum = -Threshold;
        for (var i = 0; i < _weights.Length; i++) sum += _weights[i] * inputs[i];
        return sum;
    }

    /// <summary>y = step(Σ_i w_i x_i − θ) ∈ {0, 1}, eq. 4.1.</summary>
    public int Output(IReadOnlyList<double> inputs) => Activation(inputs) >= 0 ? 1 : 0;

    /// <summary>
    /// The two-layer XOR: hidden units OR(x₁, x₂) and NAND(x₁, x₂), output AND of the two. OR excludes (0, 0), NAND
    /// excludes (1, 1); what survives both is exactly "one input on".
    /// </summary>
    public static int Xor(int x1, int x2)
    {
        double[] inputs = [x1, x2];
        double[] hidden = [Or.Output(inputs), Nand.Output(inputs)];
        return And.Output(hidden);
    }
}
