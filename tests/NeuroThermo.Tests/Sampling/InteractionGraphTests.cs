using NeuroThermo.Physics.Energies;
using NeuroThermo.Physics.Lattices;
using NeuroThermo.Sampling;
using NeuroThermo.Tests.Physics;
using TorchSharp;
using static TorchSharp.torch;
using NeuroThermo.TorchExtensions;

namespace NeuroThermo.Tests.Sampling;

public sealed class InteractionGraphTests
{
    /// <summary>Fields are short sums of products of doubles: rounding only.</summary>
    private const double FieldTolerance = 1e-12;

    [Theory]
    [InlineData(4, 4, Boundary.Periodic, 2)]
    [InlineData(3, 5, Boundary.Open, 2)]
    [InlineData(3, 3, Boundary.Periodic, 3)]
    public void SquareLattice_GetsAProperColouringWithTheFewestGreedyColours(int width, int height, Boundary boundary, int colours)
    {
        using var model = new IsingModel(Lattice.Square(width, height, boundary));
        using var graph = InteractionGraph.From(model);
        Assert.Equal(colours, graph.ColourCount);
        Assert.True(GraphColouring.IsProper(Neighbours(graph), graph.Colours));
    }

    [Fact]
    public void SherringtonKirkpatrick_NeedsOneColourPerSpin()
    {
        using var generator = new Generator(1);
        using var model = SherringtonKirkpatrick.Sample(7, generator);
        using var graph = InteractionGraph.From(model);
        Assert.Equal(7, graph.ColourCount);
        Assert.True(GraphColouring.IsProper(Neighbours(graph), graph.Colours));
    }

    [Fact]
    public void IsProper_DetectsAClash()
    {
        int[][] path = [[1], [0, 2], [1]];
        Assert.True(GraphColouring.IsProper(path, [0, 1, 0]));
        Assert.False(GraphColouring.IsProper(path, [0, 0, 1]));
    }

    [Theory]
    [MemberData(nameof(TestModels.Names), MemberType = typeof(TestModels))]
    public void SiteField_MatchesTheEnergysLocalField(string name)
    {
        // The graph is read from bond lists or the dense matrix; the energy's LocalField is computed its own way.
        using var model = TestModels.Create(name);
        using var graph = InteractionGraph.From(model);
        using var generator = new Generator(2);
        using var spins = NeuroThermo.Physics.SpinConfigurations.Random(5, model.SpinCount, generator);
        using var field = model.LocalField(spins);
        for (var site = 0; site < model.SpinCount; site++)
        {
            using var expected = field.select(1, site);
            using var actual = graph.SiteField(spins, site);
            Assert.Equal(expected.contiguous().ToArray<double>(), actual.ToArray<double>(), (a, b) => Math.Abs(a - b) < FieldTolerance);
        }
    }

    [Theory]
    [MemberData(nameof(TestModels.Names), MemberType = typeof(TestModels))]
    public void ClassField_MatchesTheEnergysLocalField(string name)
    {
        using var model = TestModels.Create(name);
        using var graph = InteractionGraph.From(model);
        using var generator = new Generator(3);
        using var spins = NeuroThermo.Physics.SpinConfigurations.Random(5, model.SpinCount, generator);
        using var field = model.LocalField(spins);
        var covered = 0L;
        for (var colour = 0; colour < graph.ColourCount; colour++)
        {
            using var expected = field.index_select(1, graph.ClassSites(colour));
            using var actual = graph.ClassField(spins, colour);
            covered += graph.ClassSites(colour).numel();
            Assert.Equal(expected.ToArray<double>(), actual.ToArray<double>(), (a, b) => Math.Abs(a - b) < FieldTolerance);
        }
        Assert.Equal(model.SpinCount, covered);
    }

    [Fact]
    public void Wolff_RefusesAntiferromagnetAndField()
    {
        using var antiferromagnet = new IsingModel(Lattice.Chain(4, Boundary.Open), coupling: -1);
        using var inField = new IsingModel(Lattice.Chain(4, Boundary.Open), coupling: 1, field: 0.1);
        Assert.Contains("ferromagnet", Assert.Throws<ArgumentException>(() => new WolffSampler(antiferromagnet, 0.5)).Message);
        Assert.Contains("zero field", Assert.Throws<ArgumentException>(() => new WolffSampler(inField, 0.5)).Message);
    }

    [Fact]
    public void ParallelTempering_RejectsALadderThatDoesNotRise()
    {
        using var model = SamplerHarness.Ferromagnet();
        Assert.Throws<ArgumentException>(() => new ParallelTempering(model, [0.5, 0.5, 1.0]));
        var ladder = ParallelTempering.GeometricLadder(0.1, 1.6, 5);
        Assert.Equal([0.1, 0.2, 0.4, 0.8, 1.6], ladder, (a, b) => Math.Abs(a - b) < FieldTolerance);
    }

    private static IReadOnlyList<IReadOnlyList<int>> Neighbours(InteractionGraph graph) =>
        Enumerable.Range(0, graph.SpinCount).Select(graph.Neighbours).ToArray();
}
