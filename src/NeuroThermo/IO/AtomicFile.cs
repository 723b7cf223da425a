using System.Text;
using System.Text.RegularExpressions;

namespace NeuroThermo.IO;

/// <summary>
/// Writes files so that readers, and a process killed mid-write, see either the complete old
/// file, the complete new file, or (for a new path) no file at all — never a truncated one.
/// </summary>
/// <remarks>
/// The content goes to a hidden temporary file in the target's directory, is flushed to disk,
/// and is then renamed over the target. A rename within one directory is atomic on POSIX file
/// systems and on NTFS; a temporary file in another directory could sit on another volume, where
/// the "move" degrades to a copy. If the process dies before the rename, a stray
/// <c>.name.*.tmp</c> file may remain next to the target; the target itself is untouched.
/// <see cref="SweepTemporaryFiles"/> removes such leftovers once no writer can be active.
/// </remarks>
public static partial class AtomicFile
{
    private const string TempSuffix = ".tmp";

    // UTF-8 without a byte-order mark: SVG, CSV and JSON readers expect none.
    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Atomically replaces <paramref name="path"/> with <paramref name="contents"/> as UTF-8 (no BOM).</summary>
    public static void WriteAllText(string path, string contents)
    {
        ArgumentNullException.ThrowIfNull(contents);
        WriteAllBytes(path, Utf8NoBom.GetBytes(contents));
    }

    /// <summary>Atomically replaces <paramref name="path"/> with <paramref name="bytes"/>.</summary>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Write(path, stream => stream.Write(bytes));
    }

    /// <summary>
    /// Atomically replaces <paramref name="path"/> with whatever <paramref name="write"/> writes to
    /// the stream it is given. If <paramref name="write"/> throws, the target is left unchanged and
    /// the temporary file is removed.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string target = TargetPath(path);
        string temp = TempPathFor(target);
        try
        {
            using (var stream = CreateTemp(temp))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>
    /// True for the name of a temporary file this class (or the safetensors writer, which follows the same
    /// scheme) creates: <c>.&lt;target&gt;.&lt;32 hex digits&gt;.tmp</c>.
    /// </summary>
    public static bool IsTemporaryFileName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return TempName().IsMatch(fileName);
    }

    /// <summary>
    /// Deletes the temporary files left in <paramref name="directory"/> and its subdirectories by writers
    /// that died before their rename; returns the paths deleted. Call it only when no writer can still be
    /// working there, such as when resuming a run whose process is gone.
    /// </summary>
    public static IReadOnlyList<string> SweepTemporaryFiles(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var deleted = new List<string>();
        foreach (string file in Directory.EnumerateFiles(directory, ".*" + TempSuffix, SearchOption.AllDirectories))
        {
            if (!IsTemporaryFileName(Path.GetFileName(file)))
                continue;
            File.Delete(file);
            deleted.Add(file);
        }
        return deleted;
    }

    private static string TargetPath(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        if (Path.EndsInDirectorySeparator(full) || Directory.Exists(full))
            throw new ArgumentException($"Cannot write file '{full}': the path names a directory.", nameof(path));
        string directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"Cannot write file '{full}': directory '{directory}' does not exist.");
        return full;
    }

    // Hidden (leading dot) and unique, so concurrent writers of the same target never share a temp file.
    private static string TempPathFor(string target) =>
        Path.Combine(
            Path.GetDirectoryName(target)!,
            $".{Path.GetFileName(target)}.{Guid.NewGuid():N}{TempSuffix}");

    [GeneratedRegex(@"^\..+\.[0-9a-f]{32}\.tmp$")]
    private static partial Regex TempName();

    private static FileStream CreateTemp(string temp) =>
        new(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The caller's original exception is the one worth reporting; a stray temp file is harmless.
        }
    }
}
