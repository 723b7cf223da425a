using NeuroThermo.Torch.Serialization;

namespace NeuroThermo.Torch.Tests.Nn;

public sealed class ModuleTests
{
    private sealed class Block : torch.nn.Module<Tensor, Tensor>
    {
        private readonly torch.nn.Linear _input;
        private readonly torch.nn.LayerNorm _norm;
        private readonly Tensor _mask;
        private readonly torch.nn.Linear _output;

        public Block(Generator generator)
        {
            _input = new torch.nn.Linear(4, 6, generator: generator);
            _norm = new torch.nn.LayerNorm(6);
            _mask = torch.ones(6);
            _output = new torch.nn.Linear(6, 2, hasBias: false, generator: generator);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => _output.call(_norm.call(_input.call(x)).relu() * _mask);
    }

    [Fact]
    public void StateDict_FollowsDeclarationOrderWithDottedNames()
    {
        using var generator = new Generator(1);
        using var block = new Block(generator);
        var names = block.state_dict().Select(e => e.Key).ToArray();
        Assert.Equal(new[] { "mask", "input.weight", "input.bias", "norm.weight", "norm.bias", "output.weight" }, names);
        Assert.Equal(4 * 6 + 6 + 6 + 6 + 6 * 2, block.parameter_count());
    }

    [Fact]
    public void Linear_InitialisesWithinPyTorchBounds()
    {
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator(3);
        using var linear = new torch.nn.Linear(100, 50, generator: generator);
        var bound = 1 / Math.Sqrt(100);
        Assert.True(linear.weight.abs().max().item<float>() <= bound);
        Assert.True(linear.bias!.abs().max().item<float>() <= bound);
        // U(−b, b) has standard deviation b/√3; 5000 draws pin it to about 1%.
        Assert.Equal(bound / Math.Sqrt(3), linear.weight.std().item<float>(), 0.05 * bound);
    }

    [Fact]
    public void SaveAndLoad_RestoresEveryTensorExactly()
    {
        using var scope = torch.NewDisposeScope();
        using var a = new Block(new Generator(5));
        using var b = new Block(new Generator(6));
        var path = Path.Combine(Path.GetTempPath(), $"nt-module-{Guid.NewGuid():N}.safetensors");
        try
        {
            a.save(path);
            b.load(path);
            foreach (var ((name, x), (_, y)) in a.state_dict().Zip(b.state_dict()))
                Assert.True(x.eq(y).all().item<bool>(), name);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadStateDict_RejectsMissingUnexpectedAndMisshapenEntriesWithoutCopying()
    {
        using var scope = torch.NewDisposeScope();
        using var block = new Block(new Generator(8));
        var before = block.state_dict().ToDictionary(e => e.Key, e => e.Value.clone());
        var source = block.state_dict().ToDictionary(e => e.Key, e => torch.zeros_like(e.Value));
        source.Remove("norm.bias");
        source["extra"] = torch.ones(1);
        source["input.weight"] = torch.zeros(2, 2);
        var error = Assert.Throws<ArgumentException>(() => block.load_state_dict(source));
        Assert.Contains("missing 'norm.bias'", error.Message);
        Assert.Contains("unexpected 'extra'", error.Message);
        Assert.Contains("'input.weight' has shape [2, 2], expected [6, 4]", error.Message);
        foreach (var (name, tensor) in block.state_dict()) Assert.True(tensor.eq(before[name]).all().item<bool>(), name);
    }

    [Fact]
    public void To_ConvertsParametersInPlaceKeepingIdentity()
    {
        using var scope = torch.NewDisposeScope();
        using var linear = new torch.nn.Linear(3, 2, generator: new Generator(2));
        var weight = linear.weight;
        var before = weight.to(torch.float64).ToArray<double>();
        linear.to(torch.float64);
        Assert.Same(weight, linear.parameters().First());
        Assert.Equal(ScalarType.Float64, linear.weight.dtype);
        Assert.Equal(before, linear.weight.ToArray<double>());
        Assert.Equal(ScalarType.Float64, linear.call(torch.ones([1, 3], torch.float64)).dtype);
    }

    [Fact]
    public void Dropout_IsIdentityInEvalMode()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new torch.nn.Sequential(new torch.nn.Dropout(0.5, new Generator(4)));
        var x = torch.ones(1000);
        var trained = model.call(x);
        Assert.InRange(trained.eq(0).sum().item<long>(), 400, 600);
        model.eval();
        Assert.False(model[0].training);
        Assert.True(model.call(x).eq(x).all().item<bool>());
    }

    [Fact]
    public void SharedParameter_IsListedOnce()
    {
        using var scope = torch.NewDisposeScope();
        using var embedding = new torch.nn.Embedding(10, 4, generator: new Generator(1));
        using var list = new torch.nn.ModuleList<torch.nn.Module>(embedding, embedding);
        Assert.Single(list.parameters());
    }

    [Fact]
    public void ConstructorArguments_AreValidated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new torch.nn.Linear(0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new torch.nn.Dropout(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new torch.nn.Embedding(3, -1));
    }
}
