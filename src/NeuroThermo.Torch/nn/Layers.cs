namespace NeuroThermo.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>y = x Wᵀ + b, with W (out, in) and b (out) drawn from U(−1/√in, 1/√in) as in PyTorch.</summary>
        public sealed class Linear : Module<Tensor, Tensor>
        {
            private readonly Parameter _weight;
            private readonly Parameter? _bias;

            public Linear(long inFeatures, long outFeatures, bool hasBias = true, ScalarType? dtype = null, Device? device = null,
                Generator? generator = null)
            {
                if (inFeatures <= 0) throw new ArgumentOutOfRangeException(nameof(inFeatures), inFeatures, "must be positive");
                if (outFeatures <= 0) throw new ArgumentOutOfRangeException(nameof(outFeatures), outFeatures, "must be positive");
                using var scope = NewDisposeScope();
                _weight = new Parameter(empty([outFeatures, inFeatures], dtype, device));
                init.kaiming_uniform_(_weight, a: Math.Sqrt(5), generator: generator);
                var bound = 1 / Math.Sqrt(inFeatures);
                _bias = hasBias ? new Parameter(empty([outFeatures], dtype, device)) : null;
                if (_bias is not null) init.uniform_(_bias, -bound, bound, generator);
                register_parameter("weight", _weight);
                register_parameter("bias", _bias);
            }

            public Parameter weight => _weight;
            public Parameter? bias => _bias;

            public override Tensor forward(Tensor input) => functional.linear(input, _weight, _bias);
        }

        /// <summary>A lookup table of <c>count</c> vectors of size <c>dimension</c>, drawn from N(0, 1).</summary>
        public sealed class Embedding : Module<Tensor, Tensor>
        {
            private readonly Parameter _weight;

            public Embedding(long count, long dimension, ScalarType? dtype = null, Device? device = null, Generator? generator = null)
            {
                if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "must be positive");
                if (dimension <= 0) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "must be positive");
                using var scope = NewDisposeScope();
                _weight = new Parameter(empty([count, dimension], dtype, device));
                init.normal_(_weight, generator: generator);
                RegisterComponents();
            }

            public Parameter weight => _weight;

            public override Tensor forward(Tensor indices) => functional.embedding(indices, _weight);
        }

        /// <summary>Normalises over the last dimensions, then scales and shifts (weight 1, bias 0 at start).</summary>
        public sealed class LayerNorm : Module<Tensor, Tensor>
        {
            private readonly long[] _shape;
            private readonly double _eps;
            private readonly Parameter? _weight;
            private readonly Parameter? _bias;

            public LayerNorm(long[] normalizedShape, double eps = 1e-5, bool elementwiseAffine = true, bool hasBias = true,
                ScalarType? dtype = null, Device? device = null)
            {
                if (eps <= 0) throw new ArgumentOutOfRangeException(nameof(eps), eps, "must be positive");
                _shape = normalizedShape;
                _eps = eps;
                using var scope = NewDisposeScope();
                if (elementwiseAffine)
                {
                    _weight = new Parameter(ones(normalizedShape, dtype, device));
                    _bias = hasBias ? new Parameter(zeros(normalizedShape, dtype, device)) : null;
                }
                register_parameter("weight", _weight);
                register_parameter("bias", _bias);
            }

            public LayerNorm(long size, double eps = 1e-5) : this([size], eps) { }

            public override Tensor forward(Tensor input) => functional.layer_norm(input, _shape, _weight, _bias, _eps);
        }

        /// <summary>Dropout while training, identity in eval mode.</summary>
        public sealed class Dropout : Module<Tensor, Tensor>
        {
            private readonly Generator? _generator;

            public Dropout(double p = 0.5, Generator? generator = null)
            {
                if (p is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(p), p, "must be in [0, 1]");
                this.p = p;
                _generator = generator;
            }

            public double p { get; }

            public override Tensor forward(Tensor input) => functional.dropout(input, p, training, _generator);
        }

        /// <summary>An element-wise activation as a module (for <see cref="Sequential"/>).</summary>
        public sealed class Activation : Module<Tensor, Tensor>
        {
            private readonly Func<Tensor, Tensor> _function;

            public Activation(string name, Func<Tensor, Tensor> function)
            {
                Name = name;
                _function = function;
            }

            public string Name { get; }

            public override Tensor forward(Tensor input) => _function(input);
        }

        public static Activation ReLU() => new("ReLU", x => x.relu());
        public static Activation GELU(string approximate = "none") => new("GELU", x => x.gelu(approximate));
        public static Activation Tanh() => new("Tanh", x => x.tanh());
        public static Activation Sigmoid() => new("Sigmoid", x => x.sigmoid());
        public static Activation SiLU() => new("SiLU", x => x.silu());

        /// <summary>Modules applied in order; their keys are 0, 1, 2, ….</summary>
        public sealed class Sequential : Module<Tensor, Tensor>
        {
            private readonly List<Module<Tensor, Tensor>> _layers;

            public Sequential(params Module<Tensor, Tensor>[] layers)
            {
                _layers = [.. layers];
                for (var k = 0; k < _layers.Count; k++) register_module(k.ToString(System.Globalization.CultureInfo.InvariantCulture), _layers[k]);
            }

            public int Count => _layers.Count;
            public Module<Tensor, Tensor> this[int index] => _layers[index];

            public override Tensor forward(Tensor input)
            {
                // Intermediate activations are freed as soon as the next layer has consumed them;
                // autograd keeps what it needs alive on the native side.
                var x = input;
                foreach (var layer in _layers)
                {
                    var next = layer.call(x);
                    if (!ReferenceEquals(x, input)) x.Dispose();
                    x = next;
                }
                return ReferenceEquals(x, input) ? x.alias() : x;
            }
        }

        /// <summary>A list of submodules with keys 0, 1, 2, …; the owner decides how to call them.</summary>
        public sealed class ModuleList<T> : Module, IReadOnlyList<T> where T : Module
        {
            private readonly List<T> _items = [];

            public ModuleList(params T[] modules)
            {
                foreach (var m in modules) Add(m);
            }

            public void Add(T module)
            {
                register_module(_items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module);
                _items.Add(module);
            }

            public T this[int index] => _items[index];
            public int Count => _items.Count;
            public IEnumerator<T> GetEnumerator() => _items.GetEnumerator();
            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }
}
