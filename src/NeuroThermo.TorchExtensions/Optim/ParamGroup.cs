using TorchSharp.Modules;

namespace NeuroThermo.TorchExtensions.Optim;

/// <summary>A set of parameters that share a learning rate and options.</summary>
public sealed class ParamGroup<TOptions> where TOptions : notnull
{
    public ParamGroup(IEnumerable<Parameter> parameters, double lr, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        if (!(lr >= 0)) throw new ArgumentOutOfRangeException(nameof(lr), lr, "The learning rate must be non-negative.");
        Parameters = [.. parameters];
        this.lr = lr;
        initial_lr = lr;
        Options = options;
    }

    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The current learning rate (schedules change it).</summary>
    public double lr { get; set; }

    /// <summary>The learning rate the group started with (schedules scale it).</summary>
    public double initial_lr { get; set; }

    public TOptions Options { get; set; }
}
