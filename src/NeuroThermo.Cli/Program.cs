using NeuroThermo.Cli;

return await Cli.RunAsync(args);
