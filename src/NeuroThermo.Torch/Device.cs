namespace NeuroThermo.Torch;

/// <summary>Device kinds; the values are libtorch's c10::DeviceType codes.</summary>
public enum DeviceType : sbyte
{
    CPU = 0,
    CUDA = 1,
}

/// <summary>Where a tensor lives: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
public sealed record Device(DeviceType Type, int Index = -1)
{
    /// <summary>Parses "cpu", "cuda" or "cuda:1".</summary>
    public static Device Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split(':');
        var type = parts[0].ToLowerInvariant() switch
        {
            "cpu" => DeviceType.CPU,
            "cuda" => DeviceType.CUDA,
            _ => throw new ArgumentException($"unknown device '{text}': expected cpu, cuda or cuda:N", nameof(text)),
        };
        if (parts.Length == 1) return new Device(type);
        return parts.Length == 2 && int.TryParse(parts[1], out var index) && index >= 0
            ? new Device(type, index)
            : throw new ArgumentException($"unknown device '{text}': expected cpu, cuda or cuda:N", nameof(text));
    }

    public override string ToString() =>
        (Type == DeviceType.CPU ? "cpu" : "cuda") + (Index >= 0 ? $":{Index}" : "");
}
