using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Optim;

/// <summary>
/// Base of the optimizers: parameter groups, per-parameter state tensors, zero_grad, and the state as named tensors
/// for checkpoints. State tensors belong to the optimizer, never to a dispose scope; everything else a step creates
/// is disposed before the next parameter is updated, so a step leaves no tensor behind and holds at most one
/// parameter's temporaries at a time.
/// </summary>
public abstract class Optimizer<TOptions> : IDisposable where TOptions : notnull
{
    private readonly Dictionary<Parameter, Dictionary<string, Tensor>> _state = new(ReferenceEqualityComparer.Instance);

    protected Optimizer(IEnumerable<ParamGroup<TOptions>> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        param_groups = [.. groups];
        if (param_groups.Count == 0) throw new ArgumentException("An optimizer needs at least one parameter group.", nameof(groups));
    }

    public IReadOnlyList<ParamGroup<TOptions>> param_groups { get; }

    /// <summary>
    /// Number of steps taken, one count for all parameters (the bias corrections of Adam use it). torch.optim counts
    /// per parameter; the two differ only for a parameter that had no gradient on some step.
    /// </summary>
    public long step_count { get; protected set; }

    /// <summary>The names of the state tensors this optimizer keeps per parameter (the last part of a state key).</summary>
    protected abstract IReadOnlyCollection<string> StateNames { get; }

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
        step_count++;
        foreach (var group in param_groups)
        {
            foreach (var p in group.Parameters)
            {
                using var scope = NewDisposeScope();
                var grad = p.grad; // a new handle to the gradient, released with the scope; the gradient stays
                if (grad is null) continue;
                Update(p, grad, group);
            }
        }
    }

    /// <summary>One parameter's update, inside no_grad and a dispose scope of its own.</summary>
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
    /// The state as named tensors, <c>state.{group}.{index}.{name}</c>, for checkpoints (the step count is saved
    /// beside them by the caller); the tensors are the optimizer's own.
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

    /// <summary>
    /// Restores state saved by <see cref="state_dict"/> as copies on each parameter's device. Every key must name a
    /// parameter and a state tensor of this optimizer, with the parameter's shape and dtype; nothing is changed
    /// unless all of them do.
    /// </summary>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> source, long stepCount)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(stepCount);
        var checkedEntries = source.Select(entry => (Parameter: Check(entry.Key, entry.Value, nameof(source), out var name), Name: name, entry.Value)).ToList();
        using var noGrad = no_grad();
        foreach (var (parameter, name, value) in checkedEntries)
        {
            if (!_state.TryGetValue(parameter, out var entries)) _state[parameter] = entries = [];
            if (entries.TryGetValue(name, out var old)) old.Dispose();
            entries[name] = value.detach().to(parameter.device).clone().DetachFromDisposeScope();
        }
        step_count = stepCount;
    }

    private Parameter Check(string key, Tensor value, string paramName, out string name)
    {
        var parts = key.Split('.');
        if (parts.Length != 4 || parts[0] != "state" || !int.TryParse(parts[1], out var g) || !int.TryParse(parts[2], out var i)
            || g < 0 || g >= param_groups.Count || i < 0 || i >= param_groups[g].Parameters.Count || !StateNames.Contains(parts[3]))
        {
            throw new ArgumentException(
                $"Optimizer state key '{key}' does not name a parameter and state tensor of this {GetType().Name} "
                + $"(expected state.{{group}}.{{index}}.{{{string.Join("|", StateNames)}}}).", paramName);
        }
        var parameter = param_groups[g].Parameters[i];
        if (!value.shape.SequenceEqual(parameter.shape) || value.dtype != parameter.dtype)
        {
            throw new ArgumentException(
                $"Optimizer state '{key}' is {value.dtype} [{string.Join(", ", value.shape)}], "
                + $"but its parameter is {parameter.dtype} [{string.Join(", ", parameter.shape)}].", paramName);
        }
        name = parts[3];
        return parameter;
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
