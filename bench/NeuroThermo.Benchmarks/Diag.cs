using System.Diagnostics;
using NeuroThermo.Torch;
using NeuroThermo.Torch.Native;
namespace NeuroThermo.Benchmarks;
internal static unsafe class Diag
{
    internal static void Run()
    {
        torch.set_num_threads(1);
        var a = torch.ones(1); var b = torch.ones(1);
        const int N = 300000;
        var args = stackalloc NtValue[3];
        for (int rep = 0; rep < 3; rep++)
        {
            var op = Aten.add_Tensor.Handle;
            args[0] = new NtValue { Tag = NtTag.Tensor, P = a.Handle };
            args[1] = new NtValue { Tag = NtTag.Tensor, P = b.Handle };
            args[2] = new NtValue { Tag = NtTag.Int, I = 1 };
            NtValue r; int n;
            var w = Stopwatch.StartNew();
            for (int i = 0; i < N; i++) { NativeMethods.nt_op_call(op, args, 3, &r, 1, &n, 0); NativeMethods.nt_tensor_free(r.P); }
            Console.WriteLine($"raw native: {w.Elapsed.TotalMicroseconds / N:F3} us");
            w.Restart();
            for (int i = 0; i < N; i++) { NativeMethods.nt_op_call(op, args, 2, &r, 1, &n, 0); NativeMethods.nt_tensor_free(r.P); }
            Console.WriteLine($"raw native (default alpha): {w.Elapsed.TotalMicroseconds / N:F3} us");
            w.Restart();
            for (int i = 0; i < N; i++) { var h = new TensorHandle((IntPtr)1); h.SetHandleAsInvalid(); GC.SuppressFinalize(h); }
            Console.WriteLine($"safehandle alloc: {w.Elapsed.TotalMicroseconds / N:F3} us");
            w.Restart();
            for (int i = 0; i < N; i++) { Aten.add_Tensor.Call(a, b, 1).Dispose(); }
            Console.WriteLine($"Operator.Call + dispose: {w.Elapsed.TotalMicroseconds / N:F3} us");
            w.Restart();
            for (int i = 0; i < N; i++) { (a + b).Dispose(); }
            Console.WriteLine($"a+b + dispose: {w.Elapsed.TotalMicroseconds / N:F3} us");
        }
    }
}
