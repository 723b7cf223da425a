using System.CommandLine;
using NeuroThermo.Experiments;
using NeuroThermo.TorchExtensions.Distributed;

namespace NeuroThermo.Cli;

/// <summary>
/// <c>neurothermo run &lt;config&gt; [--set k=v]… [--out DIR]</c>: a new run of a config file; with <c>--nproc N</c> as N
/// local ranks, with <c>--rank R --world-size W --master ADDR:PORT</c> as one rank of a run over several machines.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CliEnvironment environment, Option<bool> verbose)
    {
        var config = new Argument<string>("config") { Description = "The experiment's config file (configs/*.json)." };
        var set = new Option<string[]>("--set")
        {
            Description = "Override a config value, type-checked like the file: --set key.path=value (repeatable).",
            AllowMultipleArgumentsPerToken = false,
        };
        var output = new Option<string>("--out") { Description = "Where run directories go.", DefaultValueFactory = _ => "runs" };
        var distributed = new DistributedOptions();
        var device = new DeviceOption();
        var command = new Command("run", "Run the experiment a config file describes, in a new directory <out>/<name>-<yyyyMMdd-HHmmss>/.")
        {
            config, set, output, device.Option,
        };
        distributed.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliErrors.Guard(environment, parse.GetValue(verbose), "The run failed", async () =>
        {
            // Everything a user can get wrong is checked here, before anything is written.
            var deviceName = device.Value(parse);
            var loaded = ConfigLoader.Load(parse.GetValue(config)!, parse.GetValue(set) ?? [], environment.Registry, deviceName);
            var processes = distributed.ProcessCount(parse);
            var rendezvous = distributed.Rendezvous(parse);
            ExperimentLauncher.CheckDevice(loaded, distributed: processes is not null || rendezvous is not null);
            if (processes is not null)
            {
                string[] worker = ["run", parse.GetValue(config)!, .. (parse.GetValue(set) ?? []).SelectMany(s => new[] { "--set", s }),
                    "--out", parse.GetValue(output)!, .. DeviceOption.WorkerArguments(deviceName), .. parse.GetValue(verbose) ? new[] { "--verbose" } : []];
                return await WorkerSupervisor.RunAsync(environment, processes.Value, worker, distributed.TimeoutSeconds(parse), cancellationToken);
            }
            if (rendezvous is not null)
            {
                using var group = ProcessGroup.Create(rendezvous);
                var (_, rankOutcome) = await environment.WithProgressAsync(progress =>
                    ExperimentLauncher.StartRankAsync(loaded, parse.GetValue(output)!, environment.Now(), progress, group, cancellationToken));
                return ExitCodes.For(rankOutcome);
            }
            var (_, outcome) = await environment.WithProgressAsync(progress =>
                ExperimentLauncher.StartAsync(loaded, parse.GetValue(output)!, environment.Now(), progress, cancellationToken));
            return ExitCodes.For(outcome);
        }));
        return command;
    }
}
