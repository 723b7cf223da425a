using System.Runtime.CompilerServices;
using System.Text;

namespace NeuroThermo.Torch.Native;

/// <summary>
/// A libtorch operator (<c>aten::name.overload</c>) called through the dispatcher. The schema is
/// looked up once, on first use; each call packs its arguments into a stack buffer, so a call
/// allocates nothing managed beyond the result tensors.
/// </summary>
internal sealed unsafe class Operator
{
    private const int ScratchBytes = 1024;
    private const int ResultCapacity = 8;

    private readonly string _name;
    private readonly string _overload;
    private IntPtr _handle;

    internal Operator(string name, string overload = "")
    {
        _name = name;
        _overload = overload;
    }

    internal string QualifiedName => _overload.Length == 0 ? _name : $"{_name}.{_overload}";

    internal IntPtr Handle
    {
        get
        {
            if (_handle == IntPtr.Zero) Resolve();
            return _handle;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Resolve()
    {
        var name = Encoding.UTF8.GetBytes(_name + "\0");
        var overload = Encoding.UTF8.GetBytes(_overload + "\0");
        fixed (byte* n = name, o = overload)
        {
            NativeMethods.Check(NativeMethods.nt_op_find(n, o, out var handle));
            _handle = handle;
        }
    }

    /// <summary>The operator's schema as libtorch prints it.</summary>
    internal string Schema()
    {
        var buffer = stackalloc byte[2048];
        NativeMethods.Check(NativeMethods.nt_op_schema(Handle, buffer, 2048));
        return new string((sbyte*)buffer);
    }

    /// <summary>Calls an operator that returns one tensor.</summary>
    internal Tensor Call(params ReadOnlySpan<Arg> args)
    {
        NtValue result;
        var count = Invoke(args, &result, 1, discard: false);
        return count == 1 && result.Tag == NtTag.Tensor
            ? new Tensor(result.P)
            : throw Unexpected(count, 1);
    }

    /// <summary>Calls an operator that returns two tensors (values and indices, say).</summary>
    internal (Tensor, Tensor) Call2(params ReadOnlySpan<Arg> args)
    {
        var results = stackalloc NtValue[2];
        var count = Invoke(args, results, 2, discard: false);
        if (count != 2) throw Unexpected(count, 2);
        return (new Tensor(results[0].P), new Tensor(results[1].P));
    }

    /// <summary>Calls an operator that returns three tensors.</summary>
    internal (Tensor, Tensor, Tensor) Call3(params ReadOnlySpan<Arg> args)
    {
        var results = stackalloc NtValue[3];
        var count = Invoke(args, results, 3, discard: false);
        if (count != 3) throw Unexpected(count, 3);
        return (new Tensor(results[0].P), new Tensor(results[1].P), new Tensor(results[2].P));
    }

    /// <summary>Calls an in-place operator: its result aliases an argument, so no handle is made.</summary>
    internal void CallInPlace(params ReadOnlySpan<Arg> args)
    {
        var results = stackalloc NtValue[ResultCapacity];
        Invoke(args, results, ResultCapacity, discard: true);
    }

    /// <summary>Calls an operator that returns a list of tensors (split, chunk, unbind).</summary>
    internal Tensor[] CallList(int capacity, params ReadOnlySpan<Arg> args)
    {
        var results = new NtValue[capacity + 1];
        int count;
        fixed (NtValue* r = results) count = Invoke(args, r, results.Length, discard: false);
        if (count < 1 || results[0].Tag != NtTag.ListHeader) throw Unexpected(count, capacity);
        var tensors = new Tensor[results[0].Count];
        for (var k = 0; k < tensors.Length; k++) tensors[k] = new Tensor(results[k + 1].P);
        return tensors;
    }

    /// <summary>Calls an operator that returns a number (item, size).</summary>
    internal NtValue CallScalar(params ReadOnlySpan<Arg> args)
    {
        NtValue result;
        var count = Invoke(args, &result, 1, discard: false);
        return count == 1 ? result : throw Unexpected(count, 1);
    }

    private TorchException Unexpected(int count, int expected) =>
        new($"{QualifiedName} returned {count} values where {expected} were expected");

    private int Invoke(ReadOnlySpan<Arg> args, NtValue* results, int capacity, bool discard)
    {
        var handle = Handle;
        var values = stackalloc NtValue[args.Length];
        var needed = ScratchSize(args);
        var scratch = needed <= ScratchBytes ? stackalloc byte[ScratchBytes] : new byte[needed];
        fixed (byte* buffer = scratch)
        {
            var used = 0;
            for (var k = 0; k < args.Length; k++) values[k] = Pack(args[k], buffer, ref used);
            int count;
            var status = NativeMethods.nt_op_call(handle, values, args.Length, results, capacity, &count, discard ? 1 : 0);
            // The arguments' managed objects (tensors, generators) must outlive the native call.
            for (var k = 0; k < args.Length; k++) GC.KeepAlive(args[k].Ref);
            NativeMethods.Check(status);
            return count;
        }
    }

    private static int ScratchSize(ReadOnlySpan<Arg> args)
    {
        var size = 0;
        foreach (var arg in args)
        {
            // Scalars and tensors, the common case, need no scratch space: decide by tag, not by type test.
            size += arg.Tag switch
            {
                NtTag.IntList => ((long[])arg.Ref!).Length * sizeof(long),
                NtTag.DoubleList => ((double[])arg.Ref!).Length * sizeof(double),
                NtTag.BoolList => (((bool[])arg.Ref!).Length + 7) / 8 * 8,
                NtTag.TensorList or NtTag.OptionalTensorList => ((Tensor?[])arg.Ref!).Length * sizeof(IntPtr),
                NtTag.String => (Encoding.UTF8.GetMaxByteCount(((string)arg.Ref!).Length) + 8) / 8 * 8,
                _ => 0,
            };
        }
        return size;
    }

    private static NtValue Pack(in Arg arg, byte* buffer, ref int used)
    {
        var value = new NtValue { Tag = arg.Tag };
        switch (arg.Tag)
        {
            case NtTag.Int:
            case NtTag.Bool:
                value.I = arg.I;
                break;
            case NtTag.Double:
                value.D = arg.D;
                break;
            case NtTag.Device:
                value.I = arg.I;
                value.Count = (int)arg.D;
                break;
            case NtTag.Tensor:
                value.P = ((Tensor)arg.Ref!).Handle;
                break;
            case NtTag.Generator:
                value.P = ((Generator)arg.Ref!).Handle;
                break;
            case NtTag.IntList:
                value.P = (IntPtr)Place<long>((long[])arg.Ref!, buffer, ref used);
                value.Count = ((long[])arg.Ref!).Length;
                break;
            case NtTag.DoubleList:
                value.P = (IntPtr)Place<double>((double[])arg.Ref!, buffer, ref used);
                value.Count = ((double[])arg.Ref!).Length;
                break;
            case NtTag.BoolList:
            {
                var flags = (bool[])arg.Ref!;
                var target = buffer + used;
                for (var k = 0; k < flags.Length; k++) target[k] = flags[k] ? (byte)1 : (byte)0;
                used += (flags.Length + 7) / 8 * 8;
                value.P = (IntPtr)target;
                value.Count = flags.Length;
                break;
            }
            case NtTag.TensorList:
            case NtTag.OptionalTensorList:
            {
                var tensors = (Tensor?[])arg.Ref!;
                var target = (IntPtr*)(buffer + used);
                for (var k = 0; k < tensors.Length; k++) target[k] = tensors[k]?.Handle ?? IntPtr.Zero;
                used += tensors.Length * sizeof(IntPtr);
                value.P = (IntPtr)target;
                value.Count = tensors.Length;
                break;
            }
            case NtTag.String:
            {
                var text = (string)arg.Ref!;
                var target = buffer + used;
                var length = Encoding.UTF8.GetBytes(text, new Span<byte>(target, Encoding.UTF8.GetMaxByteCount(text.Length)));
                target[length] = 0;
                used += (length + 8) / 8 * 8;
                value.P = (IntPtr)target;
                break;
            }
        }
        return value;
    }

    private static T* Place<T>(T[] values, byte* buffer, ref int used) where T : unmanaged
    {
        var target = (T*)(buffer + used);
        values.AsSpan().CopyTo(new Span<T>(target, values.Length));
        used += values.Length * sizeof(T);
        return target;
    }
}
