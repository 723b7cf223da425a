using System.Diagnostics;
using System.Text.Json;

namespace NeuroThermo.Tests.Reports;

/// <summary>What the independent decoder (png_decode.py) read from a PNG file.</summary>
public sealed record DecodedPng(int Width, int Height, int BitDepth, int ColourType, string[] Chunks, byte[] Pixels);

/// <summary>
/// Runs png_decode.py, a PNG decoder written against the specification with Python's standard
/// library only, so the encoder is checked by code that shares nothing with it (not even the CRC).
/// </summary>
public static class PythonPngDecoder
{
    private const string Python = "/usr/bin/python3";
    private const string ScriptName = "png_decode.py";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static DecodedPng Decode(byte[] png)
    {
        string file = Path.Combine(Path.GetTempPath(), $"neurothermo-png-{Guid.NewGuid():N}.png");
        File.WriteAllBytes(file, png);
        try
        {
            return DecodeFile(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static DecodedPng DecodeFile(string path)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "Reports", ScriptName);
        Assert.True(File.Exists(script), $"Decoder script not copied to the test output: {script}");

        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(path);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Python}.");
        // Read both pipes concurrently so a chatty stderr cannot block the child.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill();
            Assert.Fail($"{ScriptName} did not finish within {Timeout.TotalSeconds} s.");
        }
        Assert.True(process.ExitCode == 0, $"{ScriptName} rejected the PNG: {stderr.Result}");

        using var json = JsonDocument.Parse(stdout.Result);
        var root = json.RootElement;
        return new DecodedPng(
            root.GetProperty("width").GetInt32(),
            root.GetProperty("height").GetInt32(),
            root.GetProperty("bit_depth").GetInt32(),
            root.GetProperty("colour_type").GetInt32(),
            root.GetProperty("chunks").EnumerateArray().Select(c => c.GetString()!).ToArray(),
            Convert.FromHexString(root.GetProperty("pixels").GetString()!));
    }
}
