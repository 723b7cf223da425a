using static NeuroThermo.Torch.torch;

namespace NeuroThermo.Torch.Optim;

/// <summary>A set of parameters that share a learning rate and options.</summary>
public sealed class ParamGroup<TOptions> where TOptions : notnull
{
    public ParamGroup(IEnumerable<Parameter> parameters, double lr, TOptions options)
    {
        if (!(lr >= 0)) throw new ArgumentOutOfRangeException(nameof(lr), lr, "learning rate must be non-negative");
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

/// <summary>
/// Base of the optimizers: parameter groups, per-parameter state tensors, zero_grad, and the
/// state as named tensors for checkpoints. State tensors belong to the optimizer, never to a
/// dispose scope.
/// </summary>
public abstract class Optimizer<TOptions> : IDisposable where TOptions : notnull
{
    private readonly Dictionary<Parameter, Dictionary<string, Tensor>> _state = new(ReferenceEqualityComparer.Instance);

    protected Optimizer(IEnumerable<ParamGroup<TOptions>> groups)
    {
        param_groups = [.. groups];
        if (param_groups.Count == 0) throw new ArgumentException("an optimizer needs at least one parameter group", nameof(groups));
    }

    public IReadOnlyList<ParamGroup<TOptions>> param_groups { get; }

    /// <summary>Number of steps taken (the bias corrections of Adam use it).</summary>
    public long step_count { get; protected set; }

    /// <summary>Forgets every gradient (set to none, as PyTorch does by default since 2.0).</summary>
    public void zero_grad()
    {
        foreach (var group in param_groups)
        {
            foreach (var p in group.Parameters) p.grad = null;
        }
    }

    /// <summary>Updates every parameter that has a gradient.</summary>
    public void step()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        step_count++;
        foreach (var group in param_groups)
        {
            foreach (var p in group.Parameters)
            {
                using var grad = p.grad;
                if (grad is null) continue;
                Update(p, grad, group);
            }
        }
    }

    /// <summary>One parameter's update, inside no_grad and a dispose scope.</summary>
    protected abstract void Update(Parameter parameter, Tensor grad, ParamGroup<TOptions> group);

    /// <summary>The named state tensor of a parameter, created by <paramref name="create"/> on first use.</summary>
    protected Tensor State(Parameter parameter, string name, Func<Tensor> create)
    {
        if (!_state.TryGetValue(parameter, out var entries)) _state[parameter] = entries = [];
        if (!entries.TryGetValue(name, out var tensor))
        {
            tensor = create().DetachFromDisposeScope();
            entries[name] = tensor;
        }
        return tensor;
    }

    /// <summary>
    /// The state as named tensors — <c>state.{group}.{index}.{name}</c> and the step count —
    /// for checkpoints; the tensors are the optimizer's own.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, Tensor>> state_dict()
    {
        var entries = new List<KeyValuePair<string, Tensor>>();
        for (var g = 0; g < param_groups.Count; g++)
        {
            var group = param_groups[g];
            for (var i = 0; i < group.Parameters.Count; i++)
            {
                if (!_state.TryGetValue(group.Parameters[i], out var state)) continue;
                foreach (var (name, tensor) in state.OrderBy(e => e.Key, StringComparer.Ordinal))
                    entries.Add(new($"state.{g}.{i}.{name}", tensor));
            }
        }
        return entries;
    }

    /// <summary>Restores state saved by <see cref="state_dict"/> (copies; shapes must match).</summary>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> source, long stepCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepCount);
        foreach (var (key, value) in source)
        {
            var parts = key.Split('.');
            if (parts.Length != 4 || parts[0] != "state" || !int.TryParse(parts[1], out var g) || !int.TryParse(parts[2], out var i)
                || g < 0 || g >= param_groups.Count || i < 0 || i >= param_groups[g].Parameters.Count)
                throw new ArgumentException($"optimizer state key '{key}' does not name a parameter of this optimizer", nameof(source));
            var parameter = param_groups[g].Parameters[i];
            if (!_state.TryGetValue(parameter, out var entries)) _state[parameter] = entries = [];
            if (entries.TryGetValue(parts[3], out var old)) old.Dispose();
            using var noGrad = no_grad();
            entries[parts[3]] = value.detach().clone().DetachFromDisposeScope();
        }
        step_count = stepCount;
    }

    public void Dispose()
    {
        foreach (var entries in _state.Values)
        {
            foreach (var tensor in entries.Values) tensor.Dispose();
        }
        _state.Clear();
        GC.SuppressFinalize(this);
    }
}
