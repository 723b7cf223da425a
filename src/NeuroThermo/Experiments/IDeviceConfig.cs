namespace NeuroThermo.Experiments;

/// <summary>
/// The config of a trainable experiment kind: it names the device its models, batches and draws live on. The launcher
/// refuses a device this process does not have before it writes anything; <c>--device</c> on <c>run</c>, <c>resume</c>
/// and <c>sample</c> sets the key <see cref="DeviceKey"/>.
/// </summary>
public interface IDeviceConfig
{
    /// <summary>The device name (<see cref="ComputeDevice"/>), <c>cpu</c> by default.</summary>
    string Device { get; }

    /// <summary>The dot-separated key that holds <see cref="Device"/>, as <c>--set</c> writes it.</summary>
    string DeviceKey => "device";

    /// <summary>Whether the kind's runner puts its models, batches and draws on <see cref="Device"/>. A kind whose trainer
    /// has not been moved off the CPU yet says false, and the launcher refuses any other device for it rather than training
    /// on the CPU under a config that says otherwise.</summary>
    bool FollowsDevice => false;
}
