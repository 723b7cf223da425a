using System.Text;

namespace NeuroThermo.Data.Corpora;

/// <summary>Reads a file as strict UTF-8 text, refusing binary files and invalid bytes with one sentence.</summary>
public static class CorpusText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text of <paramref name="path"/>; a leading byte-order mark is dropped.</summary>
    public static string ReadUtf8(string path)
    {
        if (!File.Exists(path))
            throw new CorpusException(path, $"Corpus file '{path}' does not exist (looked at '{Path.GetFullPath(path)}').");
        var bytes = File.ReadAllBytes(path);
        var nul = Array.IndexOf(bytes, (byte)0);
        if (nul >= 0)
            throw new CorpusException(path, $"Corpus file '{path}' looks binary (a NUL byte at offset {nul}); expected UTF-8 text.");
        var start = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        try
        {
            return StrictUtf8.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException e)
        {
            throw new CorpusException(path,
                $"Corpus file '{path}' is not valid UTF-8 (bad byte 0x{e.BytesUnknown?.FirstOrDefault():X2} at offset {start + e.Index}); convert it, e.g. with iconv.", e);
        }
    }
}
