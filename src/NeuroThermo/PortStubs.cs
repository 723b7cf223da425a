// PORT-TEMP: signatures of the engine pieces being ported in other branches (optim, distributed, Ising kernel),
// so the library's port compiles meanwhile. Deleted when those branches merge.
#pragma warning disable CS1591
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions.Optim
{
    public sealed class ParamGroup<TOptions> where TOptions : notnull
    {
        public ParamGroup(IEnumerable<Parameter> parameters, double lr, TOptions options) => throw new NotImplementedException();
        public IReadOnlyList<Parameter> Parameters => throw new NotImplementedException();
        public double lr { get; set; }
        public double initial_lr { get; set; }
        public TOptions Options { get; set; } = default!;
    }
    public abstract class Optimizer<TOptions> : IDisposable where TOptions : notnull
    {
        public IReadOnlyList<ParamGroup<TOptions>> param_groups => throw new NotImplementedException();
        public long step_count { get; protected set; }
        public void zero_grad() => throw new NotImplementedException();
        public void step() => throw new NotImplementedException();
        public IReadOnlyList<KeyValuePair<string, Tensor>> state_dict() => throw new NotImplementedException();
        public void load_state_dict(IReadOnlyDictionary<string, Tensor> source, long stepCount) => throw new NotImplementedException();
        public void Dispose() => throw new NotImplementedException();
    }
    public sealed record AdamOptions(double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0, bool amsgrad = false);
    public class Adam : Optimizer<AdamOptions> { public Adam(IEnumerable<ParamGroup<AdamOptions>> groups) { } }
    public sealed class AdamW : Adam { public AdamW(IEnumerable<ParamGroup<AdamOptions>> groups) : base(groups) { } }
    public sealed record SGDOptions(double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false);
    public sealed class SGD : Optimizer<SGDOptions> { public SGD(IEnumerable<ParamGroup<SGDOptions>> groups) { } }
    public abstract record LearningRateSchedule
    {
        public abstract double Factor(long step);
        public void Apply<TOptions>(Optimizer<TOptions> optimizer, long step) where TOptions : notnull => throw new NotImplementedException();
    }
    public sealed record ConstantSchedule : LearningRateSchedule { public override double Factor(long step) => 1; }
    public sealed record StepSchedule(long StepSize, double Gamma = 0.1) : LearningRateSchedule { public override double Factor(long step) => 1; }
    public sealed record WarmupCosineSchedule(long WarmupSteps, long TotalSteps, double MinFactor = 0.1) : LearningRateSchedule { public override double Factor(long step) => 1; }
    public static class Optimizers
    {
        public static SGD SGD(IEnumerable<Parameter> parameters, double lr, double momentum = 0, double dampening = 0, double weight_decay = 0, bool nesterov = false) => throw new NotImplementedException();
        public static Adam Adam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0, bool amsgrad = false) => throw new NotImplementedException();
        public static AdamW AdamW(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0.01, bool amsgrad = false) => throw new NotImplementedException();
        public static double clip_grad_norm_(IEnumerable<Parameter> parameters, double max_norm) => throw new NotImplementedException();
    }
}

namespace NeuroThermo.TorchExtensions.Distributed
{
    public sealed class DistributedException : Exception
    {
        public DistributedException(string message) : base(message) { }
        public DistributedException(string message, Exception inner) : base(message, inner) { }
    }
    public enum ReduceOp { Sum, Average }
    public sealed class TcpStore : IDisposable
    {
        public TcpStore(string host, int port, bool isMaster, TimeSpan timeout) => throw new NotImplementedException();
        public int Port => throw new NotImplementedException();
        public void Set(string key, string value) => throw new NotImplementedException();
        public string Get(string key) => throw new NotImplementedException();
        public long Add(string key, long delta) => throw new NotImplementedException();
        public bool Contains(string key) => throw new NotImplementedException();
        public void Dispose() => throw new NotImplementedException();
    }
    public sealed class ProcessGroup : IDisposable
    {
        public Rendezvous Rendezvous => throw new NotImplementedException();
        public int Rank => Rendezvous.Rank;
        public int WorldSize => Rendezvous.WorldSize;
        public TcpStore Store => throw new NotImplementedException();
        public static ProcessGroup Create(Rendezvous rendezvous) => throw new NotImplementedException();
        public void AllReduce(Tensor tensor, ReduceOp op = ReduceOp.Sum) => throw new NotImplementedException();
        public void Broadcast(Tensor tensor, int root = 0) => throw new NotImplementedException();
        public void Barrier() => throw new NotImplementedException();
        public Tensor[] AllGather(Tensor tensor) => throw new NotImplementedException();
        public void Dispose() => throw new NotImplementedException();
    }
}

namespace NeuroThermo.TorchExtensions.Native
{
    public static class IsingCheckerboardKernel
    {
        public const int Lanes = 16;
        public const int Words = 4;
        public static void Seed(Tensor rng, ulong seed) => throw new NotImplementedException();
        public static void Sweeps(Tensor spins, Tensor rng, ReadOnlySpan<uint> thresholds, long sweeps, Span<long> bondSums, Span<long> spinSums) => throw new NotImplementedException();
    }
}
