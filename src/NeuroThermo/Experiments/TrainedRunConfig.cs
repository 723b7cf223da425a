namespace NeuroThermo.Experiments;

/// <summary>Opens a finished run's directory and its resolved config, for experiments that study a trained model.</summary>
public static class TrainedRunConfig
{
    /// <summary>The run in <paramref name="directory"/>, its config as <typeparamref name="TConfig"/> and its seed.</summary>
    /// <param name="directory">The run directory.</param>
    /// <param name="expected">What the run should hold, for the error message, such as "an lm.train language model".</param>
    /// <exception cref="RunDirectoryException">The directory is no run directory, its config no longer loads, or it
    /// holds a run of another kind.</exception>
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
        if (loaded.Config is not TConfig config)
            throw new RunDirectoryException(directory, $"holds a run of experiment kind '{loaded.Kind.Name}', not {expected}");
        return (run, config, loaded.Seed);
    }
}
