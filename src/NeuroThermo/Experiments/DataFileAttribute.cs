namespace NeuroThermo.Experiments;

/// <summary>
/// Marks a string config property as the path of a data file (a corpus, an image set) that must exist.
/// A relative path is looked up first against the directory of the config file, then against the current
/// directory; the loader stores the full path it found, so the resolved config still works when it is reloaded
/// from a run directory. A null value means "no file" and is allowed only when the property is nullable.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class DataFileAttribute : Attribute;
