using NeuroThermo.Models;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Models;

public sealed class XorTests
{
    /// <summary>Every output must land on the right side of ½ by at least this much.</summary>
    private const double Margin = 0.3;

    [Fact]
    public void TwoLayerNetwork_LearnsXorWithHandWrittenGradients()
    {
        // XOR is not linearly separable (no perceptron can learn it); one hidden layer of two
        // tanh units suffices. Trained by plain gradient descent, eq. 5.26, on hand-computed gradients.
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(3);
        using var mlp = new Mlp(new MlpConfig { Widths = [2, 4, 1], Hidden = Activation.Tanh, Output = Activation.Sigmoid, Cost = Cost.Quadratic },
            torch.float64, generator);
        var x = torch.tensor(new double[,] { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } });
        var y = torch.tensor(new double[,] { { 0 }, { 1 }, { 1 }, { 0 } });
        const double LearningRate = 2.0;
        for (var step = 0; step < 4000; step++)
        {
            using var stepScope = torch.NewDisposeScope();
            using var gradients = Backpropagation.Compute(mlp, x, y);
            using var noGrad = torch.no_grad();
            for (var l = 0; l < mlp.Layers.Count; l++)
            {
                mlp.Layers[l].weight!.sub_(gradients.Weights[l] * LearningRate);
                mlp.Layers[l].bias!.sub_(gradients.Biases[l] * LearningRate);
            }
        }
        using var noGradEval = torch.no_grad();
        var output = mlp.call(x).ToArray<double>();
        var target = new[] { 0.0, 1, 1, 0 };
        for (var i = 0; i < 4; i++)
            Assert.True(Math.Abs(output[i] - target[i]) < 0.5 - Margin, $"input {i}: {output[i]:F3} for target {target[i]}");
    }
}
