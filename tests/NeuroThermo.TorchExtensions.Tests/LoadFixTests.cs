using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace NeuroThermo.TorchExtensions.Tests;

/// <summary>
/// The Debian 12 load fix (build/WeakenMissingLibStdCxxVersions.cs) checked from outside: binutils' readelf
/// reads the package's libLibTorchSharp.so and the copy next to this assembly, and the two must differ in
/// exactly the version flags the fix may set — and only where this machine's libstdc++ lacks the version.
/// </summary>
public sealed partial class LoadFixTests
{
    private const string WeakFlag = "WEAK";

    private static string PackagedFile => typeof(LoadFixTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "PackagedLibTorchSharp").Value!;

    private static string CopiedFile => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    [Fact]
    public void CopiedLibrary_DiffersFromThePackage_OnlyInTheFlagsOfVersionsThisLibStdCxxLacks()
    {
        Assert.True(File.Exists(PackagedFile), $"package file {PackagedFile} is missing");
        Assert.True(File.Exists(CopiedFile), $"output copy {CopiedFile} is missing");

        var packaged = NeededVersions(PackagedFile);
        var copied = NeededVersions(CopiedFile);
        Assert.Equal(packaged.Select(v => (v.File, v.Name)), copied.Select(v => (v.File, v.Name)));

        var provided = DefinedVersions(LibStdCxxPath());
        for (int i = 0; i < packaged.Count; i++)
        {
            bool lacking = packaged[i].File == "libstdc++.so.6" && !provided.Contains(packaged[i].Name);
            string expected = lacking ? WeakFlag : packaged[i].Flags;
            Assert.True(expected == copied[i].Flags,
                $"{packaged[i].Name} from {packaged[i].File}: flags '{copied[i].Flags}' in the copy, expected '{expected}'");
        }
        Assert.Equal(packaged.Count(v => v.File == "libstdc++.so.6" && !provided.Contains(v.Name)), BytesThatDiffer());
    }

    [Fact]
    public void OnDebian12_TheOnlyVersionMissingIsGlibcxx3_4_32()
    {
        // The measured premise of the fix: GCC 12's libstdc++ has every version TorchSharp 0.107 needs but this one.
        var provided = DefinedVersions(LibStdCxxPath());
        if (provided.Contains("GLIBCXX_3.4.32")) return;
        var missing = NeededVersions(PackagedFile).Where(v => v.File == "libstdc++.so.6" && !provided.Contains(v.Name)).Select(v => v.Name);
        Assert.Equal(["GLIBCXX_3.4.32"], missing);
    }

    /// <summary>Each flag field is two bytes and WEAK sets one bit, so each version marked weak changes exactly one byte.</summary>
    private static int BytesThatDiffer()
    {
        byte[] a = File.ReadAllBytes(PackagedFile), b = File.ReadAllBytes(CopiedFile);
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b).Count(p => p.First != p.Second);
    }

    private sealed record Needed(string File, string Name, string Flags);

    private static List<Needed> NeededVersions(string path)
    {
        // "  0x0010: Version: 1  File: libstdc++.so.6  Cnt: 20" then "  0x0020:   Name: GLIBCXX_3.4.30  Flags: none  Version: 29"
        var result = new List<Needed>();
        string file = "";
        bool inNeeds = false;
        foreach (string line in ReadElf("-V", path).Split('\n'))
        {
            if (line.StartsWith("Version needs section", StringComparison.Ordinal)) { inNeeds = true; continue; }
            if (line.StartsWith("Version ", StringComparison.Ordinal) || line.StartsWith("Version symbols", StringComparison.Ordinal)) inNeeds = false;
            if (!inNeeds) continue;
            Match f = FileLine().Match(line);
            if (f.Success) { file = f.Groups[1].Value; continue; }
            Match n = NameLine().Match(line);
            if (n.Success) result.Add(new Needed(file, n.Groups[1].Value, n.Groups[2].Value));
        }
        Assert.NotEmpty(result);
        return result;
    }

    private static HashSet<string> DefinedVersions(string path)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        bool inDefinitions = false;
        foreach (string line in ReadElf("-V", path).Split('\n'))
        {
            if (line.StartsWith("Version definition section", StringComparison.Ordinal)) { inDefinitions = true; continue; }
            if (line.StartsWith("Version needs section", StringComparison.Ordinal)) inDefinitions = false;
            Match m = DefinitionLine().Match(line);
            if (inDefinitions && m.Success) names.Add(m.Groups[1].Value);
        }
        Assert.NotEmpty(names);
        return names;
    }

    private static string LibStdCxxPath()
    {
        string cache = Run("/sbin/ldconfig", "-p");
        Match m = LdconfigLine().Match(cache);
        Assert.True(m.Success, "ldconfig -p lists no x86-64 libstdc++.so.6");
        return m.Groups[1].Value;
    }

    private static string ReadElf(string options, string path) => Run("readelf", $"{options} \"{path}\"");

    private static string Run(string program, string arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {arguments} exited with {process.ExitCode}");
        return output;
    }

    [GeneratedRegex(@"File: (\S+)\s+Cnt:")]
    private static partial Regex FileLine();

    [GeneratedRegex(@"Name: (\S+)\s+Flags: (\S+)")]
    private static partial Regex NameLine();

    [GeneratedRegex(@"Rev: \d+\s+Flags: \S+\s+Index: \d+\s+Cnt: \d+\s+Name: (\S+)")]
    private static partial Regex DefinitionLine();

    [GeneratedRegex(@"libstdc\+\+\.so\.6 \(libc6,x86-64\) => (\S+)")]
    private static partial Regex LdconfigLine();
}
