namespace NeuroThermo.Reports;

/// <summary>
/// Tiles equally sized images into one, e.g. a batch of generated samples or spin configurations.
/// </summary>
/// <remarks>
/// Images fill rows left to right, top to bottom. <c>padding</c> pixels of the padding value
/// separate neighbouring images and also frame the whole grid, so a grid of n images of w × h in
/// c columns (c ≤ n) is <c>c·w + (c+1)·padding</c> wide and <c>r·h + (r+1)·padding</c> high with
/// r = ⌈n / c⌉. With fewer images than columns, the grid is only as wide as the images need.
/// Empty cells of the last row are padding.
/// </remarks>
public static class ImageGrid
{
    public static GrayImage Tile(IReadOnlyList<GrayImage> images, int columns, int padding, byte paddingValue = 0)
    {
        CheckLayout(images, columns, padding, image => (image.Width, image.Height));
        var (pixels, width, height) = PixelLayout.Tile(
            images.Select(image => image.PixelArray).ToArray(), images[0].Width, images[0].Height,
            GrayImage.Channels, Math.Min(columns, images.Count), padding, [paddingValue]);
        return new GrayImage(width, height, pixels);
    }

    public static RgbImage Tile(IReadOnlyList<RgbImage> images, int columns, int padding, Rgb paddingColour)
    {
        CheckLayout(images, columns, padding, image => (image.Width, image.Height));
        var (pixels, width, height) = PixelLayout.Tile(
            images.Select(image => image.PixelArray).ToArray(), images[0].Width, images[0].Height,
            RgbImage.Channels, Math.Min(columns, images.Count), padding,
            [paddingColour.R, paddingColour.G, paddingColour.B]);
        return new RgbImage(width, height, pixels);
    }

    private static void CheckLayout<TImage>(
        IReadOnlyList<TImage> images, int columns, int padding, Func<TImage, (int Width, int Height)> sizeOf)
        where TImage : class
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
            throw new ArgumentException("An image grid needs at least one image.", nameof(images));
        if (columns < 1)
            throw new ArgumentOutOfRangeException(nameof(columns), columns, "An image grid needs at least one column.");
        if (padding < 0)
            throw new ArgumentOutOfRangeException(nameof(padding), padding, "Padding must be zero or more pixels.");

        for (int i = 0; i < images.Count; i++)
            if (images[i] is null)
                throw new ArgumentNullException(nameof(images), $"images[{i}] is null.");
        var first = sizeOf(images[0]);
        for (int i = 1; i < images.Count; i++)
        {
            var size = sizeOf(images[i]);
            if (size != first)
                throw new ArgumentException(
                    $"All images in a grid must have the same size: images[0] is {first.Width} × {first.Height}, " +
                    $"images[{i}] is {size.Width} × {size.Height}.", nameof(images));
        }
    }
}
