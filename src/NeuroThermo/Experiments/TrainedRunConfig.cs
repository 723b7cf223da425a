namespace NeuroThermo.Experiments;

/// <summary>Reopens a finished run's resolved config, for experiments that study what another run trained.</summary>
public static class TrainedRunConfig
{
    /// <summary>
    /// The run in <paramref name="directory"/>, its config as <typeparamref name="TConfig"/> and its seed;
    /// <paramref name="expected"/> names what the run should hold, for the error ("an lm.train language model").
    /// </summary>
    /// <exception cref="RunDirectoryException">The directory is no run directory, its config no longer loads, or it holds another kind.</exception>
    public static (RunDirectory Run, TConfig Config, long Seed) Load<TConfig>(string directory, string expected) where TConfig : class
    {
        var run = RunDirectory.Open(directory);
        LoadedConfig loaded;
        try
        {
            loaded = ConfigLoader.Load(run.ConfigFile, [], ExperimentRegistry.CreateBuiltIn());
        }
        catch (ConfigException e)
        {
            throw new RunDirectoryException(directory, $"has a config that no longer loads ({e.Message.TrimEnd('.')})", e);
        }
        return loaded.Config is TConfig config
            ? (run, config, loaded.Seed)
            : throw new RunDirectoryException(directory, $"holds a run of experiment kind '{loaded.Kind.Name}', not {expected}");
    }
}
