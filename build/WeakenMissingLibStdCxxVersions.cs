// MSBuild task (RoslynCodeTaskFactory, Code Type="Class"): the Debian 12 load fix for TorchSharp's
// libLibTorchSharp.so. docs/engine.md, "Loading on Debian 12", says what it does, why it is safe and when
// it can go. The task compiles on its own (no project code), so it uses only the BCL and MSBuild. The task factory
// compiles it without a nullable context, which the annotations below need (else warnings CS8632 in every build).
#nullable enable
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// For each ELF file given, finds the versions it needs from libstdc++.so.6 that this machine's libstdc++
/// does not define. If no relocation of the file binds a symbol of such a version, the version is never
/// looked up at run time and only the loader's up-front check stands in the way, so the task sets
/// VER_FLG_WEAK on that version's Vernaux entry (two bytes; nothing else changes). If a relocation does bind
/// one, the file really needs the newer libstdc++: the task leaves it alone and says so.
/// </summary>
public sealed class WeakenMissingLibStdCxxVersions : Task
{
    private const ushort VerFlagWeak = 0x2;

    /// <summary>The copies of libLibTorchSharp.so to check (in an output or publish folder, never the package cache).</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The libstdc++.so.6 to check against; by default the one the dynamic loader finds (ldconfig -p).</summary>
    public string LibStdCxx { get; set; } = "";

    [Output]
    public ITaskItem[] Patched { get; set; } = Array.Empty<ITaskItem>();

    public override bool Execute()
    {
        if (Files.Length == 0) return true;
        string library = LibStdCxx.Length > 0 ? LibStdCxx : FindLibStdCxx();
        if (library.Length == 0 || !File.Exists(library))
        {
            Log.LogMessage(MessageImportance.High,
                "libLibTorchSharp.so load fix: no libstdc++.so.6 found on this machine; nothing patched.");
            return true;
        }
        var defined = new HashSet<string>(ElfImage.Read(library).DefinedVersions(), StringComparer.Ordinal);
        var patched = new List<ITaskItem>();
        foreach (ITaskItem item in Files)
        {
            string path = item.GetMetadata("FullPath");
            if (PatchOne(path, defined, library)) patched.Add(item);
        }
        Patched = patched.ToArray();
        return !Log.HasLoggedErrors;
    }

    private bool PatchOne(string path, HashSet<string> defined, string library)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var image = new ElfImage(bytes, path);
        var missing = image.NeededVersions("libstdc++.so.6").Where(v => !defined.Contains(v.Name)).ToList();
        if (missing.Count == 0) return false;

        var bound = missing.SelectMany(v => image.RelocatedSymbolsOfVersion(v.Index).Select(s => (v.Name, Symbol: s))).ToList();
        if (bound.Count > 0)
        {
            Log.LogWarning(
                $"{path} needs {string.Join(", ", bound.Select(b => $"{b.Symbol} ({b.Name})"))} from libstdc++, which " +
                $"{library} lacks; it was left unpatched and will not load until a newer libstdc++ (GCC 13 or later) is installed.");
            return false;
        }
        var toWeaken = missing.Where(v => (v.Flags & VerFlagWeak) == 0).ToList();
        if (toWeaken.Count == 0) return false;
        // The patch goes into a copy (File.Copy keeps the permissions) that is renamed over the file, so a hard
        // link into the package cache is never written through; the old time stamp is kept, so the next
        // incremental build sees an unchanged copy and leaves it.
        DateTime stamp = File.GetLastWriteTimeUtc(path);
        string temporary = path + ".loadfix.tmp";
        File.Copy(path, temporary, overwrite: true);
        using (var stream = new FileStream(temporary, FileMode.Open, FileAccess.Write))
        {
            foreach (var version in toWeaken)
            {
                ushort flags = (ushort)(version.Flags | VerFlagWeak);
                stream.Position = version.FlagsOffset;
                stream.WriteByte((byte)flags);
                stream.WriteByte((byte)(flags >> 8));
            }
        }
        File.SetLastWriteTimeUtc(temporary, stamp);
        File.Replace(temporary, path, destinationBackupFileName: null);
        Log.LogMessage(MessageImportance.High,
            $"libLibTorchSharp.so load fix: {string.Join(", ", toWeaken.Select(v => v.Name))} marked weak in {path} " +
            $"({library} lacks it; no relocation binds a symbol of it).");
        return true;
    }

    private static string FindLibStdCxx()
    {
        foreach (string ldconfig in new[] { "/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig" })
        {
            try
            {
                var start = new ProcessStartInfo(ldconfig, "-p") { RedirectStandardOutput = true, UseShellExecute = false };
                using var process = Process.Start(start);
                if (process is null) continue;
                string output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                foreach (string line in output.Split('\n'))
                {
                    // "	libstdc++.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libstdc++.so.6"
                    string trimmed = line.Trim();
                    if (!trimmed.StartsWith("libstdc++.so.6 ", StringComparison.Ordinal) || !trimmed.Contains("x86-64")) continue;
                    int arrow = trimmed.IndexOf("=> ", StringComparison.Ordinal);
                    if (arrow > 0) return trimmed.Substring(arrow + 3).Trim();
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not at this path: try the next one.
            }
        }
        return new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" }
            .FirstOrDefault(File.Exists) ?? "";
    }
}

/// <summary>The few parts of a little-endian ELF64 shared object the load fix reads: symbol versions and relocations.</summary>
internal sealed class ElfImage
{
    private const uint ShtRela = 4, ShtRel = 9, ShtDynsym = 11;
    private const uint ShtGnuVerdef = 0x6ffffffd, ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;

    // Classes, not records: the task factory compiles against netstandard, which has no init accessors.
    internal sealed class Section
    {
        internal Section(uint type, long offset, long size, int link, long entrySize)
        {
            Type = type; Offset = offset; Size = size; Link = link; EntrySize = entrySize;
        }

        internal uint Type { get; }
        internal long Offset { get; }
        internal long Size { get; }
        internal int Link { get; }
        internal long EntrySize { get; }
    }

    /// <summary>A version needed from a library: its name, its index in .gnu.version, its flags and where they are.</summary>
    internal sealed class NeededVersion
    {
        internal NeededVersion(string name, ushort index, ushort flags, int flagsOffset)
        {
            Name = name; Index = index; Flags = flags; FlagsOffset = flagsOffset;
        }

        internal string Name { get; }
        internal ushort Index { get; }
        internal ushort Flags { get; }
        internal int FlagsOffset { get; }
    }

    private readonly byte[] _bytes;
    private readonly List<Section> _sections = new List<Section>();

    internal ElfImage(byte[] bytes, string path)
    {
        _bytes = bytes;
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F'
            || bytes[4] != 2 || bytes[5] != 1)
        {
            throw new InvalidDataException($"{path} is not a little-endian 64-bit ELF file.");
        }
        long sectionTable = (long)U64(0x28);
        int entrySize = U16(0x3A), count = U16(0x3C);
        for (int i = 0; i < count; i++)
        {
            int at = checked((int)(sectionTable + (long)i * entrySize));
            _sections.Add(new Section(U32(at + 4), (long)U64(at + 24), (long)U64(at + 32), (int)U32(at + 40), (long)U64(at + 56)));
        }
    }

    internal static ElfImage Read(string path) => new ElfImage(File.ReadAllBytes(path), path);

    /// <summary>Names of the versions this library defines (.gnu.version_d).</summary>
    internal IEnumerable<string> DefinedVersions()
    {
        foreach (Section section in _sections.Where(s => s.Type == ShtGnuVerdef))
        {
            long strings = _sections[section.Link].Offset;
            int at = (int)section.Offset;
            while (true)
            {
                int auxiliary = at + (int)U32(at + 12);
                yield return CString(strings + U32(auxiliary));
                uint next = U32(at + 16);
                if (next == 0) break;
                at += (int)next;
            }
        }
    }

    /// <summary>The versions this file needs from <paramref name="file"/> (.gnu.version_r).</summary>
    internal IEnumerable<NeededVersion> NeededVersions(string file)
    {
        foreach (Section section in _sections.Where(s => s.Type == ShtGnuVerneed))
        {
            long strings = _sections[section.Link].Offset;
            int at = (int)section.Offset;
            while (true)
            {
                int count = U16(at + 2);
                string needed = CString(strings + U32(at + 4));
                int auxiliary = at + (int)U32(at + 8);
                for (int i = 0; i < count; i++)
                {
                    if (needed == file)
                    {
                        yield return new NeededVersion(CString(strings + U32(auxiliary + 8)), U16(auxiliary + 6), U16(auxiliary + 4), auxiliary + 4);
                    }
                    auxiliary += (int)U32(auxiliary + 12);
                }
                uint next = U32(at + 12);
                if (next == 0) break;
                at += (int)next;
            }
        }
    }

    /// <summary>Names of the dynamic symbols of version <paramref name="index"/> that some relocation refers to.</summary>
    internal IEnumerable<string> RelocatedSymbolsOfVersion(ushort index)
    {
        Section? symbols = _sections.FirstOrDefault(s => s.Type == ShtDynsym);
        Section? versions = _sections.FirstOrDefault(s => s.Type == ShtGnuVersym);
        if (symbols is null || versions is null) yield break;
        long strings = _sections[symbols.Link].Offset;
        var ofVersion = new HashSet<long>();
        long symbolCount = symbols.Size / 24;
        for (long i = 0; i < symbolCount; i++)
        {
            if ((U16((int)(versions.Offset + 2 * i)) & 0x7fff) == index) ofVersion.Add(i);
        }
        var reported = new HashSet<long>();
        foreach (Section relocations in _sections.Where(s => (s.Type == ShtRela || s.Type == ShtRel) && s.EntrySize > 0))
        {
            for (long at = relocations.Offset; at < relocations.Offset + relocations.Size; at += relocations.EntrySize)
            {
                long symbol = (long)(U64((int)at + 8) >> 32);
                if (ofVersion.Contains(symbol) && reported.Add(symbol))
                {
                    yield return CString(strings + U32((int)(symbols.Offset + 24 * symbol)));
                }
            }
        }
    }

    private ushort U16(int at) => (ushort)(_bytes[at] | _bytes[at + 1] << 8);
    private uint U32(int at) => (uint)(U16(at) | U16(at + 2) << 16);
    private ulong U64(int at) => U32(at) | (ulong)U32(at + 4) << 32;

    private string CString(long at)
    {
        int start = checked((int)at), end = start;
        while (_bytes[end] != 0) end++;
        return Encoding.ASCII.GetString(_bytes, start, end - start);
    }
}
