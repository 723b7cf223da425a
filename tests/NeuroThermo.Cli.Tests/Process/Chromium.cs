using System.Diagnostics;

namespace NeuroThermo.Cli.Tests.Process;

/// <summary>Debian's Chromium, run headless to take screenshots of pages; <c>./build.sh</c> installs it.</summary>
internal static class Chromium
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The browser's path, or null when it is not installed.</summary>
    public static string? Path { get; } = new[] { "chromium", "chromium-browser" }
        .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => System.IO.Path.Combine(d, name)))
        .FirstOrDefault(File.Exists);

    /// <summary>Renders <paramref name="page"/> in a fresh profile with no network features and saves a screenshot.</summary>
    public static void Screenshot(string page, string png, int width, int height)
    {
        string profile = Directory.CreateTempSubdirectory("nt-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException("Chromium is not installed."))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (string argument in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", $"--user-data-dir={profile}", $"--screenshot={png}",
                         // Without it a loaded machine can capture before every tile is rastered,
                         // leaving parts of the page (and of its plots) blank.
                         "--run-all-compositor-stages-before-draw",
                         $"--window-size={width},{height}", new Uri(page).AbsoluteUri,
                     })
                start.ArgumentList.Add(argument);
            using var browser = System.Diagnostics.Process.Start(start)!;
            var output = browser.StandardOutput.ReadToEndAsync();
            var error = browser.StandardError.ReadToEndAsync();
            if (!browser.WaitForExit(Timeout))
            {
                browser.Kill(entireProcessTree: true);
                Assert.Fail($"Chromium did not finish within {Timeout.TotalSeconds} s.");
            }
            Assert.True(browser.ExitCode == 0 && File.Exists(png), $"Chromium failed ({browser.ExitCode}): {output.Result}{error.Result}");
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}

/// <summary>A test that needs Chromium, skipped with the reason when it is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Path is null)
            Skip = "Chromium is not installed (apt-get install chromium; ./build.sh installs it).";
    }
}
