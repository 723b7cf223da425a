using NeuroThermo.Physics;
using NeuroThermo.Sampling;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Sampling;

public sealed class MaxCutProblemTests : IDisposable
{
    /// <summary>Cut values are short sums of weights given to two decimals: rounding only.</summary>
    private const double CutTolerance = 1e-12;

    private readonly string _directory = Directory.CreateTempSubdirectory("maxcut-").FullName;

    [Fact]
    public void ExactMaximumCut_MatchesKnownGraphs()
    {
        // A triangle cuts at most two of its three edges; an even cycle cuts all; K4 cuts 4 of 6 (2 + 2 split).
        var triangle = new MaxCutProblem(3, [new(0, 1, 1), new(1, 2, 1), new(0, 2, 1)]);
        var square = new MaxCutProblem(4, [new(0, 1, 1), new(1, 2, 1), new(2, 3, 1), new(3, 0, 1)]);
        var complete = new MaxCutProblem(4, [new(0, 1, 1), new(0, 2, 1), new(0, 3, 1), new(1, 2, 1), new(1, 3, 1), new(2, 3, 1)]);
        Assert.Equal(2, triangle.ExactMaximumCut(), CutTolerance);
        Assert.Equal(4, square.ExactMaximumCut(), CutTolerance);
        Assert.Equal(4, complete.ExactMaximumCut(), CutTolerance);
    }

    [Fact]
    public void ExactMaximumCut_EqualsBruteForceOverPartitions()
    {
        using var generator = new Generator(11);
        var problem = MaxCutProblem.Random(10, 0.5, generator, minimumWeight: -1, maximumWeight: 2);
        var best = double.NegativeInfinity;
        for (var mask = 0; mask < 1 << problem.VertexCount; mask++)
        {
            var sides = Enumerable.Range(0, problem.VertexCount).Select(i => (mask >> i & 1) == 1 ? 1.0 : -1.0).ToArray();
            best = Math.Max(best, problem.CutValue(sides));
        }
        Assert.Equal(best, problem.ExactMaximumCut(), CutTolerance);
    }

    [Fact]
    public void CutValue_IsHalfOfTotalWeightMinusIsingEnergy()
    {
        using var generator = new Generator(12);
        var problem = MaxCutProblem.Random(9, 0.6, generator, minimumWeight: 0.1, maximumWeight: 3);
        using var ising = problem.ToIsing();
        using var spins = SpinConfigurations.Random(50, problem.VertexCount, generator);
        using var energies = ising.Energy(spins);
        using var cuts = problem.CutValues(spins);
        var (e, c) = (energies.ToArray<double>(), cuts.ToArray<double>());
        using var firstRow = spins.select(0, 0);
        Assert.Equal(c[0], problem.CutValue(firstRow.ToArray<double>()), CutTolerance);
        for (var b = 0; b < e.Length; b++) Assert.Equal((problem.TotalWeight - e[b]) / 2, c[b], CutTolerance);
    }

    [Fact]
    public void Random_IsReproducibleFromItsSeed()
    {
        using var a = new Generator(5);
        using var b = new Generator(5);
        Assert.Equal(MaxCutProblem.Random(12, 0.3, a).Edges, MaxCutProblem.Random(12, 0.3, b).Edges);
    }

    [Fact]
    public void Read_ParsesCommentsDefaultWeightsAndDeclaredVertices()
    {
        var path = Write("graph.txt", "# a path and an isolated vertex\nvertices 4\n0 1 2.5\n\n1 2\n");
        var problem = MaxCutProblem.Read(path);
        Assert.Equal(4, problem.VertexCount);
        Assert.Equal([new WeightedEdge(0, 1, 2.5), new WeightedEdge(1, 2, 1)], problem.Edges);
        Assert.Equal(3.5, problem.ExactMaximumCut(), CutTolerance);
    }

    [Theory]
    [InlineData("0 1 1\n2 x 1\n", "line 2", "vertex numbers")]
    [InlineData("0 1 1\n1 2 1 7\n", "line 2", "'i j w'")]
    [InlineData("0 1 abc\n", "line 1", "weight")]
    [InlineData("0 1 NaN\n", "line 1", "weight")]
    [InlineData("3 3 1\n", "line 1", "self-loop")]
    [InlineData("0 1 1\n1 0 2\n", "line 2", "repeats the edge of line 1")]
    [InlineData("vertices 2\n0 5 1\n", "line 2", "outside")]
    [InlineData("-1 2 1\n", "line 1", "vertex numbers")]
    [InlineData("# nothing\n", "no edges", "vertices N")]
    public void Read_BadLine_GivesOneSentenceNamingFileAndLine(string contents, string where, string what)
    {
        var path = Write("bad.txt", contents);
        var error = Assert.Throws<FormatException>(() => MaxCutProblem.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains(where, error.Message);
        Assert.Contains(what, error.Message);
        Assert.EndsWith(".", error.Message);
    }

    [Fact]
    public void Read_MissingFile_SaysSo()
    {
        var path = Path.Combine(_directory, "absent.txt");
        var error = Assert.Throws<FileNotFoundException>(() => MaxCutProblem.Read(path));
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void ExactMaximumCut_RefusesGraphsAboveTheLimit()
    {
        var problem = new MaxCutProblem(MaxCutProblem.MaxExactVertices + 1, [new(0, 1, 1)]);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => problem.ExactMaximumCut());
        Assert.Contains("annealing", error.Message);
    }

    private string Write(string name, string contents)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, contents);
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
