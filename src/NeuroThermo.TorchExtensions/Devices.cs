using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions;

/// <summary>
/// Where tensors live, and how random draws reach a device. Every generator of the project is a CPU generator
/// (<c>new Generator(seed)</c>): libtorch refuses a CPU generator for a draw on another device ("Expected a 'cuda'
/// device type for generator"), and a CPU generator's state is the same few bytes on every machine, so checkpoints
/// stay portable and a run draws the same numbers whatever device it trains on. A draw is therefore made on the CPU and
/// moved with <see cref="On"/>; on the CPU, <see cref="On"/> returns its argument, so CPU runs are unchanged bit for bit.
/// </summary>
public static class Devices
{
    /// <summary>Whether a tensor on <paramref name="actual"/> is on <paramref name="wanted"/>; an index of -1 (as in
    /// <c>"cuda"</c>) matches any index of its type, as libtorch's current device does.</summary>
    public static bool Matches(Device actual, Device wanted)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(wanted);
        return actual.type == wanted.type && (wanted.index < 0 || actual.index < 0 || actual.index == wanted.index);
    }

    /// <summary><paramref name="tensor"/> itself when it is on <paramref name="device"/>, else a copy there (in the current
    /// dispose scope, like any new tensor).</summary>
    public static Tensor On(this Tensor tensor, Device device)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return Matches(tensor.device, device) ? tensor : tensor.to(device);
    }

    /// <summary>
    /// <paramref name="draw"/> (a draw from a CPU generator, such as <c>p =&gt; torch.bernoulli(p, generator)</c>) applied to
    /// <paramref name="input"/>, with the result on the input's device: on the CPU it is exactly <c>draw(input)</c>; elsewhere
    /// the draw runs on a CPU copy and its result is moved back, so the numbers are the CPU's.
    /// </summary>
    public static Tensor DrawOnCpu(Tensor input, Func<Tensor, Tensor> draw)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(draw);
        if (input.device_type == DeviceType.CPU)
            return draw(input);
        using var scope = NewDisposeScope();
        return draw(input.cpu()).to(input.device).MoveToOuterDisposeScope();
    }
}
