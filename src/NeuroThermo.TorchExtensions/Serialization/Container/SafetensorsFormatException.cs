namespace NeuroThermo.TorchExtensions.Serialization;

/// <summary>
/// A safetensors file that breaks the format. The message is one sentence naming the file, the field
/// and what was expected, e.g. <c>Safetensors file 'model.safetensors' is invalid: tensor "w" field
/// "data_offsets" must satisfy begin &lt;= end, but is [8, 4].</c>
/// <para>
/// It derives from <see cref="IOException"/> because <see cref="InvalidDataException"/>, the closer match, is
/// sealed; code that loads files and already catches <see cref="IOException"/> handles corrupt files too.
/// </para>
/// </summary>
public sealed class SafetensorsFormatException : IOException
{
    public SafetensorsFormatException(string path, string field, string expectation, Exception? innerException = null)
        : base($"Safetensors file '{path}' is invalid: {field} {expectation}.", innerException)
    {
        FilePath = path;
        Field = field;
    }

    /// <summary>The file (or stream label) that was being read.</summary>
    public string FilePath { get; }

    /// <summary>The offending part of the file, e.g. <c>tensor "w" field "shape"</c> or <c>header length</c>.</summary>
    public string Field { get; }
}
