using NeuroThermo.TorchExtensions.Serialization;
using TorchSharp;
using static TorchSharp.torch;

using NeuroThermo.TorchExtensions.Nn;

namespace NeuroThermo.TorchExtensions.Tests.Serialization;

/// <summary>A bad checkpoint tensor is one clear sentence and leaves the model as it was.</summary>
public sealed class ModuleSafetensorsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nt-safetensors-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void RoundTrip_RestoresEveryParameterExactly()
    {
        using var scope = NewDisposeScope();
        var saved = SeededLayers.Linear(4, 3, dtype: ScalarType.Float64);
        string path = Path.Combine(_directory, "model.safetensors");
        saved.save_safetensors(path);
        var loaded = SeededLayers.Linear(4, 3, dtype: ScalarType.Float64);
        loaded.load_safetensors(path);
        foreach (var (name, tensor) in saved.state_dict())
        {
            Assert.True(tensor.Equals(loaded.state_dict()[name]), name);
        }
    }

    [Fact]
    public void ShapeMismatch_NamesFileAndTensor_AndChangesNothing()
    {
        using var scope = NewDisposeScope();
        string path = Path.Combine(_directory, "narrow.safetensors");
        // A [1, 4] weight would broadcast into a [3, 4] one if copied without a check.
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["weight"] = ones(1, 4), ["bias"] = ones(3) });
        var model = SeededLayers.Linear(4, 3);
        var before = model.weight!.clone();

        var error = Assert.Throws<InvalidDataException>(() => model.load_safetensors(path));

        Assert.Equal($"Checkpoint '{path}' does not fit the model: tensor 'weight' has shape [1, 4], but the model's has shape [3, 4].", error.Message);
        Assert.True(model.weight!.Equals(before));
    }

    [Fact]
    public void DtypeMismatch_AndMissingOrExtraTensors_AreNamed()
    {
        using var scope = NewDisposeScope();
        var model = SeededLayers.Linear(4, 3);
        string path = Path.Combine(_directory, "bad.safetensors");

        Safetensors.Save(path, new Dictionary<string, Tensor> { ["weight"] = ones(3, 4, dtype: ScalarType.Float64), ["bias"] = ones(3) });
        Assert.Contains("tensor 'weight' has dtype Float64, but the model's has dtype Float32", Assert.Throws<InvalidDataException>(() => model.load_safetensors(path)).Message);

        Safetensors.Save(path, new Dictionary<string, Tensor> { ["weight"] = ones(3, 4) });
        Assert.Contains("it has no tensor 'bias', which the model needs", Assert.Throws<InvalidDataException>(() => model.load_safetensors(path)).Message);

        Safetensors.Save(path, new Dictionary<string, Tensor> { ["weight"] = ones(3, 4), ["bias"] = ones(3), ["extra"] = ones(1) });
        Assert.Contains("it has a tensor 'extra' that the model does not", Assert.Throws<InvalidDataException>(() => model.load_safetensors(path)).Message);
    }

    [Fact]
    public void TruncatedFile_IsAFormatErrorNamingTheTensor_AndLeaksNothing()
    {
        string path = Path.Combine(_directory, "cut.safetensors");
        using (var scope = NewDisposeScope())
        {
            Safetensors.Save(path, new Dictionary<string, Tensor> { ["weight"] = ones(3, 4), ["bias"] = ones(3) });
        }
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^5]);
        long before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        var error = Assert.Throws<SafetensorsFormatException>(() => Safetensors.Load(path));

        Assert.Contains(path, error.Message);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}
