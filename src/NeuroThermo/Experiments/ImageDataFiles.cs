using NeuroThermo.Data;

namespace NeuroThermo.Experiments;

/// <summary>
/// The training and test images of an experiment: Fashion-MNIST, or a user's four IDX files (training images and
/// labels, test images and labels), which must then be given all together and share an image size.
/// </summary>
/// <param name="Kind">The experiment kind, for error messages.</param>
/// <param name="Dataset">The built-in data set's name; only <see cref="FashionMnist"/> exists.</param>
/// <param name="TrainImages">Training images (IDX, N×H×W), or null for the built-in set.</param>
/// <param name="TrainLabels">Training labels (IDX, N).</param>
/// <param name="TestImages">Test images (IDX, M×H×W).</param>
/// <param name="TestLabels">Test labels (IDX, M).</param>
public sealed record ImageDataFiles(
    string Kind, string Dataset, string? TrainImages, string? TrainLabels, string? TestImages, string? TestLabels)
{
    /// <summary>Name of the built-in data set.</summary>
    public const string FashionMnist = "fashion-mnist";

    /// <summary>Loads both parts; the caller disposes them.</summary>
    /// <exception cref="ArgumentException">Only some of the four files are given, or the data set is unknown.</exception>
    /// <exception cref="IdxFormatException">A file is malformed, or the two parts differ in image size.</exception>
    public (ImageDataset Train, ImageDataset Test) Load()
    {
        string?[] files = [TrainImages, TrainLabels, TestImages, TestLabels];
        string[] names = ["trainImages", "trainLabels", "testImages", "testLabels"];
        bool userFiles = files.Any(f => f is not null);
        if (userFiles)
        {
            var missing = names.Where((_, i) => files[i] is null).ToList();
            if (missing.Count > 0)
                throw new ArgumentException(
                    $"{Kind} needs trainImages, trainLabels, testImages and testLabels together, but {string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} not set.");
        }
        else if (Dataset != FashionMnist)
        {
            throw new ArgumentException(
                $"{Kind}'s dataset is '{Dataset}'; expected '{FashionMnist}', or the four IDX files trainImages, trainLabels, testImages and testLabels.");
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
