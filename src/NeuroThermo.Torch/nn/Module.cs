using System.Reflection;

namespace NeuroThermo.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// A layer or model: named parameters, buffers and submodules, in registration order, which
        /// is also the order of <see cref="state_dict"/> and so of checkpoints.
        /// </summary>
        /// <remarks>
        /// Subclasses keep their parts in private fields and call <see cref="RegisterComponents"/> at
        /// the end of their constructor; a field's name, without a leading underscore, becomes its key
        /// (<c>_weight</c> → <c>weight</c>, a submodule field <c>_attention</c> → <c>attention.…</c>).
        /// </remarks>
        public abstract class Module : IDisposable
        {
            private readonly List<(string Name, Parameter? Parameter)> _parameters = [];
            private readonly List<(string Name, Tensor Buffer)> _buffers = [];
            private readonly List<(string Name, Module Module)> _modules = [];
            private bool _disposed;

            /// <summary>True in training mode (dropout active), false after <see cref="eval"/>.</summary>
            public bool training { get; private set; } = true;

            /// <summary>Registers the Parameter, Module and Tensor (buffer) fields of the concrete type, in declaration order.</summary>
            protected void RegisterComponents()
            {
                var fields = new List<FieldInfo>();
                for (var type = GetType(); type is not null && type != typeof(Module); type = type.BaseType)
                {
                    // Base classes first; within a class, declaration (metadata) order.
                    var declared = type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly);
                    fields.InsertRange(0, declared.OrderBy(f => f.MetadataToken));
                }
                foreach (var field in fields)
                {
                    var name = KeyOf(field.Name);
                    switch (field.GetValue(this))
                    {
                        case Parameter p:
                            if (!_parameters.Any(e => e.Name == name)) register_parameter(name, p);
                            break;
                        case Module m:
                            if (!_modules.Any(e => e.Name == name)) register_module(name, m);
                            break;
                        case Tensor t:
                            if (!_buffers.Any(e => e.Name == name)) register_buffer(name, t);
                            break;
                    }
                }
            }

            private static string KeyOf(string fieldName)
            {
                // An auto-property's backing field is <Name>k__BackingField.
                if (fieldName.StartsWith('<')) fieldName = fieldName[1..fieldName.IndexOf('>')];
                return fieldName.TrimStart('_');
            }

            private void CheckName(string name)
            {
                if (string.IsNullOrEmpty(name) || name.Contains('.'))
                    throw new ArgumentException($"'{name}' is not a valid component name (non-empty, no dots)", nameof(name));
                if (_parameters.Any(e => e.Name == name) || _buffers.Any(e => e.Name == name) || _modules.Any(e => e.Name == name))
                    throw new ArgumentException($"'{name}' is already registered on {GetType().Name}", nameof(name));
            }

            /// <summary>Adds a parameter (null reserves the name, like a Linear without bias).</summary>
            public void register_parameter(string name, Parameter? parameter)
            {
                CheckName(name);
                _parameters.Add((name, parameter));
            }

            /// <summary>Adds persistent state that is not learned (running statistics, masks).</summary>
            public void register_buffer(string name, Tensor buffer)
            {
                CheckName(name);
                buffer.DetachFromDisposeScope();
                _buffers.Add((name, buffer));
            }

            public void register_module(string name, Module module)
            {
                CheckName(name);
                _modules.Add((name, module));
            }

            /// <summary>Direct submodules with their names.</summary>
            public IEnumerable<(string name, Module module)> named_children() => _modules.Select(m => (m.Name, m.Module));

            public IEnumerable<Module> children() => _modules.Select(m => m.Module);

            /// <summary>This module ("") and every descendant, depth first, with dotted names.</summary>
            public IEnumerable<(string name, Module module)> named_modules(string prefix = "")
            {
                yield return (prefix, this);
                foreach (var (name, child) in _modules)
                {
                    foreach (var entry in child.named_modules(Join(prefix, name))) yield return entry;
                }
            }

            public IEnumerable<(string name, Parameter parameter)> named_parameters(bool recurse = true)
            {
                var seen = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
                foreach (var (prefix, module) in recurse ? named_modules() : [("", this)])
                {
                    foreach (var (name, parameter) in module._parameters)
                    {
                        // A parameter shared by two modules (tied weights) is listed once.
                        if (parameter is not null && seen.Add(parameter)) yield return (Join(prefix, name), parameter);
                    }
                }
            }

            public IEnumerable<Parameter> parameters(bool recurse = true) => named_parameters(recurse).Select(p => p.parameter);

            public IEnumerable<(string name, Tensor buffer)> named_buffers(bool recurse = true)
            {
                foreach (var (prefix, module) in recurse ? named_modules() : [("", this)])
                {
                    foreach (var (name, buffer) in module._buffers) yield return (Join(prefix, name), buffer);
                }
            }

            /// <summary>Number of learnable scalars (each shared parameter counted once).</summary>
            public long parameter_count() => parameters().Sum(p => p.numel());

            /// <summary>
            /// Every parameter and buffer by dotted name: for each module its parameters, then its
            /// buffers, then its children in registration order (PyTorch's order). The tensors are
            /// the module's own, not copies.
            /// </summary>
            public IReadOnlyList<KeyValuePair<string, Tensor>> state_dict()
            {
                var entries = new List<KeyValuePair<string, Tensor>>();
                foreach (var (prefix, module) in named_modules())
                {
                    foreach (var (name, p) in module._parameters)
                    {
                        if (p is not null) entries.Add(new(Join(prefix, name), p));
                    }
                    foreach (var (name, b) in module._buffers) entries.Add(new(Join(prefix, name), b));
                }
                return entries;
            }

            /// <summary>
            /// Copies tensors into the parameters and buffers of the same names. With
            /// <paramref name="strict"/>, missing and unexpected names are an error, as are shape or
            /// dtype differences always; nothing is copied unless everything matches.
            /// </summary>
            public void load_state_dict(IReadOnlyDictionary<string, Tensor> source, bool strict = true)
            {
                var own = state_dict();
                var problems = new List<string>();
                foreach (var (name, target) in own)
                {
                    if (!source.TryGetValue(name, out var value))
                    {
                        if (strict) problems.Add($"missing '{name}'");
                        continue;
                    }
                    if (!target.shape.SequenceEqual(value.shape))
                        problems.Add($"'{name}' has shape [{string.Join(", ", value.shape)}], expected [{string.Join(", ", target.shape)}]");
                    else if (target.dtype != value.dtype)
                        problems.Add($"'{name}' has dtype {value.dtype.TorchName()}, expected {target.dtype.TorchName()}");
                }
                if (strict)
                {
                    var known = own.Select(e => e.Key).ToHashSet();
                    problems.AddRange(source.Keys.Where(k => !known.Contains(k)).Select(k => $"unexpected '{k}'"));
                }
                if (problems.Count > 0)
                    throw new ArgumentException($"state dict does not fit {GetType().Name}: {string.Join("; ", problems)}", nameof(source));
                using var noGrad = no_grad();
                foreach (var (name, target) in own)
                {
                    if (source.TryGetValue(name, out var value)) target.copy_(value);
                }
            }

            /// <summary>Training mode on (or off); returns this module.</summary>
            public Module train(bool on = true)
            {
                foreach (var (_, module) in named_modules()) module.training = on;
                return this;
            }

            /// <summary>Evaluation mode: dropout off.</summary>
            public Module eval() => train(false);

            /// <summary>Converts parameters and buffers in place, keeping their identities.</summary>
            public Module to(ScalarType dtype) => Convert(t => t.to(dtype));

            public Module to(Device device) => Convert(t => t.to(device));

            private Module Convert(Func<Tensor, Tensor> convert)
            {
                using var noGrad = no_grad();
                using var scope = NewDisposeScope();
                foreach (var (_, tensor) in state_dict()) tensor.set_data(convert(tensor));
                return this;
            }

            /// <summary>Forgets every parameter's gradient.</summary>
            public void zero_grad()
            {
                foreach (var p in parameters()) p.grad = null;
            }

            public void Dispose()
            {
                Dispose(true);
                GC.SuppressFinalize(this);
            }

            protected virtual void Dispose(bool disposing)
            {
                if (_disposed || !disposing) return;
                _disposed = true;
                foreach (var (_, p) in _parameters) p?.Dispose();
                foreach (var (_, b) in _buffers) b.Dispose();
                foreach (var (_, m) in _modules) m.Dispose();
            }

            private static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";
        }

        /// <summary>A module with a typed forward pass.</summary>
        public abstract class Module<TIn, TOut> : Module
        {
            public abstract TOut forward(TIn input);

            /// <summary>Runs <see cref="forward"/> (the call operator of PyTorch's modules).</summary>
            public TOut call(TIn input) => forward(input);
        }
    }
}
