using System.CommandLine;
using NeuroThermo.Experiments;

namespace NeuroThermo.Cli;

/// <summary><c>neurothermo report &lt;run-dir&gt;</c>: rebuilds a run's plots and report.html from its files.</summary>
internal static class ReportCommand
{
    public static Command Create(CliEnvironment environment, Option<bool> verbose)
    {
        var directory = Cli.RunDirectoryArgument();
        var command = new Command("report", "Rebuild a run's plots and report.html from its metrics, config, plots and images.") { directory };
        command.SetAction((parse, _) => CliErrors.Guard(environment, parse.GetValue(verbose), "The report could not be written", () =>
        {
            var summary = RunReportWriter.Write(RunDirectory.Open(parse.GetValue(directory)!));
            if (summary.TornMetricsLine)
                environment.Out.WriteLine("note: metrics.jsonl ends in an incomplete line (the run was killed while writing it); it was left out");
            environment.Out.WriteLine($"{summary.ReportFile} ({summary.Plots} plot(s), {summary.Images} image(s))");
            return Task.FromResult(ExitCodes.Success);
        }));
        return command;
    }
}
