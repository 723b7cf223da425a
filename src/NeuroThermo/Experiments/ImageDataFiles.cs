using NeuroThermo.Data;

namespace NeuroThermo.Experiments;

/// <summary>
/// The <c>data</c> section of an image experiment's config: Fashion-MNIST, or a user's four IDX files (training
/// images and labels, test images and labels), which must then be given all together and share an image size.
/// </summary>
public sealed record ImageDataFiles
{
    /// <summary>Name of the built-in data set.</summary>
    public const string FashionMnist = "fashion-mnist";

    /// <summary>"fashion-mnist" (Debian's dataset-fashion-mnist), ignored when <see cref="TrainImages"/> is set.</summary>
    public string Dataset { get; init; } = FashionMnist;

    /// <summary>A user's training images (IDX, N×H×W bytes, plain or gzip); set it together with the three other
    /// files, or leave all four null for <see cref="Dataset"/>.</summary>
    [DataFile]
    public string? TrainImages { get; init; }

    /// <summary>The training labels belonging to <see cref="TrainImages"/> (IDX, N bytes).</summary>
    [DataFile]
    public string? TrainLabels { get; init; }

    /// <summary>Test images, of the same H×W as the training images.</summary>
    [DataFile]
    public string? TestImages { get; init; }

    /// <summary>The test labels belonging to <see cref="TestImages"/>.</summary>
    [DataFile]
    public string? TestLabels { get; init; }

    /// <summary>Loads both parts for the experiment kind <paramref name="kind"/> (named in errors); the caller
    /// disposes them.</summary>
    /// <exception cref="ArgumentException">Only some of the four files are given, or the data set is unknown.</exception>
    /// <exception cref="IdxFormatException">A file is malformed, or the two parts differ in image size.</exception>
    public (ImageDataset Train, ImageDataset Test) Load(string kind)
    {
        string?[] files = [TrainImages, TrainLabels, TestImages, TestLabels];
        string[] names = ["data.trainImages", "data.trainLabels", "data.testImages", "data.testLabels"];
        bool userFiles = files.Any(f => f is not null);
        if (userFiles)
        {
            var missing = names.Where((_, i) => files[i] is null).ToList();
            if (missing.Count > 0)
                throw new ArgumentException(
                    $"{kind} needs data.trainImages, data.trainLabels, data.testImages and data.testLabels together, but {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not set.");
        }
        else if (Dataset != FashionMnist)
        {
            throw new ArgumentException(
                $"{kind}'s data.dataset is '{Dataset}'; expected '{FashionMnist}', or the four IDX files data.trainImages, data.trainLabels, data.testImages and data.testLabels.");
        }

        var train = userFiles ? ImageDataset.Load(TrainImages!, TrainLabels!) : ImageDataset.FashionMnist(train: true);
        try
        {
            var test = userFiles ? ImageDataset.Load(TestImages!, TestLabels!) : ImageDataset.FashionMnist(train: false);
            if (test.Height == train.Height && test.Width == train.Width)
                return (train, test);
            test.Dispose();
            throw new IdxFormatException(
                $"The test images {TestImages} are {test.Height}×{test.Width} but the training images {TrainImages} are {train.Height}×{train.Width}.");
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }
}
