using System.CommandLine;
using NeuroThermo.Experiments;
using NeuroThermo.TorchExtensions.Distributed;

namespace NeuroThermo.Cli;

/// <summary>
/// <c>neurothermo resume &lt;run-dir&gt;</c>: continues a stopped or killed run from its latest checkpoint; a data-parallel run
/// resumes with the options it was started with (<c>--nproc N</c>, or <c>--rank/--world-size/--master</c> on every machine).
/// </summary>
internal static class ResumeCommand
{
    public static Command Create(CliEnvironment environment, Option<bool> verbose)
    {
        var directory = Cli.RunDirectoryArgument();
        var distributed = new DistributedOptions();
        var device = new DeviceOption();
        var command = new Command("resume", "Continue a stopped or killed run from its latest checkpoint, in the same directory.") { directory, device.Option };
        distributed.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(environment, parse.GetValue(verbose), "The run failed", async () =>
        {
            var deviceName = device.Value(parse);
            var processes = distributed.ProcessCount(parse);
            var rendezvous = distributed.Rendezvous(parse);
            if (processes is not null)
            {
                string[] worker = ["resume", parse.GetValue(directory)!, .. DeviceOption.WorkerArguments(deviceName),
                    .. parse.GetValue(verbose) ? new[] { "--verbose" } : []];
                return await WorkerSupervisor.RunAsync(environment, processes.Value, worker, distributed.TimeoutSeconds(parse), cancellationToken);
            }
            if (rendezvous is not null)
            {
                using var group = ProcessGroup.Create(rendezvous);
                return ExitCodes.For(await environment.WithProgressAsync(progress =>
                    ExperimentLauncher.ResumeRankAsync(parse.GetValue(directory)!, environment.Registry, progress, deviceName, group, cancellationToken)));
            }
            var outcome = await environment.WithProgressAsync(progress =>
                ExperimentLauncher.ResumeAsync(parse.GetValue(directory)!, environment.Registry, progress, deviceName, cancellationToken));
            return ExitCodes.For(outcome);
        }));
        return command;
    }
}
