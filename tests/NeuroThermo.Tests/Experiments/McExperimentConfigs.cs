using NeuroThermo.Experiments;

namespace NeuroThermo.Tests.Experiments;

/// <summary>Loads the shipped configs of the Monte Carlo experiments from the repository's configs/ folder.</summary>
internal static class McExperimentConfigs
{
    public static string Root
    {
        get
        {
            string root = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(root, "NeuroThermo.sln")))
                root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Repository root not found.");
            return root;
        }
    }

    public static TConfig Load<TConfig>(string file) where TConfig : class =>
        ConfigLoader.Load(Path.Combine(Root, "configs", file), [], ExperimentRegistry.CreateBuiltIn()).ConfigAs<TConfig>();
}
