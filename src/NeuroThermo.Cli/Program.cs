using NeuroThermo.Cli;

return await Cli.MainAsync(args);
