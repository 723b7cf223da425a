namespace NeuroThermo.Cli.Tests.Process;

/// <summary>Tests that start the command as a child process run one at a time: on two cores, timing-sensitive
/// children competing with each other would only make the tests slower.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCollection
{
    public const string Name = "child processes";
}
