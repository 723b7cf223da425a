using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.TorchExtensions;

/// <summary>
/// TorchSharp 0.107 passes the scalars of a few operations as float (<c>addmm</c>, <c>addmm_</c>), which rounds a
/// float64 rate or momentum to 24 bits. These overloads take double: on float64 tensors they compute the same
/// thing without the rounding (β·self + α·(m1 @ m2) in two exact steps); on other dtypes libtorch casts the
/// scalars to the tensor's precision anyway, so the fused float call is used. C# picks them whenever the
/// arguments are doubles, since the float overloads do not apply.
/// </summary>
public static class DoubleScalars
{
    /// <summary>self ← β·self + α·(mat1 @ mat2), in place.</summary>
    public static Tensor addmm_(this Tensor self, Tensor mat1, Tensor mat2, double beta, double alpha)
    {
        if (self.dtype != ScalarType.Float64) return self.addmm_(mat1, mat2, (float)beta, (float)alpha);
        using var product = mat1.mm(mat2);
        if (beta != 1) self.mul_(beta);
        return self.add_(product, alpha);
    }

    /// <summary>β·self + α·(mat1 @ mat2), as a new tensor.</summary>
    public static Tensor addmm(this Tensor self, Tensor mat1, Tensor mat2, double beta, double alpha)
    {
        if (self.dtype != ScalarType.Float64) return self.addmm(mat1, mat2, (float)beta, (float)alpha);
        using var product = mat1.mm(mat2);
        using var scaled = self.mul(beta);
        return scaled.add(product, alpha);
    }
}
