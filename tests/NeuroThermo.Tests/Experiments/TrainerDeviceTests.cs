using NeuroThermo.Experiments;
using NeuroThermo.TorchExtensions;
using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Tests.Experiments;

/// <summary>
/// Trainers put what they create per step on the model's device. libtorch's meta device stands in for a GPU: its tensors
/// have shapes and a device but no memory, every operation checks that its operands share a device, and a tensor a trainer
/// made on the CPU and mixed with the model's in an elementwise operation or a loss fails. Meta cannot stand in further:
/// libtorch 2.10 has no meta kernel for mse_loss's backward or index_select, and a meta tensor cannot be copied to the CPU,
/// so the backward pass and the draw-on-CPU-and-move path (<see cref="Devices.DrawOnCpu"/>) wait for a CUDA machine.
/// </summary>
public sealed class TrainerDeviceTests
{
    [Fact]
    public void MetaDevice_RefusesToMixWithCpuTensors_SoItCanCatchAStrayCpuTensor()
    {
        using var scope = NewDisposeScope();
        var onMeta = ones([4, 3], device: META);

        Assert.ThrowsAny<Exception>(() => onMeta + ones([4, 3]));
        Assert.ThrowsAny<Exception>(() => nn.functional.mse_loss(onMeta, ones([4, 3])));
    }

    [Fact]
    public void SmokeMlpTrainer_OnMeta_DrawsItsBatchesOnTheModelsDevice()
    {
        var config = new SmokeMlpConfig { InputDim = 3, HiddenWidth = 5, BatchSize = 4 };
        using var trainer = new SmokeMlpTrainer(config, seed: 1, device: META);
        using var scope = NewDisposeScope();

        var batch = trainer.DrawBatch();
        var loss = trainer.BatchLoss(batch);

        Assert.Equal(DeviceType.META, batch.device_type);
        Assert.Equal(DeviceType.META, loss.device_type);
    }

    [Fact]
    public void DrawOnCpu_OnTheCpu_IsTheDrawItself()
    {
        using var scope = NewDisposeScope();
        using var a = new Generator(7);
        using var b = new Generator(7);
        var probabilities = full([50], 0.5, ScalarType.Float64);

        var direct = bernoulli(probabilities, a);
        var routed = Devices.DrawOnCpu(probabilities, p => bernoulli(p, b));

        Assert.Equal(direct.ToArray<double>(), routed.ToArray<double>());
        Assert.Equal(DeviceType.CPU, routed.device_type);
    }

    [Fact]
    public void On_ReturnsTheTensorItself_WhenItIsAlreadyThere()
    {
        using var scope = NewDisposeScope();
        var tensor = ones([2]);

        Assert.Same(tensor, tensor.On(CPU));
        Assert.Equal(DeviceType.META, tensor.On(META).device_type);
    }
}
