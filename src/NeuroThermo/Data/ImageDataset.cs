using TorchSharp;
using static TorchSharp.torch;

namespace NeuroThermo.Data;

/// <summary>
/// An image data set from a pair of IDX files: N images of H×W bytes and N labels. Pixels become
/// float32 in [0, 1], flattened to rows of H·W; labels int64.
/// </summary>
public sealed class ImageDataset : IDisposable
{
    private ImageDataset(Tensor images, Tensor labels, int height, int width, int classes)
    {
        Images = images;
        Labels = labels;
        Height = height;
        Width = width;
        Classes = classes;
    }

    /// <summary>(N, H·W) float32 in [0, 1].</summary>
    public Tensor Images { get; }

    /// <summary>(N) int64 class indices.</summary>
    public Tensor Labels { get; }

    public int Height { get; }
    public int Width { get; }

    /// <summary>1 + the largest label.</summary>
    public int Classes { get; }

    public long Count => Labels.size(0);

    /// <summary>Debian's dataset-fashion-mnist, where ./build.sh installs it.</summary>
    public const string FashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>Fashion-MNIST's training (60,000) or test (10,000) split.</summary>
    public static ImageDataset FashionMnist(bool train, string directory = FashionMnistDirectory)
    {
        var prefix = train ? "train" : "t10k";
        var images = Path.Combine(directory, $"{prefix}-images-idx3-ubyte.gz");
        if (!File.Exists(images))
            throw new FileNotFoundException(
                $"Fashion-MNIST is not at {directory} ({Path.GetFileName(images)} is missing): install it with `sudo apt-get install dataset-fashion-mnist` or run ./build.sh setup.",
                images);
        return Load(images, Path.Combine(directory, $"{prefix}-labels-idx1-ubyte.gz"));
    }

    /// <summary>Loads an images file (N, H, W) and a labels file (N) and checks that they belong together.</summary>
    /// <exception cref="IdxFormatException">Either file is malformed or they do not match.</exception>
    public static ImageDataset Load(string imagesPath, string labelsPath)
    {
        var images = IdxFile.Read(imagesPath);
        var labels = IdxFile.Read(labelsPath);
        if (images.Shape.Length != 3)
            throw new IdxFormatException($"IDX file {imagesPath} has {images.Shape.Length} dimensions; images need 3 (count, rows, columns).");
        if (labels.Shape.Length != 1)
            throw new IdxFormatException($"IDX file {labelsPath} has {labels.Shape.Length} dimensions; labels need 1 (count).");
        if (images.Count != labels.Count)
            throw new IdxFormatException(
                $"IDX files {imagesPath} and {labelsPath} do not match: {images.Count} images but {labels.Count} labels.");

        int height = images.Shape[1], width = images.Shape[2];
        using var scope = torch.NewDisposeScope();
        var pixels = torch.tensor(images.Data, [images.Count, height * width]).to(ScalarType.Float32) / 255.0;
        var classes = torch.tensor(labels.Data).to(ScalarType.Int64);
        return new ImageDataset(pixels.DetachFromDisposeScope(), classes.DetachFromDisposeScope(), height, width,
            labels.Data.Max() + 1);
    }

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
