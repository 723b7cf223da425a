namespace NeuroThermo.Experiments;

/// <summary>
/// Marks a string config property as a device name (<see cref="ComputeDevice.IsValidName"/>): the loader rejects any
/// other spelling with an error naming the file, the JSON path and the names it takes. Whether the machine has the
/// device is checked later, when a run starts.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class ConfigDeviceAttribute : Attribute;
