using NeuroThermo.Reports;

namespace NeuroThermo.Tests.Reports;

public sealed class ImageTests
{
    [Fact]
    public void GrayFromUnitInterval_MapsEndsAndRoundsToNearestLevel()
    {
        // 0.5 · 255 = 127.5 rounds away from zero to 128; 0.25 · 255 = 63.75 rounds to 64.
        var image = GrayImage.FromUnitInterval(4, 1, new float[] { 0f, 1f, 0.5f, 0.25f });

        Assert.Equal([0, 255, 128, 64], image.Pixels.ToArray());
    }

    [Theory]
    [InlineData(1.01)]
    [InlineData(-0.01)]
    [InlineData(double.NaN)]
    public void GrayFromUnitInterval_ValueOutsideUnitInterval_Throws(double bad)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => GrayImage.FromUnitInterval(2, 1, new[] { 0.5, bad }));

        Assert.Equal("values", error.ParamName);
        Assert.Contains("values[1]", error.Message);
    }

    [Fact]
    public void GrayFromRange_MapsMinToBlackAndMaxToWhite()
    {
        var image = GrayImage.FromRange(3, 1, new[] { -1.0, 0.0, 1.0 }, -1.0, 1.0);

        Assert.Equal([0, 128, 255], image.Pixels.ToArray());
    }

    [Fact]
    public void GrayNormalized_StretchesDataRange()
    {
        var image = GrayImage.Normalized(2, 2, new[] { 3.0, 5.0, 4.0, 3.5 });

        Assert.Equal([0, 255, 128, 64], image.Pixels.ToArray());
    }

    [Fact]
    public void GrayNormalized_ConstantInput_IsBlack()
    {
        var image = GrayImage.Normalized(2, 2, new[] { 7f, 7f, 7f, 7f });

        Assert.All(image.Pixels.ToArray(), p => Assert.Equal(0, p));
    }

    [Fact]
    public void GrayNormalized_InfiniteValue_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(
            () => GrayImage.Normalized(2, 1, new[] { 0.0, double.PositiveInfinity }));

        Assert.Equal("values", error.ParamName);
    }

    [Fact]
    public void RgbFromUnitInterval_KeepsChannelOrder()
    {
        var image = RgbImage.FromUnitInterval(2, 1, new[] { 1.0, 0.0, 0.0, 0.0, 0.0, 1.0 });

        Assert.Equal(new Rgb(255, 0, 0), image[0, 0]);
        Assert.Equal(new Rgb(0, 0, 255), image[1, 0]);
    }

    [Fact]
    public void RgbNormalized_UsesOneRangeForAllChannels()
    {
        var image = RgbImage.Normalized(1, 2, new[] { 0.0, 2.0, 4.0, 4.0, 4.0, 4.0 });

        Assert.Equal(new Rgb(0, 128, 255), image[0, 0]);
        Assert.Equal(new Rgb(255, 255, 255), image[0, 1]);
    }

    [Theory]
    [InlineData(0, 1, 0, "width")]
    [InlineData(1, -1, 0, "height")]
    [InlineData(2, 2, 3, "pixels")]
    public void GrayConstructor_BadSize_ThrowsNamingParameter(int width, int height, int length, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new GrayImage(width, height, new byte[length]));

        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void RgbConstructor_OneByteShort_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RgbImage(2, 2, new byte[11]));

        Assert.Equal("pixels", error.ParamName);
    }

    [Fact]
    public void Constructor_CopiesPixels()
    {
        byte[] pixels = [1, 2];
        var image = new GrayImage(2, 1, pixels);

        pixels[0] = 99;

        Assert.Equal(1, image[0, 0]);
    }

    [Fact]
    public void Indexer_OutsideImage_Throws()
    {
        var image = new GrayImage(2, 3, new byte[6]);

        Assert.Throws<ArgumentOutOfRangeException>(() => image[2, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => image[0, 3]);
    }

    [Fact]
    public void Upscale_FactorOne_IsIdentity()
    {
        var image = new GrayImage(2, 2, [1, 2, 3, 4]);

        Assert.Equal(image.Pixels.ToArray(), image.Upscale(1).Pixels.ToArray());
    }

    [Fact]
    public void Upscale_FactorZero_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new GrayImage(1, 1, [0]).Upscale(0));

        Assert.Equal("factor", error.ParamName);
    }

    [Fact]
    public void Grid_FewerImagesThanColumns_IsOnlyAsWideAsNeeded()
    {
        var tiles = new[] { new GrayImage(3, 2, new byte[6]), new GrayImage(3, 2, new byte[6]) };

        var grid = ImageGrid.Tile(tiles, columns: 4, padding: 1);

        Assert.Equal((2 * 3 + 3 * 1, 2 + 2 * 1), (grid.Width, grid.Height));
    }

    [Fact]
    public void Grid_ZeroPadding_PlacesTilesEdgeToEdge()
    {
        var tiles = new[] { new GrayImage(1, 1, [1]), new GrayImage(1, 1, [2]), new GrayImage(1, 1, [3]) };

        var grid = ImageGrid.Tile(tiles, columns: 2, padding: 0, paddingValue: 9);

        Assert.Equal([1, 2, 3, 9], grid.Pixels.ToArray());
    }

    [Fact]
    public void Grid_DifferentSizes_ThrowsNamingTheOddImage()
    {
        var tiles = new[] { new GrayImage(2, 2, new byte[4]), new GrayImage(2, 3, new byte[6]) };

        var error = Assert.Throws<ArgumentException>(() => ImageGrid.Tile(tiles, columns: 2, padding: 1));

        Assert.Equal("images", error.ParamName);
        Assert.Contains("images[1]", error.Message);
    }

    [Fact]
    public void Grid_BadLayout_ThrowsNamingParameter()
    {
        var tiles = new[] { new RgbImage(1, 1, new byte[3]) };

        Assert.Equal("columns", Assert.Throws<ArgumentOutOfRangeException>(() => ImageGrid.Tile(tiles, 0, 1, Rgb.White)).ParamName);
        Assert.Equal("padding", Assert.Throws<ArgumentOutOfRangeException>(() => ImageGrid.Tile(tiles, 1, -1, Rgb.White)).ParamName);
        Assert.Equal("images", Assert.Throws<ArgumentException>(() => ImageGrid.Tile(Array.Empty<RgbImage>(), 1, 1, Rgb.White)).ParamName);
    }
}
