using System.Runtime.CompilerServices;
using System.Text;

namespace NeuroThermo.Torch.Native;

/// <summary>
/// The schemas that have a typed fast path in the shim (typed.cpp); the values are its codes.
/// </summary>
internal enum Signature
{
    /// <summary>Boxed calls only.</summary>
    Boxed = 0,

    /// <summary>(Tensor) → Tensor.</summary>
    Unary = 1,

    /// <summary>(Tensor, Tensor) → Tensor.</summary>
    Binary = 2,

    /// <summary>(Tensor, Tensor, Scalar) → Tensor.</summary>
    BinaryScalar = 3,

    /// <summary>(Tensor, Scalar) → Tensor.</summary>
    TensorScalar = 4,
}

/// <summary>
/// A libtorch operator (<c>aten::name.overload</c>) called through the dispatcher. The schema is
/// looked up once, on first use; each call packs its arguments into a stack buffer, so a call
/// allocates nothing managed beyond the result tensors. An operator declared with a
/// <see cref="Signature"/> is called unboxed when every argument is given, which skips the IValue
/// stack (about a tenth of a small op's cost).
/// </summary>
internal sealed unsafe class Operator
{
    private const int ScratchBytes = 1024;
    private const int ResultCapacity = 8;

    private readonly string _name;
    private readonly string _overload;
    private IntPtr _handle;
    private IntPtr _typed;

    internal Operator(string name, string overload = "", Signature signature = Signature.Boxed)
    {
        _name = name;
        _overload = overload;
        Signature = signature;
    }

    internal Signature Signature { get; }

    /// <summary>The shim's typed handle (checked against the schema when first made).</summary>
    internal IntPtr Typed
    {
        get
        {
            if (_typed == IntPtr.Zero) ResolveTyped();
            return _typed;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ResolveTyped()
    {
        IntPtr typed;
        NativeMethods.Check(NativeMethods.nt_op_typed(Handle, (int)Signature, &typed));
        _typed = typed;
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
        if (Signature != Signature.Boxed && TryTyped(args, out var fast)) return new Tensor(fast);
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

    private bool TryTyped(ReadOnlySpan<Arg> args, out IntPtr result)
    {
        result = IntPtr.Zero;
        int status;
        switch (Signature)
        {
            case Signature.Unary when args.Length == 1 && args[0].Tag == NtTag.Tensor:
            {
                var a = (Tensor)args[0].Ref!;
                IntPtr r;
                status = NativeMethods.nt_call_unary(Typed, a.Handle, &r);
                GC.KeepAlive(a);
                result = r;
                break;
            }
            case Signature.Binary when args.Length == 2 && args[0].Tag == NtTag.Tensor && args[1].Tag == NtTag.Tensor:
            {
                var a = (Tensor)args[0].Ref!;
                var b = (Tensor)args[1].Ref!;
                IntPtr r;
                status = NativeMethods.nt_call_binary(Typed, a.Handle, b.Handle, &r);
                GC.KeepAlive(a);
                GC.KeepAlive(b);
                result = r;
                break;
            }
            case Signature.BinaryScalar when args.Length == 3 && args[0].Tag == NtTag.Tensor && args[1].Tag == NtTag.Tensor && IsScalar(args[2]):
            {
                var a = (Tensor)args[0].Ref!;
                var b = (Tensor)args[1].Ref!;
                var s = ScalarValue(args[2]);
                IntPtr r;
                status = NativeMethods.nt_call_binary_scalar(Typed, a.Handle, b.Handle, &s, &r);
                GC.KeepAlive(a);
                GC.KeepAlive(b);
                result = r;
                break;
            }
            case Signature.TensorScalar when args.Length == 2 && args[0].Tag == NtTag.Tensor && IsScalar(args[1]):
            {
                var a = (Tensor)args[0].Ref!;
                var s = ScalarValue(args[1]);
                IntPtr r;
                status = NativeMethods.nt_call_tensor_scalar(Typed, a.Handle, &s, &r);
                GC.KeepAlive(a);
                result = r;
                break;
            }
            default:
                return false;
        }
        NativeMethods.Check(status);
        return true;
    }

    private static bool IsScalar(in Arg arg) => arg.Tag is NtTag.Int or NtTag.Double or NtTag.Bool;

    private static NtValue ScalarValue(in Arg arg) =>
        arg.Tag == NtTag.Double ? new NtValue { Tag = NtTag.Double, D = arg.D } : new NtValue { Tag = arg.Tag, I = arg.I };

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
